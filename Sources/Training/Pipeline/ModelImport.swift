import AlertsCore
import Features
import Foundation
import Learning
import Storage

/// A model trained elsewhere (LightGBM in Python), registered here to be served: its trees become the artifact, a feature
/// set of the catalog (or an inline one) computes its inputs, and a plan file gives the trade it alerts.
public struct ModelImport: Sendable {
    public var name: String
    public var featureSet: FeatureSet
    /// Whether the set is not in any catalog (stored with the model then, like a training config's `features.inline`).
    public var inlineSet: Bool
    public var plan: PlanSpec
    public var instrument: InstrumentKind
    public var timeframe: Timeframe
    /// The alert threshold on the model's probability (the import has no out-of-fold scores to choose one from).
    public var threshold: Double
    public var scope: ModelScope
    public var guardrails: GuardrailDefaults

    public init(
        name: String, featureSet: FeatureSet, inlineSet: Bool = false, plan: PlanSpec, instrument: InstrumentKind = .equity,
        timeframe: Timeframe = .d1, threshold: Double = 0.5, scope: ModelScope = .init(), guardrails: GuardrailDefaults = .init()
    ) {
        self.name = name
        self.featureSet = featureSet
        self.inlineSet = inlineSet
        self.plan = plan
        self.instrument = instrument
        self.timeframe = timeframe
        self.threshold = threshold
        self.scope = scope
        self.guardrails = guardrails
    }

    /// The model's feature names against the set's: every feature the model reads must be one the set computes, and
    /// the other way round (a set feature the model ignores means the wrong set was named). Nil when they match.
    public static func featureMismatch(model: [String], set: FeatureSet) -> String? {
        let missing = model.filter { !set.featureNames.contains($0) }
        let extra = set.featureNames.filter { !model.contains($0) }
        guard !missing.isEmpty || !extra.isEmpty else { return nil }
        var parts: [String] = []
        if !missing.isEmpty { parts.append("the model reads \(missing.joined(separator: ", ")), which \(set.reference) does not compute") }
        if !extra.isEmpty { parts.append("\(set.reference) computes \(extra.joined(separator: ", ")), which the model does not read") }
        return "the model's features do not match feature set \(set.reference): " + parts.joined(separator: "; ")
    }

    /// Parses a LightGBM `model.txt`, checks its features against the set and the plan, and returns the draft spec to
    /// register with its artifact (the model file JSON; the spec's `artifactDigest` is its SHA-256, and `modelURI` where a
    /// content-addressed store keeps it: store the artifact, then set both from what the store answers).
    public func lightGBM(_ text: String, source: String) throws -> (spec: ModelSpec, artifact: Data) {
        let trees: GradientBoostedTrees
        do {
            trees = try LightGBMModelText.parse(text)
        } catch {
            throw TrainingError.modelImport("--input \(source): \(error)")
        }
        if let mismatch = Self.featureMismatch(model: trees.featureNames, set: featureSet) { throw TrainingError.modelImport(mismatch) }
        do {
            try plan.validate()
        } catch {
            throw TrainingError.modelImport("--plan: \(error.description)")
        }
        guard threshold.isFinite, (0...1).contains(threshold) else {
            throw TrainingError.modelImport("--threshold must be in [0, 1], got \(threshold)")
        }
        let artifact = try ModelFile.encode(ClassifierModel(predictor: .trees(trees), source: "lightgbm"))
        var ref = FeatureSetRef(name: featureSet.name, version: featureSet.version, features: trees.featureNames)
        if inlineSet { ref.definition = try JSONValue(encoding: featureSet.definition) }
        let digest = DirectoryArtifactStore.digest(artifact)
        let config: JSONValue = .object([
            "imported": .object([
                "format": .string("lightgbm"), "input": .string(source), "trees": .number(Double(trees.trees.count)),
            ])
        ])
        let spec = ModelSpec(
            name: name, featureset: ref, labelCfg: LabelConfig(labeler: "imported", instrument: instrument, timeframe: timeframe, plan: plan),
            modelURI: "artifacts://sha256/\(digest)", artifactDigest: digest, thresholds: Thresholds(alert: threshold), guardrails: guardrails,
            scope: scope, trainingCfg: config)
        return (spec, artifact)
    }
}
