import Foundation
import Testing

@testable import AlertsCore

/// Trade statistics on hand-made trades, every figure worked out by hand.
@Suite struct TradeStatisticsTests {
    // Day 1: +2 % (win), −1 %; day 2: −1 %; day 3: +3 % (win), −2 %. One risk unit = 1 %, so R = percent here.
    let trades = [
        Trade(day: 1, netReturnPct: 2, netR: 2, win: true, regime: "low_vol"),
        Trade(day: 1, netReturnPct: -1, netR: -1, win: false, regime: "low_vol"),
        Trade(day: 2, netReturnPct: -1, netR: -1, win: false, regime: "high_vol"),
        Trade(day: 3, netReturnPct: 3, netR: 3, win: true, regime: "high_vol"),
        Trade(day: 3, netReturnPct: -2, netR: -2, win: false, regime: "normal_vol"),
    ]

    @Test func figuresByHand() {
        // Given latest day first (each day's trades in order): the statistics put them in day order. Session day 4 had
        // no alert: a flat day in the Sharpe ratio.
        let s = TradeStatistics.measure([trades[3], trades[4], trades[2], trades[0], trades[1]], sessions: [1, 2, 3, 4])
        #expect(s.alerts == 5 && s.days == 4)
        #expect(s.winRate == 0.4)
        #expect(s.averageWinPct == 2.5)
        #expect(abs(s.averageLossPct! - (-4.0 / 3)) < 1e-12)
        // Σ wins 5 / |Σ losses| 4.
        #expect(s.profitFactor == 1.25)
        #expect(abs(s.expectancyPct! - 0.2) < 1e-12 && abs(s.expectancyR! - 0.2) < 1e-12)
        // Equity in day order 2, 1, 0, 3, 1: the fall from 2 to 0 (and from 3 to 1) is 2.
        #expect(s.maxDrawdownPct == 2 && s.maxDrawdownR == 2)
        // Daily P&L 1, −1, 1, 0: mean 0.25, sample sd √(2.75 / 3), × √252.
        let sharpe = 0.25 / (2.75 / 3).squareRoot() * 252.0.squareRoot()
        #expect(abs(s.sharpe! - sharpe) < 1e-9)
        #expect(s.periodsPerYear == 252)
    }

    @Test func edgeCases() {
        let none = TradeStatistics.measure([])
        #expect(none.alerts == 0 && none.winRate == nil && none.expectancyPct == nil && none.sharpe == nil && none.maxDrawdownR == 0)
        let allWins = TradeStatistics.measure([Trade(day: 1, netReturnPct: 1, netR: 1, win: true)])
        #expect(allWins.profitFactor == nil, "no losses: no profit factor")
        #expect(TradeStatistics.maxDrawdown([-1, -1, 3, -4]) == 4)
    }

    @Test func baseAndNullBand() {
        let selected = trades.filter(\.win)
        let c = TradeComparison.measure(selected: selected, pool: trades, draws: 400, seed: 3)
        #expect(c.selected.expectancyPct == 2.5)
        #expect(abs(c.base!.expectancyPct! - 0.2) < 1e-12)
        let band = c.nullBand!
        #expect(band.picks == 2 && band.draws == 400)
        // Two of the five at random: the mean lies between the worst pair (−1.5) and the best (2.5).
        #expect(band.expectancyPct.low! >= -1.5 && band.expectancyPct.high! <= 2.5 && band.expectancyPct.low! < band.expectancyPct.high!)
        // Picking all five at random is the base itself.
        let all = NullBand.permutation(pool: trades, picks: 5, draws: 50, seed: 1)!
        #expect(abs(all.expectancyPct.low! - 0.2) < 1e-12 && abs(all.expectancyPct.high! - 0.2) < 1e-12)
        #expect(all.winRate.low == 0.4 && all.winRate.high == 0.4)
        // Seeded: the same band twice.
        #expect(
            NullBand.permutation(pool: trades, picks: 2, draws: 100, seed: 9) == NullBand.permutation(pool: trades, picks: 2, draws: 100, seed: 9))
    }
}
