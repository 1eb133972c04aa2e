import AlertsCore
import Foundation
import MarketData

/// A control run of a training config (docs/TRAINING.md, "Controls"): the same pipeline on data where the answer is
/// known, so that its figures can be read beside the real run's.
///
/// - `null`: the synthetic market over the same symbols, timeframe and dates with `strength: 0` — constant expected
///   return, nothing in the past predicts direction. Its AUC should be 0.5 and its forward expectancy no better than
///   the null band (drift alone is not an edge).
/// - `shuffled-labels`: the real data, with the outcomes (label, net returns, exit) shuffled among each day's events:
///   features keep their structure, the link to outcomes is gone.
/// - `planted`: the synthetic market at full strength with its oversold-rebound pattern (a calm-regime drawdown beyond
///   1.5 σ·√4 over 4 sessions is followed by 5 sessions of upward drift) planted at `data.synthetic.planted_drift` σ
///   per session (default 0.75; the market's own default is 0.25): a model should find it.
public enum TrainingControl: String, Sendable, Hashable, CaseIterable, Codable {
    case null
    case shuffledLabels = "shuffled-labels"
    case planted

    /// The planted drift when the config does not give one.
    public static let defaultPlantedDrift = 0.75

    /// The config the control trains: renamed `NAME.control-KIND`; the synthetic market for `null` and `planted`.
    public func config(_ input: TrainingConfig) -> TrainingConfig {
        var c = input
        c.name = "\(input.name).control-\(rawValue)"
        switch self {
        case .null:
            c.data.provider = "synthetic"
            c.data.csvPath = nil
            c.data.syntheticStrength = 0
        case .planted:
            c.data.provider = "synthetic"
            c.data.csvPath = nil
            c.data.syntheticStrength = 1
            c.data.syntheticPlantedDrift = input.data.syntheticPlantedDrift ?? Self.defaultPlantedDrift
        case .shuffledLabels:
            break
        }
        return c
    }

    /// The trainer for the control: the synthetic controls ignore an injected bar provider.
    func trainer(_ t: Trainer) -> Trainer {
        guard self != .shuffledLabels else { return t }
        var copy = t
        copy.provider = nil
        return copy
    }
}

extension CohortDataset {
    /// The same rows with their outcomes (label, realized and net returns, exit reason) permuted among the rows of
    /// each signal day (Fisher–Yates, seeded); features, spans and weights stay.
    public func outcomesShuffledWithinDay(seed: UInt64) -> CohortDataset {
        var rng = SplitMixRandom(seed: seed)
        var groups: [Int64: [Int]] = [:]
        let days = self.days
        for r in 0..<rowCount { groups[days[r], default: []].append(r) }
        var source = Array(0..<rowCount)
        for day in groups.keys.sorted() {
            var rows = groups[day]!
            let original = rows
            for i in stride(from: rows.count - 1, to: 0, by: -1) { rows.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            for (k, r) in original.enumerated() { source[r] = rows[k] }
        }
        return CohortDataset(
            featureNames: featureNames, rowCount: rowCount, values: values, labels: source.map { labels[$0] }, uniqueness: uniqueness,
            weights: weights, symbols: symbols, t0: t0, t1: t1, spanStart: spanStart, spanEnd: spanEnd, regimes: regimes,
            realizedReturns: source.map { realizedReturns[$0] }, netReturns: source.map { netReturns[$0] }, netRs: source.map { netRs[$0] },
            exitReasons: source.map { exitReasons[$0] }, counts: counts, averageCorrelation: averageCorrelation)
    }
}
