import AlertsCore
import Features
import Foundation
import Logging
import Server
import Storage
import Testing

@Suite("Feature sets stored in the sc store")
struct StoredCatalogTests {
    @Test("a registered set resolves from the store; built-ins still resolve; an invalid set is refused and not stored")
    func registerAndResolve() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("alertsai-catalog-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let store = try await StoreFactory.open(url: try DatabaseURL("sqlite:\(dir.path)/sc.sqlite"), logger: logger)
        try await Migrator(store: store, logger: logger).migrate()
        let definitions = SQLDefinitionStore(store: store)
        let catalog = StoredFeatureSetCatalog(definitions: definitions)
        let mine = FeatureSetDefinition(
            name: "my-momentum", version: 1, timeframe: .d1, warmupBars: 100,
            indicators: [IndicatorFeature(spec: "rsi(14)", name: "rsi_14"), IndicatorFeature(spec: "roc(10)", name: "roc_10")],
            derived: [DerivedFeature(name: "rsi_x_roc", expr: "rsi_14 * roc_10")])
        try await catalog.register(mine)
        let resolved = try await catalog.resolveFeatureSet("my-momentum")
        #expect(resolved.featureNames == ["rsi_14", "roc_10", "rsi_x_roc"])
        #expect(try await definitions.all(.featureSet).map(\.name) == ["my-momentum"])
        // A second catalog over the same store (another process) sees it too.
        let again = try await StoredFeatureSetCatalog(definitions: SQLDefinitionStore(store: store)).resolveFeatureSet("my-momentum@v1")
        #expect(again.featureNames == resolved.featureNames)
        #expect(try await catalog.resolveFeatureSet("core-daily").featureNames.count > 20)
        let bad = FeatureSetDefinition(
            name: "bad", version: 1, warmupBars: 100, indicators: [IndicatorFeature(spec: "nosuch(3)", name: "x")])
        await #expect(throws: FeatureError.self) { try await catalog.register(bad) }
        #expect(try await definitions.all(.featureSet).count == 1)
        await store.shutdown()
    }
}
