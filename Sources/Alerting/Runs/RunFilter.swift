import AlertsCore
import Features
import Foundation
import Storage

/// A recipe's or workflow's candidate filter: candidates above their threshold that fail a rule are held back before
/// the silences and the guardrails (so they never count against the daily budget), recorded as suppressed by
/// `filter` with the rule in the detail, and counted as `filtered`. Every rule is optional; an empty filter keeps all.
public struct RunFilter: Sendable, Hashable, Codable {
    /// The calibrated score must be at least this (0…1), whatever the model's threshold.
    public var minScore: Double?
    /// The alert's `expected_return_pct` (net of costs, from the model's calibration) must be at least this; a model
    /// without an expected-return mapping cannot show it, and its candidates are held back.
    public var minExpectedReturnPct: Double?
    /// Only these sides (`long`, `short`).
    public var sides: [TradeSide]?
    /// Only these regime labels (`low_vol`, `normal_vol`, `high_vol`); a bar without a known regime is held back.
    public var regimes: [String]?

    public init(minScore: Double? = nil, minExpectedReturnPct: Double? = nil, sides: [TradeSide]? = nil, regimes: [String]? = nil) {
        self.minScore = minScore
        self.minExpectedReturnPct = minExpectedReturnPct
        self.sides = sides
        self.regimes = regimes
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case minScore = "min_score"
        case minExpectedReturnPct = "min_expected_return_pct"
        case sides, regimes
    }

    /// The regime labels a filter may name.
    public static var knownRegimes: [String] { Silence.regimes }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func refuse(_ key: CodingKeys, _ why: String) -> DecodingError {
            DecodingError.dataCorrupted(.init(codingPath: c.codingPath + [key], debugDescription: why))
        }
        minScore = try c.decodeIfPresent(Double.self, forKey: .minScore)
        if let s = minScore, !(s.isFinite && (0...1).contains(s)) { throw refuse(.minScore, "a score from 0 to 1, got \(s)") }
        minExpectedReturnPct = try c.decodeIfPresent(Double.self, forKey: .minExpectedReturnPct)
        if let e = minExpectedReturnPct, !(e.isFinite && abs(e) <= 100) {
            throw refuse(.minExpectedReturnPct, "a percent from -100 to 100, got \(e)")
        }
        if let raw = try c.decodeIfPresent([String].self, forKey: .sides) {
            guard !raw.isEmpty else { throw refuse(.sides, "give at least one of long, short (or leave sides out)") }
            sides = try raw.map { text in
                guard let side = TradeSide(rawValue: text.lowercased()) else { throw refuse(.sides, "'\(text.prefix(40))' is not long or short") }
                return side
            }
        }
        if let raw = try c.decodeIfPresent([String].self, forKey: .regimes) {
            guard !raw.isEmpty else { throw refuse(.regimes, "give at least one regime label (or leave regimes out)") }
            regimes = try raw.map { label in
                guard Self.knownRegimes.contains(label) else {
                    throw refuse(.regimes, "'\(label.prefix(40))' is not one of \(Self.knownRegimes.joined(separator: ", "))")
                }
                return label
            }
        }
    }

    public var isEmpty: Bool { minScore == nil && minExpectedReturnPct == nil && sides == nil && regimes == nil }

    /// The first rule the candidate fails, as a suppression detail; nil when it passes every rule.
    public func failure(_ c: AlertCandidate) -> String? {
        if let minimum = minScore, c.score.score < minimum {
            return String(format: "min_score: score %.3f is below the filter's %.3f", c.score.score, minimum)
        }
        if let minimum = minExpectedReturnPct {
            guard let expected = c.score.expectedReturnPct else {
                return "min_expected_return_pct: the model gives no expected return; the filter asks for at least \(minimum) %"
            }
            if expected < minimum {
                return String(format: "min_expected_return_pct: expected return %.2f %% is below the filter's %.2f %%", expected, minimum)
            }
        }
        if let sides, !sides.contains(c.plan.side) {
            return "sides: \(c.plan.side.rawValue) is not among the filter's \(sides.map(\.rawValue).joined(separator: ", "))"
        }
        if let regimes {
            guard let label = c.regime?.label else {
                return "regimes: no regime is known at the bar; the filter keeps \(regimes.joined(separator: ", "))"
            }
            if !regimes.contains(label) { return "regimes: \(label) is not among the filter's \(regimes.joined(separator: ", "))" }
        }
        return nil
    }

    /// Splits candidates into those that go on and those the filter holds back (guardrail `filter`).
    public func apply(_ candidates: [AlertCandidate]) -> (kept: [AlertCandidate], filtered: [Suppression]) {
        var kept: [AlertCandidate] = []
        var filtered: [Suppression] = []
        for c in candidates {
            if let why = failure(c) { filtered.append(Suppression(candidate: c, guardrail: "filter", detail: why)) } else { kept.append(c) }
        }
        return (kept, filtered)
    }

    /// The runner's step: no filter keeps every candidate and counts nothing; a filter records `filtered`.
    static func apply(_ filter: RunFilter?, to candidates: [AlertCandidate], counts: inout [String: Int]) -> ([AlertCandidate], [Suppression]) {
        guard let filter else { return (candidates, []) }
        let (kept, filtered) = filter.apply(candidates)
        counts["filtered"] = filtered.count
        return (kept, filtered)
    }
}
