import AlertsCore
import Foundation

/// The seed's `Scorer` for one published model: checks the vector, scores it (calibrated probability), compares
/// it with the threshold bent for the bar's regime, and puts the largest TreeSHAP contributions into words.
public struct ModelScorer: Scorer {
    public let model: ServingModel
    public let regimes: any RegimeAdapter
    public let vocabulary: ReasonVocabulary
    /// How many reasons a score carries.
    public var reasonCount: Int

    public init(model: ServingModel, regimes: any RegimeAdapter = VolatilityRegimeAdapter(), vocabulary: ReasonVocabulary = .init(),
                reasonCount: Int = 3) {
        self.model = model
        self.regimes = regimes
        self.vocabulary = vocabulary
        self.reasonCount = reasonCount
    }

    public func score(features: [String: Double], context: ScoringContext) async throws -> ScoreResult {
        try score(features: features, regime: context.regime)
    }

    /// Synchronous scoring of one vector; `row` only names the row in errors. Without `reasons` the TreeSHAP
    /// pass (most of the cost of a tree model's score) is skipped and `reasons` is empty.
    public func score(features: [String: Double], regime: Regime?, row: Int? = nil, reasons: Bool = true) throws(AlertingError) -> ScoreResult {
        let x = try model.row(from: features, row: row)
        return score(row: x, regime: regime, reasons: reasons)
    }

    /// Scores a row already in model order and known to be finite.
    public func score(row x: [Double], regime: Regime?, reasons withReasons: Bool = true) -> ScoreResult {
        let p = min(1, max(0, model.probability(x)))
        let threshold = regime.map { regimes.threshold(base: model.spec.thresholds, regime: $0) } ?? model.spec.thresholds.alert
        let top = withReasons ? model.topContributions(x, count: reasonCount) : []
        let reasons = top.enumerated().map { rank, c in
            vocabulary.reason(feature: c.feature, value: x[c.index], contribution: c.contribution, rank: rank)
        }
        return ScoreResult(decision: p >= threshold ? .alert : .pass, score: p, threshold: threshold, reasons: reasons)
    }
}
