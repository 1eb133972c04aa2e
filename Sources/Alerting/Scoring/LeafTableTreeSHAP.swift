import Learning

/// Exact path-dependent TreeSHAP computed leaf by leaf from per-leaf subset tables built once per model
/// (the idea of "Fast TreeSHAP v2", Yang 2021): the `/score` path.
///
/// A leaf with value v whose root path tests the unique features P (n of them) has, per feature j, a zero fraction
/// z_j (the share of training cover that follows the path's branches on j) and, for a row, a one fraction
/// o_j ∈ {0, 1} (whether the row follows all of them). Path-dependent TreeSHAP gives feature i ∈ P
///
///     φ_i += v · (o_i − z_i) · Σ_{S ⊆ P∖{i}} w(|S|, n) · Π_{j∈S} o_j · Π_{j∈P∖S∖{i}} z_j,   w(s, n) = s!(n−s−1)!/n!.
///
/// Only subsets of the row's hot set H = {j : o_j = 1} survive the product of one fractions, so with
/// A(G) = Σ_{S⊆G} w(|S|, n) · Π_{j∈P∖S} z_j:
///
///     cold i (o_i = 0):  φ_i −= v · A(H)          hot i:  φ_i += v · (1 − z_i)/z_i · A(H∖{i})
///
/// The table v·A(G) over every G ⊆ P is built once, so a row costs O(path length) per leaf instead of the
/// recursion's O(depth²). A leaf with more than `maxTableFeatures` unique features, a zero fraction of 0, or past
/// the table budget is computed from the same (z, o) pairs with the path polynomial instead (O(n²) for that leaf).
/// Same results as Learning's reference `TreeSHAP` (tests hold them equal to 1e-12 on random models and rows).
package struct LeafTableTreeSHAP: Sendable {
    /// One split node of a tree (tree-local index), as the row's branch decision needs it.
    struct Node {
        var threshold: Double
        var feature: Int32
        var missing: UInt8
        var defaultLeft: Bool
    }

    /// One branch on a leaf's root path: at tree-local `node` the path goes left or right; `slot` is the unique
    /// feature of the leaf the node tests.
    struct Edge {
        var node: Int32
        var slot: UInt16
        /// 1 when the path goes left here, 0 when right (compared with the row's decision without a branch).
        var left: UInt8
    }

    /// One unique feature of a leaf's path.
    struct Slot {
        var feature: Int
        var zero: Double
        /// (1 − z) / z: the hot feature's factor on the table.
        var hotScale: Double
    }

    /// One leaf: where its edges, slots and table are.
    struct Leaf {
        var value: Double
        var firstEdge: Int32
        var edgeCount: Int32
        var firstSlot: Int32
        var slotCount: Int32
        /// Start of v·A(G) in `tables` (2^slotCount entries), or −1 for a leaf computed directly.
        var table: Int
    }

    struct Tree {
        var firstNode: Int
        var nodeCount: Int
        var firstLeaf: Int
        var leafCount: Int
    }

    let nodes: ContiguousArray<Node>
    let edges: ContiguousArray<Edge>
    let slots: ContiguousArray<Slot>
    let leaves: ContiguousArray<Leaf>
    let trees: ContiguousArray<Tree>
    let tables: ContiguousArray<Double>
    let featureCount: Int
    /// The most nodes of one tree and the most unique features on one path (scratch sizes).
    let maxNodes: Int
    let maxSlots: Int
    let reciprocal: ContiguousArray<Double>

    /// Leaves with at most this many unique path features get a table (2^n doubles: 32 KiB at 12).
    static let defaultMaxTableFeatures = 12
    /// Table entries (doubles) one model may hold: 64 MiB.
    static let defaultTableBudget = 8 << 20

    package init(model: GradientBoostedTrees, maxTableFeatures: Int = defaultMaxTableFeatures, tableBudget: Int = defaultTableBudget) {
        precondition(maxTableFeatures <= 24, "tables over 2^24 entries per leaf are never worth it")
        var nodes = ContiguousArray<Node>(), edges = ContiguousArray<Edge>(), slots = ContiguousArray<Slot>()
        var leaves = ContiguousArray<Leaf>(), trees = ContiguousArray<Tree>(), tables = ContiguousArray<Double>()
        var maxNodes = 0, maxSlots = 0
        var builder = TableBuilder(maxFeatures: maxTableFeatures)
        for tree in model.trees where tree.nodeCount > 0 {
            trees.append(Tree(firstNode: nodes.count, nodeCount: tree.nodeCount, firstLeaf: leaves.count, leafCount: 0))
            maxNodes = max(maxNodes, tree.nodeCount)
            for n in 0..<tree.nodeCount {
                nodes.append(
                    Node(
                        threshold: tree.threshold[n], feature: Int32(tree.splitFeature[n]), missing: tree.missingType[n].rawValue,
                        defaultLeft: tree.defaultLeft[n]))
            }
            // Depth-first over the tree, carrying the root path as (node, went left) pairs.
            var path: [(node: Int, left: Bool)] = []
            func cover(_ child: Int) -> Double { child >= 0 ? tree.internalCount[child] : tree.leafCount[~child] }
            func visit(_ child: Int) {
                guard child < 0 else {
                    path.append((child, true))
                    visit(tree.leftChild[child])
                    path[path.count - 1].left = false
                    visit(tree.rightChild[child])
                    path.removeLast()
                    return
                }
                // A leaf: its unique features in order of first appearance, with their zero fractions.
                var features: [Int] = [], zeros: [Double] = []
                let firstEdge = edges.count
                for (k, step) in path.enumerated() {
                    let f = tree.splitFeature[step.node]
                    let next = k + 1 < path.count ? path[k + 1].node : child
                    let w = tree.internalCount[step.node]
                    let fraction = w > 0 ? cover(next) / w : 0
                    let slot: Int
                    if let s = features.firstIndex(of: f) {
                        slot = s
                        zeros[s] *= fraction
                    } else {
                        slot = features.count
                        features.append(f)
                        zeros.append(fraction)
                    }
                    precondition(slot <= Int(UInt16.max), "a tree path tests over 65,535 distinct features")
                    edges.append(Edge(node: Int32(step.node), slot: UInt16(slot), left: step.left ? 1 : 0))
                }
                let value = tree.leafValue[~child]
                let firstSlot = slots.count
                for (f, z) in zip(features, zeros) { slots.append(Slot(feature: f, zero: z, hotScale: z > 0 ? (1 - z) / z : 0)) }
                maxSlots = max(maxSlots, features.count)
                var table = -1
                let n = features.count
                if n <= maxTableFeatures && !zeros.contains(0) && tables.count + (1 << n) <= tableBudget {
                    table = tables.count
                    builder.append(zeros: zeros, value: value, to: &tables)
                }
                leaves.append(
                    Leaf(
                        value: value, firstEdge: Int32(firstEdge), edgeCount: Int32(edges.count - firstEdge), firstSlot: Int32(firstSlot),
                        slotCount: Int32(n), table: table))
            }
            visit(0)
            trees[trees.count - 1].leafCount = leaves.count - trees[trees.count - 1].firstLeaf
        }
        self.nodes = nodes
        self.edges = edges
        self.slots = slots
        self.leaves = leaves
        self.trees = trees
        self.tables = tables
        self.maxNodes = maxNodes
        self.maxSlots = maxSlots
        featureCount = model.featureNames.count
        reciprocal = ShapPathMath.reciprocals(depth: maxSlots)
    }

    /// How many leaves are computed from tables, and how many doubles the tables hold.
    package var tableStatistics: (tabled: Int, direct: Int, entries: Int) {
        let tabled = leaves.filter { $0.table >= 0 }.count
        return (tabled, leaves.count - tabled, tables.count)
    }

    /// Contributions of `count` row-major rows (`rows[r * featureCount + f]`, model feature order) to their raw
    /// scores, added into `phi` (same layout). Tree by tree, so one tree's tables stay in cache across the rows.
    package func contributions(rows: UnsafePointer<Double>, count: Int, into phi: UnsafeMutablePointer<Double>) {
        guard count > 0 else { return }
        let block = Self.rowBlock
        // The rows' branch decisions of one tree, node-major (`decisions[node * block + row]`), and per row the
        // current leaf's hot set and cold term.
        let decisions = UnsafeMutablePointer<UInt8>.allocate(capacity: max(maxNodes, 1) * block)
        defer { decisions.deallocate() }
        let hot = UnsafeMutablePointer<Int>.allocate(capacity: block)
        defer { hot.deallocate() }
        let cold = UnsafeMutablePointer<Double>.allocate(capacity: block)
        defer { cold.deallocate() }
        let path = UnsafeMutablePointer<ShapPathElement>.allocate(capacity: maxSlots + 2)
        defer { path.deallocate() }
        let width = featureCount
        nodes.withUnsafeBufferPointer { nodeBuffer in
            edges.withUnsafeBufferPointer { edgeBuffer in
                slots.withUnsafeBufferPointer { slotBuffer in
                    leaves.withUnsafeBufferPointer { leafBuffer in
                        tables.withUnsafeBufferPointer { tableBuffer in
                            reciprocal.withUnsafeBufferPointer { r in
                                let math = ShapPathMath(reciprocal: r.baseAddress!)
                                for tree in trees {
                                    let treeNodes = nodeBuffer.baseAddress! + tree.firstNode
                                    var start = 0
                                    while start < count {
                                        let m = min(block, count - start)
                                        let out = phi + start * width
                                        for row in 0..<m {
                                            let x = rows + (start + row) * width
                                            for n in 0..<tree.nodeCount { decisions[n * block + row] = Self.goesLeft(treeNodes + n, x) ? 1 : 0 }
                                        }
                                        // Leaf by leaf, each step over the block's rows: the loops' trip counts are the
                                        // same for every row of a leaf, and whether a row follows a branch is a
                                        // coin flip for the branch predictor, so the hot set is built without branches.
                                        for l in tree.firstLeaf..<(tree.firstLeaf + tree.leafCount) {
                                            let leaf = leafBuffer[l]
                                            let e = edgeBuffer.baseAddress! + Int(leaf.firstEdge)
                                            let s = slotBuffer.baseAddress! + Int(leaf.firstSlot)
                                            guard leaf.table >= 0 else {
                                                for row in 0..<m {
                                                    Self.direct(
                                                        leaf, edges: e, slots: s, decisions: decisions + row, stride: block, path: path, math: math,
                                                        into: out + row * width)
                                                }
                                                continue
                                            }
                                            let n = Int(leaf.slotCount)
                                            let all = (1 << n) - 1
                                            let t = tableBuffer.baseAddress! + leaf.table
                                            if m == 1 {
                                                // A lone row (the alert run's case): the same steps without the row loops.
                                                var h = all
                                                for k in 0..<Int(leaf.edgeCount) {
                                                    h &= ~(Int(decisions[Int(e[k].node) * block] ^ e[k].left) &* (1 << Int(e[k].slot)))
                                                }
                                                let c = -t[h]
                                                for k in 0..<n {
                                                    let bit = 1 << k
                                                    let hotTerm = s[k].hotScale * t[h ^ bit]
                                                    out[s[k].feature] += h & bit != 0 ? hotTerm : c
                                                }
                                                continue
                                            }
                                            for row in 0..<m { hot[row] = all }
                                            for k in 0..<Int(leaf.edgeCount) {
                                                let d = decisions + Int(e[k].node) * block
                                                let left = e[k].left, bit = 1 << Int(e[k].slot)
                                                for row in 0..<m { hot[row] &= ~(Int(d[row] ^ left) &* bit) }
                                            }
                                            for row in 0..<m { cold[row] = -t[hot[row]] }
                                            for k in 0..<n {
                                                let bit = 1 << k
                                                let f = s[k].feature, scale = s[k].hotScale
                                                for row in 0..<m {
                                                    let h = hot[row]
                                                    let hotTerm = scale * t[h ^ bit]
                                                    out[row * width + f] += h & bit != 0 ? hotTerm : cold[row]
                                                }
                                            }
                                        }
                                        start += m
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Rows evaluated together per tree: enough to amortise each leaf's loop set-up, few enough that the block's
    /// decisions and contributions stay in L1.
    static let rowBlock = 32

    /// One leaf's contributions from its (z, o) pairs with the path polynomial: the fallback for leaves without a table.
    @inline(never)
    static func direct(
        _ leaf: Leaf, edges e: UnsafePointer<Edge>, slots s: UnsafePointer<Slot>, decisions: UnsafePointer<UInt8>, stride: Int,
        path: UnsafeMutablePointer<ShapPathElement>, math: ShapPathMath, into out: UnsafeMutablePointer<Double>
    ) {
        let n = Int(leaf.slotCount)
        guard n > 0 else { return }
        // One fractions first (in the weight field of the slot's future position), then the polynomial.
        for k in 0..<n { path[k + 1].oneFraction = 1 }
        for k in 0..<Int(leaf.edgeCount) where decisions[Int(e[k].node) * stride] != e[k].left { path[Int(e[k].slot) + 1].oneFraction = 0 }
        math.extend(path, 0, 1, 1, -1)
        for k in 0..<n { math.extend(path, k + 1, s[k].zero, path[k + 1].oneFraction, s[k].feature) }
        for k in 1...n {
            let w = math.unwoundSum(path, n, k)
            out[path[k].feature] += w * (path[k].oneFraction - path[k].zeroFraction) * leaf.value
        }
    }

    /// LightGBM's numerical decision (missing type 0 none, 1 zero, 2 NaN), as `DecisionTree.goesLeft`.
    @inline(__always)
    static func goesLeft(_ node: UnsafePointer<Node>, _ row: UnsafePointer<Double>) -> Bool {
        var x = row[Int(node.pointee.feature)]
        let type = node.pointee.missing
        if x.isNaN && type != 2 { x = 0 }
        if (type == 1 && x > -zeroThreshold && x <= zeroThreshold) || (type == 2 && x.isNaN) { return node.pointee.defaultLeft }
        return x <= node.pointee.threshold
    }
}

/// Builds the table v·A(G) for every subset G of a leaf's unique path features (bit k of G is slot k).
private struct TableBuilder {
    /// w(s, n) = s!(n−s−1)!/n! for the current n.
    private var weights: [Double]
    /// Π_{j∈S} z_j per subset S.
    private var productIn: [Double]
    /// Elementary symmetric polynomials of the z's of each subset, n + 1 coefficients per subset.
    private var symmetric: [Double]

    init(maxFeatures: Int) {
        weights = []
        productIn = []
        symmetric = []
        productIn.reserveCapacity(1 << maxFeatures)
    }

    mutating func append(zeros z: [Double], value: Double, to tables: inout ContiguousArray<Double>) {
        let n = z.count
        let size = 1 << n
        guard n > 0 else {
            tables.append(0)
            return
        }
        weights = (0..<n).map { s in Self.factorial(s) * Self.factorial(n - s - 1) / Self.factorial(n) }
        productIn = [Double](repeating: 1, count: size)
        symmetric = [Double](repeating: 0, count: size * (n + 1))
        symmetric[0] = 1
        for g in 1..<size {
            let low = g.trailingZeroBitCount
            let base = g & (g - 1)
            productIn[g] = productIn[base] * z[low]
            let from = base * (n + 1), to = g * (n + 1)
            symmetric[to] = symmetric[from]
            for m in 1...n { symmetric[to + m] = symmetric[from + m] + z[low] * symmetric[from + m - 1] }
        }
        let full = size - 1
        for g in 0..<size {
            let k = g.nonzeroBitCount
            // |G| = n is never looked up: a cold feature makes H smaller than P, and a hot one is taken out.
            guard k < n else {
                tables.append(0)
                continue
            }
            var sum = 0.0
            for s in 0...k { sum += weights[s] * symmetric[g * (n + 1) + k - s] }
            tables.append(value * productIn[full ^ g] * sum)
        }
    }

    static func factorial(_ k: Int) -> Double {
        var f = 1.0
        if k > 1 { for i in 2...k { f *= Double(i) } }
        return f
    }
}
