import AlertsCore
import Foundation
import Metrics
import Storage

/// A candidate a guardrail held back.
public struct Suppression: Sendable, Hashable {
    public var candidate: AlertCandidate
    public var guardrail: String
    public var detail: String
    /// The silence that muted it (guardrail `silence`).
    public var silenceID: String?

    public init(candidate: AlertCandidate, guardrail: String, detail: String, silenceID: String? = nil) {
        self.candidate = candidate
        self.guardrail = guardrail
        self.detail = detail
        self.silenceID = silenceID
    }
}

/// Guardrails applied in order to candidates taken best score first; the first that suppresses a candidate wins.
public struct GuardrailChain: Sendable {
    public var guardrails: [any Guardrail]

    public init(_ guardrails: [any Guardrail]) {
        self.guardrails = guardrails
    }

    /// The usual chain for one user: market hours, the user's quiet hours and alert windows and minimum expected return
    /// (when `personal` sets them), options limits, cooldown, daily budget, diversity, exposure.
    public static func standard(
        settings g: GuardrailDefaults, asOf: Int64, alreadySentToday: Int, lastAlertBar: [String: Int64], personal: UserAlertSettings? = nil
    ) -> GuardrailChain {
        var clock: [any Guardrail] = []
        if let p = personal, !(p.quietHours ?? []).isEmpty || !(p.alertWindows ?? []).isEmpty {
            let zone = p.timeZone.flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "UTC") ?? .current
            clock.append(TimeWindowGuardrail(quietHours: p.quietHours ?? [], alertWindows: p.alertWindows ?? [], timeZone: zone, at: asOf))
        }
        if let minimum = personal?.minExpectedReturnPct { clock.append(MinimumExpectedReturnGuardrail(minimumPct: minimum)) }
        var chain: [any Guardrail] = [MarketHoursGuardrail(enabled: g.marketHoursOnly, at: asOf)]
        chain += clock
        chain += [
            OptionsGuardrail(minDTE: g.optionsMinDTE, maxDTE: g.optionsMaxDTE, maxLeverage: g.maxLeverage),
            CooldownGuardrail(cooldownBars: g.cooldownBars, lastAlertBar: lastAlertBar),
            DailyBudgetGuardrail(budget: g.dailyBudget, alreadySent: alreadySentToday),
            DiversityGuardrail(maxPerSector: g.maxPerSector, maxPerDirection: g.maxPerDirection),
            ExposureGuardrail(maxExposure: g.maxExposure),
        ]
        return GuardrailChain(chain)
    }

    /// Splits candidates into accepted (in score order) and suppressed. `standing` are alerts that already exist for
    /// this bar (a repeated run's duplicates): they take their place in the run first, so a repeat cannot let through a
    /// candidate the first run held back; they are not returned.
    public func apply(
        _ candidates: [AlertCandidate], standing: [AlertCandidate] = []
    ) async throws -> (accepted: [AlertCandidate], suppressed: [Suppression]) {
        let ordered = candidates.sorted { ($0.score.score, $1.instrument.symbol) > ($1.score.score, $0.instrument.symbol) }
        var accepted: [AlertCandidate] = standing
        var suppressed: [Suppression] = []
        next: for c in ordered {
            for g in guardrails {
                if case .suppress(let reason, let detail) = try await g.check(c, accepted: accepted) {
                    suppressed.append(Suppression(candidate: c, guardrail: reason, detail: detail))
                    continue next
                }
            }
            accepted.append(c)
        }
        return (Array(accepted.dropFirst(standing.count)), suppressed)
    }

    /// Records suppression counts per guardrail as metrics (done only for runs that write).
    public static func count(_ suppressed: [Suppression]) {
        for s in suppressed { Counter(label: AlertingMetricName.suppressions, dimensions: [("guardrail", s.guardrail)]).increment() }
    }
}
