import AlertsCore
import Foundation
import Learning

/// Everything a training run measured; stored as the run's `metrics` JSON (snake_case keys, NaN as null).
public struct TrainingMetrics: Sendable, Hashable, Codable {
    public var rows: Int
    public var positives: Int
    public var baseRate: Double?
    /// Σ label uniqueness: the number of independent labels the rows are worth.
    public var effectiveRows: Double?
    public var outOfFold: ScoreMetrics
    public var calibration: CalibrationMetrics?
    public var perRegime: [String: ScoreMetrics]
    public var folds: [FoldMetrics]
    public var samples: SampleCounts
    public var thresholds: ThresholdReport
    /// Milliseconds per stage: load, features, labels, cv, calibration, final_fit, register.
    public var timingsMs: [String: Double]
    /// The forward-validated promise (nested walk-forward; docs/TRAINING.md, "The promise"), as stored on the spec.
    public var promise: ModelPromise? = nil
    /// Each forward step: the fold measured, how many rows chose its rule, its threshold and alerts.
    public var forward: [ForwardFoldMetrics] = []
    /// Trade statistics out of fold (final thresholds on all out-of-fold rows: in-sample for the threshold) and forward.
    public var trades: TradeReport? = nil
    /// How far the final model's scores moved from the fold models' out-of-fold scores, and the correction served.
    public var scoreShift: ScoreShift? = nil
    /// What purging and the embargo removed (nil in runs made before it was reported).
    public var validation: ValidationReport? = nil
    /// The average pairwise correlation of the symbols' bar returns, which scaled label uniqueness across symbols.
    public var averageReturnCorrelation: Double? = nil
    /// What the figures cannot support (too few effective rows, an AUC indistinguishable from 0.5, …).
    public var warnings: [String] = []
    /// The control this run is (`null`, `shuffled-labels`, `planted`), nil for a real run.
    public var control: String? = nil
}

/// One forward step of the nested walk-forward selection.
public struct ForwardFoldMetrics: Sendable, Hashable, Codable {
    public var fold: Int
    public var chosenOn: Int
    public var evaluated: Int
    public var threshold: Double?
    public var alerts: Int
}

/// Trade statistics by regime (`all`, `high_vol`, `normal_vol`, `low_vol`), each against its base and null band.
public struct TradeReport: Sendable, Hashable, Codable {
    public var outOfFold: [String: TradeComparison]
    public var forward: [String: TradeComparison]
}

/// Ranking and probability quality of scores against labels.
public struct ScoreMetrics: Sendable, Hashable, Codable {
    public var rows: Int
    public var baseRate: Double?
    public var auc: Double?
    /// Hanley–McNeil standard error of the AUC at the effective number of positives and negatives (Σ uniqueness ×
    /// base rate and × (1 − base rate)), when uniqueness is given.
    public var aucStandardError: Double? = nil
    public var effectiveRows: Double? = nil
    /// Precision among the top `topFraction` of rows, and its lift over the base rate.
    public var topFraction: Double
    public var precisionAtTop: Double?
    public var lift: Double?
    /// Precision among the top `topPerDay` rows of each day, pooled.
    public var topPerDay: Int
    public var precisionAtTopPerDay: Double?
    public var brier: Double?
    public var ece: Double?
    public var logLoss: Double?

    /// Metrics of `scores` (probabilities) on `rows` (all when nil).
    public static func measure(
        scores: [Double], labels: [Double], days: [Int64], rows: [Int]? = nil, topFraction: Double, topPerDay: Int,
        uniqueness: [Double]? = nil
    ) -> ScoreMetrics {
        let idx = rows ?? Array(scores.indices)
        let s = idx.map { scores[$0] }
        let y = idx.map { labels[$0] }
        let d = idx.map { days[$0] }
        guard !s.isEmpty else {
            return ScoreMetrics(rows: 0, topFraction: topFraction, topPerDay: topPerDay)
        }
        var m = ScoreMetrics(
            rows: s.count, baseRate: finite(y.reduce(0, +) / Double(y.count)), auc: finite(Metrics.rocAUC(scores: s, labels: y)),
            topFraction: topFraction, precisionAtTop: finite(Metrics.precisionAtTop(fraction: topFraction, scores: s, labels: y)),
            lift: finite(Metrics.lift(fraction: topFraction, scores: s, labels: y)), topPerDay: topPerDay,
            precisionAtTopPerDay: finite(Metrics.precisionAtTopPerPeriod(n: topPerDay, scores: s, labels: y, periods: d)),
            brier: finite(Metrics.brierScore(probabilities: s, labels: y)),
            ece: finite(Metrics.expectedCalibrationError(probabilities: s, labels: y)),
            logLoss: finite(Metrics.logLoss(probabilities: s, labels: y)))
        if let uniqueness, let auc = m.auc, let p = m.baseRate {
            let effective = idx.reduce(0.0) { $0 + uniqueness[$1] }
            m.effectiveRows = effective
            m.aucStandardError = finite(aucStandardError(auc: auc, positives: effective * p, negatives: effective * (1 - p)))
        }
        return m
    }

    /// Hanley & McNeil (1982): SE² = (A(1−A) + (n₁−1)(Q₁−A²) + (n₀−1)(Q₂−A²)) / (n₁n₀), Q₁ = A/(2−A), Q₂ = 2A²/(1+A).
    public static func aucStandardError(auc a: Double, positives n1: Double, negatives n0: Double) -> Double {
        guard n1 > 1, n0 > 1 else { return .nan }
        let q1 = a / (2 - a)
        let q2 = 2 * a * a / (1 + a)
        let v = (a * (1 - a) + (n1 - 1) * (q1 - a * a) + (n0 - 1) * (q2 - a * a)) / (n1 * n0)
        return max(0, v).squareRoot()
    }

    /// Why this AUC cannot be judged, or nil: fewer than 100 effective positives or negatives, or a 95 % interval that
    /// contains 0.5.
    public var aucWarning: String? {
        guard let auc, let se = aucStandardError, let n = effectiveRows, let p = baseRate else { return nil }
        if min(n * p, n * (1 - p)) < 100 {
            return String(
                format: "only %.0f effective rows (%.0f effective positives): too few to judge an AUC (%.3f ± %.3f)", n, n * p, auc, 1.96 * se)
        }
        if abs(auc - 0.5) <= 1.96 * se {
            return String(format: "AUC %.3f ± %.3f (95 %%, %.0f effective rows) is indistinguishable from 0.5", auc, 1.96 * se, n)
        }
        return nil
    }

    init(rows: Int, topFraction: Double, topPerDay: Int) {
        self.rows = rows
        self.topFraction = topFraction
        self.topPerDay = topPerDay
    }

    init(
        rows: Int, baseRate: Double?, auc: Double?, topFraction: Double, precisionAtTop: Double?, lift: Double?, topPerDay: Int,
        precisionAtTopPerDay: Double?, brier: Double?, ece: Double?, logLoss: Double?
    ) {
        self.rows = rows
        self.baseRate = baseRate
        self.auc = auc
        self.topFraction = topFraction
        self.precisionAtTop = precisionAtTop
        self.lift = lift
        self.topPerDay = topPerDay
        self.precisionAtTopPerDay = precisionAtTopPerDay
        self.brier = brier
        self.ece = ece
        self.logLoss = logLoss
    }
}

/// Probability quality before and after calibration, on rows whose calibrator never saw them.
///
/// Walk-forward: the calibrator applied to test fold k is fitted on the out-of-fold scores of the folds before k,
/// so the "after" figures are honest; "before" is measured on the same rows.
public struct CalibrationMetrics: Sendable, Hashable, Codable {
    public var method: String
    public var rows: Int
    public var brierBefore: Double?
    public var brierAfter: Double?
    public var eceBefore: Double?
    public var eceAfter: Double?
}

/// One cross-validation fold.
public struct FoldMetrics: Sendable, Hashable, Codable {
    public var trainRows: Int
    public var testRows: Int
    public var auc: Double?
    public var baseRate: Double?
    /// Earlier rows removed from this fold's training set by purging (span overlapping the test span) and by the
    /// embargo after it (nil in runs made before they were counted).
    public var purgedRows: Int? = nil
    public var embargoedRows: Int? = nil
}

/// What the validation actually did: the method, the embargo asked for and the rows purging and the embargo removed
/// over all folds, with a note when the embargo had no effect (walk-forward trains only on rows before the test fold).
public struct ValidationReport: Sendable, Hashable, Codable {
    public var method: String
    public var folds: Int
    public var embargoBars: Int
    public var purgedRows: Int
    public var embargoedRows: Int
    public var note: String?

    public init(method: String, folds: [Fold], embargoBars: Int) {
        self.method = method
        self.folds = folds.count
        self.embargoBars = embargoBars
        purgedRows = folds.reduce(0) { $0 + $1.purged }
        embargoedRows = folds.reduce(0) { $0 + $1.embargoed }
        if embargoBars > 0 && embargoedRows == 0 {
            note =
                method == "purged_walk_forward"
                ? "the \(embargoBars)-bar embargo removed no rows: walk-forward trains only on rows before each test fold, and purging already drops those whose label reaches into it"
                : "the \(embargoBars)-bar embargo removed no rows"
        }
    }

    /// One line for the progress log and the report.
    public var summary: String {
        "purging removed \(purgedRows) training rows over \(folds) folds, the \(embargoBars)-bar embargo \(embargoedRows)"
            + (note.map { " (\($0))" } ?? "")
    }
}

/// The chosen thresholds and what they would have done out of fold.
public struct ThresholdReport: Sendable, Hashable, Codable {
    public var policy: String
    public var alert: Double
    public var perRegime: [String: Double]
    /// Out-of-fold precision and alert count at `alert`, and alerts per day over the days with rows.
    public var precision: Double?
    public var alerts: Int
    public var alertsPerDay: Double?
    /// Why the policy fell back, when it did.
    public var note: String?
}

/// NaN and infinities become nil (JSON has no NaN).
func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }

extension TrainingMetrics {
    /// The metrics as stored JSON: snake_case keys.
    public func json() throws -> JSONValue {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.keyEncodingStrategy = .convertToSnakeCase
        return try JSONDecoder().decode(JSONValue.self, from: try e.encode(self))
    }
}
