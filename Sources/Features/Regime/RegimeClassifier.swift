import AlertsCore
import Foundation

/// Point-in-time regime flags per bar: volatility state from the percentile of realized volatility within its own
/// trailing history, and trend state from the close against a rising or falling moving average.
///
/// The flag at bar t uses bars up to t only, so training (per-regime metrics) and serving (threshold bending)
/// see the same regime for the same bar.
public struct RegimeClassifier: Sendable, Hashable, Codable {
    /// Bars of 1-bar log returns in the realized volatility.
    public var volWindow: Int
    /// Bars of realized-volatility history the percentile is taken in.
    public var percentileWindow: Int
    /// Percentile at or above which volatility is `high`, and at or below which it is `low`.
    public var highPercentile: Double
    public var lowPercentile: Double
    /// Moving-average length for the trend, and the bars over which its slope is read.
    public var trendWindow: Int
    public var slopeBars: Int

    public init(
        volWindow: Int = 20, percentileWindow: Int = 252, highPercentile: Double = 0.8, lowPercentile: Double = 0.2,
        trendWindow: Int = 50, slopeBars: Int = 10
    ) {
        self.volWindow = volWindow
        self.percentileWindow = percentileWindow
        self.highPercentile = highPercentile
        self.lowPercentile = lowPercentile
        self.trendWindow = trendWindow
        self.slopeBars = slopeBars
    }

    /// Bars needed before the first flag.
    public var warmupBars: Int { max(volWindow + percentileWindow / 4, trendWindow + slopeBars) + 1 }

    /// One regime per bar; nil during the warm-up.
    public func classify(_ series: BarSeries) -> [Regime?] {
        let n = series.count
        var out = [Regime?](repeating: nil, count: n)
        guard n > 1 else { return out }
        let close = series.close
        var vol = [Double](repeating: .nan, count: n)
        // Rolling standard deviation of log returns, recomputed per window for exact point-in-time values.
        var rets = [Double](repeating: .nan, count: n)
        for i in 1..<n where close[i] > 0 && close[i - 1] > 0 { rets[i] = log(close[i] / close[i - 1]) }
        if n > volWindow {
            for i in volWindow..<n {
                var sum = 0.0
                var sq = 0.0
                for j in (i - volWindow + 1)...i {
                    sum += rets[j]
                    sq += rets[j] * rets[j]
                }
                let m = sum / Double(volWindow)
                vol[i] = (max(0, sq / Double(volWindow) - m * m)).squareRoot()
            }
        }
        var sma = [Double](repeating: .nan, count: n)
        if n >= trendWindow {
            for i in (trendWindow - 1)..<n {
                var s = 0.0
                for j in (i - trendWindow + 1)...i { s += close[j] }
                sma[i] = s / Double(trendWindow)
            }
        }
        let minHistory = max(percentileWindow / 4, 2)
        for i in 0..<n {
            guard vol[i].isFinite, i - slopeBars >= 0, sma[i].isFinite, sma[i - slopeBars].isFinite else { continue }
            let start = max(volWindow, i - percentileWindow + 1)
            guard i - start + 1 >= minHistory else { continue }
            var below = 0
            var count = 0
            for j in start...i where vol[j].isFinite {
                count += 1
                if vol[j] < vol[i] { below += 1 }
            }
            let pct = Double(below) / Double(max(count - 1, 1))
            let v: Regime.Volatility = pct >= highPercentile ? .high : (pct <= lowPercentile ? .low : .normal)
            let rising = sma[i] > sma[i - slopeBars]
            let t: Regime.Trend = close[i] > sma[i] && rising ? .up : (close[i] < sma[i] && !rising ? .down : .flat)
            out[i] = Regime(volatility: v, trend: t)
        }
        return out
    }
}
