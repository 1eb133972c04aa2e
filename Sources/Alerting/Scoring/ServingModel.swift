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
        if case .trees(let trees) = model.predictor { shap = PathBufferTreeSHAP(model: trees) } else { shap = nil }
    }

    /// The allocation-free TreeSHAP of a tree model (nil for logistic models, whose contributions are linear terms).
    let shap: PathBufferTreeSHAP?

    /// Every feature's contribution to the raw score of a model-ordered row.
    public func contributions(_ row: [Double]) -> [Double] {
        guard let shap else { return model.contributions(row).values }
        var phi = [Double](repeating: 0, count: featureNames.count)
        row.withUnsafeBufferPointer { r in phi.withUnsafeMutableBufferPointer { shap.contributions(r, into: $0) } }
        return phi
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
        let values = contributions(row)
        // A partial selection of the `count` largest |values| (ties to the lower index), without sorting them all.
        var top: [Int] = []
        for i in values.indices where values[i] != 0 {
            let pos = top.firstIndex { abs(values[$0]) < abs(values[i]) } ?? top.count
            if pos < count {
                top.insert(i, at: pos)
                if top.count > count { top.removeLast() }
            }
        }
        return top.map { (featureNames[$0], $0, values[$0]) }
    }
}
