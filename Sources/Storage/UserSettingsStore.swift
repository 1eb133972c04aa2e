import AlertsCore
import Foundation
import SQLKit

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

    public init(
        userID: String, dailyBudget: Int? = nil, cooldownBars: Int? = nil, maxPerSector: Int? = nil, maxPerDirection: Int? = nil,
        maxExposure: Double? = nil, optionsMinDTE: Int? = nil, optionsMaxDTE: Int? = nil, maxLeverage: Double? = nil,
        marketHoursOnly: Bool? = nil
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
        try await store.withConnection { db in
            try await db.raw(
                """
                SELECT user_id, daily_budget, cooldown_bars, max_per_sector, max_per_direction, max_exposure, options_min_dte,
                    options_max_dte, max_leverage, CASE WHEN market_hours_only IS NULL THEN NULL WHEN market_hours_only THEN 1 ELSE 0 END
                    AS market_hours_only
                FROM sc.user_alert_settings WHERE user_id = \(bind: userID)
                """
            ).first().map { row in
                UserAlertSettings(
                    userID: try row.decode(column: "user_id", as: String.self),
                    dailyBudget: try row.decode(column: "daily_budget", as: Int?.self),
                    cooldownBars: try row.decode(column: "cooldown_bars", as: Int?.self),
                    maxPerSector: try row.decode(column: "max_per_sector", as: Int?.self),
                    maxPerDirection: try row.decode(column: "max_per_direction", as: Int?.self),
                    maxExposure: try row.decode(column: "max_exposure", as: Double?.self),
                    optionsMinDTE: try row.decode(column: "options_min_dte", as: Int?.self),
                    optionsMaxDTE: try row.decode(column: "options_max_dte", as: Int?.self),
                    maxLeverage: try row.decode(column: "max_leverage", as: Double?.self),
                    marketHoursOnly: try row.decode(column: "market_hours_only", as: Int?.self).map { $0 != 0 })
            }
        }
    }

    public func save(_ s: UserAlertSettings) async throws {
        try await store.transaction { db in
            try await db.raw("DELETE FROM sc.user_alert_settings WHERE user_id = \(bind: s.userID)").run()
            try await db.raw(
                """
                INSERT INTO sc.user_alert_settings (user_id, daily_budget, cooldown_bars, max_per_sector, max_per_direction, max_exposure,
                    options_min_dte, options_max_dte, max_leverage, market_hours_only, updated_at)
                VALUES (\(bind: s.userID), \(bind: s.dailyBudget), \(bind: s.cooldownBars), \(bind: s.maxPerSector), \(bind: s.maxPerDirection),
                    \(bind: s.maxExposure), \(bind: s.optionsMinDTE), \(bind: s.optionsMaxDTE), \(bind: s.maxLeverage),
                    \(bind: s.marketHoursOnly), \(bind: Clock.nowMillis()))
                """
            ).run()
        }
    }
}
