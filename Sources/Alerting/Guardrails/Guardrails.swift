import AlertsCore
import Foundation
import MarketData
import Storage

/// At most `budget` alerts a day per user: alerts already written by runs of the same day count, then this run's.
public struct DailyBudgetGuardrail: Guardrail {
    public let name = "daily_budget"
    public var budget: Int
    /// Alerts already written today for this audience.
    public var alreadySent: Int

    public init(budget: Int, alreadySent: Int) {
        self.budget = budget
        self.alreadySent = alreadySent
    }

    public func check(_ candidate: AlertCandidate, accepted: [AlertCandidate]) async throws -> GuardrailVerdict {
        let used = alreadySent + accepted.count
        guard used < budget else {
            return .suppress(
                reason: name, detail: "daily budget of \(budget) alerts used (\(alreadySent) earlier today, \(accepted.count) in this run)")
        }
        return .allow
    }
}

/// No second alert on a symbol within `cooldownBars` bars of the last one for the same user (nor twice in a run).
public struct CooldownGuardrail: Guardrail {
    public let name = "cooldown"
    public var cooldownBars: Int
    /// The last alerted bar per symbol for this audience and timeframe.
    public var lastAlertBar: [String: Int64]
    public var counter: BarCounter

    public init(cooldownBars: Int, lastAlertBar: [String: Int64], counter: BarCounter = .init()) {
        self.cooldownBars = cooldownBars
        self.lastAlertBar = lastAlertBar
        self.counter = counter
    }

    public func check(_ candidate: AlertCandidate, accepted: [AlertCandidate]) async throws -> GuardrailVerdict {
        let symbol = candidate.instrument.symbol
        if accepted.contains(where: { $0.instrument.symbol == symbol }) {
            return .suppress(reason: name, detail: "\(symbol) already has an alert in this run")
        }
        guard cooldownBars > 0, let last = lastAlertBar[symbol] else { return .allow }
        let since = counter.bars(after: last, upTo: candidate.barTime, timeframe: candidate.timeframe, market: candidate.instrument.market)
        guard since >= cooldownBars else {
            return .suppress(reason: name, detail: "\(symbol) was alerted \(since) bar(s) ago; the cooldown is \(cooldownBars) bars")
        }
        return .allow
    }
}

/// At most `maxPerSector` alerts per sector and `maxPerDirection` per side (long/short) in one run.
public struct DiversityGuardrail: Guardrail {
    public let name = "diversity"
    public var maxPerSector: Int
    public var maxPerDirection: Int

    public init(maxPerSector: Int, maxPerDirection: Int) {
        self.maxPerSector = maxPerSector
        self.maxPerDirection = maxPerDirection
    }

    public func check(_ candidate: AlertCandidate, accepted: [AlertCandidate]) async throws -> GuardrailVerdict {
        if let sector = candidate.instrument.sector {
            let same = accepted.filter { $0.instrument.sector == sector }.count
            if same >= maxPerSector {
                return .suppress(reason: name, detail: "\(same) alert(s) in \(sector) already; at most \(maxPerSector) per sector")
            }
        }
        let side = candidate.plan.side
        let sameSide = accepted.filter { $0.plan.side == side }.count
        if sameSide >= maxPerDirection {
            return .suppress(reason: name, detail: "\(sameSide) \(side.rawValue) alert(s) already; at most \(maxPerDirection) per direction")
        }
        return .allow
    }
}

/// The sum of sizing hints of a run's alerts stays within `maxExposure` (a share of equity).
public struct ExposureGuardrail: Guardrail {
    public let name = "exposure"
    public var maxExposure: Double

    public init(maxExposure: Double) {
        self.maxExposure = maxExposure
    }

    public func check(_ candidate: AlertCandidate, accepted: [AlertCandidate]) async throws -> GuardrailVerdict {
        let used = accepted.reduce(0) { $0 + $1.plan.sizingHint }
        guard used + candidate.plan.sizingHint <= maxExposure + 1e-12 else {
            return .suppress(
                reason: name,
                detail: String(
                    format: "exposure would reach %.1f %% of equity (%.1f %% used); the cap is %.1f %%", (used + candidate.plan.sizingHint) * 100,
                    used * 100, maxExposure * 100))
        }
        return .allow
    }
}

/// Options only: the proxy contract's days to expiry within `[minDTE, maxDTE]` and its leverage hint under `maxLeverage`.
public struct OptionsGuardrail: Guardrail {
    public let name = "options"
    public var minDTE: Int
    public var maxDTE: Int
    public var maxLeverage: Double

    public init(minDTE: Int, maxDTE: Int, maxLeverage: Double) {
        self.minDTE = minDTE
        self.maxDTE = maxDTE
        self.maxLeverage = maxLeverage
    }

    public func check(_ candidate: AlertCandidate, accepted: [AlertCandidate]) async throws -> GuardrailVerdict {
        guard candidate.instrument.kind == .option else { return .allow }
        guard let dte = candidate.plan.hints["dte"]?.doubleValue, let leverage = candidate.plan.hints["leverage"]?.doubleValue else {
            return .suppress(
                reason: name, detail: "no listed expiry of the option falls within the DTE window (or the plan has no DTE or leverage hint)")
        }
        if dte < Double(minDTE) || dte > Double(maxDTE) {
            return .suppress(reason: name, detail: "proxy contract DTE \(Int(dte)) is outside \(minDTE)–\(maxDTE) days")
        }
        if leverage > maxLeverage {
            return .suppress(reason: name, detail: "leverage hint \(leverage)× exceeds the cap of \(maxLeverage)×")
        }
        return .allow
    }
}

/// When the user wants alerts only while the market trades: nothing is sent while the symbol's market is closed.
public struct MarketHoursGuardrail: Guardrail {
    public let name = "market_hours"
    public var enabled: Bool
    /// The run's instant (ms UTC).
    public var at: Int64
    public var adapter: @Sendable (Market) -> any MarketAdapter

    public init(enabled: Bool, at: Int64, adapter: @escaping @Sendable (Market) -> any MarketAdapter = { ExchangeMarketAdapter.of($0) }) {
        self.enabled = enabled
        self.at = at
        self.adapter = adapter
    }

    public func check(_ candidate: AlertCandidate, accepted: [AlertCandidate]) async throws -> GuardrailVerdict {
        guard enabled else { return .allow }
        let market = candidate.instrument.market
        guard adapter(market).isOpen(at: at) else {
            return .suppress(reason: name, detail: "the \(market.rawValue) market is closed at \(Timestamps.iso8601(at))")
        }
        return .allow
    }
}

/// A user's clock: nothing is sent while the run's instant lies in a quiet window, nor outside every alert window when
/// there are any (windows in the user's time zone, `HH:MM-HH:MM`, over midnight when the end is earlier).
public struct TimeWindowGuardrail: Guardrail {
    public let name = "time_window"
    public var quietHours: [DailyWindow]
    public var alertWindows: [DailyWindow]
    public var timeZone: TimeZone
    /// The run's instant (ms UTC).
    public var at: Int64

    public init(quietHours: [DailyWindow], alertWindows: [DailyWindow], timeZone: TimeZone, at: Int64) {
        self.quietHours = quietHours
        self.alertWindows = alertWindows
        self.timeZone = timeZone
        self.at = at
    }

    /// Minutes after the user's local midnight at the run's instant.
    var minuteOfDay: Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.hour, .minute], from: Date(timeIntervalSince1970: Double(at) / 1000))
        return (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
    }

    public func check(_ candidate: AlertCandidate, accepted: [AlertCandidate]) async throws -> GuardrailVerdict {
        let t = minuteOfDay
        let local = String(format: "%02d:%02d", t / 60, t % 60) + " " + timeZone.identifier
        if let quiet = quietHours.first(where: { $0.contains(minuteOfDay: t) }) {
            return .suppress(reason: name, detail: "\(local) is within the quiet hours \(quiet)")
        }
        if !alertWindows.isEmpty, !alertWindows.contains(where: { $0.contains(minuteOfDay: t) }) {
            return .suppress(reason: name, detail: "\(local) is outside the alert windows \(alertWindows.map(\.description).joined(separator: ", "))")
        }
        return .allow
    }
}

/// Holds back candidates whose expected net return at their score is below the user's minimum (percent); a candidate
/// whose model has no expected-return mapping cannot show it and is held back too.
public struct MinimumExpectedReturnGuardrail: Guardrail {
    public let name = "min_expected_return"
    public var minimumPct: Double

    public init(minimumPct: Double) {
        self.minimumPct = minimumPct
    }

    public func check(_ candidate: AlertCandidate, accepted: [AlertCandidate]) async throws -> GuardrailVerdict {
        guard let expected = candidate.score.expectedReturnPct else {
            return .suppress(reason: name, detail: "the model gives no expected return; the minimum is \(minimumPct) %")
        }
        guard expected >= minimumPct else {
            return .suppress(reason: name, detail: String(format: "expected return %.2f %% is below the minimum of %.2f %%", expected, minimumPct))
        }
        return .allow
    }
}
