import AlertsCore
import Foundation
import Learning
import Logging
import Storage
import Testing

@testable import Training

/// The whole pipeline into a real SQLite registry and a directory artifact store: registration, lineage,
/// reproducible artifacts and publishing with the artifact check.
@Suite(.serialized) struct TrainerRegistryTests {
    struct Registry {
        let store: any Store
        let registry: SQLModelRegistry
        let artifacts: DirectoryArtifactStore
        let dir: URL

        static func make() async throws -> Registry {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("alertsai-train-\(UUID().uuidString)")
            var logger = Logger(label: "test")
            logger.logLevel = .warning
            let store = try await StoreFactory.open(url: try DatabaseURL("sqlite:\(dir.appendingPathComponent("sc.sqlite").path)"), logger: logger)
            try await Migrator(store: store, logger: logger).migrate()
            return Registry(
                store: store, registry: SQLModelRegistry(store: store),
                artifacts: DirectoryArtifactStore(path: dir.appendingPathComponent("artifacts").path),
                dir: dir)
        }

        func close() async {
            await store.shutdown()
            try? FileManager.default.removeItem(at: dir)
        }
    }

    static func smallGBDT(seed: UInt64 = 7) -> TrainingConfig {
        var c = SyntheticControls.config(
            name: "swing-test", symbols: 8, from: "2022-06-01",
            model: ModelSection(kind: "gbdt", params: ["num_rounds": "15", "num_leaves": "7", "min_data_in_leaf": "20"]), folds: 3)
        c.seed = seed
        c.thresholds = ThresholdPolicy(policy: "target_precision", targetPrecision: 0.4, minAlerts: 10, perRegime: true)
        return c
    }

    @Test func trainingRegistersADraftWithItsRunAndTheSameBytesEveryTime() async throws {
        let db = try await Registry.make()
        do {
            let stages = StageLog()
            let first = try await Trainer().run(
                config: Self.smallGBDT(), registry: db.registry, artifacts: db.artifacts, actor: "tester", progress: { s, _ in stages.add(s) })
            let second = try await Trainer().run(config: Self.smallGBDT(), registry: db.registry, artifacts: db.artifacts, actor: "tester")
            #expect(first.spec.version == 1 && second.spec.version == 2)
            #expect(first.spec.status == .draft)
            #expect(first.spec.artifactDigest == second.spec.artifactDigest, "same config, data and seed must give the same artifact")
            #expect(first.run.dataFingerprint == second.run.dataFingerprint)
            #expect(Set(stages.all) == Set(TrainingStage.allCases))

            // A different seed changes the bagging, hence the model.
            let other = try await Trainer().run(config: Self.smallGBDT(seed: 8), registry: db.registry, artifacts: db.artifacts, actor: "tester")
            #expect(other.spec.artifactDigest != first.spec.artifactDigest)

            // The stored spec and run.
            let stored = try await db.registry.spec(name: "swing-test", version: 1)
            #expect(stored.featureset.features == first.evaluation.prepared.featureSet.featureNames)
            #expect(stored.featureset.features.count == 12)
            #expect(stored.labelCfg.plan == first.evaluation.prepared.plan)
            #expect(stored.thresholds.perRegime["high_vol"] != nil)
            #expect(
                stored.thresholds.perRegime["high_vol"]! >= stored.thresholds.alert + 0.05 - 1e-12 || stored.thresholds.perRegime["high_vol"] == 1)
            #expect(stored.trainingCfg["model"]?["params"]?["num_leaves"]?.stringValue == "7")
            let runs = try await db.registry.trainingRuns(specID: stored.id)
            let run = try #require(runs.first)
            #expect(run.dataFingerprint.count == 64)
            #expect(run.seed == 7)
            #expect(run.artifactDigest == stored.artifactDigest)
            #expect(run.codeVersion.contains(AlertsAIVersion.current))
            for key in ["rows", "base_rate", "out_of_fold", "calibration", "per_regime", "samples", "thresholds", "timings_ms", "folds"] {
                #expect(run.metrics[key] != nil, "metrics lack \(key)")
            }
            #expect(run.metrics["out_of_fold"]?["auc"]?.doubleValue != nil)
            #expect(run.metrics["calibration"]?["brier_after"]?.doubleValue != nil)
            for stage in ["load", "features", "labels", "cv", "calibration", "final_fit", "register"] {
                #expect(run.metrics["timings_ms"]?[stage]?.doubleValue != nil, "no timing for \(stage)")
            }

            // The artifact is the Learning model file, calibrator and feature names inside.
            let model = try ModelFile.decode(try db.artifacts.get(uri: stored.modelURI))
            #expect(model.featureNames == stored.featureset.features)
            #expect(model.calibrator != nil)
            #expect(first.summary.contains("AUC"))
        } catch {
            await db.close()
            throw error
        }
        await db.close()
    }

    @Test func publishingChecksTheArtifact() async throws {
        let db = try await Registry.make()
        do {
            var config = Self.smallGBDT()
            config.model = ModelSection(kind: "logistic")
            let result = try await Trainer().run(config: config, registry: db.registry, artifacts: db.artifacts, actor: "tester")
            let artifacts = db.artifacts
            let verify: @Sendable (ModelSpec) async throws -> Void = { try artifacts.verify(uri: $0.modelURI, digest: $0.artifactDigest) }
            let published = try await db.registry.publish(name: "swing-test", version: result.spec.version, actor: "tester", verify: verify)
            #expect(published.status == .published)

            // A second version whose artifact bytes were damaged is refused and stays a draft.
            let again = try await Trainer().run(config: config, registry: db.registry, artifacts: db.artifacts, actor: "tester")
            let hex = String(again.spec.modelURI.dropFirst("artifacts://sha256/".count))
            let file = db.artifacts.root.appendingPathComponent("sha256/\(hex.prefix(2))/\(hex).json")
            try Data("{}".utf8).write(to: file)
            await #expect(throws: (any Error).self) {
                _ = try await db.registry.publish(name: "swing-test", version: again.spec.version, actor: "tester", verify: verify)
            }
            #expect(try await db.registry.spec(name: "swing-test", version: again.spec.version).status == .draft)
            let history = try await db.registry.history(name: "swing-test")
            #expect(history.contains { $0.action == "publish" && $0.actor == "tester" && $0.version == result.spec.version })
        } catch {
            await db.close()
            throw error
        }
        await db.close()
    }
}

/// Collects the stages a run reported.
final class StageLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stages: [TrainingStage] = []

    func add(_ s: TrainingStage) {
        lock.lock()
        stages.append(s)
        lock.unlock()
    }

    var all: [TrainingStage] {
        lock.lock()
        defer { lock.unlock() }
        return stages
    }
}
