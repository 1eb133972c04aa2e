import AlertsCore
import Foundation
import SQLKit

/// A daily time window `HH:MM-HH:MM` in the user's time zone; one whose end is before its start runs over midnight.
public struct DailyWindow: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Minutes after midnight, 0…1439 (start) and 0…1440 (end).
    public var startMinute: Int
    public var endMinute: Int

    public init(startMinute: Int, endMinute: Int) {
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    /// Parses `HH:MM-HH:MM` (24-hour clock; `24:00` only as an end); nil when the text is not one.
    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let start = Self.minute(parts[0]), let end = Self.minute(parts[1]), start < 1440, start != end else { return nil }
        self.init(startMinute: start, endMinute: end)
    }

    static func minute(_ text: Substring) -> Int? {
        let hm = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard hm.count == 2, hm[0].count == 2, hm[1].count == 2, let h = Int(hm[0]), let m = Int(hm[1]), (0...59).contains(m) else { return nil }
        guard (0...23).contains(h) || (h == 24 && m == 0) else { return nil }
        return h * 60 + m
    }

    /// Whether a minute of the day (0…1439) lies in the window (start included, end excluded).
    public func contains(minuteOfDay t: Int) -> Bool {
        startMinute < endMinute ? (startMinute..<endMinute).contains(t) : (t >= startMinute || t < endMinute)
    }

    public var description: String {
        String(format: "%02d:%02d-%02d:%02d", startMinute / 60, startMinute % 60, endMinute / 60, endMinute % 60)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let w = DailyWindow(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not HH:MM-HH:MM"))
        }
        self = w
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// One row of `sc.user_alert_settings`: a user's guardrail overrides; nil keeps the model's default.
public struct UserAlertSettings: Sendable, Hashable, Codable {
    public var userID: String
    public var dailyBudget: Int?
    public var cooldownBars: Int?
    public var maxPerSector: Int?
    public var maxPerDirection: Int?
    public var maxExposure: Double?
    public var optionsMinDTE: Int?
    public var optionsMaxDTE: Int?
    public var maxLeverage: Double?
    public var marketHoursOnly: Bool?
    /// No alert while the run's instant lies in one of these windows (in `timeZone`).
    public var quietHours: [DailyWindow]?
    /// Alerts only while the run's instant lies in one of these windows (in `timeZone`); nil or empty: any time.
    public var alertWindows: [DailyWindow]?
    /// The IANA time zone of `quietHours` and `alertWindows`; nil means UTC.
    public var timeZone: String?
    /// Candidates whose expected net return (percent) is below this are held back; those without one too.
    public var minExpectedReturnPct: Double?

    public init(
        userID: String, dailyBudget: Int? = nil, cooldownBars: Int? = nil, maxPerSector: Int? = nil, maxPerDirection: Int? = nil,
        maxExposure: Double? = nil, optionsMinDTE: Int? = nil, optionsMaxDTE: Int? = nil, maxLeverage: Double? = nil,
        marketHoursOnly: Bool? = nil, quietHours: [DailyWindow]? = nil, alertWindows: [DailyWindow]? = nil, timeZone: String? = nil,
        minExpectedReturnPct: Double? = nil
    ) {
        self.userID = userID
        self.dailyBudget = dailyBudget
        self.cooldownBars = cooldownBars
        self.maxPerSector = maxPerSector
        self.maxPerDirection = maxPerDirection
        self.maxExposure = maxExposure
        self.optionsMinDTE = optionsMinDTE
        self.optionsMaxDTE = optionsMaxDTE
        self.maxLeverage = maxLeverage
        self.marketHoursOnly = marketHoursOnly
        self.quietHours = quietHours
        self.alertWindows = alertWindows
        self.timeZone = timeZone
        self.minExpectedReturnPct = minExpectedReturnPct
    }

    /// The model's defaults with this user's overrides applied.
    public func applied(to defaults: GuardrailDefaults) -> GuardrailDefaults {
        var g = defaults
        if let v = dailyBudget { g.dailyBudget = v }
        if let v = cooldownBars { g.cooldownBars = v }
        if let v = maxPerSector { g.maxPerSector = v }
        if let v = maxPerDirection { g.maxPerDirection = v }
        if let v = maxExposure { g.maxExposure = v }
        if let v = optionsMinDTE { g.optionsMinDTE = v }
        if let v = optionsMaxDTE { g.optionsMaxDTE = v }
        if let v = maxLeverage { g.maxLeverage = v }
        if let v = marketHoursOnly { g.marketHoursOnly = v }
        return g
    }

    /// The settings' wire keys (`GET/PUT /alerts/settings`, `alertsai users settings --set KEY=VALUE`), in order.
    public static let keys = [
        "daily_budget", "cooldown_bars", "max_per_sector", "max_per_direction", "max_exposure", "options_min_dte", "options_max_dte",
        "max_leverage", "market_hours_only", "quiet_hours", "alert_windows", "time_zone", "min_expected_return_pct",
    ]

    /// Sets one key from a JSON value (`null` clears it back to the model's default). An unknown key or a value out of
    /// range is a `StorageError.constraint` whose message starts with the key.
    public mutating func set(_ key: String, _ value: JSONValue) throws {
        func bad(_ why: String) -> StorageError { .constraint("\(key): \(why)") }
        func int(_ range: ClosedRange<Int>) throws -> Int? {
            if case .null = value { return nil }
            guard let d = value.doubleValue, d == d.rounded(), let n = Int(exactly: d), range.contains(n) else {
                throw bad("a whole number from \(range.lowerBound) to \(range.upperBound), got \(Self.show(value))")
            }
            return n
        }
        func real(above low: Double, atMost high: Double) throws -> Double? {
            if case .null = value { return nil }
            guard let d = value.doubleValue, d.isFinite, d > low, d <= high else {
                throw bad("a number above \(Self.number(low)) and at most \(Self.number(high)), got \(Self.show(value))")
            }
            return d
        }
        func windows() throws -> [DailyWindow]? {
            if case .null = value { return nil }
            guard case .array(let items) = value, items.count <= 24 else { throw bad("a list of at most 24 \"HH:MM-HH:MM\" windows") }
            return try items.map {
                guard let text = $0.stringValue, let w = DailyWindow(text) else {
                    throw bad("\(Self.show($0)) is not a window \"HH:MM-HH:MM\" (24-hour clock, start and end differ)")
                }
                return w
            }
        }
        switch key {
        case "daily_budget": dailyBudget = try int(0...1000)
        case "cooldown_bars": cooldownBars = try int(0...10_000)
        case "max_per_sector": maxPerSector = try int(1...1000)
        case "max_per_direction": maxPerDirection = try int(1...1000)
        case "max_exposure": maxExposure = try real(above: 0, atMost: 100)
        case "options_min_dte": optionsMinDTE = try int(0...3650)
        case "options_max_dte": optionsMaxDTE = try int(0...3650)
        case "max_leverage": maxLeverage = try real(above: 0, atMost: 1000)
        case "min_expected_return_pct":
            if case .null = value {
                minExpectedReturnPct = nil
            } else {
                guard let d = value.doubleValue, d.isFinite, (-100...1000).contains(d) else {
                    throw bad("a percentage from -100 to 1000, got \(Self.show(value))")
                }
                minExpectedReturnPct = d
            }
        case "market_hours_only":
            switch value {
            case .null: marketHoursOnly = nil
            case .bool(let b): marketHoursOnly = b
            default: throw bad("true or false, got \(Self.show(value))")
            }
        case "quiet_hours": quietHours = try windows()
        case "alert_windows": alertWindows = try windows()
        case "time_zone":
            switch value {
            case .null: timeZone = nil
            case .string(let s) where s.count <= 64 && TimeZone(identifier: s) != nil: timeZone = s
            default: throw bad("an IANA time zone such as \"America/New_York\" or \"UTC\", got \(Self.show(value))")
            }
        default:
            throw StorageError.constraint("\(key): not a setting; the settings are \(Self.keys.joined(separator: ", "))")
        }
    }

    /// Checks what one key cannot: the DTE window's order.
    public func validate() throws {
        if let lo = optionsMinDTE, let hi = optionsMaxDTE, lo > hi {
            throw StorageError.constraint("options_min_dte: \(lo) is above options_max_dte \(hi)")
        }
    }

    /// The settings as wire JSON: every key, `null` where the model's default applies.
    public var wire: [String: JSONValue] {
        func n(_ v: Int?) -> JSONValue { v.map { .number(Double($0)) } ?? .null }
        func d(_ v: Double?) -> JSONValue { v.map { .number($0) } ?? .null }
        func w(_ v: [DailyWindow]?) -> JSONValue { v.map { .array($0.map { .string($0.description) }) } ?? .null }
        return [
            "daily_budget": n(dailyBudget), "cooldown_bars": n(cooldownBars), "max_per_sector": n(maxPerSector),
            "max_per_direction": n(maxPerDirection), "max_exposure": d(maxExposure), "options_min_dte": n(optionsMinDTE),
            "options_max_dte": n(optionsMaxDTE), "max_leverage": d(maxLeverage), "market_hours_only": marketHoursOnly.map { .bool($0) } ?? .null,
            "quiet_hours": w(quietHours), "alert_windows": w(alertWindows), "time_zone": timeZone.map { .string($0) } ?? .null,
            "min_expected_return_pct": d(minExpectedReturnPct),
        ]
    }

    static func number(_ d: Double) -> String { d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d) }

    static func show(_ v: JSONValue) -> String {
        switch v {
        case .null: "null"
        case .bool(let b): "\(b)"
        case .number(let d): number(d)
        case .string(let s): "\"\(s.prefix(60))\""
        case .array: "a list"
        case .object: "an object"
        }
    }
}

/// A user's guardrail overrides in `sc.user_alert_settings`.
public protocol UserSettingsStore: Sendable {
    /// The user's overrides, nil when the user has none.
    func settings(userID: String) async throws -> UserAlertSettings?
    /// Stores the overrides (replacing earlier ones); the schema refuses out-of-range values.
    func save(_ settings: UserAlertSettings) async throws
}

/// `UserSettingsStore` over the `sc` store, for both engines.
public struct SQLUserSettingsStore: UserSettingsStore {
    let store: any Store

    public init(store: any Store) {
        self.store = store
    }

    public func settings(userID: String) async throws -> UserAlertSettings? {
        let quiet = store.sql.jsonText("quiet_hours")
        let windows = store.sql.jsonText("alert_windows")
        return try await store.withConnection { db in
            try await db.raw(
                """
                SELECT user_id, daily_budget, cooldown_bars, max_per_sector, max_per_direction, max_exposure, options_min_dte,
                    options_max_dte, max_leverage, CASE WHEN market_hours_only IS NULL THEN NULL WHEN market_hours_only THEN 1 ELSE 0 END
                    AS market_hours_only, \(unsafeRaw: quiet), \(unsafeRaw: windows), time_zone, min_expected_return_pct
                FROM sc.user_alert_settings WHERE user_id = \(bind: userID)
                """
            ).first().map { row in
                func windows(_ column: String) throws -> [DailyWindow]? {
                    try row.decode(column: column, as: String?.self).map { try JSONDecoder().decode([DailyWindow].self, from: Data($0.utf8)) }
                }
                return UserAlertSettings(
                    userID: try row.decode(column: "user_id", as: String.self),
                    dailyBudget: try row.decode(column: "daily_budget", as: Int?.self),
                    cooldownBars: try row.decode(column: "cooldown_bars", as: Int?.self),
                    maxPerSector: try row.decode(column: "max_per_sector", as: Int?.self),
                    maxPerDirection: try row.decode(column: "max_per_direction", as: Int?.self),
                    maxExposure: try row.decode(column: "max_exposure", as: Double?.self),
                    optionsMinDTE: try row.decode(column: "options_min_dte", as: Int?.self),
                    optionsMaxDTE: try row.decode(column: "options_max_dte", as: Int?.self),
                    maxLeverage: try row.decode(column: "max_leverage", as: Double?.self),
                    marketHoursOnly: try row.decode(column: "market_hours_only", as: Int?.self).map { $0 != 0 },
                    quietHours: try windows("quiet_hours"), alertWindows: try windows("alert_windows"),
                    timeZone: try row.decode(column: "time_zone", as: String?.self),
                    minExpectedReturnPct: try row.decode(column: "min_expected_return_pct", as: Double?.self))
            }
        }
    }

    public func save(_ s: UserAlertSettings) async throws {
        try s.validate()
        let cast = store.sql.jsonCast
        func json(_ w: [DailyWindow]?) throws -> String? { try w.map { String(decoding: try JSONEncoder.canonical.encode($0), as: UTF8.self) } }
        let quiet = try json(s.quietHours)
        let windows = try json(s.alertWindows)
        try await store.transaction { db in
            try await db.raw("DELETE FROM sc.user_alert_settings WHERE user_id = \(bind: s.userID)").run()
            try await db.raw(
                """
                INSERT INTO sc.user_alert_settings (user_id, daily_budget, cooldown_bars, max_per_sector, max_per_direction, max_exposure,
                    options_min_dte, options_max_dte, max_leverage, market_hours_only, quiet_hours, alert_windows, time_zone,
                    min_expected_return_pct, updated_at)
                VALUES (\(bind: s.userID), \(bind: s.dailyBudget), \(bind: s.cooldownBars), \(bind: s.maxPerSector), \(bind: s.maxPerDirection),
                    \(bind: s.maxExposure), \(bind: s.optionsMinDTE), \(bind: s.optionsMaxDTE), \(bind: s.maxLeverage),
                    \(bind: s.marketHoursOnly), \(bind: quiet)\(unsafeRaw: cast), \(bind: windows)\(unsafeRaw: cast), \(bind: s.timeZone),
                    \(bind: s.minExpectedReturnPct), \(bind: Clock.nowMillis()))
                """
            ).run()
        }
    }
}
