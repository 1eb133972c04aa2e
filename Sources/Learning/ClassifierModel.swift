import Foundation

/// A trained binary classifier ready to score: GBDT or logistic, plus an optional calibrator and its provenance.
public struct ClassifierModel: Sendable {
    /// The scoring function behind the model.
    public enum Predictor: Sendable {
        case trees(GradientBoostedTrees)
        case logistic(LogisticRegression)
    }

    public let predictor: Predictor
    public var calibrator: Calibrator?
    /// Training parameters as text (kept in the model file for lineage).
    public var trainingParameters: [String: String]
    /// Who produced the model, e.g. "alertsai-learning 1.0.0" or "lightgbm v4".
    public var source: String

    public init(predictor: Predictor, calibrator: Calibrator? = nil, trainingParameters: [String: String] = [:], source: String) {
        self.predictor = predictor
        self.calibrator = calibrator
        self.trainingParameters = trainingParameters
        self.source = source
    }

    public var featureNames: [String] {
        switch predictor {
        case .trees(let m): return m.featureNames
        case .logistic(let m): return m.featureNames
        }
    }

    /// Log-odds of one row in model feature order.
    public func rawScore(_ row: [Double]) -> Double {
        switch predictor {
        case .trees(let m): return m.rawScore(row)
        case .logistic(let m): return m.rawScore(row)
        }
    }

    /// Uncalibrated probability from a raw score.
    public func probability(raw: Double) -> Double {
        switch predictor {
        case .trees(let m): return m.probability(raw: raw)
        case .logistic: return 1 / (1 + exp(-raw))
        }
    }

    /// Final score of a raw score: the probability, calibrated when the model has a calibrator.
    public func score(raw: Double) -> Double {
        let p = probability(raw: raw)
        return calibrator?.calibrate(p) ?? p
    }

    /// Log-odds of every row; the dataset's features must be the model's, in order.
    public func rawScores(_ data: Dataset) throws -> [Double] {
        guard data.featureNames == featureNames else { throw LearningError.featureMismatch(expected: featureNames, found: data.featureNames) }
        switch predictor {
        case .trees(let m): return try m.rawScores(data)
        case .logistic(let m): return (0..<data.rowCount).map { m.rawScore(data.row($0)) }
        }
    }

    /// Final scores of every row (calibrated probabilities when a calibrator is attached).
    public func scores(_ data: Dataset) throws -> [Double] { try rawScores(data).map(score(raw:)) }

    /// Per-feature reasons for one row's raw score.
    public func contributions(_ row: [Double]) -> FeatureContributions {
        switch predictor {
        case .trees(let m): return m.contributions(row)
        case .logistic(let m): return m.contributions(row)
        }
    }

    /// Maps the columns of an input table to the model's features by name; names the missing ones otherwise.
    public func columnIndices(for names: [String]) throws -> [Int] {
        try featureNames.map { name in
            guard let i = names.firstIndex(of: name) else { throw LearningError.featureMismatch(expected: featureNames, found: names) }
            return i
        }
    }
}
