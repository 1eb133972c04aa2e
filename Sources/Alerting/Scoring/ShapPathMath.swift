/// One feature on a root-to-node path of path-dependent TreeSHAP: the share of training cover that follows the
/// path's branches on it (`zeroFraction`), whether the row follows them all (`oneFraction`, 0 or 1), and the
/// permutation weight of the subset sizes the path polynomial holds at this position.
struct ShapPathElement {
    var feature: Int
    var zeroFraction: Double
    var oneFraction: Double
    var weight: Double
}

/// The path-polynomial steps of TreeSHAP (Lundberg et al. 2018, Algorithm 2: EXTEND, UNWIND and the unwound sum)
/// over a caller's buffer, with divisions by small integers replaced by a table of reciprocals.
struct ShapPathMath {
    /// `reciprocal[k] = 1 / k` for every k a path of the model can reach (index 0 unused).
    let reciprocal: UnsafePointer<Double>

    /// The reciprocal table for paths of up to `depth` elements.
    static func reciprocals(depth: Int) -> ContiguousArray<Double> {
        ContiguousArray((0...(depth + 3)).map { $0 == 0 ? 0 : 1 / Double($0) })
    }

    /// Appends the element (`feature`, `zero`, `one`) at position `d` of path `p` and updates the weights.
    @inline(__always)
    func extend(_ p: UnsafeMutablePointer<ShapPathElement>, _ d: Int, _ zero: Double, _ one: Double, _ feature: Int) {
        p[d] = ShapPathElement(feature: feature, zeroFraction: zero, oneFraction: one, weight: d == 0 ? 1 : 0)
        let invD = reciprocal[d + 1]
        var i = d - 1
        while i >= 0 {
            p[i + 1].weight += one * p[i].weight * Double(i + 1) * invD
            p[i].weight = zero * p[i].weight * Double(d - i) * invD
            i -= 1
        }
    }

    /// Removes the element at `index` from path `p` of length `d + 1` (undoing its `extend`).
    @inline(__always)
    func unwind(_ p: UnsafeMutablePointer<ShapPathElement>, _ d: Int, _ index: Int) {
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

    /// The total permutation weight of path `p` (length `d + 1`) with the element at `index` taken out.
    @inline(__always)
    func unwoundSum(_ p: UnsafeMutablePointer<ShapPathElement>, _ d: Int, _ index: Int) -> Double {
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
