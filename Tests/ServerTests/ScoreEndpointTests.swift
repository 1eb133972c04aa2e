import AlertsCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Learning
import Logging
import Server
import Storage
import Testing

/// Trains a tiny GBDT (label: rsi_14 below 40), stores it in the config's artifact directory and registers and
/// publishes it in the config's database, before the application opens it.
func publishTestModel(
    _ config: AppConfig, name: String, features: [String], threshold: Double = 0.5, expectedReturn: ExpectedReturnMap? = nil
) async throws -> ModelSpec {
    var logger = Logger(label: "test")
    logger.logLevel = .warning
    let store = try await StoreFactory.open(url: try DatabaseURL(config.databaseURL), logger: logger)
    do {
        try await Migrator(store: store, logger: logger).migrate()
        var rng = SeededGenerator(seed: 5)
        var columns = [[Double]](repeating: [], count: features.count)
        var labels: [Double] = []
        for _ in 0..<500 {
            var rsi = 50.0
            for (j, f) in features.enumerated() {
                let v = f.hasPrefix("rsi") ? Double.random(in: 0...100, using: &rng) : Double.random(in: -1...1, using: &rng)
                if f == "rsi_14" { rsi = v }
                columns[j].append(v)
            }
            labels.append(rsi < 40 ? 1 : 0)
        }
        var p = GBDTParameters()
        p.numRounds = 20
        p.numLeaves = 7
        p.minDataInLeaf = 10
        let trees = try GradientBoostedTrees.train(on: try Dataset(featureNames: features, columns: columns, labels: labels), parameters: p)
        let model = ClassifierModel(predictor: .trees(trees), source: "test")
        let (uri, digest) = try await config.artifactStore().put(try ModelFile.encode(model))
        let registry = SQLModelRegistry(store: store)
        let spec = try await registry.register(
            ModelSpec(
                name: name, featureset: FeatureSetRef(name: "core-daily", version: 1, features: features),
                labelCfg: LabelConfig(
                    instrument: .equity, timeframe: .d1, plan: PlanSpec(takeProfit: .percent(0.03), stop: .percent(0.02), maxHoldBars: 10)),
                modelURI: uri, artifactDigest: digest,
                thresholds: Thresholds(alert: threshold, perRegime: ["high_vol": threshold], expectedReturn: expectedReturn),
                guardrails: GuardrailDefaults(dailyBudget: 3, cooldownBars: 0, maxPerSector: 10, maxPerDirection: 10, maxExposure: 10)),
            run: nil, actor: "test")
        let published = try await registry.publish(name: name, version: spec.version, actor: "test") { _ in }
        await store.shutdown()
        return published
    } catch {
        await store.shutdown()
        throw error
    }
}

@Suite("POST /score")
struct ScoreEndpointTests {
    static let features = ["rsi_14", "ret_5", "rvol_20", "natr_14"]

    struct Body: Decodable {
        struct Row: Decodable {
            struct Reason: Decodable { let feature: String; let text: String }
            let decision: String?
            let score: Double?
            let reasons: [Reason]?
            let error: String?
        }
        struct Err: Decodable { let message: String }
        let error: Err?
        let model: String?
        let results: [Row]?
    }

    func post(
        _ client: some TestClientProtocol, _ key: String, _ json: String, _ check: @escaping @Sendable (TestResponse) throws -> Void
    ) async throws {
        try await client.execute(uri: "/score", method: .post, headers: .api(key: key), body: ByteBuffer(string: json)) {
            try check($0)
        }
    }

    @Test("each row carries expected_return_pct and expected_r: from the model's mapping, null without one")
    func expectedReturnFields() async throws {
        let (config, dir) = temporaryConfig()
        defer { try? FileManager.default.removeItem(at: dir) }
        let map = ExpectedReturnMap(
            returnPct: IsotonicSteps(x: [0, 0.5], y: [-0.4, 0.8]), r: IsotonicSteps(x: [0, 0.5], y: [-0.2, 0.4]), rows: 100)
        _ = try await publishTestModel(config, name: "money", features: Self.features, expectedReturn: map)
        _ = try await publishTestModel(config, name: "plain", features: Self.features)
        let key = try await serviceKey(config)
        let app = try await buildApplication(config)
        try await app.test(.live) { client in
            let oversold = #"{"rsi_14":21,"ret_5":-0.04,"rvol_20":0.01,"natr_14":2}"#
            let overbought = #"{"rsi_14":85,"ret_5":0.04,"rvol_20":0.01,"natr_14":2}"#
            try await post(client, key, #"{"model":"money","rows":[\#(oversold),\#(overbought)]}"#) { response in
                #expect(response.status == .ok)
                let json = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                let rows = try #require(json?["results"] as? [[String: Any]])
                for row in rows {
                    let score = try #require(row["score"] as? Double)
                    let expected = try #require(map.expected(score: score))
                    #expect(row["expected_return_pct"] as? Double == expected.pct)
                    #expect(row["expected_r"] as? Double == expected.r)
                }
            }
            try await post(client, key, #"{"model":"plain","rows":[\#(oversold)]}"#) { response in
                let json = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                let row = try #require((json?["results"] as? [[String: Any]])?.first)
                #expect(row.keys.contains("expected_return_pct") && row["expected_return_pct"] is NSNull)
                #expect(row.keys.contains("expected_r") && row["expected_r"] is NSNull)
            }
        }
    }

    @Test("scores a batch row by row with calibrated scores and reasons in words")
    func scoresBatch() async throws {
        let (config, dir) = temporaryConfig()
        defer { try? FileManager.default.removeItem(at: dir) }
        let spec = try await publishTestModel(config, name: "swing", features: Self.features)
        let key = try await serviceKey(config)
        let app = try await buildApplication(config)
        try await app.test(.live) { client in
            let oversold = #"{"rsi_14":21,"ret_5":-0.04,"rvol_20":0.01,"natr_14":2}"#
            let overbought = #"{"rsi_14":85,"ret_5":0.04,"rvol_20":0.01,"natr_14":2}"#
            let body = #"{"model":"swing","rows":[\#(oversold),\#(overbought)]}"#
            try await post(client, key, body) { response in
                #expect(response.status == .ok)
                let b = try JSONDecoder().decode(Body.self, from: Data(buffer: response.body))
                #expect(b.model == spec.reference)
                let rows = try #require(b.results)
                #expect(rows.count == 2)
                #expect(rows[0].decision == "alert" && rows[1].decision == "pass")
                #expect((rows[0].score ?? 0) > (rows[1].score ?? 1))
                #expect(rows[0].reasons?.first?.feature == "rsi_14")
                #expect(rows[0].reasons?.first?.text.hasPrefix("RSI(14) at 21") == true)
            }
            // Scores only: the same scores, no reasons.
            let scoresOnly = body.replacingOccurrences(of: #"{"model":"swing","#, with: #"{"model":"swing","reasons":false,"#)
            try await post(client, key, scoresOnly) { response in
                #expect(response.status == .ok)
                let rows = try #require(try JSONDecoder().decode(Body.self, from: Data(buffer: response.body)).results)
                #expect(rows.count == 2 && rows.allSatisfy { $0.reasons?.isEmpty == true })
                #expect(rows[0].decision == "alert" && rows[1].decision == "pass")
            }
        }
    }

    @Test("bad inputs: unknown model 404, missing feature and NaN 422 naming row and feature, oversized 413, malformed 400")
    func badInputs() async throws {
        var (config, dir) = temporaryConfig()
        config.maxBatch = 3
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try await publishTestModel(config, name: "swing", features: Self.features)
        let key = try await serviceKey(config)
        let app = try await buildApplication(config)
        try await app.test(.live) { client in
            try await post(client, key, #"{"model":"nope","rows":[{"rsi_14":1}]}"#) { r in
                #expect(r.status == .notFound)
                #expect(String(buffer: r.body).contains("nope"))
            }
            let complete = #"{"rsi_14":21,"ret_5":-0.04,"rvol_20":0.01,"natr_14":2}"#
            let lacking = #"{"rsi_14":21,"ret_5":-0.04,"rvol_20":0.01}"#
            try await post(client, key, #"{"model":"swing","rows":[\#(complete),\#(lacking)]}"#) { r in
                #expect(r.status == .unprocessableContent)
                let b = try JSONDecoder().decode(Body.self, from: Data(buffer: r.body))
                #expect(b.error?.message == "row 1: missing feature 'natr_14'")
                #expect(b.results?[0].decision != nil && b.results?[1].error != nil)
            }
            for value in ["null", "\"NaN\""] {
                try await post(client, key, #"{"model":"swing","rows":[{"rsi_14":21,"ret_5":\#(value),"rvol_20":0.01,"natr_14":2}]}"#) { r in
                    #expect(r.status == .unprocessableContent)
                    #expect(String(buffer: r.body).contains("row 0: feature 'ret_5' is nan"))
                }
            }
            let row = #"{"rsi_14":21,"ret_5":-0.04,"rvol_20":0.01,"natr_14":2}"#
            try await post(client, key, #"{"model":"swing","rows":[\#(Array(repeating: row, count: 4).joined(separator: ","))]}"#) { r in
                #expect(r.status == .contentTooLarge)
                #expect(String(buffer: r.body).contains("at most 3"))
            }
            try await post(client, key, #"{"model":"swing","rows":[{"rsi_14":21,}"#) { r in
                #expect(r.status == .badRequest)
            }
            try await post(client, key, #"{"rows":[]}"#) { r in #expect(r.status == .badRequest) }
        }
    }

    @Test("a pack answers per component and combines them: best score, alert when any component alerts")
    func pack() async throws {
        let (config, dir) = temporaryConfig()
        defer { try? FileManager.default.removeItem(at: dir) }
        let strict = try await publishTestModel(config, name: "strict", features: Self.features, threshold: 0.99)
        let loose = try await publishTestModel(config, name: "loose", features: ["rsi_14", "ret_5"], threshold: 0.01)
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let store = try await StoreFactory.open(url: try DatabaseURL(config.databaseURL), logger: logger)
        let registry = SQLModelRegistry(store: store)
        _ = try await registry.createPack(name: "swing-pack", description: "two views", actor: "test")
        _ = try await registry.addToPack(pack: "swing-pack", role: "entry", name: strict.name, version: strict.version, actor: "test")
        _ = try await registry.addToPack(pack: "swing-pack", role: "confirm", name: loose.name, version: loose.version, actor: "test")
        _ = try await registry.publishPack("swing-pack", actor: "test")
        await store.shutdown()
        let key = try await serviceKey(config)
        let app = try await buildApplication(config)
        try await app.test(.live) { client in
            let row = #"{"rsi_14":21,"ret_5":-0.04,"rvol_20":0.01,"natr_14":2}"#
            try await post(client, key, #"{"pack":"swing-pack","rows":[\#(row)]}"#) { r in
                #expect(r.status == .ok)
                let json = try #require(try JSONSerialization.jsonObject(with: Data(buffer: r.body)) as? [String: Any])
                let result = try #require((json["results"] as? [[String: Any]])?.first)
                let components = try #require(result["components"] as? [String: [String: Any]])
                #expect(Set(components.keys) == ["entry", "confirm"])
                #expect(components["entry"]?["decision"] as? String == "pass" && components["confirm"]?["decision"] as? String == "alert")
                #expect(result["decision"] as? String == "alert")
                let scores = components.values.compactMap { $0["score"] as? Double }
                #expect(result["score"] as? Double == scores.max())
            }
            // A row lacking a feature only the larger model needs fails the pack row, naming it.
            try await post(client, key, #"{"pack":"swing-pack","rows":[{"rsi_14":21,"ret_5":-0.04}]}"#) { r in
                #expect(r.status == .unprocessableContent)
                #expect(String(buffer: r.body).contains("row 0: missing feature 'rvol_20'"))
            }
        }
    }
}
