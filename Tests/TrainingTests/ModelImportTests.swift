import AlertsCore
import Features
import Foundation
import Learning
import Storage
import Testing

@testable import Training

/// `alertsai models import --format lightgbm`: a LightGBM model.txt trained in Python becomes a registered draft whose
/// features are the set's.
@Suite("LightGBM import into the registry")
struct ModelImportTests {
    /// `scripts/fixtures/make_lightgbm_fixtures.py` wrote it: a binary model over features f0 … f4.
    static let modelText: String = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("LearningTests/Fixtures/lgb_plain.model.txt")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    static func set(_ names: [String]) throws -> FeatureSet {
        let specs = ["rsi(14)", "logret(1)", "logret(5)", "rvol(20)", "zscore(20)", "natr(14)"]
        return try FeatureSet(
            FeatureSetDefinition(
                name: "lgb-five", version: 1, warmupBars: 30,
                indicators: zip(specs, names).map { IndicatorFeature(spec: $0, name: $1) }))
    }

    static let plan = PlanSpec(takeProfit: .percent(0.03), stop: .percent(0.02), maxHoldBars: 10)

    @Test("the model's trees become the artifact and its feature names the spec's; the set travels with the model; it registers")
    func registers() async throws {
        #expect(!Self.modelText.isEmpty)
        let importer = ModelImport(
            name: "py-lgb", featureSet: try Self.set(["f0", "f1", "f2", "f3", "f4"]), inlineSet: true, plan: Self.plan, threshold: 0.6,
            scope: ModelScope(allowSymbols: ["AAPL"]))
        let (spec, artifact) = try importer.lightGBM(Self.modelText, source: "model.txt")
        #expect(spec.featureset.features == ["f0", "f1", "f2", "f3", "f4"])
        #expect(spec.featureset.definition != nil && spec.thresholds.alert == 0.6 && spec.labelCfg.labeler == "imported")
        let model = try ModelFile.decode(artifact)
        #expect(model.featureNames == spec.featureset.features)
        #expect(spec.artifactDigest == DirectoryArtifactStore.digest(artifact))
        // Scores as LightGBM did: the fixture's first expected probability (lgb_plain.expected.csv, written by LightGBM).
        let expected = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("LearningTests/Fixtures/lgb_plain.expected.csv")
        let inputs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("LearningTests/Fixtures/lgb_plain.input.csv")
        let row = try String(contentsOf: inputs, encoding: .utf8).split(separator: "\n")[1].split(separator: ",").map { Double($0)! }
        let want = Double(try String(contentsOf: expected, encoding: .utf8).split(separator: "\n")[1].split(separator: ",").last!)!
        #expect(abs(model.probability(raw: model.rawScore(row)) - want) < 1e-9)

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("alertsai-import-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try await StoreFactory.open(url: try DatabaseURL("sqlite:\(dir.path)/sc.sqlite"))
        try await Migrator(store: store).migrate()
        let registered = try await SQLModelRegistry(store: store).register(spec, run: nil, actor: "test")
        #expect(registered.version == 1 && registered.status == .draft)
        #expect(try await SQLModelRegistry(store: store).spec(name: "py-lgb", version: 1).featureset == spec.featureset)
        await store.shutdown()
    }

    @Test("features that differ from the set's are refused, naming the missing and the extra ones")
    func featureMismatch() throws {
        let importer = ModelImport(name: "py-lgb", featureSet: try Self.set(["f0", "f1", "f2", "f3", "g5"]), plan: Self.plan)
        #expect {
            try importer.lightGBM(Self.modelText, source: "model.txt")
        } throws: { error in
            let m = "\(error)"
            return m.contains("lgb-five@v1") && m.contains("the model reads f4, which lgb-five@v1 does not compute")
                && m.contains("computes g5, which the model does not read")
        }
        let wider = ModelImport(name: "py-lgb", featureSet: try Self.set(["f0", "f1", "f2", "f3", "f4", "f5"]), plan: Self.plan)
        #expect(
            throws: TrainingError.modelImport(
                "the model's features do not match feature set lgb-five@v1: lgb-five@v1 computes f5, which the model does not read")
        ) {
            try wider.lightGBM(Self.modelText, source: "model.txt")
        }
        #expect { try ModelImport(name: "x", featureSet: try Self.set(["f0"]), plan: Self.plan).lightGBM("not a model", source: "bad.txt") } throws: {
            "\($0)".contains("bad.txt") && "\($0)".contains("header line 'tree'")
        }
    }
}
