import Foundation
import Testing

@testable import Learning

@Suite struct CalibrationTests {
    /// True probabilities p; the "model" reports a distorted score that ranks well but is miscalibrated.
    func sample(rows: Int, seed: UInt64, distort: (Double) -> Double) -> (scores: [Double], labels: [Double]) {
        var rng = SeededGenerator(seed: seed)
        var scores: [Double] = [], labels: [Double] = []
        for _ in 0..<rows {
            let z = 3 * (2 * rng.nextUnit() - 1)
            let p = TestData.sigmoid(z)
            scores.append(distort(p))
            labels.append(rng.nextUnit() < p ? 1 : 0)
        }
        return (scores, labels)
    }

    @Test(arguments: [Calibrator.Method.isotonic, .platt])
    func calibrationImprovesBrierOnHeldOutRows(method: Calibrator.Method) throws {
        // Overconfident: logit × 3, a distortion Platt can undo exactly and isotonic approximately.
        let distort = { (p: Double) in TestData.sigmoid(3 * log(p / (1 - p))) }
        let fitSet = sample(rows: 4000, seed: 1, distort: distort), testSet = sample(rows: 4000, seed: 2, distort: distort)
        let calibrator = try Calibrator.fit(method, scores: fitSet.scores, labels: fitSet.labels)
        let before = Metrics.brierScore(probabilities: testSet.scores, labels: testSet.labels)
        let after = Metrics.brierScore(probabilities: testSet.scores.map(calibrator.calibrate), labels: testSet.labels)
        #expect(after < before - 0.01)
        let eceAfter = Metrics.expectedCalibrationError(probabilities: testSet.scores.map(calibrator.calibrate), labels: testSet.labels)
        #expect(eceAfter < 0.04)
    }

    @Test func plattRecoversTheDistortion() throws {
        let fitSet = sample(rows: 20000, seed: 3) { TestData.sigmoid(2 * log($0 / (1 - $0))) }
        let platt = try PlattCalibrator(scores: fitSet.scores, labels: fitSet.labels)
        #expect(abs(platt.a - 0.5) < 0.05)
        #expect(abs(platt.b) < 0.08)
    }

    @Test func poolAdjacentViolatorsByHand() throws {
        // Scores 1..4 with labels 1,0,1,1: blocks {1,2} (mean ½) then {3} 1, {4} 1 → merged {3,4} stays 1.
        let iso = try IsotonicCalibrator(scores: [1, 2, 3, 4], labels: [1, 0, 1, 1])
        #expect(iso.blockValue == [0.5, 1])
        #expect(iso.blockLow == [1, 3])
        #expect(iso.blockHigh == [2, 4])
        #expect(iso.calibrate(1.5) == 0.5)
        #expect(iso.calibrate(2.5) == 0.75)  // halfway between the blocks
        #expect(iso.calibrate(-10) == 0.5)
        #expect(iso.calibrate(10) == 1)
        // Weights: row 2 counts 3× → {1,2}: (1 + 0·3)/4.
        let weighted = try IsotonicCalibrator(scores: [1, 2, 3], labels: [1, 0, 1], weights: [1, 3, 1])
        #expect(weighted.blockValue == [0.25, 1])
    }

    @Test func isotonicOutputIsMonotone() throws {
        let s = sample(rows: 2000, seed: 4) { $0 * $0 }
        let iso = try IsotonicCalibrator(scores: s.scores, labels: s.labels)
        let grid = stride(from: 0.0, through: 1.0, by: 0.01).map(iso.calibrate)
        #expect(zip(grid, grid.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test func outOfFoldNeverScoresARowWithAModelThatSawIt() throws {
        let data = try TestData.monotone(rows: 300, seed: 5)
        // A "model" that answers 1 for rows it was trained on (by their x0) and 0 otherwise.
        let oof = try OutOfFold.predictions(data, splitter: try PurgedKFold(k: 5)) { train, test in
            let seen = Set((0..<train.rowCount).map { train.value(row: $0, feature: 0) })
            return (0..<test.rowCount).map { seen.contains(test.value(row: $0, feature: 0)) ? 1 : 0 }
        }
        #expect(oof.count == 300)
        #expect(oof.allSatisfy { $0 == 0 })
        let walk = try OutOfFold.predictions(data, splitter: try PurgedWalkForward(folds: 3)) { _, test in
            [Double](repeating: 0.5, count: test.rowCount)
        }
        // The first block is never tested by a walk-forward.
        #expect(walk.filter(\.isNaN).count == 75)
    }
}
