import AlertsCore
import Foundation
import Testing
@testable import Training

/// The option ATM proxy and FX pip labelers on hand-made bars, against the formulas of docs/TRAINING.md.
@Suite struct InstrumentLabelerTests {
    /// 30 flat bars: realized volatility 0, so σ is the proxy's floor (10 %).
    func flatHistory() -> [(Double, Double, Double, Double)] { HandMadeBars.flat(30, price: 100, range: 0) }

    @Test func optionReturnIsElasticityTimesMoveMinusDecay() throws {
        let proxy = OptionProxy(delta: 0.5, targetDTE: 30, minDTE: 7, maxDTE: 60, volWindow: 20, minVolatility: 0.1)
        // By hand: T = 30/365 years; elasticity = 0.5 / (0.4 · 0.1 · √T); decay after one trading day = 1 − √(1 − 1/(30·252/365)).
        let years = 30.0 / 365
        let elasticity = 0.5 / (0.4 * 0.1 * years.squareRoot())
        let decay1 = 1 - (1 - 1 / (30.0 * 252 / 365)).squareRoot()
        #expect(abs(proxy.elasticity(volatility: 0.1) - elasticity) < 1e-9)
        #expect(abs(proxy.decay(tradingDays: 1) - decay1) < 1e-12)

        // A +1 % close after one day: the option made elasticity · 1 % − decay ≈ +41 %; no barrier touched at ±90 %.
        var bars = flatHistory()
        bars.append((100, 101, 100, 101))
        bars.append((101, 101, 101, 101))
        let s = HandMadeBars.series(bars)
        let wide = PlanSpec(side: .long, takeProfit: .percent(0.9), stop: .percent(0.9), maxHoldBars: 1, entry: .signalClose)
        let l = try #require(OptionProxyLabeler(proxy: proxy).walk(series: s, at: 29, plan: wide))
        #expect(l.meta.exitReason == .timeout)
        #expect(abs(l.meta.realizedReturn - (elasticity * 0.01 - decay1)) < 1e-9)

        // A 30 % take-profit on the premium is reached inside that bar; the exit price is the underlying's price there.
        let tight = PlanSpec(side: .long, takeProfit: .percent(0.3), stop: .percent(0.5), maxHoldBars: 3, entry: .signalClose)
        let hit = try #require(OptionProxyLabeler(proxy: proxy).walk(series: s, at: 29, plan: tight))
        #expect(hit.value == 1)
        #expect(hit.meta.exitIndex == 30)
        #expect(abs(hit.meta.exitPrice - 100 * (1 + (0.3 + decay1) / elasticity)) < 1e-9)

        // A put (short side) loses on the same move.
        let put = try #require(
            OptionProxyLabeler(proxy: proxy).label(
                series: s, at: 29,
                plan: PlanSpec(
                    side: .short, takeProfit: .percent(0.9), stop: .percent(0.9), maxHoldBars: 1, entry: .signalClose)))
        #expect(abs(put.meta.realizedReturn - (-elasticity * 0.01 - decay1)) < 1e-9)
    }

    @Test func timeDecayAloneStopsAFlatOptionTrade() throws {
        let proxy = OptionProxy()
        // Flat underlying: R_k = −(1 − √(1 − k/T)); a 20 % stop needs k/T ≥ 0.36, T = 30·252/365 ≈ 20.7 → k = 8.
        let s = HandMadeBars.series(flatHistory() + HandMadeBars.flat(12, price: 100, range: 0))
        let p = PlanSpec(side: .long, takeProfit: .percent(0.5), stop: .percent(0.2), maxHoldBars: 10, entry: .signalClose)
        let l = try #require(OptionProxyLabeler(proxy: proxy).walk(series: s, at: 29, plan: p))
        #expect(l.meta.exitReason == .stop)
        #expect(l.meta.exitIndex == 29 + 8)
    }

    @Test func optionHoldsMustEndBeforeTheMinimumDTE() {
        let proxy = OptionProxy(targetDTE: 30, minDTE: 7)
        let long = PlanSpec(side: .long, takeProfit: .percent(0.5), stop: .percent(0.3), maxHoldBars: 20)
        #expect(throws: TrainingError.self) { try proxy.check(plan: long, timeframe: .d1) }
        let ok = PlanSpec(side: .long, takeProfit: .percent(0.5), stop: .percent(0.3), maxHoldBars: 10)
        #expect(throws: Never.self) { try proxy.check(plan: ok, timeframe: .d1) }
        // On hourly bars 20 bars is about three trading days: fine.
        #expect(throws: Never.self) { try proxy.check(plan: long, timeframe: .h1) }
    }

    @Test func fxBarriersAreWholePips() throws {
        // EURUSD at 1.1: take-profit 0.1 % = 11 pips, stop 0.045 % = 4.95 → 5 pips (stop price 1.0995).
        let p = PlanSpec(side: .long, takeProfit: .percent(0.001), stop: .percent(0.00045), maxHoldBars: 5, entry: .signalClose)
        #expect(FXPipLabeler.pips(p.takeProfit, entry: 1.1, signalClose: 1.1, atr: nil, pipSize: 0.0001) == 11)
        #expect(FXPipLabeler.pips(p.stop, entry: 1.1, signalClose: 1.1, atr: nil, pipSize: 0.0001) == 5)
        let near = HandMadeBars.series([(1.1, 1.1, 1.1, 1.1), (1.1, 1.1005, 1.09951, 1.1), (1.1, 1.1002, 1.09949, 1.0996)], symbol: "EURUSD")
        let l = try #require(FXPipLabeler().walk(series: near, at: 0, plan: p))
        #expect(l.meta.exitIndex == 2)
        #expect(l.meta.exitReason == .stop)
        #expect(abs(l.meta.exitPrice - 1.0995) < 1e-12)
        #expect(abs(FXPipLabeler.pips(of: l, symbol: "EURUSD") - -5) < 1e-6)
        // Yen pairs: 0.01 per pip; 0.1 % of 150 = 15 pips → take-profit at 150.15.
        #expect(FXPipLabeler.pipSize(symbol: "USDJPY") == 0.01)
        let jpy = HandMadeBars.series([(150, 150, 150, 150), (150, 150.16, 149.99, 150.1)], symbol: "USDJPY")
        let t = try #require(FXPipLabeler().walk(series: jpy, at: 0, plan: p))
        #expect(t.value == 1)
        #expect(abs(t.meta.exitPrice - 150.15) < 1e-9)
    }

    @Test func adaptersHandOutTheirLabelers() {
        #expect(InstrumentAdapters.adapter(for: .equity).labeler() is TripleBarrierLabeler)
        #expect(InstrumentAdapters.adapter(for: .etf).kind == .etf)
        #expect(InstrumentAdapters.adapter(for: .option).labeler() is OptionProxyLabeler)
        #expect(InstrumentAdapters.adapter(for: .fx).labeler() is FXPipLabeler)
    }

    @Test func planGeneratorPricesTheBarriers() throws {
        let gen = BarrierPlanGenerator(kind: .equity, riskPerTrade: 0.01)
        let ctx = ScoringContext(
            instrument: Instrument(symbol: "AAPL", market: .us, kind: .equity), timeframe: .d1, barTime: 0, close: 200, atr: 4)
        let p = PlanSpec(side: .short, takeProfit: .atr(multiple: 2, period: 14), stop: .percent(0.02), maxHoldBars: 10)
        let plan = try #require(try gen.make(decision: .alert, score: 0.7, context: ctx, plan: p))
        #expect(abs(plan.takeProfitPrice - 192) < 1e-9)
        #expect(abs(plan.stopPrice - 204) < 1e-9)
        #expect(abs(plan.sizingHint - 0.5) < 1e-12)
        #expect(try gen.make(decision: .pass, score: 0.1, context: ctx, plan: p) == nil)
    }
}
