import AlertsCore
import Foundation
import Learning

/// A published model ready to score: its spec, its loaded classifier, and the feature order both agree on.
public struct ServingModel: Sendable {
    public let spec: ModelSpec
    public let model: ClassifierModel
    /// Feature names in model order (the spec's and the artifact's, which must be equal).
    public var featureNames: [String] { spec.featureset.features }

    /// Checks that the artifact's features are exactly the spec's, in order.
    public init(spec: ModelSpec, model: ClassifierModel) throws(AlertingError) {
        guard model.featureNames == spec.featureset.features else {
            let missing = spec.featureset.features.filter { !model.featureNames.contains($0) }
            let extra = model.featureNames.filter { !spec.featureset.features.contains($0) }
            throw .badArtifact(
                "model \(spec.reference): the artifact's features differ from the spec's"
                    + (missing.isEmpty ? "" : "; missing in the artifact: \(missing.joined(separator: ", "))")
                    + (extra.isEmpty ? "" : "; not in the spec: \(extra.joined(separator: ", "))")
                    + (missing.isEmpty && extra.isEmpty ? " (same names, different order)" : ""))
        }
        self.spec = spec
        self.model = model
        if case .trees(let trees) = model.predictor { shap = LeafTableTreeSHAP(model: trees) } else { shap = nil }
    }

    /// The table-driven TreeSHAP of a tree model (nil for logistic models, whose contributions are linear terms).
    let shap: LeafTableTreeSHAP?

    /// Every feature's contribution to the raw score of a model-ordered row.
    public func contributions(_ row: [Double]) -> [Double] {
        row.withUnsafeBufferPointer { contributions(rows: $0, count: 1) }
    }

    /// Contributions of `count` model-ordered rows stored row by row, in the same layout (`count × features`).
    public func contributions(rows: UnsafeBufferPointer<Double>, count: Int) -> [Double] {
        let width = featureNames.count
        precondition(rows.count >= count * width, "\(rows.count) values cannot hold \(count) rows of \(width) features")
        guard let shap else {
            return (0..<count).flatMap { r in model.contributions(Array(rows[(r * width)..<((r + 1) * width)])).values }
        }
        var phi = [Double](repeating: 0, count: count * width)
        guard count > 0 else { return phi }
        phi.withUnsafeMutableBufferPointer { shap.contributions(rows: rows.baseAddress!, count: count, into: $0.baseAddress!) }
        return phi
    }

    /// Calibrated probabilities of `count` model-ordered rows stored row by row.
    public func probabilities(rows: UnsafeBufferPointer<Double>, count: Int) -> [Double] {
        let width = featureNames.count
        precondition(rows.count >= count * width, "\(rows.count) values cannot hold \(count) rows of \(width) features")
        var raw = [Double](repeating: 0, count: count)
        switch model.predictor {
        case .trees(let trees):
            raw.withUnsafeMutableBufferPointer { trees.forest.rawScores(rowMajor: rows, rowCount: count, featureCount: width, into: $0) }
        case .logistic:
            for r in 0..<count { raw[r] = model.rawScore(Array(rows[(r * width)..<((r + 1) * width)])) }
        }
        return raw.map(model.score(raw:))
    }

    /// The model-ordered row of `features`; a missing or non-finite feature is an error naming it (and `row`).
    public func row(from features: [String: Double], row: Int? = nil) throws(AlertingError) -> [Double] {
        var out = [Double](repeating: 0, count: featureNames.count)
        for (i, name) in featureNames.enumerated() {
            guard let v = features[name] else { throw .missingFeature(name, row: row) }
            guard v.isFinite else { throw .nonFiniteFeature(name, value: v, row: row) }
            out[i] = v
        }
        return out
    }

    /// Calibrated probability of a model-ordered row.
    public func probability(_ row: [Double]) -> Double {
        model.score(raw: model.rawScore(row))
    }

    /// The `count` largest TreeSHAP contributions of a row, largest |value| first.
    public func topContributions(_ row: [Double], count: Int) -> [(feature: String, index: Int, contribution: Double)] {
        contributions(row).withUnsafeBufferPointer { Self.largest(count, of: $0) }.map { (featureNames[$0], $0, $1) }
    }

    /// Indices and values of the `count` largest |values| (ties to the lower index; zeros never), largest first,
    /// by partial selection rather than a full sort.
    static func largest(_ count: Int, of values: UnsafeBufferPointer<Double>) -> [(index: Int, value: Double)] {
        var top: [(index: Int, value: Double)] = []
        top.reserveCapacity(count + 1)
        for i in values.indices where values[i] != 0 {
            let magnitude = abs(values[i])
            let pos = top.firstIndex { abs($0.value) < magnitude } ?? top.count
            if pos < count {
                top.insert((i, values[i]), at: pos)
                if top.count > count { top.removeLast() }
            }
        }
        return top
    }
}
