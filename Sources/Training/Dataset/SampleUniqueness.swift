import Foundation

/// Sample weights from average label uniqueness (López de Prado, *AFML* §4.4–4.5).
///
/// A label made at signal bar s and resolved at exit bar e depends on the returns of bars s+1 … e (its span).
/// The concurrency c_t of bar t is the number of labels of the same symbol whose span contains t; the uniqueness
/// of a label is the mean of 1/c_t over its span. Overlapping labels share information, so each counts less:
/// a label alone has uniqueness 1, two labels with identical spans 1/2 each.
///
/// Across symbols, labels on the same dates share information in proportion to how correlated the symbols are:
/// `crossSectional` scales each bar's 1/c_t by the design effect 1/(1 + (n_t − 1)·ρ̄), where n_t is the number of
/// symbols with a label open at that time and ρ̄ the average pairwise correlation of the symbols' bar returns (clipped
/// at 0). Uncorrelated symbols keep their within-symbol uniqueness; perfectly correlated ones count as one symbol.
public enum SampleUniqueness {
    /// Average uniqueness of each span (`start ... end`, bar indices, `start ≤ end`), in input order.
    public static func averageUniqueness(spans: [(start: Int, end: Int)]) -> [Double] {
        averageUniqueness(spans: spans, scale: nil)
    }

    /// The per-bar concurrency of `spans` over bars 0..<count (bars outside every span have 0).
    public static func concurrency(spans: [(start: Int, end: Int)], count: Int) -> [Int] {
        var diff = [Int](repeating: 0, count: count + 1)
        for s in spans where s.start < count {
            diff[max(0, s.start)] += 1
            diff[min(count, s.end + 1)] -= 1
        }
        var out = [Int](repeating: 0, count: count)
        var running = 0
        for t in 0..<count {
            running += diff[t]
            out[t] = running
        }
        return out
    }

    /// Average uniqueness with each bar's 1/c_t multiplied by `scale(bar)` (the cross-sectional design effect).
    public static func averageUniqueness(spans: [(start: Int, end: Int)], scale: ((Int) -> Double)?) -> [Double] {
        guard let lo = spans.map(\.start).min(), let hi = spans.map(\.end).max() else { return [] }
        // Concurrency by a difference array over [lo, hi].
        var diff = [Int](repeating: 0, count: hi - lo + 2)
        for s in spans {
            diff[s.start - lo] += 1
            diff[s.end - lo + 1] -= 1
        }
        var inverse = [Double](repeating: 0, count: hi - lo + 1)
        var running = 0
        for t in 0..<inverse.count {
            running += diff[t]
            inverse[t] = running > 0 ? (scale?(lo + t) ?? 1) / Double(running) : 0
        }
        // Prefix sums of 1/c_t make each label's mean O(1).
        var prefix = [Double](repeating: 0, count: inverse.count + 1)
        for t in 0..<inverse.count { prefix[t + 1] = prefix[t] + inverse[t] }
        return spans.map { s in
            (prefix[s.end - lo + 1] - prefix[s.start - lo]) / Double(s.end - s.start + 1)
        }
    }

    /// The average pairwise Pearson correlation of the rows of `returns` (series × a common clock, NaN where a series
    /// has no return), each pair over the times both have; pairs with fewer than `minOverlap` common returns are left
    /// out. Nil with fewer than two such series.
    public static func averageCorrelation(returns: [[Double]], minOverlap: Int = 30) -> Double? {
        var total = 0.0
        var pairs = 0
        for a in 0..<returns.count {
            for b in (a + 1)..<returns.count {
                var n = 0.0
                var sx = 0.0
                var sy = 0.0
                var sxx = 0.0
                var syy = 0.0
                var sxy = 0.0
                returns[a].withUnsafeBufferPointer { xs in
                    returns[b].withUnsafeBufferPointer { ys in
                        for t in 0..<min(xs.count, ys.count) {
                            let x = xs[t]
                            let y = ys[t]
                            guard !x.isNaN, !y.isNaN else { continue }
                            n += 1
                            sx += x
                            sy += y
                            sxx += x * x
                            syy += y * y
                            sxy += x * y
                        }
                    }
                }
                guard n >= Double(minOverlap) else { continue }
                let vx = sxx - sx * sx / n
                let vy = syy - sy * sy / n
                guard vx > 0, vy > 0 else { continue }
                total += (sxy - sx * sy / n) / (vx * vy).squareRoot()
                pairs += 1
            }
        }
        return pairs > 0 ? total / Double(pairs) : nil
    }

    /// The cross-sectional design effect for `openSymbols` symbols with a label open at once, at average correlation
    /// `rho` (clipped to [0, 1]): 1/(1 + (n − 1)·ρ).
    public static func designEffect(openSymbols n: Int, rho: Double) -> Double {
        guard n > 1 else { return 1 }
        return 1 / (1 + Double(n - 1) * min(1, max(0, rho)))
    }

    /// Weights scaled so that they sum to the number of rows (mean 1): the loss keeps its scale.
    public static func normalized(_ uniqueness: [Double]) -> [Double] {
        let total = uniqueness.reduce(0, +)
        guard total > 0 else { return uniqueness.map { _ in 1 } }
        let scale = Double(uniqueness.count) / total
        return uniqueness.map { $0 * scale }
    }

    /// Effective number of independent labels: Σ uniqueness (used to size statistical checks).
    public static func effectiveCount(_ uniqueness: [Double]) -> Double { uniqueness.reduce(0, +) }
}
