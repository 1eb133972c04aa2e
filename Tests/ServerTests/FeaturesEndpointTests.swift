import AlertsCore
import Features
import Foundation
import Hummingbird
import HummingbirdTesting
import MarketData
import Server
import Testing

@Suite("POST /indicator_sets/auto_build")
struct FeaturesEndpointTests {
    static let asOf = Date(timeIntervalSince1970: 1_718_000_000)  // 2024-06-10, a Monday

    func withApp(maxBatch: Int = 1000, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        var (config, dir) = temporaryConfig()
        config.maxBatch = maxBatch
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = try await serviceKey(config, scopes: [.score])
        let app = try await buildApplication(config, clock: FixedClock(Self.asOf))
        try await TestKeys.$service.withValue(key) { try await app.test(.live, body) }
    }

    @Test("answers the latest closed-bar features, equal to the offline computation")
    func answers() async throws {
        try await withApp { client in
            let body = #"{"symbols":["AAPL","MSFT"],"timeframe":"1d","market":"US","set":"core-daily"}"#
            try await client.execute(
                uri: "/indicator_sets/auto_build", method: .post, headers: .api(key: TestKeys.service), body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .ok)
                let answer = try JSONDecoder.iso.decode(AutoBuildResponse.self, from: Data(buffer: response.body))
                #expect(answer.results.map(\.symbol) == ["AAPL", "MSFT"])
                #expect(answer.featureSet.features == BuiltInFeatureSets.coreDaily.featureNamesForTest)
                let aapl = try #require(answer.results.first?.features)
                // The same vector computed directly from the same provider and clock.
                let source = BarFeatureSource(
                    provider: SyntheticMarket(SyntheticMarket.Config(seed: 7, patternStrength: 1)), catalog: InMemoryFeatureSetCatalog.builtIn(),
                    clock: FixedClock(Self.asOf))
                let direct = try await source.fetch(symbol: "AAPL", timeframe: .d1, market: .us, binding: .indicatorSet("core-daily"))
                for (name, value) in direct { #expect(aapl[name] == .some(value.isFinite ? value : nil), "feature \(name)") }
            }
        }
    }

    @Test("an unknown set is 404 naming it; too many symbols is 413; bad JSON is 400")
    func errors() async throws {
        try await withApp(maxBatch: 2) { client in
            let unknown = #"{"symbols":["AAPL"],"set":"no-such-set"}"#
            try await client.execute(
                uri: "/indicator_sets/auto_build", method: .post, headers: .api(key: TestKeys.service), body: ByteBuffer(string: unknown)
            ) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("no-such-set"))
            }
            let many = #"{"symbols":["A","B","C"],"set":"core-daily"}"#
            try await client.execute(
                uri: "/indicator_sets/auto_build", method: .post, headers: .api(key: TestKeys.service), body: ByteBuffer(string: many)
            ) { response in
                #expect(response.status == .contentTooLarge)
            }
            try await client.execute(
                uri: "/indicator_sets/auto_build", method: .post, headers: .api(key: TestKeys.service), body: ByteBuffer(string: "{nope")
            ) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("\"error\""))
            }
        }
    }
}

extension JSONDecoder {
    static var iso: JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }
}

extension FeatureSetDefinition {
    var featureNamesForTest: [String] { (try? FeatureSet(self).featureNames) ?? [] }
}
