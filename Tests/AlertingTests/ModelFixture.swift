import AlertsCore
import Foundation
import Learning
import Logging
import SQLKit
import Storage

/// A temporary SQLite store and artifact directory with a tiny GBDT trained in the test, registered and published.
struct ModelFixture {
    let store: any Store
    let dir: URL
    let artifacts: DirectoryArtifactStore
    let registry: SQLModelRegistry

    static func make() async throws -> ModelFixture {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("alertsai-alerting-\(UUID().uuidString)")
        let store = try await StoreFactory.open(url: try DatabaseURL("sqlite:\(dir.path)/sc.sqlite"), logger: logger)
        try await Migrator(store: store, logger: logger).migrate()
        return ModelFixture(
            store: store, dir: dir, artifacts: DirectoryArtifactStore(path: dir.appendingPathComponent("artifacts").path),
            registry: SQLModelRegistry(store: store))
    }

    func cleanup() async {
        await store.shutdown()
        try? FileManager.default.removeItem(at: dir)
    }

    /// A GBDT on random features whose label is "rsi_14 below 40" (or "first feature above 0" without rsi_14),
    /// with an isotonic calibrator: oversold rows score high.
    static func trainModel(features: [String], rows: Int = 600, seed: UInt64 = 11) throws -> ClassifierModel {
        var rng = SeededGenerator(seed: seed)
        var columns = [[Double]](repeating: [], count: features.count)
        var labels: [Double] = []
        let key = features.firstIndex(of: "rsi_14") ?? 0
        for _ in 0..<rows {
            var row = [Double](repeating: 0, count: features.count)
            for (j, name) in features.enumerated() {
                row[j] = name.hasPrefix("rsi") ? Double.random(in: 0...100, using: &rng) : Double.random(in: -1...1, using: &rng)
                columns[j].append(row[j])
            }
            let signal = features[key] == "rsi_14" ? row[key] < 40 : row[key] > 0
            let noise = Double.random(in: 0...1, using: &rng) < 0.1
            labels.append(signal != noise ? 1 : 0)
        }
        let data = try Dataset(featureNames: features, columns: columns, labels: labels)
        var p = GBDTParameters()
        p.numRounds = 25
        p.numLeaves = 7
        p.minDataInLeaf = 10
        p.learningRate = 0.2
        let trees = try GradientBoostedTrees.train(on: data, parameters: p)
        let probabilities = try trees.rawScores(data).map(trees.probability(raw:))
        let calibrator = try Calibrator.fit(.isotonic, scores: probabilities, labels: labels)
        return ClassifierModel(predictor: .trees(trees), calibrator: calibrator, source: "alertsai-learning test")
    }

    /// Trains, stores the artifact, registers and publishes a spec; returns the published spec.
    @discardableResult
    func publish(
        name: String, features: [String], threshold: Double = 0.5, perRegime: [String: Double] = [:],
        plan: PlanSpec = PlanSpec(takeProfit: .percent(0.03), stop: .percent(0.02), maxHoldBars: 10),
        guardrails: GuardrailDefaults = GuardrailDefaults(
            dailyBudget: 100, cooldownBars: 0, maxPerSector: 100, maxPerDirection: 100,
            maxExposure: 100),
        featureSet: (name: String, version: Int) = ("core-daily", 1), timeframe: Timeframe = .d1, scope: ModelScope = .init(),
        featureRef: FeatureSetRef? = nil, labelCfg: LabelConfig? = nil, publish: Bool = true
    ) async throws -> ModelSpec {
        let model = try Self.trainModel(features: features)
        let (uri, digest) = try artifacts.put(try ModelFile.encode(model))
        let spec = ModelSpec(
            name: name, featureset: featureRef ?? FeatureSetRef(name: featureSet.name, version: featureSet.version, features: features),
            labelCfg: labelCfg ?? LabelConfig(instrument: .equity, timeframe: timeframe, plan: plan), modelURI: uri, artifactDigest: digest,
            thresholds: Thresholds(alert: threshold, perRegime: perRegime), guardrails: guardrails, scope: scope)
        let registered = try await registry.register(spec, run: nil, actor: "test")
        guard publish else { return registered }
        return try await registry.publish(name: name, version: registered.version, actor: "test") { _ in }
    }

    /// Rows in each `sc` alert table.
    func rowCounts() async throws -> [String: Int] {
        var out: [String: Int] = [:]
        for table in ["alert_runs", "alerts", "alert_suppressions", "alert_delivery", "alert_outcomes"] {
            out[table] = try await store.withConnection { db in
                try await db.raw("SELECT COUNT(*) AS n FROM sc.\(unsafeRaw: table)").first()?.decode(column: "n", as: Int.self) ?? -1
            }
        }
        return out
    }
}
