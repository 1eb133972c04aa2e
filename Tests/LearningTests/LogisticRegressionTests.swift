import Foundation
import Testing

@testable import Learning

@Suite struct LogisticRegressionTests {
    @Test func recoversKnownCoefficients() throws {
        // P(y=1) = sigmoid(1.5·x0 − 2·x1 + 0.5); x values uniform in [−1, 1] (sd 1/√3), x2 is noise.
        let data = try TestData.table(rows: 20000, features: 3, seed: 41) { rng in
            let x = [TestData.uniform(&rng), TestData.uniform(&rng), TestData.uniform(&rng)]
            return (x, rng.nextUnit() < TestData.sigmoid(1.5 * x[0] - 2 * x[1] + 0.5) ? 1 : 0)
        }
        var p = LogisticRegression.Parameters()
        p.lambdaL2 = 1e-6
        let model = try LogisticRegression.train(on: data, parameters: p)
        let raw = model.coefficients.enumerated().map { $1 / model.scales[$0] }
        #expect(abs(raw[0] - 1.5) < 0.15)
        #expect(abs(raw[1] + 2) < 0.15)
        #expect(abs(raw[2]) < 0.1)
        let c = model.contributions([0.3, -0.2, .nan])
        #expect(abs(c.total - model.rawScore([0.3, -0.2, .nan])) < 1e-12)
    }

    @Test func strongerPenaltyShrinksCoefficients() throws {
        let data = try TestData.monotone(rows: 2000, seed: 42)
        var weak = LogisticRegression.Parameters(), strong = LogisticRegression.Parameters()
        weak.lambdaL2 = 0.01
        strong.lambdaL2 = 1000
        let a = try LogisticRegression.train(on: data, parameters: weak), b = try LogisticRegression.train(on: data, parameters: strong)
        #expect(abs(b.coefficients[0]) < abs(a.coefficients[0]) / 2)
        #expect(throws: LearningError.self) { try weak.set("alpha", "1") }
    }

    /// P(y=1) = sigmoid(2·x0 − x1); x0 in [−1, 1]; some x0 cells are ±∞, x1 has NaNs; x2 is ±∞ or NaN only.
    static func withInfinities() throws -> Dataset {
        try TestData.table(rows: 3000, features: 3, seed: 43) { rng in
            var x = [TestData.uniform(&rng), TestData.uniform(&rng), Double.nan]
            let y: Double = rng.nextUnit() < TestData.sigmoid(2 * x[0] - x[1]) ? 1 : 0
            let u = rng.nextUnit()
            if u < 0.03 { x[0] = .infinity } else if u < 0.06 { x[0] = -.infinity }
            if rng.nextUnit() < 0.1 { x[1] = .nan }
            x[2] = rng.nextUnit() < 0.5 ? .infinity : rng.nextUnit() < 0.5 ? -.infinity : .nan
            return (x, y)
        }
    }

    @Test func infinitiesReadAsTheEndsOfTheTrainingRange() throws {
        let data = try Self.withInfinities()
        let model = try LogisticRegression.train(on: data)
        // The same data with ±∞ replaced by the column's finite maximum / minimum gives the very same model.
        let lo = (0..<data.rowCount).map { data.value(row: $0, feature: 0) }.filter(\.isFinite).min()!
        let hi = (0..<data.rowCount).map { data.value(row: $0, feature: 0) }.filter(\.isFinite).max()!
        #expect(model.lows?[0] == lo && model.highs?[0] == hi)
        // A column without any finite value: its range is [0, 0], so ±∞ reads as 0 and the column carries nothing.
        #expect(model.lows?[2] == 0 && model.highs?[2] == 0)
        var values = data.values
        for i in values.indices where values[i].isInfinite {
            let f = i / data.rowCount
            values[i] = f == 2 ? 0 : values[i] > 0 ? hi : lo
        }
        let clamped = try LogisticRegression.train(
            on: try Dataset(featureNames: data.featureNames, rowCount: data.rowCount, values: values, labels: data.labels))
        #expect(model.coefficients == clamped.coefficients && model.intercept == clamped.intercept)
        #expect(model.means == clamped.means && model.scales == clamped.scales)
        // The signal is still found (attenuated from 2: the ±∞ rows' labels came from their finite draws).
        #expect(model.coefficients[0] / model.scales[0] > 1.4 && model.coefficients[0] / model.scales[0] < 2.2)
        // Scoring: ±∞ is the range's end, finite values beyond the range still extrapolate.
        #expect(model.rawScore([.infinity, 0.2, .nan]) == model.rawScore([hi, 0.2, .nan]))
        #expect(model.rawScore([-.infinity, 0.2, .infinity]) == model.rawScore([lo, 0.2, 0]))
        #expect(model.rawScore([5, 0, 0]) > model.rawScore([hi, 0, 0]))
        let c = model.contributions([.infinity, -.infinity, .nan])
        #expect(c.values.allSatisfy { $0.isFinite })
        #expect(abs(c.total - model.rawScore([.infinity, -.infinity, .nan])) < 1e-12)
        // The range survives the model file.
        let reloaded = try ModelFile.decode(ModelFile.encode(ClassifierModel(predictor: .logistic(model), source: "test")))
        guard case .logistic(let back) = reloaded.predictor else { Issue.record("not logistic"); return }
        #expect(back == model)
    }

    @Test func aModelWithoutARangeReadsInfinityAsMissing() throws {
        let old = try LogisticRegression(featureNames: ["a", "b"], means: [1, 2], scales: [1, 4], coefficients: [0.5, 0], intercept: 0.1)
        #expect(old.rawScore([.infinity, -.infinity]) == old.rawScore([.nan, .nan]))
        #expect(old.rawScore([.infinity, -.infinity]) == 0.1)
        #expect(throws: LearningError.self) {
            try LogisticRegression(featureNames: ["a"], means: [0], scales: [1], coefficients: [1], intercept: 0, lows: [1], highs: [0])
        }
        #expect(throws: LearningError.self) {
            try LogisticRegression(featureNames: ["a"], means: [0], scales: [1], coefficients: [1], intercept: 0, lows: [0], highs: nil)
        }
        #expect(throws: LearningError.self) {
            try LogisticRegression(featureNames: ["a"], means: [0], scales: [1], coefficients: [1], intercept: 0, lows: [0], highs: [.infinity])
        }
    }
}
