import Foundation
import Testing

@testable import Learning

@Suite struct TreeSHAPTests {
    /// A hand-made tree that splits on x0, then x1 or x0 again (a repeated feature), then x2, with uneven covers.
    let tree = DecisionTree(
        splitFeature: [0, 1, 0, 2], threshold: [0.5, 0.2, 0.8, -0.3], defaultLeft: [true, false, false, true],
        missingType: [.nan, .nan, .none, .nan],
        leftChild: [1, 3, -3, -1], rightChild: [2, -2, -4, -5],
        leafValue: [1.5, -2, 0.7, 3, -1.1], leafCount: [10, 25, 5, 20, 40], internalCount: [100, 75, 25, 50], splitGain: [1, 1, 1, 1])

    /// E[f(x) | x_S]: features in S follow the row, the others average the children by training cover.
    func conditional(_ t: DecisionTree, _ row: [Double], _ known: Set<Int>, node: Int = 0) -> Double {
        if node < 0 { return t.leafValue[~node] }
        let f = t.splitFeature[node]
        if known.contains(f) { return conditional(t, row, known, node: t.child(of: node, value: row[f])) }
        let l = t.leftChild[node], r = t.rightChild[node]
        return (t.cover(l) * conditional(t, row, known, node: l) + t.cover(r) * conditional(t, row, known, node: r)) / t.internalCount[node]
    }

    /// Shapley values by enumerating every subset.
    func bruteForce(_ t: DecisionTree, _ row: [Double], features m: Int) -> [Double] {
        func factorial(_ k: Int) -> Double { k <= 1 ? 1 : Double(k) * factorial(k - 1) }
        return (0..<m).map { i in
            var phi = 0.0
            for mask in 0..<(1 << m) where mask & (1 << i) == 0 {
                let s = Set((0..<m).filter { mask & (1 << $0) != 0 })
                let weight = factorial(s.count) * factorial(m - s.count - 1) / factorial(m)
                phi += weight * (conditional(t, row, s.union([i])) - conditional(t, row, s))
            }
            return phi
        }
    }

    @Test(arguments: [[0.1, 0.1, -1.0], [0.1, 0.9, 0.0], [0.9, 0.0, 0.0], [0.6, 0.0, 0.0], [.nan, .nan, .nan], [0.3, -5, .nan]])
    func matchesBruteForceShapley(row: [Double]) throws {
        let model = try GradientBoostedTrees(featureNames: ["a", "b", "c"], trees: [tree], baseScore: 0.25)
        let c = model.contributions(row)
        let exact = bruteForce(tree, row, features: 3)
        for i in 0..<3 { #expect(abs(c.values[i] - exact[i]) < 1e-12, "feature \(i): \(c.values[i]) vs \(exact[i])") }
        #expect(abs(c.expectedValue - (0.25 + conditional(tree, row, []))) < 1e-12)
        #expect(abs(c.total - model.rawScore(row)) < 1e-12)
    }

    @Test func contributionsAddUpOnATrainedModel() throws {
        let data = try TestData.withNaNs(rows: 1200, seed: 21)
        var p = GBDTParameters()
        p.numLeaves = 12
        p.numRounds = 25
        let model = try GradientBoostedTrees.train(on: data, parameters: p)
        var worst = 0.0
        for r in stride(from: 0, to: data.rowCount, by: 13) {
            let row = data.row(r)
            let c = model.contributions(row)
            worst = max(worst, abs(c.total - model.rawScore(row)))
        }
        #expect(worst < 1e-9)
        // Expected value = mean raw score over the training rows (covers are training counts).
        let mean = try model.rawScores(data).reduce(0, +) / Double(data.rowCount)
        #expect(abs(model.contributions(data.row(0)).expectedValue - mean) < 1e-9)
    }

    @Test func topContributionsRankByMagnitude() {
        let c = FeatureContributions(featureNames: ["a", "b", "c", "d"], values: [0.1, -0.5, 0.3, -0.3], expectedValue: 0)
        let top = c.topContributions(3)
        #expect(top.map(\.feature) == ["b", "c", "d"])
        #expect(top.map(\.value) == [-0.5, 0.3, -0.3])
        #expect(c.topContributions(0).isEmpty)
        #expect(c.topContributions(10).count == 4)
    }
}
