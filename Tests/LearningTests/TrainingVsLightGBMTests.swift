import Foundation
import Testing

@testable import Learning

/// Training checked against LightGBM: fixtures made by scripts/fixtures/make_training_fixtures.py (LightGBM 4.7.0):
/// the same 2,500 training rows (quantised, continuous, ordinal and NaN-holding features, sample weights), the same
/// parameters, LightGBM's holdout AUC and raw scores on 1,500 holdout rows.
@Suite struct TrainingVsLightGBMTests {
    struct Case: Decodable {
        let name: String
        let parameters: [String: String]
        let weighted: Bool
        let auc: Double
    }
    struct Fixture: Decodable {
        let lightgbm: String
        let cases: [Case]
    }

    static let features = (0..<6).map { "f\($0)" }

    /// Each case trained once per test process (the suite's tests share them).
    static let results: Result<[String: (case: Case, ours: [Double], lightGBM: [Double])], any Error> = Result {
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: try TestData.fixture("training.cases", "json")))
        let train = try CSVTable(contentsOf: try TestData.fixture("training.train", "csv"))
        let holdout = try CSVTable(contentsOf: try TestData.fixture("training.holdout", "csv"))
        let expected = try CSVTable(contentsOf: try TestData.fixture("training.expected", "csv"))
        let test = try Dataset(featureNames: features, columns: try features.map(holdout.column))
        var out: [String: (case: Case, ours: [Double], lightGBM: [Double])] = [:]
        for c in fixture.cases {
            var p = GBDTParameters()
            for (name, value) in c.parameters { try p.set(name, value) }
            let data = try Dataset(
                featureNames: features, columns: try features.map(train.column), labels: try train.column("y"),
                weights: c.weighted ? try train.column("w") : nil)
            let model = try GradientBoostedTrees.train(on: data, parameters: p)
            out[c.name] = (c, try model.rawScores(test), try expected.column(c.name))
        }
        return out
    }

    static func labels() throws -> [Double] { try CSVTable(contentsOf: try TestData.fixture("training.holdout", "csv")).column("y") }

    static func mean(_ x: [Double]) -> Double { x.reduce(0, +) / Double(x.count) }
    static func sd(_ x: [Double]) -> Double {
        let m = mean(x)
        return (x.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(x.count)).squareRoot()
    }
    static func meanAbsDifference(_ a: [Double], _ b: [Double]) -> Double { mean(zip(a, b).map { abs($0 - $1) }) }

    @Test(arguments: ["plain", "weighted", "l2", "weighted_l2"])
    func heldOutAUCWithin0003OfLightGBM(_ name: String) throws {
        let all = try Self.results.get()
        let r = try #require(all[name], "case \(name) missing from training.cases.json")
        let y = try Self.labels()
        // Our AUC code agrees with sklearn's on LightGBM's own scores (stored to 9 digits).
        #expect(abs(Metrics.rocAUC(scores: r.lightGBM, labels: y) - r.case.auc) < 1e-9)
        let ours = Metrics.rocAUC(scores: r.ours, labels: y)
        #expect(abs(ours - r.case.auc) <= 0.003, "\(name): ours \(ours), LightGBM \(r.case.auc)")
        #expect(ours > 0.85)
    }

    /// Weights (positives 1.5×, rows with f2 ≥ 7 3×, rows with f0 < −1 ½×) raise the holdout log-odds overall; ours
    /// must rise like LightGBM's (measured: +0.332 vs +0.356), and a weighted model of ours must sit much nearer
    /// LightGBM's weighted model than its unweighted one (measured mean |raw difference| 0.22 vs 0.47). Per-row
    /// effects are compared through these aggregates: the two learners' trees differ by ~0.13–0.22 in raw score per
    /// row (bin bounds of continuous features differ), so per-row differences of two models are noisy.
    @Test func weightsMoveScoresTheWayLightGBMsDo() throws {
        let all = try Self.results.get()
        for (weighted, plain) in [("weighted", "plain"), ("weighted_l2", "l2")] {
            let w = try #require(all[weighted]), p = try #require(all[plain])
            let ourShift = Self.mean(zip(w.ours, p.ours).map { $0 - $1 })
            let theirShift = Self.mean(zip(w.lightGBM, p.lightGBM).map { $0 - $1 })
            #expect(theirShift > 0.2 && ourShift > 0.2, "\(weighted): shifts ours \(ourShift), LightGBM \(theirShift)")
            #expect(ourShift / theirShift > 0.8 && ourShift / theirShift < 1.25, "\(weighted): ours \(ourShift), LightGBM \(theirShift)")
            let near = Self.meanAbsDifference(w.ours, w.lightGBM), far = Self.meanAbsDifference(w.ours, p.lightGBM)
            #expect(near < 0.75 * far, "\(weighted): to LightGBM's same case \(near), to its \(plain) case \(far)")
        }
    }

    /// lambda_l2 = 10 shrinks leaf values: the spread of holdout log-odds falls by about a tenth in both (measured
    /// 0.893 ours vs 0.898 LightGBM), and our λ model sits nearer LightGBM's λ model than its λ = 0 model (0.13 vs 0.30).
    @Test func lambdaL2ShrinksScoresTheWayLightGBMsDoes() throws {
        let all = try Self.results.get()
        for (regularised, plain) in [("l2", "plain"), ("weighted_l2", "weighted")] {
            let l = try #require(all[regularised]), p = try #require(all[plain])
            let ours = Self.sd(l.ours) / Self.sd(p.ours), theirs = Self.sd(l.lightGBM) / Self.sd(p.lightGBM)
            #expect(theirs < 0.95 && ours < 0.95, "\(regularised): spread ratio ours \(ours), LightGBM \(theirs)")
            #expect(abs(ours - theirs) <= 0.02, "\(regularised): spread ratio ours \(ours), LightGBM \(theirs)")
            let near = Self.meanAbsDifference(l.ours, l.lightGBM), far = Self.meanAbsDifference(l.ours, p.lightGBM)
            #expect(near < 0.75 * far, "\(regularised): to LightGBM's same case \(near), to its \(plain) case \(far)")
        }
    }
}
