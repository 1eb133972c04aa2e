import AlertsCore
import MarketData

/// Counts the bars a market prints between two bar starts, from its trading calendar (holidays and early closes
/// included), so that a cooldown of N bars means N bars of that market, not N × nominal length.
public struct BarCounter: Sendable {
    public init() {}

    /// Bars whose start lies in `(from, to]` (ms UTC).
    public func bars(after from: Int64, upTo to: Int64, timeframe: Timeframe, market: Market) -> Int {
        guard to > from else { return 0 }
        let calendar = ExchangeMarketAdapter.of(market).calendar
        if timeframe == .w1 { return Int((to - from) / (timeframe.seconds * 1000)) }
        let first = calendar.localDate(of: from).adding(days: -1)
        let last = calendar.localDate(of: to).adding(days: 1)
        guard let dates = try? calendar.sessionDates(from: first, to: last) else {
            return Int((to - from) / (timeframe.seconds * 1000))
        }
        var n = 0
        for d in dates {
            guard let s = calendar.session(on: d) else { continue }
            for t in calendar.barStarts(of: s, timeframe: timeframe) where t > from && t <= to { n += 1 }
        }
        return n
    }
}
