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
}
