import AlertsCore
import Foundation
import MarketData
import Testing

@testable import Features

/// The online vector (from only the latest bars) must equal the offline matrix's row for the same bar, bit for bit.
@Suite struct OnlineOfflineAgreementTests {
    static let sets: [(FeatureSetDefinition, Timeframe, Int)] = [
        (BuiltInFeatureSets.coreDaily, .d1, 1100), (BuiltInFeatureSets.coreIntraday, .m5, 2000),
    ]

    @Test(arguments: [0, 1])
    func latestVectorEqualsMatrixRow(setIndex: Int) throws {
        let (definition, timeframe, count) = Self.sets[setIndex]
        let set = try FeatureSet(definition)
        let series = try FeatureTestSupport.bars("AGREE\(setIndex)", count: count, timeframe: timeframe)
        let matrix = FeatureBuilder(set: set, market: .us).matrix([series])
        let first = matrix.blocks[0].firstValidRow
        #expect(first < count - 100)
        for cut in [first, first + 1, first + 57, count - 211, count - 1] {
            let vector = try latestVector(series: series.slice(0..<(cut + 1)), set: set, market: .us)
            #expect(vector.timestamp == series.timestamps[cut])
            #expect(vector.names == set.featureNames)
            let row = matrix.row(cut)
            for (k, name) in set.featureNames.enumerated() {
                #expect(
                    FeatureTestSupport.sameBits(vector.values[k], row[k]),
                    "\(set.reference) \(name) at bar \(cut): online \(vector.values[k]) vs offline \(row[k])")
            }
        }
    }

    @Test func tooShortHistoryIsAnError() throws {
        let set = try FeatureSet(BuiltInFeatureSets.coreDaily)
        let series = try FeatureTestSupport.bars("SHORT", count: 320)
        #expect(throws: FeatureError.self) { try latestVector(series: series, set: set) }
    }

    @Test func featureSourceReadsClosedBarsFromTheProviderAndAgreesWithTheMatrix() async throws {
        let catalog = InMemoryFeatureSetCatalog.builtIn()
        let set = try await catalog.resolveFeatureSet("core-daily")
        // The offline matrix over a long history from the same synthetic market.
        let history = try SyntheticMarket().series(
            symbol: "AAPL", timeframe: .d1, market: .us, from: LocalDate(2019, 1, 1), to: LocalDate(2024, 6, 28))
        let matrix = FeatureBuilder(set: set, market: .us).matrix([history])
        let calendar = ExchangeMarketAdapter.us.calendar
        for date in [LocalDate(2024, 6, 28), LocalDate(2023, 11, 24), LocalDate(2022, 3, 15)] {
            let session = try #require(calendar.session(on: date))
            let row = history.firstIndex(atOrAfter: session.open)
            #expect(history.timestamps[row] == session.open)
            // After the close the day's bar counts; one minute before it, it is still forming and must be left out.
            for (instant, expected) in [(session.close, row), (session.close - 60_000, row - 1)] {
                let source = BarFeatureSource(
                    provider: SyntheticMarket(), catalog: catalog, clock: FixedClock(Date(timeIntervalSince1970: Double(instant) / 1000)))
                let vector = try await source.vector(symbol: "AAPL", timeframe: .d1, market: .us, set: set)
                #expect(vector.timestamp == history.timestamps[expected], "as of \(instant) the last closed bar is \(expected)")
                let offline = matrix.row(expected)
                let mismatches = set.featureNames.indices.filter { !FeatureTestSupport.sameBits(vector.values[$0], offline[$0]) }
                #expect(mismatches.isEmpty, "\(date): \(mismatches.map { set.featureNames[$0] }) differ")
                let dictionary = try await source.fetch(symbol: "AAPL", timeframe: .d1, market: .us, binding: .strategy("oversold-rebound"))
                #expect(dictionary.keys.sorted() == set.featureNames.sorted())
            }
        }
    }

    @Test func intradayFormingBarIsDropped() async throws {
        let catalog = InMemoryFeatureSetCatalog.builtIn()
        let set = try await catalog.resolveFeatureSet("core-intraday@v1")
        let session = try #require(ExchangeMarketAdapter.us.calendar.session(on: LocalDate(2024, 6, 27)))
        // 10:02 New York: the 09:55 bar closed at 10:00, the 10:00 bar is forming.
        let asOf = session.open + 32 * 60_000
        let clock = FixedClock(Date(timeIntervalSince1970: Double(asOf) / 1000))
        let source = BarFeatureSource(provider: SyntheticMarket(), catalog: catalog, clock: clock)
        let vector = try await source.vector(symbol: "MSFT", timeframe: .m5, market: .us, set: set)
        #expect(vector.timestamp == session.open + 25 * 60_000)
        #expect(vector.values[set.featureNames.firstIndex(of: "bar_of_session")!] == 5)
    }
}
