/// Wilder's average true range at a bar, from a bounded trailing window so that it depends only on recent bars.
///
/// Plans with ATR barriers (`BarrierDistance.atr`) size their barriers with this value at the signal bar, both when
/// labeling for training and when an alert's plan is made, so label and plan agree. The window is the last
/// `windowFactor × period + 1` bars up to and including the signal bar: true ranges of all but the first, seeded with
/// their first `period`-bar mean, then Wilder-smoothed (`atr = atr + (tr − atr) / period`). After 10 periods the seed
/// weighs (1 − 1/n)^(9n) ≈ e⁻⁹ ≈ 1e-4 of the value, so the result is within that of an infinite-history ATR.
public enum AverageTrueRange {
    /// Periods of history in the trailing window (see the type's note).
    public static let windowFactor = 10

    /// ATR(`period`) at bar `index`, or nil when fewer than `period + 1` bars lead up to it.
    public static func at(_ series: BarSeries, index: Int, period: Int) -> Double? {
        guard period >= 1, index >= period, index < series.count else { return nil }
        let start = max(0, index - windowFactor * period)
        return series.high.withUnsafeBufferPointer { h in
            series.low.withUnsafeBufferPointer { l in
                series.close.withUnsafeBufferPointer { c in
                    var seed = 0.0
                    var atr = 0.0
                    var seen = 0
                    for j in (start + 1)...index {
                        let prev = c[j - 1]
                        let tr = max(h[j] - l[j], abs(h[j] - prev), abs(l[j] - prev))
                        seen += 1
                        if seen < period {
                            seed += tr
                        } else if seen == period {
                            atr = (seed + tr) / Double(period)
                        } else {
                            atr += (tr - atr) / Double(period)
                        }
                    }
                    return atr
                }
            }
        }
    }

    /// ATR(`period`) at every bar (NaN where undefined); each value equals `at(series, index:, period:)`.
    public static func column(_ series: BarSeries, period: Int) -> ContiguousArray<Double> {
        var out = ContiguousArray<Double>(repeating: .nan, count: series.count)
        for i in 0..<series.count { out[i] = at(series, index: i, period: period) ?? .nan }
        return out
    }
}
