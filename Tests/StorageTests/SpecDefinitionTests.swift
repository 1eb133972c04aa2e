import AlertsCore
import Foundation
import Storage
import Testing

@Suite("Model registry: what a model carries to run anywhere")
struct SpecDefinitionTests {
    @Test("an inline feature set's definition and a strategy's entry are stored with the spec and read back", arguments: TestEngines.all)
    func storedWithTheSpec(engine: DatabaseEngine) async throws {
        let db = try await TestDatabase.make(engine)
        defer { Task { await db.cleanup() } }
        let registry = SQLModelRegistry(store: db.store)
        var spec = sampleSpec(name: "inline-strategy")
        let definition: JSONValue = .object([
            "name": .string("my-light"), "version": .number(1), "warmup_bars": .number(40),
            "indicators": .array([.object(["spec": .string("rsi(14)"), "name": .string("rsi_14")])]),
        ])
        spec.featureset = FeatureSetRef(name: "my-light", version: 1, features: ["rsi_14"], definition: definition)
        spec.labelCfg.strategy = "oversold-rebound@v1"
        spec.labelCfg.entry = "rsi_14 < 35"
        _ = try await registry.register(spec, run: nil, actor: "ci")
        let back = try await registry.spec(name: "inline-strategy", version: 1)
        #expect(back.featureset == spec.featureset)
        #expect(back.labelCfg.strategy == "oversold-rebound@v1" && back.labelCfg.entry == "rsi_14 < 35")
        // A spec stored without them (every model before) reads back with none.
        _ = try await registry.register(sampleSpec(name: "plain"), run: nil, actor: "ci")
        let plain = try await registry.spec(name: "plain", version: 1)
        #expect(plain.featureset.definition == nil && plain.labelCfg.entry == nil && plain.labelCfg.strategy == nil)
    }
}
