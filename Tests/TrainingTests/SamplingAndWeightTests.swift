import AlertsCore
import Foundation
import MarketData
import Testing
@testable import Training

/// CUSUM events and uniqueness weights on hand-computed cases.
@Suite struct SamplingAndWeightTests {
    @Test func cusumFiresWhenCumulativeReturnsCrossTheThreshold() {
        // Log returns 0.01, 0.01, 0.01, −0.02, −0.02, 0.005 with h = 0.025:
        // S⁺ = 0.01, 0.02, 0.03 > h → event at bar 3 (reset); S⁻ = −0.02, −0.04 < −h → event at bar 5.
        let returns = [0.01, 0.01, 0.01, -0.02, -0.02, 0.005]
        var close = ContiguousArray<Double>([100])
        for r in returns { close.append(close.last! * exp(r)) }
        #expect(CUSUMFilter(threshold: 0.025).events(close: close) == [3, 5])
        // A higher threshold lets only the up-run through (0.03 > 0.029), a lower one fires more often.
        #expect(CUSUMFilter(threshold: 0.029).events(close: close) == [3, 5])
        #expect(CUSUMFilter(threshold: 0.035).events(close: close) == [5])
        #expect(CUSUMFilter(threshold: 0.015).events(close: close) == [2, 4, 5])
    }

    @Test func cusumWithAVolatilityThresholdWaitsForItsWindow() {
        var close = ContiguousArray<Double>([100])
        for i in 0..<60 { close.append(close.last! * exp(i % 3 == 2 ? -0.01 : 0.01)) }
        let events = CUSUMFilter(volatilityMultiple: 1, volWindow: 20).events(close: close)
        #expect(events.allSatisfy { $0 > 20 })
        #expect(!events.isEmpty)
    }

    @Test func uniquenessOnAHandComputedCase() {
        // Spans [0,2], [1,3], [4,4]: concurrency 1,2,2,1,1 → uniqueness (1+½+½)/3, (½+½+1)/3, 1.
        let u = SampleUniqueness.averageUniqueness(spans: [(0, 2), (1, 3), (4, 4)])
        #expect(u.count == 3)
        #expect(abs(u[0] - 2.0 / 3) < 1e-12)
        #expect(abs(u[1] - 2.0 / 3) < 1e-12)
        #expect(abs(u[2] - 1) < 1e-12)
        // Identical spans share equally.
        #expect(SampleUniqueness.averageUniqueness(spans: [(5, 9), (5, 9)]) == [0.5, 0.5])
        // Weights keep the mean at 1.
        let w = SampleUniqueness.normalized(u)
        #expect(abs(w.reduce(0, +) - 3) < 1e-12)
        #expect(w[2] > w[0])
        #expect(abs(SampleUniqueness.effectiveCount(u) - 7.0 / 3) < 1e-12)
    }

    @Test func theDesignEffectScalesEachBarByTheOpenSymbolsAndTheirCorrelation() {
        #expect(SampleUniqueness.designEffect(openSymbols: 1, rho: 0.9) == 1)
        #expect(SampleUniqueness.designEffect(openSymbols: 4, rho: 0) == 1)
        #expect(SampleUniqueness.designEffect(openSymbols: 4, rho: 1) == 0.25)
        #expect(abs(SampleUniqueness.designEffect(openSymbols: 3, rho: 0.5) - 0.5) < 1e-15)
        #expect(SampleUniqueness.designEffect(openSymbols: 3, rho: -0.4) == 1)
        // Scaled bars: span [0, 1] with bar 1 scaled by ½ → (1 + ½) / 2.
        #expect(SampleUniqueness.averageUniqueness(spans: [(0, 1)]) { $0 == 1 ? 0.5 : 1 } == [0.75])
        #expect(SampleUniqueness.concurrency(spans: [(0, 2), (1, 3)], count: 5) == [1, 2, 2, 1, 0])
        // Correlation on a common clock with gaps (NaN): identical series 1, a sign flip −1, too little overlap nil.
        let x: [Double] = (0..<100).map { sin(Double($0) * 0.37) + 0.1 * Double($0 % 7) }
        var gappy = x
        gappy[10] = .nan
        #expect(abs(SampleUniqueness.averageCorrelation(returns: [x, gappy])! - 1) < 1e-12)
        #expect(abs(SampleUniqueness.averageCorrelation(returns: [x, x.map { -$0 }])! + 1) < 1e-12)
        #expect(SampleUniqueness.averageCorrelation(returns: [x, [Double](repeating: .nan, count: 90) + x.suffix(10)]) == nil)
    }

    /// Ten copies of one symbol are one symbol's information: with the cross-sectional design effect, the effective rows
    /// are those of one copy, where ten independent symbols keep about ten times as many.
    @Test func effectiveRowsAreNotOverstatedOnACorrelatedUniverse() async throws {
        struct Copies: BarProvider {
            let market = SyntheticMarket(SyntheticMarket.Config(seed: 7, patternStrength: 1))
            var name: String { "copies" }
            func bars(
                symbol: String, timeframe: Timeframe, market m: Market, from: LocalDate, to: LocalDate, progress: FetchProgressHandler?
            ) async throws -> BarSeries {
                var s = try await market.bars(symbol: "SYN000", timeframe: timeframe, market: m, from: from, to: to, progress: progress)
                s.symbol = symbol
                return s
            }
        }
        let config = SyntheticControls.config(symbols: 10, from: "2023-01-01")
        let copies = try await Trainer(provider: Copies()).prepare(config).cohort
        let single = try await Trainer(provider: Copies()).prepare(SyntheticControls.config(symbols: 1, from: "2023-01-01")).cohort
        let independent = try await Trainer().prepare(config).cohort
        #expect(copies.rowCount == 10 * single.rowCount)
        #expect(abs(copies.averageCorrelation! - 1) < 1e-9)
        #expect(abs(copies.effectiveRowCount - single.effectiveRowCount) < 1e-6 * single.effectiveRowCount)
        #expect(abs(independent.averageCorrelation!) < 0.1, "\(independent.averageCorrelation!)")
        #expect(independent.effectiveRowCount > 7 * single.effectiveRowCount)
    }
}
