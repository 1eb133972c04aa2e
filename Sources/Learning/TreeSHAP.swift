/// Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, Algorithm 2), using training cover counts.
enum TreeSHAP {
    /// One feature on the current root-to-node path.
    struct PathElement {
        var feature: Int
        /// Fraction of "feature unknown" paths (cover ratio) that flow here.
        var zeroFraction: Double
        /// 1 when the row itself goes this way, else 0.
        var oneFraction: Double
        /// Weight of the subsets of each size.
        var weight: Double
    }

    /// Adds the tree's contribution for `row` into `phi` (one slot per feature).
    static func accumulate(tree: DecisionTree, row: [Double], into phi: inout [Double]) {
        guard tree.nodeCount > 0 else { return }
        var path: [PathElement] = []
        path.reserveCapacity(32)
        recurse(tree, row, &phi, node: 0, path: path, zeroFraction: 1, oneFraction: 1, feature: -1)
    }

    private static func recurse(
        _ tree: DecisionTree, _ row: [Double], _ phi: inout [Double], node: Int, path parentPath: [PathElement],
        zeroFraction: Double, oneFraction: Double, feature: Int
    ) {
        var path = parentPath
        extend(&path, zeroFraction: zeroFraction, oneFraction: oneFraction, feature: feature)
        let depth = path.count - 1
        if node < 0 {
            let value = tree.leafValue[~node]
            if depth >= 1 {
                for i in 1...depth {
                    let w = unwoundSum(path, i)
                    phi[path[i].feature] += w * (path[i].oneFraction - path[i].zeroFraction) * value
                }
            }
            return
        }
        let split = tree.splitFeature[node]
        let hot = tree.child(of: node, value: row[split])
        let cold = hot == tree.leftChild[node] ? tree.rightChild[node] : tree.leftChild[node]
        let cover = tree.internalCount[node]
        let hotFraction = cover > 0 ? tree.cover(hot) / cover : 0
        let coldFraction = cover > 0 ? tree.cover(cold) / cover : 0
        var incomingZero = 1.0, incomingOne = 1.0
        // A feature met again on the path: undo its earlier entry and carry its fractions down.
        if let k = path.indices.dropFirst().first(where: { path[$0].feature == split }) {
            incomingZero = path[k].zeroFraction
            incomingOne = path[k].oneFraction
            unwind(&path, k)
        }
        recurse(tree, row, &phi, node: hot, path: path, zeroFraction: hotFraction * incomingZero, oneFraction: incomingOne, feature: split)
        recurse(tree, row, &phi, node: cold, path: path, zeroFraction: coldFraction * incomingZero, oneFraction: 0, feature: split)
    }

    private static func extend(_ path: inout [PathElement], zeroFraction: Double, oneFraction: Double, feature: Int) {
        let d = path.count
        path.append(PathElement(feature: feature, zeroFraction: zeroFraction, oneFraction: oneFraction, weight: d == 0 ? 1 : 0))
        let dd = Double(d + 1)
        var i = d - 1
        while i >= 0 {
            path[i + 1].weight += oneFraction * path[i].weight * Double(i + 1) / dd
            path[i].weight = zeroFraction * path[i].weight * Double(d - i) / dd
            i -= 1
        }
    }

    private static func unwind(_ path: inout [PathElement], _ index: Int) {
        let d = path.count - 1
        let one = path[index].oneFraction, zero = path[index].zeroFraction
        var next = path[d].weight
        let dd = Double(d + 1)
        var i = d - 1
        while i >= 0 {
            if one != 0 {
                let tmp = path[i].weight
                path[i].weight = next * dd / (Double(i + 1) * one)
                next = tmp - path[i].weight * zero * Double(d - i) / dd
            } else {
                path[i].weight = path[i].weight * dd / (zero * Double(d - i))
            }
            i -= 1
        }
        for j in index..<d {
            path[j].feature = path[j + 1].feature
            path[j].zeroFraction = path[j + 1].zeroFraction
            path[j].oneFraction = path[j + 1].oneFraction
        }
        path.removeLast()
    }

    private static func unwoundSum(_ path: [PathElement], _ index: Int) -> Double {
        let d = path.count - 1
        let one = path[index].oneFraction, zero = path[index].zeroFraction
        var next = path[d].weight
        var total = 0.0
        let dd = Double(d + 1)
        var i = d - 1
        while i >= 0 {
            if one != 0 {
                let tmp = next * dd / (Double(i + 1) * one)
                total += tmp
                next = path[i].weight - tmp * zero * Double(d - i) / dd
            } else if zero != 0 {
                total += path[i].weight / zero / (Double(d - i) / dd)
            }
            i -= 1
        }
        return total
    }
}
