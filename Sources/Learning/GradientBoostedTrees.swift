import Foundation

/// A binary GBDT classifier: the sum of its trees' outputs plus a base score is the log-odds.
public struct GradientBoostedTrees: Sendable {
    public let featureNames: [String]
    public let trees: [DecisionTree]
    /// Raw score before any tree (LightGBM folds it into the first tree; we keep it apart).
    public let baseScore: Double
    /// LightGBM's `sigmoid` parameter: probability = 1 / (1 + exp(-sigmoid · raw)).
    public let sigmoid: Double
    /// The trees flattened for prediction.
    public let forest: FlatForest

    public init(featureNames: [String], trees: [DecisionTree], baseScore: Double, sigmoid: Double = 1) throws {
        for (i, tree) in trees.enumerated() { try tree.validate(index: i, featureCount: featureNames.count) }
        guard baseScore.isFinite, sigmoid.isFinite, sigmoid > 0 else {
            throw LearningError.invalidModel("base score \(baseScore) / sigmoid \(sigmoid) must be finite (sigmoid > 0)")
        }
        self.featureNames = featureNames
        self.trees = trees
        self.baseScore = baseScore
        self.sigmoid = sigmoid
        forest = FlatForest(trees: trees, baseScore: baseScore)
    }

    /// Log-odds of one row in model feature order.
    public func rawScore(_ row: [Double]) -> Double {
        precondition(row.count == featureNames.count, "row has \(row.count) values, model has \(featureNames.count) features")
        return row.withUnsafeBufferPointer { forest.rawScore($0) }
    }

    /// Log-odds of every row of a dataset whose features match the model's.
    public func rawScores(_ data: Dataset) throws -> [Double] {
        guard data.featureNames == featureNames else { throw LearningError.featureMismatch(expected: featureNames, found: data.featureNames) }
        return data.values.withUnsafeBufferPointer {
            forest.rawScores(columnMajor: $0, rowCount: data.rowCount, featureCount: data.featureCount)
        }
    }

    /// Probability from a raw score.
    @inlinable public func probability(raw: Double) -> Double { 1 / (1 + exp(-sigmoid * raw)) }

    /// Raw score minus the expected value, split across features (exact path-dependent TreeSHAP).
    public func contributions(_ row: [Double]) -> FeatureContributions {
        var phi = [Double](repeating: 0, count: featureNames.count)
        var expected = baseScore
        for tree in trees {
            expected += tree.expectedValue
            TreeSHAP.accumulate(tree: tree, row: row, into: &phi)
        }
        return FeatureContributions(featureNames: featureNames, values: phi, expectedValue: expected)
    }

    /// Bins `data` as training does (≤ `maxBin` value bins per feature plus a NaN bin, codes for every cell) and
    /// returns each feature's bin count: the binning step of training on its own, for benchmarks and diagnostics.
    public static func binCounts(of data: Dataset, maxBin: Int = 255) -> [Int] {
        BinnedMatrix(data, maxBin: maxBin).bins.map(\.totalBins)
    }

    /// Trains on `data` (labels 0/1, optional weights); `validation` enables early stopping and validation loss.
    public static func train(
        on data: Dataset, parameters: GBDTParameters = GBDTParameters(), validation: Dataset? = nil,
        progressEvery: Int = 10, progress: ProgressHandler? = nil
    ) throws -> GradientBoostedTrees {
        try train(on: data, parameters: parameters, validation: validation, progressEvery: progressEvery, plan: ParallelPlan(), progress: progress)
    }

    /// The training loop; `plan` is exposed to tests so they can force the threaded paths on small data.
    static func train(
        on data: Dataset, parameters: GBDTParameters, validation: Dataset?, progressEvery: Int, plan: ParallelPlan,
        progress: ProgressHandler?
    ) throws -> GradientBoostedTrees {
        try data.requireBinaryLabels()
        if let validation {
            try validation.requireBinaryLabels()
            guard validation.featureNames == data.featureNames else {
                throw LearningError.featureMismatch(expected: data.featureNames, found: validation.featureNames)
            }
        }
        if parameters.earlyStoppingRounds > 0 && validation == nil {
            throw LearningError.invalidParameter(
                name: "early_stopping_round", value: "\(parameters.earlyStoppingRounds)", reason: "early stopping needs a validation set")
        }
        let n = data.rowCount
        let binned = BinnedMatrix(data, maxBin: parameters.maxBin)
        // One histogram per leaf that may still split: refuse settings whose pool would not fit in memory.
        let poolBytes = Double(binned.totalBins) * 24 * Double(parameters.numLeaves + 1)
        guard poolBytes < 4e9 else {
            throw LearningError.invalidParameter(
                name: "num_leaves", value: "\(parameters.numLeaves)",
                reason: "histograms for \(data.featureCount) features would need \(Int(poolBytes / 1e9)) GB; lower num_leaves or max_bin")
        }
        let trainer = GBDTTrainer(data: binned, params: parameters, plan: plan)
        let labels = data.labels, weights = data.weights
        let sumW = data.totalWeight
        guard sumW > 0 else { throw LearningError.invalidDataset("all weights are zero") }
        var positive = 0.0
        for r in 0..<n { positive += labels[r] * (weights?[r] ?? 1) }
        let mean = min(max(positive / sumW, 1e-15), 1 - 1e-15)
        let baseScore = log(mean / (1 - mean))
        var scores = [Double](repeating: baseScore, count: n)
        var validScores = validation.map { [Double](repeating: baseScore, count: $0.rowCount) }

        let usable = (0..<data.featureCount).filter { binned.bins[$0].totalBins > 1 }
        var bagRNG = SeededGenerator(seed: parameters.seed)
        var featureRNG = SeededGenerator(seed: parameters.seed ^ 0x5DEE_CE66_D1CE_4E5B)
        let bagging = parameters.baggingFreq > 0 && parameters.baggingFraction < 1
        var bag: [Int32] = Array(0..<Int32(n))
        var inBag = [Bool](repeating: true, count: n)
        var trees: [DecisionTree] = []
        var bestLoss = Double.infinity, bestRound = 0
        let rounds = parameters.numRounds
        for round in 0..<rounds {
            computeGradients(scores: scores, labels: labels, weights: weights, into: trainer.gh, parallel: n > plan.minWork)
            if bagging && round % parameters.baggingFreq == 0 {
                bag.removeAll(keepingCapacity: true)
                for r in 0..<n {
                    inBag[r] = bagRNG.nextUnit() < parameters.baggingFraction
                    if inBag[r] { bag.append(Int32(r)) }
                }
            }
            bag.withUnsafeBufferPointer { trainer.indices.update(from: $0.baseAddress!, count: $0.count) }
            let features = sampleFeatures(usable, fraction: parameters.featureFraction, rng: &featureRNG)
            let grown = trainer.grow(bagCount: bag.count, features: features, identityRows: !bagging)
            let tree = grown.tree
            // In-bag rows: their leaf is known from the partition. Out-of-bag rows: route them by their codes.
            scores.withUnsafeMutableBufferPointer { s in
                let out = SharedPointer(s.baseAddress!), rows = SharedPointer(trainer.indices)
                // Leaves own disjoint rows, so each leaf's update can run on its own thread.
                parallelFor(grown.leaves.count, parallel: bag.count > plan.minWork) { leafIndex in
                    let leaf = grown.leaves[leafIndex], value = tree.leafValue[leafIndex]
                    for i in leaf.start..<(leaf.start + leaf.count) { out[Int(rows[i])] += value }
                }
                if bagging {
                    for r in 0..<n where !inBag[r] {
                        s[r] += tree.leafValue[leafByCodes(grown, binned: binned, row: r)]
                    }
                }
            }
            trees.append(tree)
            var validLoss: Double?
            if let validation, var vs = validScores {
                for r in 0..<validation.rowCount {
                    vs[r] += tree.leafValue[tree.leaf { validation.values[$0 * validation.rowCount + r] }]
                }
                validScores = vs
                validLoss = meanLogLoss(scores: vs, labels: validation.labels, weights: validation.weights)
                if validLoss! < bestLoss {
                    bestLoss = validLoss!
                    bestRound = round + 1
                }
            }
            let last = round == rounds - 1
            let stopping = parameters.earlyStoppingRounds > 0 && round + 1 - bestRound >= parameters.earlyStoppingRounds
            if let progress, (round + 1) % max(progressEvery, 1) == 0 || last || stopping {
                let trainLoss = meanLogLoss(scores: scores, labels: labels, weights: weights)
                progress(TrainingProgress(round: round + 1, totalRounds: rounds, trainLoss: trainLoss, validLoss: validLoss))
            }
            if stopping { break }
        }
        if parameters.earlyStoppingRounds > 0 && bestRound > 0 { trees.removeLast(trees.count - bestRound) }
        return try GradientBoostedTrees(featureNames: data.featureNames, trees: trees, baseScore: baseScore)
    }

    private static func sampleFeatures(_ usable: [Int], fraction: Double, rng: inout SeededGenerator) -> [Int] {
        guard fraction < 1, usable.count > 1 else { return usable }
        let k = max(1, Int((fraction * Double(usable.count)).rounded()))
        var pool = usable
        for i in 0..<k {
            let j = i + Int(rng.next() % UInt64(pool.count - i))
            pool.swapAt(i, j)
        }
        return pool[0..<k].sorted()
    }

    private static func leafByCodes(_ grown: GBDTTrainer.GrownTree, binned: BinnedMatrix, row: Int) -> Int {
        let tree = grown.tree
        guard tree.nodeCount > 0 else { return 0 }
        var node = 0
        while node >= 0 {
            let f = tree.splitFeature[node]
            let code = Int(binned.codes[f * binned.rowCount + row])
            let left = binned.bins[f].nanBin == code ? tree.defaultLeft[node] : code <= grown.nodeBin[node]
            node = left ? tree.leftChild[node] : tree.rightChild[node]
        }
        return ~node
    }

    /// Binary log-loss gradients: g = (p - y)·w, h = p(1 - p)·w, in fixed row chunks.
    private static func computeGradients(
        scores: [Double], labels: ContiguousArray<Double>, weights: ContiguousArray<Double>?, into gh: UnsafeMutablePointer<Double>,
        parallel: Bool
    ) {
        let n = scores.count, chunk = 16_384
        let out = SharedPointer(gh)
        scores.withUnsafeBufferPointer { s in
            labels.withUnsafeBufferPointer { y in
                let sp = UncheckedSendable((s, y))
                parallelFor(fixedChunks(count: n, chunkSize: chunk), parallel: parallel) { c in
                    let (s, y) = sp.value
                    for r in (c * chunk)..<min(n, (c + 1) * chunk) {
                        let p = 1 / (1 + exp(-s[r]))
                        let w = weights?[r] ?? 1
                        out[2 * r] = (p - y[r]) * w
                        out[2 * r + 1] = max(p * (1 - p), 1e-16) * w
                    }
                }
            }
        }
    }

    static func meanLogLoss(scores: [Double], labels: ContiguousArray<Double>, weights: ContiguousArray<Double>?) -> Double {
        var total = 0.0, sumW = 0.0
        for r in 0..<scores.count {
            let w = weights?[r] ?? 1
            // log(1 + exp(-s)) for y = 1 and log(1 + exp(s)) for y = 0, written to avoid overflow.
            let z = labels[r] == 1 ? -scores[r] : scores[r]
            total += w * (z > 0 ? z + log1p(exp(-z)) : log1p(exp(z)))
            sumW += w
        }
        return sumW > 0 ? total / sumW : 0
    }
}
