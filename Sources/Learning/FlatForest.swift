/// All trees of an ensemble flattened into contiguous structure-of-arrays, for fast batch and single-row prediction.
public struct FlatForest: Sendable {
    /// Per node: feature, threshold, missing-value flags; children ≥ 0 are nodes, < 0 are `~leaf` into `leafValue`.
    @usableFromInline let feature: ContiguousArray<Int32>
    @usableFromInline let threshold: ContiguousArray<Double>
    /// Children of node n at 2n (left) and 2n+1 (right), so the branch becomes an index.
    @usableFromInline let children: ContiguousArray<Int32>
    @usableFromInline let flags: ContiguousArray<UInt8>
    @usableFromInline let leafValue: ContiguousArray<Double>
    /// Root of each tree in the same encoding as children.
    @usableFromInline let roots: ContiguousArray<Int32>
    @usableFromInline let baseScore: Double
    /// Whether any node treats zero as missing; without such nodes a walk with no NaN branch is used.
    @usableFromInline let hasZeroMissing: Bool

    /// NaN goes left.
    @usableFromInline static let nanLeft: UInt8 = 1
    /// Zero is missing (LightGBM's MissingType.zero): |x| ≤ 1e-35 goes the default way.
    @usableFromInline static let zeroMissing: UInt8 = 2
    /// Default direction is left (used with `zeroMissing`).
    @usableFromInline static let defaultLeft: UInt8 = 4

    public init(trees: [DecisionTree], baseScore: Double) {
        var feature = ContiguousArray<Int32>(), threshold = ContiguousArray<Double>()
        var children = ContiguousArray<Int32>(), flags = ContiguousArray<UInt8>()
        var leafValue = ContiguousArray<Double>(), roots = ContiguousArray<Int32>()
        for tree in trees {
            let nodeBase = feature.count, leafBase = leafValue.count
            func encode(_ c: Int) -> Int32 { c >= 0 ? Int32(nodeBase + c) : ~Int32(leafBase + ~c) }
            roots.append(tree.nodeCount == 0 ? ~Int32(leafBase) : Int32(nodeBase))
            for node in 0..<tree.nodeCount {
                feature.append(Int32(tree.splitFeature[node]))
                threshold.append(tree.threshold[node])
                children.append(encode(tree.leftChild[node]))
                children.append(encode(tree.rightChild[node]))
                var f: UInt8 = 0
                switch tree.missingType[node] {
                case .nan: if tree.defaultLeft[node] { f |= FlatForest.nanLeft }
                case .zero:
                    // NaN is read as 0, which is missing here, so it also takes the default direction.
                    f |= FlatForest.zeroMissing
                    if tree.defaultLeft[node] { f |= FlatForest.nanLeft | FlatForest.defaultLeft }
                case .none: if 0 <= tree.threshold[node] { f |= FlatForest.nanLeft }
                }
                flags.append(f)
            }
            leafValue.append(contentsOf: tree.leafValue)
        }
        self.feature = feature
        self.threshold = threshold
        self.children = children
        self.flags = flags
        self.leafValue = leafValue
        self.roots = roots
        self.baseScore = baseScore
        hasZeroMissing = flags.contains { $0 & FlatForest.zeroMissing != 0 }
    }

    public var treeCount: Int { roots.count }

    /// Raw score (log-odds) of one row given as a contiguous buffer in model feature order.
    @inlinable
    public func rawScore(_ row: UnsafeBufferPointer<Double>) -> Double {
        withNodes { nodes in
            var sum = baseScore
            for root in roots { sum += nodes.leafValue[Int(~nodes.leaf(root, row.baseAddress!))] }
            return sum
        }
    }

    /// Raw scores of `rowCount` rows stored column-major (`values[f * rowCount + r]`), on every core.
    public func rawScores(columnMajor values: UnsafeBufferPointer<Double>, rowCount: Int, featureCount: Int) -> [Double] {
        var out = [Double](repeating: baseScore, count: rowCount)
        guard rowCount > 0 else { return out }
        let block = 256
        let blocks = fixedChunks(count: rowCount, chunkSize: block)
        out.withUnsafeMutableBufferPointer { outBuffer in
            let dst = SharedPointer(outBuffer.baseAddress!)
            let src = UncheckedSendable(values)
            withNodes { nodes in
                let shared = UncheckedSendable(nodes)
                let groups = max(1, min(blocks, 64))
                parallelFor(groups, parallel: rowCount >= 4096) { g in
                    let nodes = shared.value
                    // Rows are copied block by block into row-major order so that each tree walk reads one short
                    // contiguous row, and each tree stays hot in cache across the block.
                    let tile = UnsafeMutablePointer<Double>.allocate(capacity: block * max(featureCount, 1))
                    defer { tile.deallocate() }
                    var b = g * blocks / groups
                    let bEnd = (g + 1) * blocks / groups
                    while b < bEnd {
                        let start = b * block, m = min(block, rowCount - start)
                        for f in 0..<featureCount {
                            let col = src.value.baseAddress! + f * rowCount + start
                            for i in 0..<m { tile[i * featureCount + f] = col[i] }
                        }
                        nodes.accumulate(roots, rows: tile, count: m, featureCount: featureCount, into: dst.base + start)
                        b += 1
                    }
                }
            }
        }
        return out
    }

    /// Raw scores of `rowCount` rows stored row-major (`values[r * featureCount + f]`), written to `out`, on the
    /// calling thread: the serving path, where a request's batch is small and already laid out row by row.
    public func rawScores(
        rowMajor values: UnsafeBufferPointer<Double>, rowCount: Int, featureCount: Int, into out: UnsafeMutableBufferPointer<Double>
    ) {
        precondition(values.count >= rowCount * featureCount && out.count >= rowCount, "buffers too small for \(rowCount) rows")
        guard rowCount > 0 else { return }
        for i in 0..<rowCount { out[i] = baseScore }
        withNodes { nodes in
            nodes.accumulate(roots, rows: values.baseAddress!, count: rowCount, featureCount: featureCount, into: out.baseAddress!)
        }
    }

    /// Unsafe views of the node arrays for one traversal session.
    @usableFromInline
    struct Nodes {
        @usableFromInline let feature: UnsafePointer<Int32>
        @usableFromInline let threshold: UnsafePointer<Double>
        @usableFromInline let children: UnsafePointer<Int32>
        @usableFromInline let flags: UnsafePointer<UInt8>
        @usableFromInline let leafValue: UnsafePointer<Double>
        @usableFromInline let general: Bool

        @inlinable init(
            feature: UnsafePointer<Int32>, threshold: UnsafePointer<Double>, children: UnsafePointer<Int32>, flags: UnsafePointer<UInt8>,
            leafValue: UnsafePointer<Double>, general: Bool
        ) {
            self.feature = feature
            self.threshold = threshold
            self.children = children
            self.flags = flags
            self.leafValue = leafValue
            self.general = general
        }

        /// One branch-free step of the fast walk: the child of internal node `n` for value `x`.
        @inlinable @inline(__always)
        func step(_ n: Int, _ x: Double) -> Int32 {
            let t = threshold[n]
            // For numbers both tests agree; for NaN both are false, so the node's NaN flag alone decides.
            let left = unsafeBitCast(x <= t, to: UInt8.self) | (flags[n] & unsafeBitCast(!(x > t), to: UInt8.self))
            return children[2 * n + 1 - Int(left)]
        }

        /// Walks eight rows (row k at `rows + k * stride`) down one tree together, so that their independent
        /// chains of loads overlap, and adds each reached leaf's value to `out[k]`. Rows that reached a leaf keep
        /// stepping on node 0 and discard the result, which keeps the loop free of data-dependent branches.
        @inlinable @inline(__always)
        func walkEight(_ root: Int32, _ rows: UnsafePointer<Double>, stride: Int, into out: UnsafeMutablePointer<Double>) {
            var n0 = root, n1 = root, n2 = root, n3 = root, n4 = root, n5 = root, n6 = root, n7 = root
            @inline(__always) func advance(_ node: inout Int32, _ k: Int) {
                let n = Int(max(node, 0))
                let next = step(n, rows[k * stride + Int(feature[n])])
                node = node >= 0 ? next : node
            }
            while (n0 & n1 & n2 & n3 & n4 & n5 & n6 & n7) >= 0 {
                advance(&n0, 0)
                advance(&n1, 1)
                advance(&n2, 2)
                advance(&n3, 3)
                advance(&n4, 4)
                advance(&n5, 5)
                advance(&n6, 6)
                advance(&n7, 7)
            }
            out[0] += leafValue[Int(~n0)]
            out[1] += leafValue[Int(~n1)]
            out[2] += leafValue[Int(~n2)]
            out[3] += leafValue[Int(~n3)]
            out[4] += leafValue[Int(~n4)]
            out[5] += leafValue[Int(~n5)]
            out[6] += leafValue[Int(~n6)]
            out[7] += leafValue[Int(~n7)]
        }

        /// Adds every tree's leaf value for `count` row-major rows to `out`, tree by tree so each tree stays in
        /// cache across the rows, eight rows at a time on the fast walk.
        @usableFromInline
        func accumulate(
            _ roots: ContiguousArray<Int32>, rows: UnsafePointer<Double>, count m: Int, featureCount: Int, into out: UnsafeMutablePointer<Double>
        ) {
            for root in roots {
                var i = 0
                if !general && root >= 0 {
                    while i + 8 <= m {
                        walkEight(root, rows + i * featureCount, stride: featureCount, into: out + i)
                        i += 8
                    }
                }
                while i < m {
                    out[i] += leafValue[Int(~leaf(root, rows + i * featureCount))]
                    i += 1
                }
            }
        }

        /// Walks one tree from `root`; returns the encoded leaf (< 0).
        @inlinable @inline(__always)
        func leaf(_ root: Int32, _ row: UnsafePointer<Double>) -> Int32 {
            var node = root
            if general {
                while node >= 0 {
                    let n = Int(node)
                    let x = row[Int(feature[n])]
                    let f = flags[n]
                    let goLeft: Bool
                    if x.isNaN {
                        goLeft = f & FlatForest.nanLeft != 0
                    } else if f & FlatForest.zeroMissing != 0 && x > -zeroThreshold && x <= zeroThreshold {
                        goLeft = f & FlatForest.defaultLeft != 0
                    } else {
                        goLeft = x <= threshold[n]
                    }
                    node = children[2 * n + (goLeft ? 0 : 1)]
                }
            } else {
                while node >= 0 {
                    let n = Int(node)
                    node = step(n, row[Int(feature[n])])
                }
            }
            return node
        }
    }

    /// Runs `body` with raw pointers to the node arrays (valid only inside `body`).
    @inlinable
    func withNodes<R>(_ body: (Nodes) -> R) -> R {
        // Empty arrays (a forest of constant trees) still need a pointer; it is never read.
        let dummy = UnsafePointer<Double>(bitPattern: 8)!
        return feature.withUnsafeBufferPointer { fe in
            threshold.withUnsafeBufferPointer { th in
                children.withUnsafeBufferPointer { ch in
                    flags.withUnsafeBufferPointer { fl in
                        leafValue.withUnsafeBufferPointer { lv in
                            body(
                                Nodes(
                                    feature: fe.baseAddress ?? UnsafeRawPointer(dummy).assumingMemoryBound(to: Int32.self),
                                    threshold: th.baseAddress ?? dummy,
                                    children: ch.baseAddress ?? UnsafeRawPointer(dummy).assumingMemoryBound(to: Int32.self),
                                    flags: fl.baseAddress ?? UnsafeRawPointer(dummy).assumingMemoryBound(to: UInt8.self),
                                    leafValue: lv.baseAddress ?? dummy, general: hasZeroMissing))
                        }
                    }
                }
            }
        }
    }
}
