import Foundation

/// Grows one boosting ensemble: histogram-based, leaf-wise (best-first), with LightGBM's tricks — byte bins,
/// ordered gradients, building only the smaller child's histogram and subtracting for its sibling.
final class GBDTTrainer {
    let params: GBDTParameters
    let rules: SplitRules
    let data: BinnedMatrix
    let n: Int
    /// Interleaved gradient/hessian per row.
    let gh: UnsafeMutablePointer<Double>
    /// Leaf-ordered copy of gh for the rows whose histogram is being built.
    let orderedGH: UnsafeMutablePointer<Double>
    /// Rows of the current bag, grouped by leaf: leaf l owns indices[start..<start+count].
    let indices: UnsafeMutablePointer<Int32>
    /// Partition buffers: each row chunk writes its left rows to `scratch` and its right rows to `scratchRight`.
    let scratch: UnsafeMutablePointer<Int32>
    let scratchRight: UnsafeMutablePointer<Int32>
    /// Threads used for histogram building; results do not depend on it (each feature is summed by one thread).
    let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// One histogram (g, h, count per bin) per slot; a leaf that may still split holds a slot.
    let histograms: UnsafeMutablePointer<Double>
    let histSize: Int
    let slotCount: Int
    let plan: ParallelPlan

    init(data: BinnedMatrix, params: GBDTParameters, plan: ParallelPlan = ParallelPlan()) {
        self.data = data
        self.plan = plan
        self.params = params
        n = data.rowCount
        rules = SplitRules(
            lambdaL2: params.lambdaL2, minDataInLeaf: Double(params.minDataInLeaf), minSumHessian: params.minSumHessianInLeaf,
            minGainToSplit: params.minGainToSplit)
        gh = .allocate(capacity: 2 * max(n, 1))
        orderedGH = .allocate(capacity: 2 * max(n, 1))
        indices = .allocate(capacity: max(n, 1))
        scratch = .allocate(capacity: max(n, 1))
        scratchRight = .allocate(capacity: max(n, 1))
        histSize = 3 * data.totalBins
        slotCount = params.numLeaves + 1
        histograms = .allocate(capacity: max(histSize * slotCount, 1))
    }

    deinit {
        gh.deallocate()
        orderedGH.deallocate()
        indices.deallocate()
        scratch.deallocate()
        scratchRight.deallocate()
        histograms.deallocate()
    }

    /// A leaf during growth.
    struct Leaf {
        var start: Int
        var count: Int
        var sumG: Double
        var sumH: Double
        var depth: Int
        var slot: Int
        var best = SplitCandidate()
        /// The internal node whose child pointer names this leaf, and which side (-1 for the root leaf).
        var parentNode = -1
        var isLeftChild = false
    }

    /// A grown tree plus where its in-bag rows ended up, for the score update.
    struct GrownTree {
        var tree: DecisionTree
        /// Bin thresholds of each node, for routing out-of-bag rows by their codes.
        var nodeBin: [Int]
        var leaves: [Leaf]
    }

    /// Grows one tree over the first `bagCount` entries of `indices` (already filled by the caller).
    func grow(bagCount: Int, features: [Int], identityRows: Bool) -> GrownTree {
        let canSplitDepth = { (depth: Int) in self.params.maxDepth <= 0 || depth < self.params.maxDepth }
        var (rootG, rootH) = sums(count: bagCount, identity: identityRows)
        if !rootG.isFinite { rootG = 0 }
        if !rootH.isFinite { rootH = 0 }
        var freeSlots = Array((1..<slotCount).reversed())
        var leaves = [Leaf(start: 0, count: bagCount, sumG: rootG, sumH: rootH, depth: 0, slot: 0)]
        var tree = DecisionTree(
            splitFeature: [], threshold: [], defaultLeft: [], missingType: [], leftChild: [], rightChild: [], leafValue: [],
            leafCount: [], internalCount: [], splitGain: [])
        var nodeBin: [Int] = []
        if splittable(leaves[0], canSplitDepth) {
            leaves[0].best =
                buildAndSearch(
                    small: leaves[0], smallSlot: 0, large: nil, features: features, identity: identityRows)[0]
        }
        while leaves.count < params.numLeaves {
            var chosen = -1
            for (i, leaf) in leaves.enumerated() where leaf.best.isValid {
                if chosen < 0 || leaf.best.gain > leaves[chosen].best.gain { chosen = i }
            }
            guard chosen >= 0 else { break }
            let parent = leaves[chosen]
            let split = parent.best
            let node = tree.splitFeature.count
            let fb = data.bins[split.feature]
            tree.splitFeature.append(split.feature)
            tree.threshold.append(fb.upperBounds[split.bin])
            tree.missingType.append(fb.nanBin == nil ? .none : .nan)
            tree.defaultLeft.append(fb.nanBin == nil ? false : split.defaultLeft)
            tree.internalCount.append(Double(parent.count))
            tree.splitGain.append(split.gain)
            nodeBin.append(split.bin)
            let rightLeaf = leaves.count
            tree.leftChild.append(~chosen)
            tree.rightChild.append(~rightLeaf)
            if parent.parentNode >= 0 {
                if parent.isLeftChild { tree.leftChild[parent.parentNode] = node } else { tree.rightChild[parent.parentNode] = node }
            }
            let leftCount = partition(parent, split)
            var left = Leaf(
                start: parent.start, count: leftCount, sumG: split.leftG, sumH: split.leftH, depth: parent.depth + 1, slot: -1,
                parentNode: node, isLeftChild: true)
            var right = Leaf(
                start: parent.start + leftCount, count: parent.count - leftCount, sumG: split.rightG, sumH: split.rightH,
                depth: parent.depth + 1, slot: -1, parentNode: node, isLeftChild: false)
            let leftSplittable = splittable(left, canSplitDepth), rightSplittable = splittable(right, canSplitDepth)
            if leftSplittable || rightSplittable {
                let smallIsLeft = left.count <= right.count
                let smallSlot = freeSlots.removeLast()
                let found = buildAndSearch(
                    small: smallIsLeft ? left : right, smallSlot: smallSlot, large: (smallIsLeft ? right : left, parent.slot),
                    features: features, identity: false)
                if smallIsLeft {
                    left.slot = smallSlot
                    right.slot = parent.slot
                    if leftSplittable { left.best = found[0] }
                    if rightSplittable { right.best = found[1] }
                } else {
                    right.slot = smallSlot
                    left.slot = parent.slot
                    if rightSplittable { right.best = found[0] }
                    if leftSplittable { left.best = found[1] }
                }
                if !left.best.isValid { freeSlots.append(left.slot); left.slot = -1 }
                if !right.best.isValid { freeSlots.append(right.slot); right.slot = -1 }
            } else if parent.slot >= 0 {
                freeSlots.append(parent.slot)
            }
            leaves[chosen] = left
            leaves.append(right)
        }
        for leaf in leaves {
            tree.leafValue.append(rules.leafOutput(leaf.sumG, leaf.sumH) * params.learningRate)
            tree.leafCount.append(Double(leaf.count))
        }
        return GrownTree(tree: tree, nodeBin: nodeBin, leaves: leaves)
    }

    private func splittable(_ leaf: Leaf, _ depthOK: (Int) -> Bool) -> Bool {
        leaf.count >= 2 * params.minDataInLeaf && leaf.sumH >= 2 * params.minSumHessianInLeaf && depthOK(leaf.depth)
    }

    /// Sum of g and h over the bag, in fixed chunks added in a fixed order.
    private func sums(count: Int, identity: Bool) -> (Double, Double) {
        let chunk = plan.chunk
        let chunks = fixedChunks(count: count, chunkSize: chunk)
        var partial = [Double](repeating: 0, count: 2 * max(chunks, 1))
        let ghp = SharedPointer(gh), idx = SharedPointer(indices)
        partial.withUnsafeMutableBufferPointer { out in
            let o = SharedPointer(out.baseAddress!)
            parallelFor(chunks, parallel: count > plan.minWork) { c in
                var g = 0.0, h = 0.0
                for i in (c * chunk)..<min(count, (c + 1) * chunk) {
                    let r = identity ? i : Int(idx[i])
                    g += ghp[2 * r]
                    h += ghp[2 * r + 1]
                }
                o[2 * c] = g
                o[2 * c + 1] = h
            }
        }
        var g = 0.0, h = 0.0
        for c in 0..<chunks {
            g += partial[2 * c]
            h += partial[2 * c + 1]
        }
        return (g, h)
    }

    /// Builds the histogram of `small` into `smallSlot`; if `large` is given, turns its slot (holding the parent's
    /// histogram) into the sibling's by subtraction. Returns the best split of the small and the large leaf.
    private func buildAndSearch(
        small: Leaf, smallSlot: Int, large: (Leaf, Int)?, features: [Int], identity: Bool
    ) -> [SplitCandidate] {
        let m = small.count
        let ghp = SharedPointer(gh), og = SharedPointer(orderedGH), idx = SharedPointer(indices)
        if !identity {
            // Ordered gradients: one gather per leaf, then every feature reads g/h sequentially.
            let chunk = plan.chunk
            parallelFor(fixedChunks(count: m, chunkSize: chunk), parallel: m > plan.minWork) { c in
                for i in (c * chunk)..<min(m, (c + 1) * chunk) {
                    let r = Int(idx[small.start + i])
                    og[2 * i] = ghp[2 * r]
                    og[2 * i + 1] = ghp[2 * r + 1]
                }
            }
        }
        var results = [SplitCandidate](repeating: SplitCandidate(), count: 2 * features.count)
        let hist = SharedPointer(histograms)
        let smallBase = smallSlot * histSize
        let largeBase = (large?.1 ?? 0) * histSize
        let start = small.start
        let bins = data.bins, offsets = data.binOffset, rules = self.rules
        let largeLeaf = large?.0
        let sourceGH = identity ? ghp : og
        let featureCount = data.featureCount
        let rowCodes = SharedPointer(data.rowCodes)
        // Subtraction and split search of one feature, after its small-leaf histogram is complete.
        let finish = { (k: Int, res: SharedPointer<SplitCandidate>) in
            let f = features[k]
            let fb = bins[f]
            let h = hist.base + smallBase + 3 * offsets[f]
            res[2 * k] = rules.bestSplit(feature: f, hist: h, bins: fb, sumG: small.sumG, sumH: small.sumH, count: Double(m))
            if let largeLeaf {
                let p = hist.base + largeBase + 3 * offsets[f]
                for j in 0..<(3 * fb.totalBins) { p[j] -= h[j] }
                res[2 * k + 1] = rules.bestSplit(
                    feature: f, hist: p, bins: fb, sumG: largeLeaf.sumG, sumH: largeLeaf.sumH, count: Double(largeLeaf.count))
            }
        }
        results.withUnsafeMutableBufferPointer { out in
            let res = SharedPointer(out.baseAddress!)
            // Row-wise, as LightGBM's multi-value bins: one cache line holds a row's codes, so scattered rows of a
            // small leaf cost one miss each (not one per feature), and the root reads its gradients once.
            // Each thread owns a block of features and sums each of them in row order: no reduction, and the
            // result does not depend on the number of threads.
            let blocks = min(features.count, workers)
            let worthIt = m * features.count > plan.minWork || (large != nil && features.count > 8)
            parallelFor(blocks, parallel: worthIt) { block in
                let lo = block * features.count / blocks, hi = (block + 1) * features.count / blocks
                let width = hi - lo
                guard width > 0 else { return }
                let bases = UnsafeMutablePointer<UnsafeMutablePointer<Double>>.allocate(capacity: width)
                let columns = UnsafeMutablePointer<Int>.allocate(capacity: width)
                defer {
                    bases.deallocate()
                    columns.deallocate()
                }
                for j in 0..<width {
                    let f = features[lo + j]
                    bases[j] = hist.base + smallBase + 3 * offsets[f]
                    bases[j].initialize(repeating: 0, count: 3 * bins[f].totalBins)
                    columns[j] = f
                }
                let rows = idx.base + start, g = sourceGH.base
                for i in 0..<m {
                    let codesOfRow = rowCodes.base + (identity ? i : Int(rows[i])) * featureCount
                    let grad = g[2 * i], hess = g[2 * i + 1]
                    for j in 0..<width {
                        let h = bases[j] + 3 * Int(codesOfRow[columns[j]])
                        h[0] += grad
                        h[1] += hess
                        h[2] += 1
                    }
                }
                for k in lo..<hi { finish(k, res) }
            }
        }
        var bestSmall = SplitCandidate(), bestLarge = SplitCandidate()
        for k in 0..<features.count {
            if results[2 * k].beats(bestSmall) { bestSmall = results[2 * k] }
            if results[2 * k + 1].beats(bestLarge) { bestLarge = results[2 * k + 1] }
        }
        return [bestSmall, bestLarge]
    }

    /// Stable partition of a leaf's rows into left then right; returns the left count. Fixed chunks keep it deterministic.
    private func partition(_ leaf: Leaf, _ split: SplitCandidate) -> Int {
        let col = SharedPointer(data.codes + split.feature * n)
        let threshold = UInt8(split.bin)
        let nanCode = data.bins[split.feature].nanBin.map { UInt8($0) }
        let nanLeft = split.defaultLeft
        let idx = SharedPointer(indices + leaf.start), tmp = SharedPointer(scratch + leaf.start)
        @inline(__always) func goesLeft(_ r: Int32) -> Bool {
            let c = col[Int(r)]
            if let nanCode, c == nanCode { return nanLeft }
            return c <= threshold
        }
        let count = leaf.count
        let chunk = plan.chunk
        let chunks = fixedChunks(count: count, chunkSize: chunk)
        let parallel = count > plan.minWork
        let rightTmp = SharedPointer(scratchRight + leaf.start)
        var leftCounts = [Int](repeating: 0, count: chunks)
        // Pass 1: each chunk splits its rows into its own stretch of the two scratch buffers, keeping order.
        leftCounts.withUnsafeMutableBufferPointer { lc in
            let out = SharedPointer(lc.baseAddress!)
            parallelFor(chunks, parallel: parallel) { c in
                var l = c * chunk, r = c * chunk
                for i in (c * chunk)..<min(count, (c + 1) * chunk) {
                    let row = idx[i]
                    if goesLeft(row) { tmp[l] = row; l += 1 } else { rightTmp[r] = row; r += 1 }
                }
                out[c] = l - c * chunk
            }
        }
        let totalLeft = leftCounts.reduce(0, +)
        var leftStart = [Int](repeating: 0, count: chunks), rightStart = [Int](repeating: 0, count: chunks)
        var l = 0, r = totalLeft
        for c in 0..<chunks {
            leftStart[c] = l
            rightStart[c] = r
            l += leftCounts[c]
            r += min(count, (c + 1) * chunk) - c * chunk - leftCounts[c]
        }
        // Pass 2: chunks copy their stretches into place, lefts first, in chunk order.
        parallelFor(chunks, parallel: parallel) { c in
            let lefts = leftCounts[c], rights = min(count, (c + 1) * chunk) - c * chunk - lefts
            (idx.base + leftStart[c]).update(from: tmp.base + c * chunk, count: lefts)
            (idx.base + rightStart[c]).update(from: rightTmp.base + c * chunk, count: rights)
        }
        return totalLeft
    }
}
