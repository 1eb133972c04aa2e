import AlertsCore
import Foundation
import MarketData
import Testing

@testable import Features

/// auto_build: batch limit, unknown set, strategy entry, per-symbol errors; the many-symbol matrix layout.
@Suite struct FeatureServiceTests {
    static let asOf = Date(timeIntervalSince1970: Double(ExchangeMarketAdapter.us.calendar.session(on: LocalDate(2024, 6, 28))!.close) / 1000)

    func service(limit: Int = 3) -> FeatureService {
        let source = BarFeatureSource(provider: SyntheticMarket(), catalog: InMemoryFeatureSetCatalog.builtIn(), clock: FixedClock(Self.asOf))
        return FeatureService(source: source, maxSymbols: limit)
    }

    @Test func typedErrors() async throws {
        await #expect(throws: FeatureError.tooManySymbols(count: 4, limit: 3)) {
            try await service().autoBuild(AutoBuildRequest(symbols: ["A", "B", "C", "D"], set: "core-daily"))
        }
        do {
            _ = try await service().autoBuild(AutoBuildRequest(symbols: ["A"], set: "core-hourly"))
            Issue.record("unknown set accepted")
        } catch let error as FeatureError {
            guard case let .unknownFeatureSet(name, _, known) = error else { Issue.record("wrong error \(error)"); return }
            #expect(name == "core-hourly" && known.contains("core-daily@v1"))
        }
        await #expect(throws: FeatureError.self) {
            try await service().autoBuild(AutoBuildRequest(symbols: ["A"], set: "core-daily", strategy: "trend-pullback"))
        }
    }

    @Test func strategyAnswerMatchesTheOfflineEntry() async throws {
        let response = try await service().autoBuild(
            AutoBuildRequest(symbols: ["AAPL", "MSFT"], timeframe: .d1, market: .us, strategy: "oversold-rebound"))
        #expect(response.featureSet.name == "core-daily" && response.strategy == "oversold-rebound@v1")
        #expect(response.results.map(\.symbol) == ["AAPL", "MSFT"])
        let strategy = try await InMemoryFeatureSetCatalog.builtIn().resolveStrategy("oversold-rebound")
        for result in response.results {
            #expect(result.error == nil)
            #expect(result.barTime == "2024-06-28T13:30:00Z")
            #expect(result.features?.count == strategy.featureSet.featureNames.count)
            let history = try SyntheticMarket().series(
                symbol: result.symbol, timeframe: .d1, market: .us, from: LocalDate(2020, 1, 1), to: LocalDate(2024, 6, 28))
            let frame = FeatureBuilder(set: strategy.featureSet, market: .us).frame(history)
            #expect(result.entry == (try frame.evaluate(strategy.entry).last == 1))
            let rsi = frame.column("rsi_14")!.last!
            #expect(result.features?["rsi_14"] == .some(rsi))
        }
        // The response encodes as JSON (NaN-free: missing values are null).
        let json = try JSONEncoder().encode(response)
        #expect(String(decoding: json, as: UTF8.self).contains("\"feature_set\""))
    }

    @Test func matrixOfManySymbolsKeepsEachSymbolsRowsInOrder() throws {
        let set = try FeatureSet(BuiltInFeatureSets.coreDaily)
        let series = try ["S1", "S2", "S3"].enumerated().map { try FeatureTestSupport.bars($0.element, count: 700 + 50 * $0.offset) }
        let builder = FeatureBuilder(set: set, market: .us)
        let matrix = builder.matrix(series)
        #expect(matrix.rowCount == series.reduce(0) { $0 + $1.count })
        #expect(matrix.columns.allSatisfy { $0.count == matrix.rowCount })
        for (s, block) in matrix.blocks.enumerated() {
            let frame = builder.frame(series[s])
            #expect(block.symbol == series[s].symbol && block.rows.count == series[s].count)
            #expect(block.firstValidRow - block.rows.lowerBound == frame.firstValidRow)
            for i in [0, frame.firstValidRow, series[s].count - 1] {
                let r = block.rows.lowerBound + i
                #expect(matrix.symbol(ofRow: r) == series[s].symbol)
                #expect(matrix.timestamps[r] == series[s].timestamps[i])
                #expect(zip(matrix.row(r), frame.row(i)).allSatisfy { FeatureTestSupport.sameBits($0, $1) })
            }
        }
        #expect(matrix.validRows.count == matrix.blocks.reduce(0) { $0 + $1.rows.upperBound - $1.firstValidRow })
    }

    @Test func buildFetchesFromTheProviderAndCarriesEntrySignals() async throws {
        let strategy = try await InMemoryFeatureSetCatalog.builtIn().resolveStrategy("oversold-rebound")
        let builder = FeatureBuilder(set: strategy.featureSet, market: .us)
        let (series, matrix) = try await builder.build(
            symbols: ["E1", "E2"], timeframe: .d1, from: LocalDate(2019, 1, 1), to: LocalDate(2023, 12, 29), provider: SyntheticMarket(),
            entry: strategy.entry)
        let signals = try #require(matrix.entrySignals)
        #expect(signals.count == matrix.rowCount)
        for (s, block) in matrix.blocks.enumerated() {
            let frame = builder.frame(series[s])
            let expected = try frame.evaluate(strategy.entry)
            #expect(Array(signals[block.rows]) == expected)
            #expect(signals[block.rows.lowerBound..<block.firstValidRow].allSatisfy { $0 == 0 })
            // The rule must fire now and then on the synthetic market, and only where it holds on the raw features.
            let fired = block.rows.filter { signals[$0] == 1 }
            #expect(!fired.isEmpty)
            for r in fired {
                let i = r - block.rows.lowerBound
                #expect(frame.rawColumn("rsi_14")![i] < 35 && frame.rawColumn("ret_5")![i] < -0.03)
            }
        }
    }

    @Test func calendarFeaturesFollowTheMarket() throws {
        let set = try FeatureSet(
            FeatureSetDefinition(
                name: "cal", version: 1, warmupBars: 2, indicators: [],
                calendar: [CalendarFeature(kind: "day_of_week"), CalendarFeature(kind: "bar_of_session")]))
        let series = try FeatureTestSupport.bars("CAL", count: 200, timeframe: .h1)
        let frame = FeatureBuilder(set: set, market: .us).frame(series)
        let calendar = ExchangeMarketAdapter.us.calendar
        for i in frame.firstValidRow..<series.count {
            let t = series.timestamps[i]
            let session = try #require(calendar.session(containing: t))
            #expect(frame.columns[0][i] == Double(LocalDate(session.date)!.weekday))
            #expect(frame.columns[1][i] == Double((t - session.open) / 3_600_000))
        }
    }
}
