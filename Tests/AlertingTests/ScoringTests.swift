import AlertsCore
import Features
import Foundation
import Learning
import MarketData
import Storage
import Testing

@testable import Alerting

@Suite("scorer, regimes and plans")
struct ScoringTests {
    static let features = ["rsi_14", "ret_5", "rvol_20", "natr_14"]

    @Test("the model is loaded once per digest under concurrent requests; scores are calibrated probabilities with reasons")
    func cacheAndScore() async throws {
        let f = try await ModelFixture.make()
        defer { Task { await f.cleanup() } }
        let spec = try await f.publish(name: "swing", features: Self.features, threshold: 0.5)
        let cache = ModelCache(artifacts: f.artifacts)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<16 { group.addTask { _ = try await cache.model(for: spec) } }
            try await group.waitForAll()
        }
        #expect(await cache.loads == 1)
        let scorer = ModelScorer(model: try await cache.model(for: spec))
        let oversold = try scorer.score(features: ["rsi_14": 22, "ret_5": -0.05, "rvol_20": 0.01, "natr_14": 2], regime: nil)
        let overbought = try scorer.score(features: ["rsi_14": 80, "ret_5": 0.05, "rvol_20": 0.01, "natr_14": 2], regime: nil)
        #expect(oversold.score > 0.6 && oversold.decision == .alert)
        #expect(overbought.score < 0.4 && overbought.decision == .pass)
        let top = try #require(oversold.reasons.first)
        #expect(top.feature == "rsi_14")
        #expect(top.text == "RSI(14) at 22 — oversold — raised the score most")
    }

    @Test("a missing or non-finite feature is an error naming it; a tampered artifact is refused")
    func badInputs() async throws {
        let f = try await ModelFixture.make()
        defer { Task { await f.cleanup() } }
        let spec = try await f.publish(name: "swing", features: Self.features)
        let scorer = ModelScorer(model: try await ModelCache(artifacts: f.artifacts).model(for: spec))
        #expect(throws: AlertingError.missingFeature("natr_14", row: 4)) {
            try scorer.score(features: ["rsi_14": 22, "ret_5": -0.05, "rvol_20": 0.01], regime: nil, row: 4)
        }
        #expect(throws: AlertingError.nonFiniteFeature("ret_5", value: .infinity, row: nil)) {
            try scorer.score(features: ["rsi_14": 22, "ret_5": .infinity, "rvol_20": 0.01, "natr_14": 1], regime: nil)
        }
        var tampered = spec
        tampered.artifactDigest = String(repeating: "0", count: 64)
        await #expect(throws: AlertingError.self) { try await ModelCache(artifacts: f.artifacts).model(for: tampered) }
        var renamed = spec
        renamed.featureset.features = ["rsi_14", "ret_5", "rvol_20", "adx_14"]
        await #expect(throws: AlertingError.self) { try await ModelCache(artifacts: f.artifacts).model(for: renamed) }
    }

    @Test("thresholds: a per-regime value wins; high volatility is stricter by default; low and normal keep the base")
    func bending() {
        let a = VolatilityRegimeAdapter()
        let high = Regime(volatility: .high, trend: .flat), low = Regime(volatility: .low, trend: .up)
        #expect(a.threshold(base: Thresholds(alert: 0.6, perRegime: ["high_vol": 0.8]), regime: high) == 0.8)
        #expect(abs(a.threshold(base: Thresholds(alert: 0.6), regime: high) - 0.65) < 1e-12)
        #expect(a.threshold(base: Thresholds(alert: 0.6), regime: low) == 0.6)
        #expect(a.threshold(base: Thresholds(alert: 0.6, perRegime: ["low_vol": 0.55]), regime: low) == 0.55)
    }

    @Test("the regime from a tail equals the whole series' regime at that bar")
    func regimeTail() throws {
        let series = try SyntheticMarket().series(symbol: "AAPL", timeframe: .d1, market: .us, count: 900, endingOn: LocalDate(2024, 6, 28))
        let full = RegimeClassifier().classify(series)
        let a = VolatilityRegimeAdapter()
        for i in [400, 650, 899] { #expect(a.regimeIfKnown(series: series, at: i) == full[i]) }
    }

    @Test("plans: percent and ATR barriers at the bar's prices, sizing capped, options inside the window, FX in pips")
    func plans() throws {
        let gen = InstrumentPlanGenerator(sizing: PlanSizing(riskPerTrade: 0.01, maxPosition: 0.25))
        let ctx = ScoringContext(instrument: Instrument(symbol: "AAPL", market: .us, kind: .equity), timeframe: .d1, barTime: 0, close: 200, atr: 4)
        let p = try gen.resolve(plan: PlanSpec(takeProfit: .atr(multiple: 2, period: 14), stop: .percent(0.02), maxHoldBars: 10), context: ctx)
        #expect(abs(p.takeProfitPrice - 208) < 1e-9 && abs(p.stopPrice - 196) < 1e-9)
        #expect(abs(p.sizingHint - 0.25) < 1e-12)  // 1 % / 2 % = 50 %, capped at 25 %
        let short = try gen.resolve(plan: PlanSpec(side: .short, takeProfit: .percent(0.04), stop: .percent(0.08), maxHoldBars: 5), context: ctx)
        #expect(abs(short.stopPrice - 216) < 1e-9 && abs(short.takeProfitPrice - 192) < 1e-9 && abs(short.sizingHint - 0.125) < 1e-12)
        #expect(throws: AlertingError.self) {
            var noATR = ctx
            noATR.atr = nil
            _ = try gen.resolve(plan: PlanSpec(takeProfit: .atr(multiple: 2, period: 14), stop: .percent(0.02), maxHoldBars: 10), context: noATR)
        }
        // Options: DTE inside the window, lengthened until the leverage hint is under the cap when it can be.
        let window = OptionsWindow(minDTE: 7, maxDTE: 60, maxLeverage: 10)
        var opt = ctx
        opt.instrument.kind = .option
        opt.atr = 8  // ~2.6 % daily moves
        let tenDays = PlanSpec(takeProfit: .percent(0.03), stop: .percent(0.02), maxHoldBars: 10)
        let o = try InstrumentPlanGenerator(options: window).resolve(plan: tenDays, context: opt)
        let dte = try #require(o.hints["dte"]?.doubleValue), lev = try #require(o.hints["leverage"]?.doubleValue)
        #expect(dte == 28)  // twice the hold's 14 calendar days
        #expect(lev <= 10)
        #expect(o.hints["strike"]?.doubleValue == 200)
        let strictCap = try InstrumentPlanGenerator(options: OptionsWindow(minDTE: 7, maxDTE: 60, maxLeverage: 8))
            .resolve(plan: tenDays, context: opt)
        #expect((strictCap.hints["dte"]?.doubleValue ?? 0) > 28 && (strictCap.hints["leverage"]?.doubleValue ?? 99) <= 8)
        opt.atr = 4  // calmer: even 60 days leaves the leverage over 10, so the options guardrail will suppress it
        let calm = try InstrumentPlanGenerator(options: window).resolve(plan: tenDays, context: opt)
        #expect(calm.hints["dte"]?.doubleValue == 60 && (calm.hints["leverage"]?.doubleValue ?? 0) > 10)
        let fx = ScoringContext(instrument: Instrument(symbol: "EURUSD", market: .fx, kind: .fx), timeframe: .h1, barTime: 0, close: 1.08, atr: nil)
        let x = try gen.resolve(plan: PlanSpec(takeProfit: .percent(0.005), stop: .percent(0.0025), maxHoldBars: 24), context: fx)
        #expect(x.hints["stop_pips"]?.doubleValue == 27)
        #expect(x.hints["take_profit_pips"]?.doubleValue == 54)
        #expect(x.hints["pip_size"]?.doubleValue == 0.0001)
    }
}

@Suite("serving TreeSHAP")
struct ServingTreeSHAPTests {
    @Test("the path-buffer TreeSHAP equals Learning's TreeSHAP, and contributions add up to the raw score")
    func equalsReference() throws {
        let features = ["rsi_14", "ret_5", "rvol_20", "natr_14", "adx_14", "volz_20"]
        let model = try ModelFixture.trainModel(features: features, rows: 800, seed: 3)
        guard case .trees(let trees) = model.predictor else {
            Issue.record("expected a tree model")
            return
        }
        let shap = PathBufferTreeSHAP(model: trees)
        var rng = SeededGenerator(seed: 9)
        for _ in 0..<50 {
            let row = features.map { $0.hasPrefix("rsi") ? Double.random(in: 0...100, using: &rng) : Double.random(in: -1...1, using: &rng) }
            let reference = trees.contributions(row)
            var phi = [Double](repeating: 0, count: features.count)
            row.withUnsafeBufferPointer { r in phi.withUnsafeMutableBufferPointer { shap.contributions(r, into: $0) } }
            for (a, b) in zip(phi, reference.values) { #expect(abs(a - b) < 1e-12) }
            #expect(abs(reference.expectedValue + phi.reduce(0, +) - trees.rawScore(row)) < 1e-9)
        }
    }
}
