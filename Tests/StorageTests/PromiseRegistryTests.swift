import AlertsCore
import Foundation
import Storage
import Testing

/// The promise on the registry: stored and read back, absent from old specs, the publish gate, and a forced publish
/// recorded on the spec and in the history.
@Suite("Model promise in the registry")
struct PromiseRegistryTests {
    static func promise(expectancy: Estimate, null: Band) -> ModelPromise {
        ModelPromise(
            precision: Estimate(value: 0.41, low: 0.38, high: 0.44), expectancyPct: expectancy,
            expectancyR: Estimate(value: 0.12, low: 0.05, high: 0.2), alertsPerDay: Estimate(value: 2.9, low: 2.7, high: 3.0), alerts: 1200,
            days: 410, foldsUsed: 3, policy: "top_k", base: PromiseBase(events: 9000, precision: 0.33, expectancyPct: 0.05, expectancyR: 0.02),
            nullBand: PromiseNullBand(
                draws: 1000, precision: Band(low: 0.31, high: 0.35), expectancyPct: null, expectancyR: Band(low: 0, high: 0.04)),
            resamples: 1000, seed: 7)
    }

    @Test("the promise is stored, read back with snake_case keys, and old specs without it still decode", arguments: TestEngines.all)
    func storedAndDecoded(engine: DatabaseEngine) async throws {
        let db = try await TestDatabase.make(engine)
        defer { Task { await db.cleanup() } }
        let registry = SQLModelRegistry(store: db.store)
        var spec = sampleSpec()
        spec.promise = Self.promise(expectancy: Estimate(value: 0.3, low: 0.2, high: 0.4), null: Band(low: 0, high: 0.1))
        let v1 = try await registry.register(spec, run: nil, actor: "ci")
        let v2 = try await registry.register(sampleSpec(), run: nil, actor: "ci")
        #expect(try await registry.spec(name: "swing-us", version: v1.version).promise == spec.promise)
        #expect(try await registry.spec(name: "swing-us", version: v2.version).promise == nil)

        let json = try JSONValue(encoding: try await registry.spec(name: "swing-us", version: v1.version))
        let p = try #require(json["promise"])
        for key in ["precision", "expectancy_pct", "expectancy_r", "alerts_per_day"] {
            #expect(p[key]?["value"]?.doubleValue != nil && p[key]?["low"]?.doubleValue != nil && p[key]?["high"]?.doubleValue != nil, "\(key)")
        }
        #expect(p["null_band"]?["expectancy_pct"]?["high"]?.doubleValue == 0.1)
        #expect(p["folds_used"]?.doubleValue == 3)

        // A spec stored as JSON before the promise existed (no `promise` key) decodes with none.
        var old = try JSONValue(encoding: sampleSpec())
        if case .object(var o) = old {
            o["promise"] = nil
            old = .object(o)
        }
        let decoded = try JSONDecoder().decode(ModelSpec.self, from: JSONEncoder().encode(old))
        #expect(decoded.promise == nil)
    }

    @Test("the gate refuses a promise not above zero and the null band, and a forced publish is recorded", arguments: TestEngines.all)
    func gateAndForce(engine: DatabaseEngine) async throws {
        // Above zero but inside the null band: drift alone.
        var drift = sampleSpec()
        drift.promise = Self.promise(expectancy: Estimate(value: 0.08, low: 0.02, high: 0.14), null: Band(low: 0.01, high: 0.09))
        let refusal = try #require(PublishGate.refusal(drift))
        #expect(refusal.contains("0.080 [0.020, 0.140]") && refusal.contains("null band [0.010, 0.090]") && !refusal.contains("zero and"))
        var negative = sampleSpec()
        negative.promise = Self.promise(expectancy: Estimate(value: 0.01, low: -0.05, high: 0.07), null: Band(low: -0.1, high: 0.08))
        #expect(PublishGate.refusal(negative)?.contains("above zero and the null band") == true)
        #expect(PublishGate.refusal(sampleSpec())?.contains("no forward-validated promise") == true)
        var good = sampleSpec()
        good.promise = Self.promise(expectancy: Estimate(value: 0.3, low: 0.2, high: 0.4), null: Band(low: 0, high: 0.1))
        #expect(PublishGate.refusal(good) == nil)
        // A handful of forward alerts is no evidence, whatever their interval says.
        var few = good
        few.promise?.alerts = 12
        #expect(PublishGate.refusal(few)?.contains("only 12 forward alerts") == true)

        let db = try await TestDatabase.make(engine)
        defer { Task { await db.cleanup() } }
        let registry = SQLModelRegistry(store: db.store)
        let stored = try await registry.register(drift, run: nil, actor: "ci")
        let forced = ForcedPublish(by: "alice", at: "2026-12-03T16:00:00Z", refusal: refusal)
        let published = try await registry.publish(name: "swing-us", version: stored.version, actor: "alice", forced: forced) { _ in }
        #expect(published.status == .published)
        #expect(published.promise?.forcedPublish == forced)
        #expect(try await registry.listPublished().first?.promise?.forcedPublish?.by == "alice")
        let event = try #require(try await registry.history(name: "swing-us").last)
        #expect(event.action == "publish" && event.detail?["forced"]?["by"]?.stringValue == "alice")
    }
}
