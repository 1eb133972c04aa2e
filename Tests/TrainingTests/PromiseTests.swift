import AlertsCore
import Foundation
@testable import Learning
import Testing

@testable import Training

/// The nested walk-forward promise, the `top_k` rate and the controls.
@Suite(.serialized) struct PromiseTests {
    /// Random fold layouts: rows in time order with random holds, cut into a leading block no fold tests and 2–6
    /// contiguous test folds (handed to `plan` in random order).
    @Test func nestedSelectionNeverSeesItsEvaluationFold() throws {
        var rng = SplitMixRandom(seed: 11)
        func uniform(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        var checkedSteps = 0
        for _ in 0..<200 {
            let n = 60 + uniform(400)
            var start: [Double] = []
            var t = 0.0
            for _ in 0..<n {
                t += Double(uniform(3))
                start.append(t)
            }
            let end = start.map { $0 + Double(uniform(12)) }
            let k = 2 + uniform(5)
            let lead = uniform(n / 3)
            var cuts = Set<Int>()
            while cuts.count < k - 1 { cuts.insert(lead + 1 + uniform(n - lead - 2)) }
            let bounds = [lead] + cuts.sorted() + [n]
            var folds = (0..<k).map { i in Fold(train: Array(0..<bounds[i]), test: Array(bounds[i]..<bounds[i + 1])) }
            folds.shuffle(using: &rng)
            let minRows = 1 + uniform(20)
            let steps = ForwardEvaluation.plan(folds: folds, spanStart: start, spanEnd: end, minRows: minRows)
            var seen: [[Int]] = []
            let outcomes = ForwardEvaluation.measure(steps) { rows in
                seen.append(rows)
                return ForwardEvaluation.Rule(threshold: 0.5) { $0 % 2 == 0 }
            }
            #expect(outcomes.count == steps.count)
            for (i, step) in steps.enumerated() {
                let evaluated = Set(step.evaluate)
                let first = step.evaluate.map { start[$0] }.min()!
                #expect(seen[i] == step.chooseOn, "the chooser sees exactly the rows that choose")
                #expect(evaluated.isDisjoint(with: seen[i]), "a step's chooser saw a row of its evaluation fold")
                #expect(step.chooseOn.count >= minRows)
                for r in seen[i] {
                    #expect(end[r] < first, "row \(r) ends at \(end[r]), after its evaluation fold starts at \(first)")
                    #expect(start[r] < first)
                }
                // Every evaluated row is a test row of one fold, and alerts come from it only.
                #expect(folds.contains { Set($0.test) == evaluated })
                #expect(Set(outcomes[i].alerts).isSubset(of: evaluated))
                checkedSteps += 1
            }
        }
        #expect(checkedSteps > 200)
    }

    /// `top_k` with heavy ties (isotonic-calibrated scores take few values) delivers at most the asked rate.
    @Test func topKDeliversAtMostTheAskedRate() {
        var rng = SplitMixRandom(seed: 5)
        for trial in 0..<100 {
            let days = 20 + Int(rng.next() % 200)
            let perDay = 1 + Int(rng.next() % 40)
            let levels = 2 + Int(rng.next() % 12)
            var scores: [Double] = []
            var dayOf: [Int64] = []
            for d in 0..<days {
                for _ in 0..<perDay {
                    scores.append(Double(rng.next() % UInt64(levels)) / Double(levels))
                    dayOf.append(Int64(d))
                }
            }
            let asked = [0.5, 1, 3, 5, 7.5][trial % 5]
            let policy = ThresholdPolicy(policy: "top_k", alertsPerDay: asked, highVolMargin: 0)
            let report = ThresholdSelection.select(
                policy: policy, scores: scores, labels: scores.map { $0 > 0.5 ? 1 : 0 }, regimes: scores.map { _ in nil }, days: dayOf)
            let rate = report.alertsPerDay ?? 0
            #expect(rate <= asked + 1e-12, "asked \(asked)/day, got \(rate) (\(levels) score levels)")
            #expect(report.alerts == scores.filter { $0 >= report.alert }.count)
        }
        // Without ties the budget is met exactly.
        let scores = (0..<100).map { Double($0) / 100 }
        let days = (0..<100).map { Int64($0 / 10) }
        let exact = ThresholdSelection.select(
            policy: ThresholdPolicy(policy: "top_k", alertsPerDay: 3), scores: scores, labels: scores.map { _ in 0 },
            regimes: scores.map { _ in nil }, days: days)
        #expect(exact.alerts == 30)
        // Every score tied: including them would exceed the budget, so nothing alerts.
        let tied = ThresholdSelection.select(
            policy: ThresholdPolicy(policy: "top_k", alertsPerDay: 3), scores: [Double](repeating: 0.3, count: 100), labels: scores.map { _ in 0 },
            regimes: scores.map { _ in nil }, days: days)
        #expect(tied.alerts == 0)
    }

    static let gbdt = ModelSection(
        kind: "gbdt", params: ["num_rounds": "30", "num_leaves": "7", "min_data_in_leaf": "100", "learning_rate": "0.1"])

    /// No edge in the market, through the GBDT path, with a barrier set where timeouts are rare: AUC 0.5 ± 0.03 and a
    /// forward expectancy interval that contains zero.
    @Test func nullControlThroughGBDT() async throws {
        let base = SyntheticControls.config(model: Self.gbdt)
        let config = TrainingControl.null.config(base)
        #expect(config.data.syntheticStrength == 0 && config.name == "control.control-null")
        let prepared = try await Trainer().prepare(config, control: .null)
        #expect(Double(prepared.cohort.counts.timeout) < 0.1 * Double(prepared.cohort.rowCount), "timeouts must be rare")
        let metrics = try Trainer().evaluate(prepared).metrics
        let auc = try #require(metrics.outOfFold.auc)
        #expect(abs(auc - 0.5) <= 0.03, "AUC \(auc) on the null market")
        let promise = try #require(metrics.promise)
        let e = promise.expectancyPct
        #expect(e.low! <= 0 && e.high! >= 0, "forward expectancy \(e.text()) on the null market")
        #expect(promise.publishRefusal != nil)
        #expect(metrics.thresholds.alertsPerDay! <= 3 + 1e-12)
        print(
            "null control: AUC \(auc) ± \(metrics.outOfFold.aucStandardError ?? .nan), expectancy \(e.text()), null \(promise.nullBand.expectancyPct.text())"
        )
    }

    /// The planted rebound, found by the same pipeline: a forward expectancy interval above zero.
    @Test func plantedControlHasAForwardEdge() async throws {
        let config = TrainingControl.planted.config(SyntheticControls.config(model: Self.gbdt, plan: SyntheticControls.rebound))
        #expect(config.data.syntheticPlantedDrift == TrainingControl.defaultPlantedDrift)
        let prepared = try await Trainer().prepare(config, control: .planted)
        let metrics = try Trainer().evaluate(prepared).metrics
        let promise = try #require(metrics.promise)
        #expect(promise.expectancyPct.low! > 0, "forward expectancy \(promise.expectancyPct.text()) with the planted rebound")
        #expect(metrics.trades?.forward["all"]?.selected.alerts == promise.alerts)
        print(
            "planted control: AUC \(metrics.outOfFold.auc ?? .nan), expectancy \(promise.expectancyPct.text()), null \(promise.nullBand.expectancyPct.text())"
        )
    }

    /// Shuffling outcomes within day keeps each day's outcomes and breaks the link to the features.
    @Test func shuffledWithinDayKeepsEachDaysOutcomes() async throws {
        let prepared = try await Trainer().prepare(SyntheticControls.config(symbols: 10, from: "2023-06-01"))
        let cohort = prepared.cohort
        let shuffled = cohort.outcomesShuffledWithinDay(seed: 3)
        #expect(shuffled.labels != cohort.labels)
        let days = cohort.days
        for d in Set(days) {
            let rows = days.indices.filter { days[$0] == d }
            #expect(rows.map { cohort.netReturns[$0] }.sorted() == rows.map { shuffled.netReturns[$0] }.sorted())
            #expect(rows.map { cohort.labels[$0] }.sorted() == rows.map { shuffled.labels[$0] }.sorted())
        }
        // Each outcome moves as a whole: label, net return and R stay together.
        let pairs = Set(zip(cohort.labels, cohort.netRs).map { "\($0) \($1)" })
        #expect(zip(shuffled.labels, shuffled.netRs).allSatisfy { pairs.contains("\($0) \($1)") })
        #expect(shuffled.labels == cohort.outcomesShuffledWithinDay(seed: 3).labels, "seeded")
    }
}
