import AlertsCore

/// ATR at the last bar with Wilder's smoothing (TA-Lib's definition: seeded with the mean of the first `period`
/// true ranges), for ATR barriers and volatility hints at the signal bar.
public enum AverageTrueRange {
    /// ATR(`period`) at the series' last bar, nil when there are not `period + 1` bars.
    public static func wilder(_ series: BarSeries, period: Int) -> Double? {
        let n = series.count
        guard period >= 1, n > period else { return nil }
        let h = series.high, l = series.low, c = series.close
        func tr(_ i: Int) -> Double { max(h[i] - l[i], abs(h[i] - c[i - 1]), abs(l[i] - c[i - 1])) }
        var atr = 0.0
        for i in 1...period { atr += tr(i) }
        atr /= Double(period)
        if n > period + 1 {
            for i in (period + 1)..<n { atr = (atr * Double(period - 1) + tr(i)) / Double(period) }
        }
        return atr.isFinite ? atr : nil
    }
}
