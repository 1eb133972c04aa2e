import AlertsCore
import MarketData
import Testing

@Suite("Memoized bar provider")
struct MemoizedBarProviderTests {
    @Test("answers inside the window equal the underlying provider's, outside it passes through")
    func sameBars() async throws {
        let market = SyntheticMarket(SyntheticMarket.Config(seed: 11, patternStrength: 1))
        let memo = MemoizedBarProvider(base: market, window: LocalDate(2020, 1, 1)...LocalDate(2021, 12, 31))
        for (from, to) in [
            (LocalDate(2020, 3, 2), LocalDate(2020, 6, 30)), (LocalDate(2021, 1, 1), LocalDate(2021, 1, 8)),
            (LocalDate(2020, 1, 1), LocalDate(2021, 12, 31)), (LocalDate(2019, 6, 1), LocalDate(2020, 2, 1)),
        ] {
            for tf in [Timeframe.d1, .h1] {
                let direct = try await market.bars(symbol: "AAPL", timeframe: tf, market: .us, from: from, to: to)
                let memoized = try await memo.bars(symbol: "AAPL", timeframe: tf, market: .us, from: from, to: to)
                #expect(memoized == direct, "\(tf) \(from)…\(to)")
                #expect(!direct.isEmpty)
            }
        }
        // A weekend-only range has no sessions and no bars.
        #expect(try await memo.bars(symbol: "AAPL", timeframe: .d1, market: .us, from: LocalDate(2020, 3, 7), to: LocalDate(2020, 3, 8)).isEmpty)
    }
}
