import Foundation
import Testing

@testable import Learning

/// Small worked examples, computed by hand in the comments.
@Suite struct MetricsTests {
    @Test func rocAUCCountsPairsAndHalfTies() {
        // Positives {0.35, 0.8} vs negatives {0.1, 0.4}: 0.35>0.1, 0.35<0.4, 0.8>both → 3 of 4 pairs.
        #expect(Metrics.rocAUC(scores: [0.1, 0.4, 0.35, 0.8], labels: [0, 0, 1, 1]) == 0.75)
        // Positives {0.5, 0.9} vs negatives {0.5, 0.2}: tie 0.5 counts ½ → (0.5 + 1 + 1 + 1) / 4.
        #expect(Metrics.rocAUC(scores: [0.5, 0.5, 0.2, 0.9], labels: [1, 0, 0, 1]) == 0.875)
        #expect(Metrics.rocAUC(scores: [0.3, 0.3, 0.3], labels: [1, 0, 1]) == 0.5)
        #expect(Metrics.rocAUC(scores: [0.1, 0.2], labels: [1, 1]).isNaN)
    }

    @Test func averagePrecisionSumsRecallStepsTimesPrecision() {
        // Ranked 1,0,1,0: recall 0.5 at precision 1, recall 1 at precision 2/3 → 0.5 + 0.5·2/3.
        #expect(abs(Metrics.averagePrecision(scores: [0.9, 0.8, 0.7, 0.6], labels: [1, 0, 1, 0]) - (0.5 + 1.0 / 3)) < 1e-15)
        // A tie at the top is one threshold: 2 rows, 1 positive → recall 1 at precision ½.
        #expect(Metrics.averagePrecision(scores: [0.9, 0.9, 0.1], labels: [0, 1, 0]) == 0.5)
    }

    @Test func logLossAndBrier() {
        let p = [0.9, 0.2], y = [1.0, 0.0]
        #expect(abs(Metrics.logLoss(probabilities: p, labels: y) - -(log(0.9) + log(0.8)) / 2) < 1e-15)
        // ((0.9 − 1)² + (0.2 − 0)²) / 2 = (0.01 + 0.04) / 2
        #expect(abs(Metrics.brierScore(probabilities: p, labels: y) - 0.025) < 1e-15)
        #expect(Metrics.logLoss(probabilities: [0], labels: [1]).isFinite)
    }

    @Test func expectedCalibrationErrorUsesTenEqualBins() {
        // Bins: [0,.1) {0.05 → y 0}: |0.05−0|·¼; [.1,.2) {0.15 → 1}: 0.85·¼; [.9,1] {0.95, 0.92 → 1, 1}: |0.935−1|·½.
        let ece = Metrics.expectedCalibrationError(probabilities: [0.05, 0.15, 0.95, 0.92], labels: [0, 1, 1, 1])
        #expect(abs(ece - (0.05 / 4 + 0.85 / 4 + 0.065 / 2)) < 1e-12)
        let curve = Metrics.calibrationCurve(probabilities: [0.05, 0.15, 0.95, 0.92, 1.0], labels: [0, 1, 1, 1, 0])
        #expect(curve.map(\.count) == [1, 1, 3])
        #expect(abs(curve[2].observedRate - 2.0 / 3) < 1e-15)
    }

    @Test func precisionAtTopAndLift() {
        // Top half of 4 rows = rows 0 (0.9, y 1) and 2 (0.8, y 0) → ½; base rate ½ → lift 1.
        #expect(Metrics.precisionAtTop(fraction: 0.5, scores: [0.9, 0.1, 0.8, 0.3], labels: [1, 0, 0, 1]) == 0.5)
        #expect(Metrics.lift(fraction: 0.5, scores: [0.9, 0.1, 0.8, 0.3], labels: [1, 0, 0, 1]) == 1)
        // Top 25% = row 0 only → precision 1, lift 2.
        #expect(Metrics.lift(fraction: 0.25, scores: [0.9, 0.1, 0.8, 0.3], labels: [1, 0, 0, 1]) == 2)
    }

    @Test func precisionAtTopPerPeriodPoolsPeriods() {
        let scores = [0.9, 0.2, 0.5, 0.7, 0.1], labels = [1.0, 1, 0, 1, 0], days = ["a", "a", "b", "b", "b"]
        // n=1: day a → row 0 (1), day b → row 3 (1) → 2/2.
        #expect(Metrics.precisionAtTopPerPeriod(n: 1, scores: scores, labels: labels, periods: days) == 1)
        // n=2: day a → rows 0, 1 (2 hits); day b → rows 3, 2 (1 hit) → 3/4.
        #expect(Metrics.precisionAtTopPerPeriod(n: 2, scores: scores, labels: labels, periods: days) == 0.75)
    }

    @Test func reportGathersEverything() throws {
        let report = MetricsReport(
            probabilities: [0.9, 0.1, 0.8, 0.3], labels: [1, 0, 0, 1], topFraction: 0.5, periods: ["a", "a", "b", "b"], topPerPeriod: 1)
        #expect(report.rocAUC == 0.75)
        #expect(report.precisionAtTop == 0.5)
        #expect(report.precisionAtTopPerPeriod == 0.5)
        #expect(report.rows == 4)
    }
}
