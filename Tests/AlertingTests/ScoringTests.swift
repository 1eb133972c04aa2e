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
        // Options: a listed expiry (Fridays) inside the window, lengthened until the leverage hint is under the cap when it can be.
        let window = OptionsWindow(minDTE: 7, maxDTE: 60, maxLeverage: 10)
        var opt = ctx
        opt.instrument.kind = .option
        opt.barTime = ExchangeMarketAdapter.of(.us).calendar.openInstant(on: LocalDate("2024-06-28")!)
        opt.atr = 8  // ~2.6 % daily moves
        let tenDays = PlanSpec(takeProfit: .percent(0.03), stop: .percent(0.02), maxHoldBars: 10)
        let o = try InstrumentPlanGenerator(options: window).resolve(plan: tenDays, context: opt)
        let dte = try #require(o.hints["dte"]?.doubleValue), lev = try #require(o.hints["leverage"]?.doubleValue)
        #expect(dte == 28)  // twice the hold's 14 calendar days from Friday 28 June 2024: Friday 26 July
        #expect(lev <= 10)
        #expect(o.hints["strike"]?.doubleValue == 200)
        let strictCap = try InstrumentPlanGenerator(options: OptionsWindow(minDTE: 7, maxDTE: 60, maxLeverage: 8))
            .resolve(plan: tenDays, context: opt)
        #expect((strictCap.hints["dte"]?.doubleValue ?? 0) > 28 && (strictCap.hints["leverage"]?.doubleValue ?? 99) <= 8)
        opt.atr = 4  // calmer: even 60 days leaves the leverage over 10, so the options guardrail will suppress it
        let calm = try InstrumentPlanGenerator(options: window).resolve(plan: tenDays, context: opt)
        #expect(calm.hints["dte"]?.doubleValue == 56 && (calm.hints["leverage"]?.doubleValue ?? 0) > 10)  // the last Friday within 60 days
        let fx = ScoringContext(instrument: Instrument(symbol: "EURUSD", market: .fx, kind: .fx), timeframe: .h1, barTime: 0, close: 1.08, atr: nil)
        let x = try gen.resolve(plan: PlanSpec(takeProfit: .percent(0.005), stop: .percent(0.0025), maxHoldBars: 24), context: fx)
        #expect(x.hints["stop_pips"]?.doubleValue == 27)
        #expect(x.hints["take_profit_pips"]?.doubleValue == 54)
        #expect(x.hints["pip_size"]?.doubleValue == 0.0001)
    }
}

@Suite("serving TreeSHAP")
struct ServingTreeSHAPTests {
    /// A model with deep trees over few features, so paths test one feature several times and some reach more
    /// unique features than the table limit.
    static func deepModel() throws -> GradientBoostedTrees {
        let features = (0..<8).map { "f\($0)" }
        var rng = SeededGenerator(seed: 21)
        var columns = [[Double]](repeating: [], count: features.count)
        var labels: [Double] = []
        for _ in 0..<3000 {
            let row = features.map { _ in Double.random(in: -1...1, using: &rng) }
            for j in row.indices { columns[j].append(row[j]) }
            let signal = (row[0] > 0) != (row[1] * row[2] > 0.1) || sin(4 * row[3]) > 0.8
            labels.append(signal != (Double.random(in: 0...1, using: &rng) < 0.1) ? 1 : 0)
        }
        var p = GBDTParameters()
        p.numRounds = 12
        p.numLeaves = 63
        p.minDataInLeaf = 5
        p.learningRate = 0.3
        return try GradientBoostedTrees.train(on: try Dataset(featureNames: features, columns: columns, labels: labels), parameters: p)
    }

    @Test("the leaf-table TreeSHAP equals Learning's TreeSHAP with tables, without them and with a budget, row by row and in batches")
    func leafTablesEqualReference() throws {
        let trees = try Self.deepModel()
        let width = trees.featureNames.count
        var rng = SeededGenerator(seed: 5)
        // Rows with NaN and exact zeros too, so every missing-value branch is taken.
        var rows: [Double] = []
        for r in 0..<40 {
            for f in 0..<width {
                rows.append(r % 7 == 3 && f == r % width ? .nan : r % 5 == 1 && f == 2 ? 0 : Double.random(in: -1.2...1.2, using: &rng))
            }
        }
        let reference = (0..<40).map { r in trees.contributions(Array(rows[(r * width)..<((r + 1) * width)])) }
        let full = LeafTableTreeSHAP(model: trees)
        let none = LeafTableTreeSHAP(model: trees, maxTableFeatures: 0, tableBudget: 0)
        let some = LeafTableTreeSHAP(model: trees, maxTableFeatures: 12, tableBudget: full.tableStatistics.entries / 3)
        #expect(full.tableStatistics.tabled > 0 && none.tableStatistics.tabled == 0)
        #expect(some.tableStatistics.tabled > 0 && some.tableStatistics.direct > 0)
        #expect(full.maxSlots > 3, "the fixture should have paths with several unique features")
        #expect(full.edges.count > full.slots.count, "the fixture should have paths that test one feature twice")
        for shap in [full, none, some] {
            var batch = [Double](repeating: 0, count: rows.count)
            rows.withUnsafeBufferPointer { r in
                batch.withUnsafeMutableBufferPointer { shap.contributions(rows: r.baseAddress!, count: 40, into: $0.baseAddress!) }
            }
            for r in 0..<40 {
                var single = [Double](repeating: 0, count: width)
                rows.withUnsafeBufferPointer { all in
                    single.withUnsafeMutableBufferPointer { shap.contributions(rows: all.baseAddress! + r * width, count: 1, into: $0.baseAddress!) }
                }
                for f in 0..<width {
                    let expected = reference[r].values[f]
                    #expect(abs(batch[r * width + f] - expected) <= 1e-10 * max(1, abs(expected)), "row \(r) feature \(f)")
                    #expect(single[f] == batch[r * width + f])
                }
                let raw = trees.rawScore(Array(rows[(r * width)..<((r + 1) * width)]))
                #expect(abs(reference[r].expectedValue + batch[(r * width)..<((r + 1) * width)].reduce(0, +) - raw) < 1e-9)
            }
        }
    }

    @Test("batch scoring answers what row-by-row scoring answers")
    func batchEqualsSingle() async throws {
        let f = try await ModelFixture.make()
        defer { Task { await f.cleanup() } }
        let features = ["rsi_14", "ret_5", "rvol_20", "natr_14"]
        let spec = try await f.publish(name: "swing", features: features)
        let serving = try await ModelCache(artifacts: f.artifacts).model(for: spec)
        let model = serving.model
        let scorer = ModelScorer(model: serving)
        var rng = SeededGenerator(seed: 8)
        let rows = (0..<30).map { _ in
            features.map { $0.hasPrefix("rsi") ? Double.random(in: 0...100, using: &rng) : Double.random(in: -1...1, using: &rng) }
        }
        let flat = rows.flatMap { $0 }
        let batch = flat.withUnsafeBufferPointer { scorer.score(rows: $0, count: rows.count, regime: nil) }
        for (row, b) in zip(rows, batch) {
            let one = scorer.score(row: row, regime: nil)
            #expect(one == b)
            #expect(abs(one.score - min(1, max(0, model.score(raw: model.rawScore(row))))) < 1e-15)
            #expect(one.reasons.count == 3)
        }
    }
}

@Suite("reason numbers")
struct ReasonNumberTests {
    @Test("fixed-point text is what printf prints, ties and signs included")
    func fixedMatchesPrintf() {
        var rng = SeededGenerator(seed: 12)
        var values: [Double] = [
            0, -0.0, 0.125, 0.375, 2.5, 3.5, -2.5, 0.0005, 0.0015, 1.005, 2.675, 999.95, 9.995, 0.9995, 5e-324, 1e-300,
            4503599627370495.5, 9007199254740991, -0.0004, 123456.789,
        ]
        for _ in 0..<20_000 {
            let magnitude = pow(10, Double.random(in: -5...12, using: &rng))
            values.append(Double.random(in: -magnitude...magnitude, using: &rng))
            // Exact ties at every decimal count: k / 2^j with small j.
            values.append(Double(Int.random(in: -100_000...100_000, using: &rng)) / Double(1 << Int.random(in: 1...4, using: &rng)))
        }
        var mismatches: [String] = []
        for v in values {
            for d in 0...3 {
                let expected = String(format: "%.\(d)f", v)
                let got = ReasonVocabulary.fixed(v, decimals: d)
                if got != expected && mismatches.count < 5 { mismatches.append("\(v) %.\(d)f: \(got) vs \(expected)") }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
        #expect(ReasonVocabulary.number(24.13) == "24.1" && ReasonVocabulary.percent(0.0423) == "4.2 %")
    }
}
