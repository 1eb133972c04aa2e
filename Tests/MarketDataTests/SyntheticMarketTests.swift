import AlertsCore
import Foundation
import Testing

@testable import MarketData

/// The synthetic market: determinism, OHLC invariants, consistency across timeframes, and planted signal that
/// exists at strength 1 and not at strength 0 — measured with a rule written here from observable bars only.
@Suite struct SyntheticMarketTests {
    static let end = LocalDate(2024, 12, 31)

    @Test func sameSeedSameBarsAndRequestIndependence() throws {
        let a = try SyntheticMarket(.init(seed: 7)).series(symbol: "SYN001", timeframe: .d1, market: .us, count: 500, endingOn: Self.end)
        let b = try SyntheticMarket(.init(seed: 7)).series(symbol: "SYN001", timeframe: .d1, market: .us, count: 500, endingOn: Self.end)
        #expect(a == b)
        #expect(a.count == 500)
        let otherSeed = try SyntheticMarket(.init(seed: 8)).series(symbol: "SYN001", timeframe: .d1, market: .us, count: 500, endingOn: Self.end)
        let otherSymbol = try SyntheticMarket(.init(seed: 7)).series(symbol: "SYN002", timeframe: .d1, market: .us, count: 500, endingOn: Self.end)
        #expect(a.close != otherSeed.close)
        #expect(a.close != otherSymbol.close)
        // A bar does not depend on the range asked for.
        let narrow = try SyntheticMarket(.init(seed: 7)).series(
            symbol: "SYN001", timeframe: .d1, market: .us, from: LocalDate(2024, 6, 1), to: LocalDate(2024, 6, 30))
        let wide = a.between(from: narrow.timestamps.first!, to: narrow.timestamps.last! + 1)
        #expect(narrow == wide)
        #expect(narrow.count == 19)  // June 2024: 20 weekdays, Juneteenth closed
        // Daily bars sit at their session's open.
        let sessions = try ExchangeMarketAdapter.us.calendar.sessions(from: LocalDate(2024, 6, 1), to: LocalDate(2024, 6, 30))
        #expect(Array(narrow.timestamps) == sessions.map(\.open))
    }

    func checkInvariants(_ s: BarSeries, _ label: String) {
        var bad = 0
        for i in 0..<s.count {
            let ok =
                s.low[i] > 0 && s.low[i] <= min(s.open[i], s.close[i]) && s.high[i] >= max(s.open[i], s.close[i])
                && s.volume[i] >= 0 && s.open[i].isFinite && s.high[i].isFinite && (i == 0 || s.timestamps[i] > s.timestamps[i - 1])
            if !ok { bad += 1 }
        }
        #expect(bad == 0, "\(label): \(bad) bars break OHLC invariants")
        #expect(s.count > 0, "\(label) is empty")
    }

    @Test(arguments: Market.allCases)
    func ohlcInvariantsOnEveryBar(market: Market) throws {
        let m = SyntheticMarket(.init(seed: 3))
        for symbol in ["AAA", "BBB", "USDJPY"] {
            checkInvariants(try m.series(symbol: symbol, timeframe: .d1, market: market, count: 2520, endingOn: Self.end), "\(market) \(symbol) 1d")
            checkInvariants(try m.series(symbol: symbol, timeframe: .w1, market: market, count: 200, endingOn: Self.end), "\(market) \(symbol) 1w")
            for tf in [Timeframe.m5, .h1] {
                let s = try m.series(symbol: symbol, timeframe: tf, market: market, from: LocalDate(2024, 11, 25), to: LocalDate(2024, 12, 6))
                checkInvariants(s, "\(market) \(symbol) \(tf.rawValue)")
            }
        }
    }

    @Test func intradayBarsAggregateToTheDailyBar() throws {
        let m = SyntheticMarket(.init(seed: 11))
        let from = LocalDate(2024, 11, 25)
        let to = LocalDate(2024, 11, 29)  // includes Black Friday's 13:00 close
        let daily = try m.series(symbol: "AGG", timeframe: .d1, market: .us, from: from, to: to)
        let minutes = try m.series(symbol: "AGG", timeframe: .m15, market: .us, from: from, to: to)
        let calendar = ExchangeMarketAdapter.us.calendar
        #expect(daily.count == 4)
        for i in 0..<daily.count {
            let session = try #require(calendar.session(containing: daily.timestamps[i]))
            let bars = minutes.between(from: session.open, to: session.close)
            #expect(bars.count == calendar.barStarts(of: session, timeframe: .m15).count)
            #expect(bars.open.first == daily.open[i])
            #expect(bars.close.last == daily.close[i])
            #expect(bars.high.max() == daily.high[i])
            #expect(bars.low.min() == daily.low[i])
            #expect(bars.volume.reduce(0, +) == daily.volume[i])
        }
    }

    /// Forward-return edge of an oversold rule computed from bars alone: a 4-session log drawdown beyond
    /// 3·(20-session realized σ) while that σ is below the symbol's median (a calm market). Returns (edge, t).
    func oversoldEdge(strength: Double) throws -> (edge: Double, t: Double, events: Int) {
        let market = SyntheticMarket(.init(seed: 21, patternStrength: strength))
        var all: [Double] = []
        var events: [Double] = []
        for k in 0..<30 {
            let s = try market.series(symbol: String(format: "SYN%03d", k), timeframe: .d1, market: .us, count: 2520, endingOn: Self.end)
            let c = s.close
            var r = [Double](repeating: 0, count: c.count)
            for i in 1..<c.count { r[i] = log(c[i] / c[i - 1]) }
            var sigma = [Double](repeating: .nan, count: c.count)
            for i in 21..<c.count {
                let w = r[(i - 19)...i]
                let mean = w.reduce(0, +) / 20
                sigma[i] = (w.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 19).squareRoot()
            }
            let median = sigma.filter { !$0.isNaN }.sorted()[(c.count - 21) / 2]
            var i = 21
            while i < c.count - 5 {
                let forward = log(c[i + 5] / c[i])
                all.append(forward)
                let drawdown = r[(i - 3)...i].reduce(0, +)
                if sigma[i] < median && drawdown < -3 * sigma[i] {
                    events.append(forward)
                    i += 5  // non-overlapping events
                } else {
                    i += 1
                }
            }
        }
        let base = all.reduce(0, +) / Double(all.count)
        let mean = events.reduce(0, +) / Double(events.count)
        let sd = (events.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(events.count - 1)).squareRoot()
        return (mean - base, (mean - base) / (sd / Double(events.count).squareRoot()), events.count)
    }

    @Test func plantedReboundIsLearnableAtStrengthOneAndAbsentAtZero() throws {
        let strong = try oversoldEdge(strength: 1)
        let none = try oversoldEdge(strength: 0)
        #expect(strong.events > 300 && none.events > 300, "too few events: \(strong.events), \(none.events)")
        #expect(strong.t > 4, "strength 1: edge \(strong.edge), t \(strong.t) over \(strong.events) events")
        #expect(strong.edge > 0.005, "strength 1: edge \(strong.edge)")
        #expect(abs(none.t) < 3, "strength 0: edge \(none.edge), t \(none.t) over \(none.events) events")
    }

    @Test func volumeRisesWithAbsoluteReturn() throws {
        let s = try SyntheticMarket(.init(seed: 5, patternStrength: 0)).series(
            symbol: "VOL", timeframe: .d1, market: .us, count: 2520, endingOn: Self.end)
        var x: [Double] = []
        var y: [Double] = []
        for i in 1..<s.count {
            x.append(abs(log(s.close[i] / s.close[i - 1])))
            y.append(log(s.volume[i]))
        }
        let mx = x.reduce(0, +) / Double(x.count)
        let my = y.reduce(0, +) / Double(y.count)
        let cov = zip(x, y).map { ($0 - mx) * ($1 - my) }.reduce(0, +)
        let corr = cov / (x.map { ($0 - mx) * ($0 - mx) }.reduce(0, +) * y.map { ($0 - my) * ($0 - my) }.reduce(0, +)).squareRoot()
        #expect(corr > 0.3, "corr(|r|, log volume) = \(corr)")
    }

    @Test func rejectsBadConfig() {
        var c = SyntheticMarket.Config()
        c.patternStrength = 1.5
        #expect(throws: MarketDataError.self) {
            try SyntheticMarket(c).series(symbol: "X", timeframe: .d1, market: .us, count: 10, endingOn: Self.end)
        }
    }
}
