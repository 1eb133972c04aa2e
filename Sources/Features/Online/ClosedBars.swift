import AlertsCore
import MarketData

/// Which bars are closed at an instant: a bar still forming must never reach a feature vector.
public enum ClosedBars {
    /// When the bar starting at `t` closes (ms UTC): the next step or its session's close, whichever is first
    /// (early closes cut the last intraday bar); daily bars close with their session.
    public static func closeInstant(of t: Int64, timeframe: Timeframe, market: Market) -> Int64 {
        let calendar = ExchangeMarketAdapter.of(market).calendar
        let nominal = t + timeframe.seconds * 1000
        switch timeframe {
        case .d1:
            return calendar.session(containing: t)?.close ?? nominal
        case .w1:
            return nominal
        default:
            return min(nominal, calendar.session(containing: t)?.close ?? nominal)
        }
    }

    /// `series` without the bars that close after `asOf` (ms UTC).
    public static func trim(_ series: BarSeries, asOf: Int64, market: Market) -> BarSeries {
        var end = series.count
        while end > 0 && closeInstant(of: series.timestamps[end - 1], timeframe: series.timeframe, market: market) > asOf { end -= 1 }
        return end == series.count ? series : series.slice(0..<end)
    }
}
