import AlertsCore
import Features
import Foundation
import MarketData
import Storage
import Testing

@testable import Alerting

/// A model's `scope.filters` (price, volume, sectors) hold on every run: symbols outside are `out_of_scope`.
@Suite("scope filters", .serialized)
struct ScopeFilterTests {
    func runner(_ f: ModelFixture) -> AlertRunner {
        AlertRunner(store: f.store, artifacts: f.artifacts, provider: SyntheticMarket(), catalog: InMemoryFeatureSetCatalog.builtIn())
    }

    func run(filters: [String: JSONValue], universe: String = "preset:us-mega-30") async throws -> AlertRunReport {
        let f = try await ModelFixture.make()
        defer { Task { await f.cleanup() } }
        try await f.publish(
            name: "swing", features: try await AlertRunnerTests.coreDaily(), threshold: 0, perRegime: AlertRunnerTests.everyone,
            scope: ModelScope(filters: filters))
        return try await runner(f).run(AlertRunRequest(target: .model("swing"), universe: universe, asOf: AlertRunnerTests.friday, mode: .preview))
    }

    @Test("sectors: only the listed sectors are scored")
    func sectors() async throws {
        let report = try await run(filters: ["sectors": .array([.string("Information Technology")])])
        let preset = try #require(UniversePresets.named("us-mega-30"))
        let tech = preset.instruments.filter { $0.sector == "Information Technology" }.count
        #expect(tech > 0 && tech < 30)
        #expect(report.counts["out_of_scope"] == 30 - tech)
        #expect(report.counts["scored"] == tech)
        #expect(report.alerts.allSatisfy { a in preset.instruments.first { $0.symbol == a.symbol }?.sector == "Information Technology" })
    }

    @Test("price and volume: bars outside the filters are not scored")
    func priceAndVolume() async throws {
        let none = try await run(filters: ["min_price": .number(1e12)], universe: AlertRunnerTests.universe)
        #expect(none.counts["out_of_scope"] == 6 && none.counts["scored"] == nil)
        let quiet = try await run(filters: ["min_avg_volume": .number(1e15)], universe: AlertRunnerTests.universe)
        #expect(quiet.counts["out_of_scope"] == 6)
        let all = try await run(
            filters: ["min_price": .number(0), "max_price": .number(1e12), "min_avg_volume": .number(0)], universe: AlertRunnerTests.universe)
        #expect((all.counts["out_of_scope"] ?? 0) == 0 && all.counts["scored"] == 6)
    }

    @Test("an unknown or wrong filter is an error naming it, with the nearest key")
    func refused() async throws {
        #expect(throws: CoreError.self) { try ScopeFilters(["min_prise": .number(3)]) }
        do {
            _ = try ScopeFilters(["min_prise": .number(3)])
        } catch {
            #expect("\(error)".contains("min_prise") && "\(error)".contains("min_price"))
        }
        #expect(throws: CoreError.self) { try ScopeFilters(["min_price": .string("cheap")]) }
        #expect(throws: CoreError.self) { try ScopeFilters(["min_price": .number(10), "max_price": .number(5)]) }
        #expect(throws: CoreError.self) { try ScopeFilters(["sectors": .array([])]) }
        await #expect(throws: AlertingError.self) { _ = try await run(filters: ["sektors": .array([.string("Energy")])]) }
    }
}
