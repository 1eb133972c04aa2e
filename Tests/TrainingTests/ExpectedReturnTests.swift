import AlertsCore
import Foundation
import Learning
import Testing

@testable import Training

/// The score → expected net return mapping: weighted isotonic, fitted on out-of-fold rows only; `positive_expectancy`.
@Suite struct ExpectedReturnTests {
    @Test func isotonicStepsAreNonDecreasingAndWeighted() {
        var rng = SystemRandomNumberGenerator()
        let scores = (0..<500).map { _ in Double.random(in: 0...1, using: &rng) }
        let values = scores.map { 4 * $0 - 1 + Double.random(in: -3...3, using: &rng) }
        let weights = scores.map { _ in Double.random(in: 0.1...2, using: &rng) }
        let steps = try! #require(IsotonicSteps.fit(scores: scores, values: values, weights: weights))
        #expect(zip(steps.y, steps.y.dropFirst()).allSatisfy { $0 < $1 })
        #expect(zip(steps.x, steps.x.dropFirst()).allSatisfy { $0 < $1 })
        let probe = (0...100).map { steps.value(at: Double($0) / 100)! }
        #expect(zip(probe, probe.dropFirst()).allSatisfy { $0 <= $1 })
        // The weighted mean is preserved (PAV keeps each block's weighted mean).
        let total = zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 } / weights.reduce(0, +)
        let fitted = zip(scores, weights).reduce(0) { $0 + steps.value(at: $1.0)! * $1.1 } / weights.reduce(0, +)
        #expect(abs(total - fitted) < 1e-9)
        // A violating pair pools to its weighted mean: (0.1 → 3, w 1), (0.2 → 0, w 2) → 1 for both.
        let pooled = try! #require(IsotonicSteps.fit(scores: [0.1, 0.2, 0.3], values: [3, 0, 5], weights: [1, 2, 1]))
        #expect(pooled.x == [0.1, 0.3] && pooled.y == [1, 5])
        #expect(pooled.value(at: 0) == 1 && pooled.value(at: 0.25) == 1 && pooled.value(at: 0.9) == 5)
    }

    @Test func positiveExpectancyPicksOnlyPositiveExpectancyRows() {
        let scores = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]
        let pct = [-1.0, -0.5, -0.2, 0.1, 0.4, 0.9]
        let map = try! #require(ExpectedReturnMap.fit(scores: scores, netReturnPct: pct, netR: pct.map { $0 / 2 }, weights: [1, 1, 1, 1, 1, 1]))
        let policy = ThresholdPolicy(policy: "positive_expectancy", highVolMargin: 0)
        let labels = [0.0, 0, 1, 0, 1, 1]
        let r = ThresholdSelection.select(
            policy: policy, scores: scores, labels: labels, regimes: scores.map { _ in nil }, days: [1, 1, 2, 2, 3, 3], expectedReturn: map)
        #expect(r.alert == 0.4 && r.alerts == 3)
        #expect(scores.filter { $0 >= r.alert }.allSatisfy { map.expected(score: $0)!.pct > 0 })
        var strict = policy
        strict.minExpectedReturnPct = 0.5
        let s = ThresholdSelection.select(
            policy: strict, scores: scores, labels: labels, regimes: scores.map { _ in nil }, days: [1, 1, 2, 2, 3, 3], expectedReturn: map)
        #expect(s.alert == 0.6 && s.alerts == 1)
        let none = ExpectedReturnMap.fit(
            scores: scores, netReturnPct: scores.map { _ in -1 }, netR: scores.map { _ in -1 }, weights: scores.map { _ in 1 })
        let n = ThresholdSelection.select(
            policy: policy, scores: scores, labels: labels, regimes: scores.map { _ in nil }, days: [1, 1, 2, 2, 3, 3], expectedReturn: none)
        #expect(n.alerts == 0 && n.note != nil)
    }

    @Test func theTrainedModelCarriesAMappingFittedOutOfFoldOnly() async throws {
        var config = TrainerRegistryTests.smallGBDT()
        config.thresholds = ThresholdPolicy(policy: "positive_expectancy", highVolMargin: 0)
        let prepared = try await Trainer().prepare(config)
        let evaluation = try Trainer().evaluate(prepared)
        let map = try #require(evaluation.thresholds.expectedReturn)
        let tested = evaluation.outOfFold.filter { !$0.isNaN }.count
        // Walk-forward leaves the first block untested: the mapping saw only the rows some fold tested.
        #expect(map.rows == tested && tested < prepared.cohort.rowCount)
        #expect(zip(map.returnPct.y, map.returnPct.y.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(zip(map.r.y, map.r.y.dropFirst()).allSatisfy { $0 <= $1 })
        // Costs were charged: the plan got the US defaults and net returns are below gross.
        #expect(prepared.plan.costs == TradeCosts.defaults(market: .us, kind: .equity))
        #expect(zip(prepared.cohort.netReturns, prepared.cohort.realizedReturns).allSatisfy { abs($1 - $0 - 0.0005) < 1e-12 })
        if let t = map.lowestScore(aboveReturnPct: 0) { #expect(evaluation.thresholds.alert == t) }
    }

    @Test func blockStandardErrorsAndTheNormalQuantile() {
        // One block of values 1 and 3: mean 2, sample variance 2 over 2 effective rows → se 1.
        let one = IsotonicSteps.fit(scores: [0.5, 0.5], values: [1, 3], weights: [1, 1])!
        #expect(one.y == [2] && one.se == [1])
        #expect(one.lowerBounds(z: 1.5) == [0.5])
        // A single-row block takes the spread of all rows (population variance of 0, 4 → 4, se 2).
        let split = IsotonicSteps.fit(scores: [0.1, 0.9], values: [0, 4], weights: [1, 1])!
        #expect(split.y == [0, 4] && split.se == [2, 2])
        // Reference values of the probit (R's qnorm).
        for (p, z) in [(0.95, 1.6448536269514722), (0.975, 1.959963984540054), (0.5, 0.0), (0.001, -3.090232306167813), (0.999, 3.090232306167813)] {
            #expect(abs(NormalQuantile.z(p) - z) < 1e-12, "z(\(p)) = \(NormalQuantile.z(p))")
        }
    }

    /// With `lower_confidence`, a score alerts only when its block's lower bound clears the minimum: on noisy returns
    /// the threshold rises above the mean rule's, and on no edge at all nothing alerts even where the mean is positive.
    @Test func lowerConfidenceBoundRaisesTheThresholdOnNoise() throws {
        var rng = SeededGenerator(seed: 5)
        func gaussian() -> Double { (-2 * log(1 - rng.nextUnit())).squareRoot() * cos(2 * .pi * rng.nextUnit()) }
        let n = 4000
        let scores = (0..<n).map { Double($0) / Double(n) }
        // Expected return 2·score − 0.8 % with 3 % noise: positive above 0.4.
        let pct = scores.map { 2 * $0 - 0.8 + 3 * gaussian() }
        let map = try #require(ExpectedReturnMap.fit(scores: scores, netReturnPct: pct, netR: pct, weights: scores.map { _ in 1 }))
        let days = (0..<n).map { Int64($0 / 20) }
        let regimes: [String?] = scores.map { _ in nil }
        let labels = pct.map { $0 > 0 ? 1.0 : 0 }
        let mean = ThresholdSelection.select(
            policy: ThresholdPolicy(policy: "positive_expectancy", highVolMargin: 0), scores: scores, labels: labels, regimes: regimes,
            days: days, expectedReturn: map)
        let bounded = ThresholdSelection.select(
            policy: ThresholdPolicy(policy: "positive_expectancy", highVolMargin: 0, lowerConfidence: 0.95), scores: scores, labels: labels,
            regimes: regimes, days: days, expectedReturn: map)
        #expect(mean.alert < bounded.alert, "mean \(mean.alert), bounded \(bounded.alert)")
        #expect(bounded.alerts > 0 && bounded.alerts < mean.alerts)
        let z = NormalQuantile.z(0.95)
        let lower = try #require(map.returnPct.lowerBounds(z: z))
        let chosen = try #require(map.returnPct.x.firstIndex(of: bounded.alert))
        #expect(lower[chosen] > 0 && lower[..<chosen].allSatisfy { $0 <= 0 })
        // Pure noise: isotonic finds some positive blocks by chance, but none clears its lower bound.
        let noise = scores.map { _ in 3 * gaussian() }
        let noiseMap = try #require(ExpectedReturnMap.fit(scores: scores, netReturnPct: noise, netR: noise, weights: scores.map { _ in 1 }))
        #expect(noiseMap.lowestScore(aboveReturnPct: 0) != nil)
        #expect(noiseMap.lowestScore(aboveReturnPct: 0, z: z) == nil)
    }

    @Test func lowerConfidenceIsValidatedByName() throws {
        for (yaml, words) in [
            (#"{"policy": "positive_expectancy", "lower_confidence": 1.2}"#, "[0.5, 1)"),
            (#"{"policy": "top_k", "lower_confidence": 0.9}"#, "positive_expectancy only"),
        ] {
            do {
                _ = try JSONDecoder().decode(ThresholdPolicy.self, from: Data(yaml.utf8))
                Issue.record("\(yaml) decoded")
            } catch {
                #expect("\(error)".contains(words) && "\(error)".contains("lower_confidence"), "\(error)")
            }
        }
        let ok = try JSONDecoder().decode(
            ThresholdPolicy.self, from: Data(#"{"policy": "positive_expectancy", "lower_confidence": 0.9}"#.utf8))
        #expect(ok.lowerConfidence == 0.9 && abs(ok.lowerBoundZ! - 1.2815515655446004) < 1e-12)
    }
}
