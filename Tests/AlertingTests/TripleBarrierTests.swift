import AlertsCore
import Testing

@testable import Alerting

@Suite("outcome resolution on hand-made bars")
struct TripleBarrierTests {
    /// Bars from (open, high, low, close) tuples, one day apart; bar 0 is the signal bar.
    func series(_ rows: [(Double, Double, Double, Double)]) -> BarSeries {
        BarSeries(
            symbol: "X", timeframe: .d1,
            bars: rows.enumerated().map { i, r in Bar(timestamp: Int64(i) * 86_400_000, open: r.0, high: r.1, low: r.2, close: r.3, volume: 1) })
    }

    func resolve(_ rows: [(Double, Double, Double, Double)], side: TradeSide = .long, entry: EntryRule = .nextOpen, hold: Int = 3)
        -> LabelMeta?
    {
        TripleBarrierResolver.resolve(
            series: series(rows), signalIndex: 0, side: side, entry: entry, takeProfitPct: 0.05, stopPct: 0.02, maxHoldBars: hold)
    }

    @Test("take-profit touched inside a bar exits at the take-profit price, label 1")
    func takeProfit() throws {
        let m = try #require(resolve([(100, 100, 100, 100), (100, 101, 99, 100.5), (100.5, 105.5, 100, 104)]))
        #expect(m.exitReason == .takeProfit)
        #expect(m.exitIndex == 2)
        #expect(abs(m.exitPrice - 105) < 1e-12)
        #expect(abs(m.realizedReturn - 0.05) < 1e-12)
        #expect(abs(m.mae - (-0.01)) < 1e-12)
        #expect(abs(m.mfe - 0.05) < 1e-12)
    }

    @Test("stop touched exits at the stop price")
    func stop() throws {
        let m = try #require(resolve([(100, 100, 100, 100), (100, 101, 97.5, 98)]))
        #expect(m.exitReason == .stop)
        #expect(abs(m.exitPrice - 98) < 1e-12)
        #expect(abs(m.realizedReturn - (-0.02)) < 1e-12)
    }

    @Test("a bar touching both barriers exits at the stop")
    func both() throws {
        let m = try #require(resolve([(100, 100, 100, 100), (100, 106, 97, 101)]))
        #expect(m.exitReason == .stop)
        #expect(abs(m.exitPrice - 98) < 1e-12)
    }

    @Test("a gap through the stop exits at the open, worse than the stop")
    func gapStop() throws {
        // Entry at the next open (100); the bar after gaps down to 95.
        let m = try #require(resolve([(100, 100, 100, 100), (100, 101, 99.5, 100), (95, 96, 94, 95.5)]))
        #expect(m.exitReason == .stop)
        #expect(m.exitPrice == 95)
        #expect(abs(m.realizedReturn - (-0.05)) < 1e-12)
    }

    @Test("a gap through the take-profit exits at the open, better than the target")
    func gapTakeProfit() throws {
        let m = try #require(resolve([(100, 100, 100, 100), (100, 101, 99.5, 100), (107, 108, 106, 107)]))
        #expect(m.exitReason == .takeProfit)
        #expect(m.exitPrice == 107)
    }

    @Test("no barrier within the hold times out at the last bar's close, label 0")
    func timeout() throws {
        let m = try #require(resolve([(100, 100, 100, 100), (100, 101, 99, 100), (100, 102, 99, 101), (101, 103, 98.5, 102.5)]))
        #expect(m.exitReason == .timeout)
        #expect(m.exitIndex == 3)
        #expect(m.exitPrice == 102.5)
        #expect(abs(m.mfe - 0.03) < 1e-12)
        #expect(abs(m.mae - (-0.015)) < 1e-12)
    }

    @Test("short trades mirror the barriers")
    func short() throws {
        let m = try #require(resolve([(100, 100, 100, 100), (100, 100.5, 94, 95)], side: .short))
        #expect(m.exitReason == .takeProfit)
        #expect(abs(m.exitPrice - 95) < 1e-12)
        #expect(abs(m.realizedReturn - 0.05) < 1e-12)
    }

    @Test("signal-close entry: the first bar's gap counts")
    func signalClose() throws {
        let m = try #require(resolve([(99, 100, 99, 100), (97, 98, 96, 97)], entry: .signalClose))
        #expect(m.entryPrice == 100)
        #expect(m.exitReason == .stop)
        #expect(m.exitPrice == 97)
    }

    @Test("a hold that is not over yet resolves to nothing")
    func pending() {
        #expect(resolve([(100, 100, 100, 100), (100, 101, 99, 100), (100, 101, 99, 100)]) == nil)
    }
}
