import AlertsCore
import Features
import Foundation
import Testing

@testable import Training

/// The triple-barrier walk on hand-made bars: every exit reason, the conservative same-bar rule, gaps and the end of data.
@Suite struct TripleBarrierTests {
    let labeler = TripleBarrierLabeler()

    func plan(tp: Double = 0.05, stop: Double = 0.05, hold: Int = 5, side: TradeSide = .long, entry: EntryRule = .signalClose) -> PlanSpec {
        PlanSpec(side: side, takeProfit: .percent(tp), stop: .percent(stop), maxHoldBars: hold, entry: entry)
    }

    @Test func takeProfitBeforeStop() throws {
        let s = HandMadeBars.series([(100, 100, 100, 100), (100, 103, 99, 102), (102, 106, 101, 105), (105, 107, 90, 91)])
        let l = try #require(labeler.walk(series: s, at: 0, plan: plan()))
        #expect(l.value == 1)
        #expect(l.meta.exitReason == .takeProfit)
        #expect(l.meta.exitIndex == 2)
        #expect(l.meta.t0 == s.timestamps[0] && l.meta.t1 == s.timestamps[2])
        #expect(abs(l.meta.exitPrice - 105) < 1e-9)
        #expect(abs(l.meta.realizedReturn - 0.05) < 1e-12)
        // Bar 1 went to +3 % and −1 %; the exit itself is +5 %.
        #expect(abs(l.meta.mfe - 0.05) < 1e-12)
        #expect(abs(l.meta.mae - -0.01) < 1e-12)
    }

    @Test func stopBeforeTakeProfit() throws {
        let s = HandMadeBars.series([(100, 100, 100, 100), (100, 102, 94, 96), (96, 120, 95, 119)])
        let l = try #require(labeler.walk(series: s, at: 0, plan: plan()))
        #expect(l.value == 0)
        #expect(l.meta.exitReason == .stop)
        #expect(l.meta.exitIndex == 1)
        #expect(abs(l.meta.exitPrice - 95) < 1e-9)
        #expect(abs(l.meta.realizedReturn - -0.05) < 1e-12)
    }

    @Test func timeoutExitsAtTheLastClose() throws {
        let s = HandMadeBars.series([(100, 100, 100, 100), (100, 102, 98, 101), (101, 103, 99, 102), (102, 104, 100, 103), (103, 200, 1, 150)])
        let l = try #require(labeler.label(series: s, at: 0, plan: plan(hold: 3)))
        #expect(l.value == 0)
        #expect(l.meta.exitReason == .timeout)
        #expect(l.meta.exitIndex == 3)
        #expect(abs(l.meta.realizedReturn - 0.03) < 1e-12)
        #expect(abs(l.meta.mfe - 0.04) < 1e-12)
        #expect(abs(l.meta.mae - -0.02) < 1e-12)
    }

    @Test func aBarTouchingBothBarriersCountsTheStop() throws {
        let s = HandMadeBars.series([(100, 100, 100, 100), (100, 106, 94, 100)])
        let l = try #require(labeler.walk(series: s, at: 0, plan: plan()))
        #expect(l.value == 0)
        #expect(l.meta.exitReason == .stop)
        #expect(abs(l.meta.exitPrice - 95) < 1e-9)
    }

    @Test func aGapThroughABarrierExitsAtTheOpen() throws {
        let down = HandMadeBars.series([(100, 100, 100, 100), (92, 93, 90, 91)])
        let stop = try #require(labeler.walk(series: down, at: 0, plan: plan()))
        #expect(stop.meta.exitReason == .stop)
        #expect(abs(stop.meta.exitPrice - 92) < 1e-9)
        #expect(abs(stop.meta.realizedReturn - -0.08) < 1e-12)

        let up = HandMadeBars.series([(100, 100, 100, 100), (108, 109, 107, 108)])
        let tp = try #require(labeler.walk(series: up, at: 0, plan: plan()))
        #expect(tp.value == 1)
        #expect(abs(tp.meta.exitPrice - 108) < 1e-9)
        #expect(abs(tp.meta.realizedReturn - 0.08) < 1e-12)
    }

    @Test func nextOpenEntersAtTheOpenAndGapsCountFromTheSecondBar() throws {
        // Entry at bar 1's open (90, far below the signal close): no gap exit on the entry bar itself.
        let s = HandMadeBars.series([(100, 100, 100, 100), (90, 91, 89.5, 90), (95, 96, 94, 95)])
        let l = try #require(labeler.walk(series: s, at: 0, plan: plan(entry: .nextOpen)))
        #expect(l.meta.entryPrice == 90)
        // Bar 2 opens at 95 ≥ 90 × 1.05 = 94.5: a gap through the take-profit, filled at the open.
        #expect(l.meta.exitReason == .takeProfit)
        #expect(l.meta.exitIndex == 2)
        #expect(abs(l.meta.exitPrice - 95) < 1e-9)
    }

    @Test func dataEndingBeforeTheTradeEndsGivesNoLabel() {
        let s = HandMadeBars.series([(100, 100, 100, 100), (100, 101, 99, 100), (100, 101, 99, 100)])
        #expect(labeler.label(series: s, at: 0, plan: plan(hold: 5)) == nil)
        // The last bar has no next bar to enter on.
        #expect(labeler.label(series: s, at: 2, plan: plan(entry: .nextOpen)) == nil)
        // A barrier hit before the data ends resolves the walk (live outcomes), but is no training label: the hold
        // does not fit in the data.
        let hit = HandMadeBars.series([(100, 100, 100, 100), (100, 106, 99, 105)])
        #expect(labeler.walk(series: hit, at: 0, plan: plan(hold: 5))?.value == 1)
        #expect(labeler.label(series: hit, at: 0, plan: plan(hold: 5)) == nil)
    }

    @Test func atrBarriersUseATRAtTheSignalBar() throws {
        // 30 bars with a true range of 2 → ATR(14) = 2; take-profit 2 × ATR = +4 on 100, stop 1 × ATR = −2.
        var bars = HandMadeBars.flat(30)
        bars.append((100, 103.9, 98.5, 103))
        bars.append((103, 104.5, 102, 104))
        let s = HandMadeBars.series(bars)
        #expect(AverageTrueRange.at(s, index: 29, period: 14) == 2)
        let p = PlanSpec(
            side: .long, takeProfit: .atr(multiple: 2, period: 14), stop: .atr(multiple: 1, period: 14), maxHoldBars: 5, entry: .signalClose)
        let l = try #require(labeler.walk(series: s, at: 29, plan: p))
        #expect(l.meta.exitReason == .takeProfit)
        #expect(l.meta.exitIndex == 31)
        #expect(abs(l.meta.exitPrice - 104) < 1e-9)
        // Too little history for ATR(14): no label.
        #expect(labeler.label(series: s, at: 5, plan: p) == nil)
        // The batch form agrees with the single form.
        let batch = labeler.labels(series: s, at: [5, 29], plan: p)
        #expect(batch[0] == nil && batch[1] == labeler.label(series: s, at: 29, plan: p))
        #expect(labeler.labels(series: s, at: [5, 26], plan: p) == [nil, labeler.label(series: s, at: 26, plan: p)])
    }

    @Test func atrBarriersAreFractionsOfTheSignalCloseEvenAfterAGap() throws {
        // ATR(14) = 2 at a close of 100; the next bar gaps up to open 110. Take-profit 2 × ATR = 4 % of the signal
        // close — the fraction an alert made at that close proposes — so the label's take-profit is 110 × 1.04.
        var bars = HandMadeBars.flat(30)
        bars.append((110, 114.3, 109, 114))
        bars.append((114, 114.5, 113, 114.2))
        let s = HandMadeBars.series(bars)
        let p = PlanSpec(side: .long, takeProfit: .atr(multiple: 2, period: 14), stop: .atr(multiple: 1, period: 14), maxHoldBars: 5)
        let l = try #require(labeler.walk(series: s, at: 29, plan: p))
        // 4 / 110 = 3.6 % (a fraction of the entry) would be 114.0, reached on the entry bar; 4 % of 110 is 114.4,
        // reached on the bar after.
        #expect(l.meta.entryPrice == 110 && l.meta.exitReason == .takeProfit)
        #expect(l.meta.exitIndex == 31 && abs(l.meta.exitPrice - 114.4) < 1e-9)
        let context = ScoringContext(
            instrument: Instrument(symbol: "TEST", market: .us, kind: .equity), timeframe: .d1, barTime: 0, close: 100, atr: 2)
        let plan = try #require(try BarrierPlanGenerator(kind: .equity).make(decision: .alert, score: 0.9, context: context, plan: p))
        #expect(abs(plan.takeProfitPct - 0.04) < 1e-12 && abs(plan.stopPct - 0.02) < 1e-12)
    }

    @Test func shortTradesWinWhenPriceFalls() throws {
        let s = HandMadeBars.series([(100, 100, 100, 100), (100, 101, 97, 98), (98, 99, 94, 95)])
        let l = try #require(labeler.walk(series: s, at: 0, plan: plan(side: .short)))
        #expect(l.value == 1)
        #expect(l.meta.exitReason == .takeProfit)
        #expect(abs(l.meta.exitPrice - 95) < 1e-9)
        #expect(abs(l.meta.realizedReturn - 0.05) < 1e-12)
        #expect(abs(l.meta.mae - -0.01) < 1e-12)
        let up = HandMadeBars.series([(100, 100, 100, 100), (100, 106, 99, 105)])
        let stopped = try #require(labeler.walk(series: up, at: 0, plan: plan(side: .short)))
        #expect(stopped.meta.exitReason == .stop)
        #expect(abs(stopped.meta.exitPrice - 105) < 1e-9)
    }

    @Test func resolveTradeIsTheLabelerItself() throws {
        let s = HandMadeBars.series([(100, 100, 100, 100), (100, 103, 99, 102), (102, 106, 101, 105)])
        let p = plan(hold: 2)
        #expect(labeler.resolveTrade(series: s, signalIndex: 0, plan: p, atrAtSignal: nil) == labeler.label(series: s, at: 0, plan: p))
        #expect(labeler.label(series: s, at: 0, plan: p) != nil)
        let atrPlan = PlanSpec(side: .long, takeProfit: .atr(multiple: 1, period: 14), stop: .percent(0.5), maxHoldBars: 2, entry: .signalClose)
        // With ATR given at the signal (e.g. stored with the alert) the trade resolves without the history.
        let r = try #require(labeler.resolveTrade(series: s, signalIndex: 0, plan: atrPlan, atrAtSignal: 5))
        #expect(r.meta.exitIndex == 2 && abs(r.meta.exitPrice - 105) < 1e-9)
    }

    @Test func costsGiveNetReturnsAndRMultiplesButKeepTheLabel() throws {
        // US defaults: 0.5 + 2 bps per side, 5 bps round trip on the entry notional.
        let costs = TradeCosts.defaults(market: .us, kind: .equity)
        #expect(costs == TradeCosts(commissionBps: 0.5, slippageBps: 2) && abs(costs.roundTrip - 0.0005) < 1e-15)
        var p = plan(tp: 0.04, stop: 0.02, hold: 2)
        p.costs = costs
        let win = HandMadeBars.series([(100, 100, 100, 100), (100, 101, 99, 100.5), (100.5, 104.5, 100, 104)])
        let l = try #require(labeler.label(series: win, at: 0, plan: p))
        #expect(l.value == 1 && l.meta.exitReason == .takeProfit)
        #expect(abs(l.meta.realizedReturn - 0.04) < 1e-12)
        #expect(abs(l.meta.netReturn - 0.0395) < 1e-12)
        #expect(abs(l.meta.netR - 1.975) < 1e-12)  // 0.0395 / 0.02
        let loss = HandMadeBars.series([(100, 100, 100, 100), (100, 101, 97, 98), (98, 99, 97, 98)])
        let s = try #require(labeler.label(series: loss, at: 0, plan: p))
        #expect(s.value == 0 && s.meta.exitReason == .stop)
        #expect(abs(s.meta.netReturn - -0.0205) < 1e-12)
        #expect(abs(s.meta.netR - -1.025) < 1e-12)
        // Without costs net equals gross.
        let gross = try #require(labeler.label(series: win, at: 0, plan: plan(tp: 0.04, stop: 0.02, hold: 2)))
        #expect(gross.meta.netReturn == gross.meta.realizedReturn && abs(gross.meta.netR - 2) < 1e-12)
    }

    @Test func anEventWhoseHoldDoesNotFitIsDroppedWhateverItsOutcome() throws {
        // A take-profit on the first bar after the signal, but the 5-bar hold runs past the data: no label, exactly as a
        // would-be timeout there has none (keeping only early exits would bias the end of the data towards barrier hits).
        let s = HandMadeBars.series([(100, 100, 100, 100), (100, 106, 99, 105), (105, 106, 104, 105)])
        #expect(labeler.label(series: s, at: 0, plan: plan(hold: 5)) == nil)
        #expect(labeler.labels(series: s, at: [0], plan: plan(hold: 5)) == [nil])
        // The same event with a hold that fits is labeled.
        #expect(labeler.label(series: s, at: 0, plan: plan(hold: 2))?.value == 1)
        // The walk itself (live outcomes) still resolves an early exit as soon as it happens.
        #expect(labeler.resolveTrade(series: s, signalIndex: 0, plan: plan(hold: 5), atrAtSignal: nil)?.value == 1)
    }

    @Test func planDocumentReadsCostsInSnakeCase() throws {
        let json = #"{"take_profit": 0.04, "stop": 0.02, "max_hold_bars": 5, "costs": {"commission_bps": 1, "slippage_bps": 3}}"#
        let doc = try JSONDecoder().decode(PlanDocument.self, from: Data(json.utf8))
        #expect(doc.spec.costs == TradeCosts(commissionBps: 1, slippageBps: 3))
        let bare = try JSONDecoder().decode(PlanDocument.self, from: Data(#"{"take_profit": 0.04, "stop": 0.02, "max_hold_bars": 5}"#.utf8))
        #expect(bare.spec.costs == nil)
        let again = try JSONDecoder().decode(PlanDocument.self, from: JSONEncoder().encode(doc))
        #expect(again.spec == doc.spec)
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode(
                PlanDocument.self, from: Data(#"{"take_profit": 0.04, "stop": 0.02, "max_hold_bars": 5, "costs": {"fee": 1}}"#.utf8))
        }
    }
}

extension TradeResolver {
    /// The walk itself, without the training rule that the whole hold must fit in the data (what live outcomes use).
    func walk(series: BarSeries, at i: Int, plan: PlanSpec) -> Label? {
        resolveTrade(
            series: series, signalIndex: i, plan: plan, atrAtSignal: plan.atrPeriod.flatMap { AverageTrueRange.at(series, index: i, period: $0) })
    }
}
