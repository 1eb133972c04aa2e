/// Sample weights from average label uniqueness (López de Prado, *AFML* §4.4–4.5).
///
/// A label made at signal bar s and resolved at exit bar e depends on the returns of bars s+1 … e (its span).
/// The concurrency c_t of bar t is the number of labels of the same symbol whose span contains t; the uniqueness
/// of a label is the mean of 1/c_t over its span. Overlapping labels share information, so each counts less:
/// a label alone has uniqueness 1, two labels with identical spans 1/2 each. Labels of different symbols never
/// overlap here (each symbol's price path is its own information).
public enum SampleUniqueness {
    /// Average uniqueness of each span (`start ... end`, bar indices, `start ≤ end`), in input order.
    public static func averageUniqueness(spans: [(start: Int, end: Int)]) -> [Double] {
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
            inverse[t] = running > 0 ? 1 / Double(running) : 0
        }
        // Prefix sums of 1/c_t make each label's mean O(1).
        var prefix = [Double](repeating: 0, count: inverse.count + 1)
        for t in 0..<inverse.count { prefix[t + 1] = prefix[t] + inverse[t] }
        return spans.map { s in
            (prefix[s.end - lo + 1] - prefix[s.start - lo]) / Double(s.end - s.start + 1)
        }
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
