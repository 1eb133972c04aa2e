import AlertsCore
import Foundation
import Testing

@testable import MarketData

/// The cache file format and the coverage arithmetic the Polygon provider relies on.
@Suite struct BarCacheTests {
    @Test func coverageMergesAndReportsGaps() {
        var set = DateRangeSet()
        set.insert(LocalDate(2024, 3, 1)...LocalDate(2024, 3, 31))
        set.insert(LocalDate(2024, 5, 1)...LocalDate(2024, 5, 31))
        set.insert(LocalDate(2024, 4, 1)...LocalDate(2024, 4, 10))  // adjacent to March: merges
        #expect(set.ranges == [LocalDate(2024, 3, 1)...LocalDate(2024, 4, 10), LocalDate(2024, 5, 1)...LocalDate(2024, 5, 31)])
        #expect(
            set.missing(in: LocalDate(2024, 2, 15)...LocalDate(2024, 6, 5)) == [
                LocalDate(2024, 2, 15)...LocalDate(2024, 2, 29), LocalDate(2024, 4, 11)...LocalDate(2024, 4, 30),
                LocalDate(2024, 6, 1)...LocalDate(2024, 6, 5),
            ])
        #expect(set.missing(in: LocalDate(2024, 3, 5)...LocalDate(2024, 3, 9)).isEmpty)
    }

    @Test func roundTripsBitsAndRejectsGarbage() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("md-barcache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let cache = BarCache(directory: dir)
        let series = try SyntheticMarket(.init(seed: 1)).series(
            symbol: "C:EURUSD", timeframe: .h1, market: .fx, count: 300, endingOn: LocalDate(2024, 5, 31))
        let entry = BarCache.Entry(coverage: DateRangeSet([LocalDate(2024, 5, 1)...LocalDate(2024, 5, 31)]), series: series)
        try cache.save(entry, source: "polygon", market: .fx, timeframe: .h1, symbol: "C:EURUSD")
        #expect(try cache.load(source: "polygon", market: .fx, timeframe: .h1, symbol: "C:EURUSD") == entry)
        #expect(try cache.load(source: "polygon", market: .fx, timeframe: .h1, symbol: "GBPUSD") == nil)
        let url = cache.fileURL(source: "polygon", market: .fx, timeframe: .h1, symbol: "C:EURUSD")
        try Data("not a cache".utf8).write(to: url)
        #expect(throws: MarketDataError.self) { try cache.load(source: "polygon", market: .fx, timeframe: .h1, symbol: "C:EURUSD") }
    }
}
