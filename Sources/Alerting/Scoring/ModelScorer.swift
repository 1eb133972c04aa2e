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

    public init(
        model: ServingModel, regimes: any RegimeAdapter = VolatilityRegimeAdapter(), vocabulary: ReasonVocabulary = .init(),
        reasonCount: Int = 3
    ) {
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
        x.withUnsafeBufferPointer { score(rows: $0, count: 1, regime: regime, reasons: withReasons)[0] }
    }

    /// Scores `count` model-ordered, finite rows stored row by row (`rows[r * features + f]`) together: one pass
    /// over the trees for the scores and one for the contributions, which is what makes a batch cheap per row.
    public func score(rows: UnsafeBufferPointer<Double>, count: Int, regime: Regime?, reasons withReasons: Bool = true) -> [ScoreResult] {
        let width = model.featureNames.count
        let probabilities = model.probabilities(rows: rows, count: count)
        let threshold = regime.map { regimes.threshold(base: model.spec.thresholds, regime: $0) } ?? model.spec.thresholds.alert
        let phi = withReasons ? model.contributions(rows: rows, count: count) : []
        return phi.withUnsafeBufferPointer { phi in
            (0..<count).map { r in
                let p = min(1, max(0, probabilities[r]))
                var reasons: [ScoreReason] = []
                if withReasons {
                    let top = ServingModel.largest(reasonCount, of: UnsafeBufferPointer(rebasing: phi[(r * width)..<((r + 1) * width)]))
                    reasons = top.enumerated().map { rank, c in
                        vocabulary.reason(
                            feature: model.featureNames[c.index], value: rows[r * width + c.index], contribution: c.value, rank: rank)
                    }
                }
                let expected = model.spec.thresholds.expectedReturn?.expected(score: p)
                return ScoreResult(
                    decision: p >= threshold ? .alert : .pass, score: p, threshold: threshold, reasons: reasons,
                    expectedReturnPct: expected?.pct, expectedR: expected?.r)
            }
        }
    }
}
