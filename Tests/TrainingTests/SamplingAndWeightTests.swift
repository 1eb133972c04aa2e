import AlertsCore
import Foundation
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
}
