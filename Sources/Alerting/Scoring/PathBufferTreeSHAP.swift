import Learning

/// Exact path-dependent TreeSHAP (Lundberg et al. 2018, Algorithm 2) built for the `/score` hot path.
///
/// Same algorithm and results as `GradientBoostedTrees.contributions` (Learning's reference; a test holds them equal
/// to 1e-12), arranged the way LightGBM's `pred_contrib` arranges it and then some: trees flattened into plain node
/// records, one preallocated path buffer where each recursion level copies its parent's path into its own slice
/// (no allocation), and the divisions of the path-weight updates replaced by multiplications with precomputed
/// reciprocals (in path-dependent TreeSHAP the "one" fractions are exactly 0 or 1).
struct PathBufferTreeSHAP: Sendable {
    /// One split node; children ≥ 0 are nodes of the same tree, < 0 are `~leaf`.
    struct Node {
        var feature: Int32
        var left: Int32
        var right: Int32
        var missing: UInt8
        var defaultLeft: Bool
        var threshold: Double
        var cover: Double
    }

    /// One leaf: its value and its training cover.
    struct Leaf {
        var value: Double
        var cover: Double
    }

    /// One feature on the current root-to-node path.
    struct Element {
        var feature: Int
        var zeroFraction: Double
        var oneFraction: Double
        var weight: Double
    }

    let nodes: ContiguousArray<Node>
    let leaves: ContiguousArray<Leaf>
    /// Per tree: first node and first leaf in `nodes` and `leaves`.
    let trees: ContiguousArray<(node: Int, leaf: Int)>
    let featureCount: Int
    /// Path elements a row needs: Σ over depths of (depth + 1), for the deepest tree.
    let bufferSize: Int
    /// `reciprocal[k] = 1 / k`.
    let reciprocal: ContiguousArray<Double>

    init(model: GradientBoostedTrees) {
        var nodes = ContiguousArray<Node>()
        var leaves = ContiguousArray<Leaf>()
        var trees = ContiguousArray<(node: Int, leaf: Int)>()
        var maxDepth = 0
        for tree in model.trees where tree.nodeCount > 0 {
            trees.append((nodes.count, leaves.count))
            for n in 0..<tree.nodeCount {
                nodes.append(
                    Node(
                        feature: Int32(tree.splitFeature[n]), left: Int32(tree.leftChild[n]), right: Int32(tree.rightChild[n]),
                        missing: tree.missingType[n].rawValue, defaultLeft: tree.defaultLeft[n], threshold: tree.threshold[n],
                        cover: tree.internalCount[n]))
            }
            for l in 0..<tree.leafValue.count { leaves.append(Leaf(value: tree.leafValue[l], cover: tree.leafCount[l])) }
            func depth(_ node: Int) -> Int { node < 0 ? 0 : 1 + max(depth(tree.leftChild[node]), depth(tree.rightChild[node])) }
            maxDepth = max(maxDepth, depth(0))
        }
        self.nodes = nodes
        self.leaves = leaves
        self.trees = trees
        featureCount = model.featureNames.count
        bufferSize = (maxDepth + 2) * (maxDepth + 3) / 2
        reciprocal = ContiguousArray((0...(maxDepth + 3)).map { $0 == 0 ? 0 : 1 / Double($0) })
    }

    /// Contributions of one row (model feature order) to its raw score, added into `phi` (`featureCount` slots).
    func contributions(_ row: UnsafeBufferPointer<Double>, into phi: UnsafeMutableBufferPointer<Double>) {
        let buffer = UnsafeMutablePointer<Element>.allocate(capacity: bufferSize)
        defer { buffer.deallocate() }
        nodes.withUnsafeBufferPointer { n in
            leaves.withUnsafeBufferPointer { l in
                reciprocal.withUnsafeBufferPointer { r in
                    for t in trees {
                        let walker = Walker(
                            nodes: n.baseAddress! + t.node, leaves: l.baseAddress! + t.leaf, row: row.baseAddress!, phi: phi.baseAddress!,
                            reciprocal: r.baseAddress!)
                        walker.recurse(node: 0, depth: 0, parent: buffer, zero: 1, one: 1, feature: -1)
                    }
                }
            }
        }
    }

    /// The recursion over one tree, with everything it reads behind plain pointers.
    struct Walker {
        let nodes: UnsafePointer<Node>
        let leaves: UnsafePointer<Leaf>
        let row: UnsafePointer<Double>
        let phi: UnsafeMutablePointer<Double>
        let reciprocal: UnsafePointer<Double>

        /// LightGBM's numerical decision (missing type 0 none, 1 zero, 2 NaN), as `DecisionTree.goesLeft`.
        @inline(__always)
        func goesLeft(_ node: UnsafePointer<Node>) -> Bool {
            var x = row[Int(node.pointee.feature)]
            let type = node.pointee.missing
            if x.isNaN && type != 2 { x = 0 }
            if (type == 1 && x > -zeroThreshold && x <= zeroThreshold) || (type == 2 && x.isNaN) { return node.pointee.defaultLeft }
            return x <= node.pointee.threshold
        }

        @inline(__always)
        func cover(_ child: Int32) -> Double { child >= 0 ? nodes[Int(child)].cover : leaves[Int(~child)].cover }

        func recurse(node: Int32, depth d: Int, parent: UnsafeMutablePointer<Element>, zero: Double, one: Double, feature: Int) {
            var depth = d
            let path = parent + depth
            if depth > 0 { path.update(from: parent, count: depth) }
            extend(path, depth, zero, one, feature)
            if node < 0 {
                let value = leaves[Int(~node)].value
                if depth >= 1 {
                    for i in 1...depth {
                        let w = unwoundSum(path, depth, i)
                        phi[path[i].feature] += w * (path[i].oneFraction - path[i].zeroFraction) * value
                    }
                }
                return
            }
            let n = nodes + Int(node)
            let split = Int(n.pointee.feature)
            let left = goesLeft(n)
            let hot = left ? n.pointee.left : n.pointee.right
            let cold = left ? n.pointee.right : n.pointee.left
            let w = n.pointee.cover
            let hotZero = w > 0 ? cover(hot) / w : 0
            let coldZero = w > 0 ? cover(cold) / w : 0
            var incomingZero = 1.0, incomingOne = 1.0
            var k = 1
            while k <= depth && path[k].feature != split { k += 1 }
            if k <= depth {
                incomingZero = path[k].zeroFraction
                incomingOne = path[k].oneFraction
                unwind(path, depth, k)
                depth -= 1
            }
            recurse(node: hot, depth: depth + 1, parent: path, zero: hotZero * incomingZero, one: incomingOne, feature: split)
            recurse(node: cold, depth: depth + 1, parent: path, zero: coldZero * incomingZero, one: 0, feature: split)
        }

        @inline(__always)
        func extend(_ p: UnsafeMutablePointer<Element>, _ d: Int, _ zero: Double, _ one: Double, _ feature: Int) {
            p[d] = Element(feature: feature, zeroFraction: zero, oneFraction: one, weight: d == 0 ? 1 : 0)
            let invD = reciprocal[d + 1]
            var i = d - 1
            while i >= 0 {
                p[i + 1].weight += one * p[i].weight * Double(i + 1) * invD
                p[i].weight = zero * p[i].weight * Double(d - i) * invD
                i -= 1
            }
        }

        @inline(__always)
        func unwind(_ p: UnsafeMutablePointer<Element>, _ d: Int, _ index: Int) {
            let one = p[index].oneFraction, zero = p[index].zeroFraction
            var next = p[d].weight
            let dd = Double(d + 1), invD = reciprocal[d + 1]
            var i = d - 1
            if one != 0 {
                let invOne = 1 / one
                while i >= 0 {
                    let tmp = p[i].weight
                    p[i].weight = next * dd * reciprocal[i + 1] * invOne
                    next = tmp - p[i].weight * zero * Double(d - i) * invD
                    i -= 1
                }
            } else {
                let invZero = 1 / zero
                while i >= 0 {
                    p[i].weight = p[i].weight * dd * invZero * reciprocal[d - i]
                    i -= 1
                }
            }
            var j = index
            while j < d {
                p[j].feature = p[j + 1].feature
                p[j].zeroFraction = p[j + 1].zeroFraction
                p[j].oneFraction = p[j + 1].oneFraction
                j += 1
            }
        }

        @inline(__always)
        func unwoundSum(_ p: UnsafeMutablePointer<Element>, _ d: Int, _ index: Int) -> Double {
            let one = p[index].oneFraction, zero = p[index].zeroFraction
            var next = p[d].weight
            var total = 0.0
            var i = d - 1
            if one != 0 {
                let invOne = 1 / one
                while i >= 0 {
                    let tmp = next * reciprocal[i + 1] * invOne
                    total += tmp
                    next = p[i].weight - tmp * zero * Double(d - i)
                    i -= 1
                }
            } else if zero != 0 {
                let invZero = 1 / zero
                while i >= 0 {
                    total += p[i].weight * invZero * reciprocal[d - i]
                    i -= 1
                }
            }
            return total * Double(d + 1)
        }
    }
}
