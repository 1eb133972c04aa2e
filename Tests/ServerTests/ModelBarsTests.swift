import AlertsCore
import Foundation
import MarketData
import Server
import Testing

/// A model's runs use the bars it was trained on, unless data.provider says otherwise, and then say so.
@Suite("bars follow the model")
struct ModelBarsTests {
    func spec(data: JSONValue?) -> ModelSpec {
        ModelSpec(
            name: "goog-swing", version: 2, featureset: FeatureSetRef(name: "core-daily", version: 1, features: ["rsi_14"]),
            labelCfg: LabelConfig(
                instrument: .equity, timeframe: .d1, plan: PlanSpec(takeProfit: .percent(0.04), stop: .percent(0.02), maxHoldBars: 10)),
            modelURI: "artifacts://sha256/x", artifactDigest: String(repeating: "a", count: 64), thresholds: Thresholds(alert: 0.6),
            trainingCfg: data.map { .object(["data": $0]) } ?? .object([:]))
    }

    @Test("a model trained on one's own CSV is run on that CSV, not on the default synthetic market")
    func csvModelRunsOnItsCSV() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("model-bars-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("date,open,high,low,close,volume\n2024-01-02T00:00:00Z,100,101,99,100.5,10\n".utf8).write(to: dir.appendingPathComponent("GOOG.csv"))
        let trained = spec(data: .object(["provider": .string("csv"), "csv": .object(["path": .string(dir.path)])]))
        let config = try await AppConfig.load(overrides: [:], environment: [:])
        #expect(!config.dataProviderSet && config.dataProvider == "synthetic")
        let bars = try ModelBars.resolve(config, for: trained)
        #expect(bars.source == BarSource(provider: "csv", csvPath: dir.path))
        #expect(bars.provider.name == "csv" && bars.note == nil)
        let series = try await bars.provider.bars(
            symbol: "GOOG", timeframe: .d1, market: .us, from: LocalDate(2024, 1, 1), to: LocalDate(2024, 1, 31), progress: nil)
        #expect(series.close == [100.5])
        // csv:* lists that folder.
        #expect(try await bars.universes(watchlists: nil).resolve("csv:*").map(\.symbol) == ["GOOG"])
    }

    @Test("data.provider set says otherwise: the configured bars are used and the difference is noted")
    func explicitProviderWinsAndIsNoted() async throws {
        let trained = spec(data: .object(["provider": .string("csv"), "csv": .object(["path": .string("/data/goog")])]))
        let config = try await AppConfig.load(overrides: [:], environment: ["ALERTSAI_DATA_PROVIDER": "synthetic"])
        #expect(config.dataProviderSet)
        let bars = try ModelBars.resolve(config, for: trained)
        #expect(bars.provider.name == SyntheticMarket(SyntheticMarket.Config(seed: 7, patternStrength: 1)).name)
        let note = try #require(bars.note)
        #expect(note.contains("synthetic") && note.contains("csv /data/goog") && note.contains("goog-swing@v2"), "\(note)")
        // The same source as the model's: no note.
        let same = spec(data: .object(["provider": .string("synthetic"), "synthetic": .object(["seed": .number(7), "strength": .number(1)])]))
        #expect(try ModelBars.resolve(config, for: same).note == nil)
    }

    @Test("a synthetic model keeps its own seed and strength; a spec without a training config uses data.provider")
    func syntheticSeedAndImportedModels() async throws {
        let config = try await AppConfig.load(overrides: [:], environment: [:])
        let trained = spec(data: .object(["provider": .string("synthetic"), "synthetic": .object(["seed": .number(3), "strength": .number(0.5)])]))
        #expect(try ModelBars.resolve(config, for: trained).source == BarSource(provider: "synthetic", syntheticSeed: 3, syntheticStrength: 0.5))
        #expect(try ModelBars.resolve(config, for: spec(data: nil)).source == BarSource(config: config))
        #expect(try ModelBars.resolve(config, for: nil).source == BarSource(config: config))
    }
}
