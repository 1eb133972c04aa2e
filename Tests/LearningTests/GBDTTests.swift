import Foundation
import Testing

@testable import Learning

@Suite struct GBDTTests {
    func fit(_ data: Dataset, _ configure: (inout GBDTParameters) -> Void = { _ in }) throws -> GradientBoostedTrees {
        var p = GBDTParameters()
        p.numLeaves = 8
        p.numRounds = 40
        p.learningRate = 0.2
        configure(&p)
        return try GradientBoostedTrees.train(on: data, parameters: p)
    }

    @Test func learnsXORThatNoSingleFeatureExplains() throws {
        let train = try TestData.xor(rows: 2000, seed: 1), test = try TestData.xor(rows: 1000, seed: 2)
        let model = try fit(train)
        let raw = try model.rawScores(test)
        let auc = Metrics.rocAUC(scores: raw, labels: Array(test.labels))
        #expect(auc > 0.9)
        let accuracy = zip(raw, test.labels).filter { ($0 > 0) == ($1 == 1) }.count
        #expect(Double(accuracy) / 1000 > 0.88)
        // The linear baseline cannot represent XOR: this shows the test data really needs interactions.
        let logistic = try LogisticRegression.train(on: train)
        let linearAUC = Metrics.rocAUC(scores: (0..<test.rowCount).map { logistic.rawScore(test.row($0)) }, labels: Array(test.labels))
        #expect(linearAUC < 0.65)
    }

    @Test func followsAMonotoneSignal() throws {
        let train = try TestData.monotone(rows: 3000, seed: 3), test = try TestData.monotone(rows: 1500, seed: 4)
        let model = try fit(train) { $0.learningRate = 0.1 }
        let raw = try model.rawScores(test)
        #expect(Metrics.rocAUC(scores: raw, labels: Array(test.labels)) > 0.8)
        // Scores on a grid of x0 (others fixed) must rise overall from the left end to the right end.
        let grid = stride(from: -0.9, through: 0.9, by: 0.3).map { model.rawScore([$0, 0, 0]) }
        #expect(grid.last! - grid.first! > 2)
        #expect(zip(grid, grid.dropFirst()).filter { $1 < $0 - 0.3 }.isEmpty)
        let prob = raw.map(model.probability(raw:))
        #expect(Metrics.brierScore(probabilities: prob, labels: Array(test.labels)) < 0.2)
    }

    @Test func learnsFromMissingValues() throws {
        let train = try TestData.withNaNs(rows: 3000, seed: 5), test = try TestData.withNaNs(rows: 1500, seed: 6)
        let model = try fit(train)
        let raw = try model.rawScores(test)
        let accuracy = Double(zip(raw, test.labels).filter { ($0 > 0) == ($1 == 1) }.count) / Double(test.rowCount)
        #expect(accuracy > 0.85)
        #expect(model.probability(raw: model.rawScore([.nan, -0.8, 0])) > 0.75)
        #expect(model.probability(raw: model.rawScore([0.5, -0.8, 0])) < 0.25)
        // The trees send NaN its own way: some split on x0 must use the NaN missing type.
        #expect(model.trees.contains { t in t.splitFeature.indices.contains { t.splitFeature[$0] == 0 && t.missingType[$0] == .nan } })
    }

    @Test func sameSeedSameBytesDifferentSeedDifferentModel() throws {
        let data = try TestData.withNaNs(rows: 1500, seed: 7)
        func bytes(seed: UInt64) throws -> Data {
            let m = try fit(data) {
                $0.seed = seed
                $0.baggingFraction = 0.7
                $0.baggingFreq = 1
                $0.featureFraction = 0.67
            }
            return try ModelFile.encode(ClassifierModel(predictor: .trees(m), source: "test"))
        }
        let a = try bytes(seed: 11), b = try bytes(seed: 11), c = try bytes(seed: 12)
        #expect(a == b)
        #expect(a != c)
    }

    @Test func respectsMaxDepthNumLeavesAndMinDataInLeaf() throws {
        let data = try TestData.xor(rows: 1500, seed: 8)
        let model = try fit(data) {
            $0.numLeaves = 31
            $0.maxDepth = 2
            $0.minDataInLeaf = 50
        }
        for tree in model.trees {
            #expect(tree.leafValue.count <= 4)
            #expect(tree.leafCount.allSatisfy { $0 >= 50 })
        }
        let wide = try fit(data) { $0.numLeaves = 5 }
        #expect(wide.trees.allSatisfy { $0.leafValue.count <= 5 })
        #expect(wide.trees.contains { $0.leafValue.count == 5 })
    }

    @Test func minGainAndHessianStopSplitting() throws {
        let data = try TestData.monotone(rows: 800, seed: 9)
        let stump = try fit(data) { $0.minGainToSplit = 1e9 }
        #expect(stump.trees.allSatisfy { $0.nodeCount == 0 })
        let heavy = try fit(data) { $0.minSumHessianInLeaf = 1e9 }
        #expect(heavy.trees.allSatisfy { $0.nodeCount == 0 })
    }

    @Test func earlyStoppingKeepsTheBestRound() throws {
        let train = try TestData.monotone(rows: 600, seed: 10), valid = try TestData.monotone(rows: 600, seed: 11)
        var p = GBDTParameters()
        p.numLeaves = 31
        p.minDataInLeaf = 2
        p.learningRate = 0.5
        p.numRounds = 200
        p.earlyStoppingRounds = 5
        let reports = LockedList()
        let model = try GradientBoostedTrees.train(on: train, parameters: p, validation: valid, progressEvery: 1) { reports.append($0) }
        #expect(model.trees.count < 60)
        let all = reports.items
        let best = all.min { $0.validLoss! < $1.validLoss! }!
        #expect(model.trees.count == best.round)
        #expect(all.last!.round == best.round + 5)
        #expect(all.allSatisfy { $0.validLoss != nil && $0.trainLoss > 0 })
    }

    @Test func unknownAndBadParametersAreNamed() throws {
        var p = GBDTParameters()
        #expect(throws: LearningError.unknownParameter(name: "num_leafs", valid: GBDTParameters.names)) { try p.set("num_leafs", "3") }
        do {
            try p.set("learning_rate", "-1")
            Issue.record("negative learning rate accepted")
        } catch let error as LearningError {
            #expect(error.description.contains("learning_rate"))
        }
        try p.set("num_iterations", "7")
        #expect(p.numRounds == 7)
    }

    @Test func rejectsNonBinaryLabels() throws {
        let data = try Dataset(featureNames: ["a"], columns: [[1, 2, 3]], labels: [0, 2, 1])
        #expect(throws: LearningError.self) { try GradientBoostedTrees.train(on: data) }
    }

    @Test func batchAndSingleRowPredictionAgree() throws {
        let data = try TestData.withNaNs(rows: 700, seed: 12)
        let model = try fit(data)
        let batch = try model.rawScores(data)
        for r in stride(from: 0, to: data.rowCount, by: 7) {
            let row = data.row(r)
            var slow = model.baseScore
            for tree in model.trees { slow += tree.leafValue[tree.leaf { row[$0] }] }
            #expect(batch[r] == model.rawScore(row))
            #expect(abs(batch[r] - slow) < 1e-12)
        }
    }
}

/// Collects progress reports from the training thread.
final class LockedList: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [TrainingProgress] = []
    func append(_ p: TrainingProgress) { lock.lock(); list.append(p); lock.unlock() }
    var items: [TrainingProgress] { lock.lock(); defer { lock.unlock() }; return list }
}

@Suite struct GBDTParallelTests {
    /// Threads must not change the model: the same small chunks, once serial and once on every core, give equal bytes.
    @Test func threadedAndSerialTrainingGiveTheSameBytes() throws {
        let data = try TestData.withNaNs(rows: 2500, seed: 13)
        var p = GBDTParameters()
        p.numLeaves = 16
        p.numRounds = 15
        p.minDataInLeaf = 5
        p.baggingFraction = 0.8
        p.baggingFreq = 2
        func bytes(minWork: Int) throws -> Data {
            let m = try GradientBoostedTrees.train(
                on: data, parameters: p, validation: nil, progressEvery: 10, plan: ParallelPlan(minWork: minWork, chunk: 97), progress: nil)
            return try ModelFile.encode(ClassifierModel(predictor: .trees(m), source: "test"))
        }
        let serial = try bytes(minWork: .max), threaded = try bytes(minWork: 0), again = try bytes(minWork: 0)
        #expect(serial == threaded)
        #expect(threaded == again)
    }
}
