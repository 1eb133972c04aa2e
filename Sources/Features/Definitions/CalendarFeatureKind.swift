import AlertsCore
import MarketData

/// Calendar features: they need the market's sessions and time zone, so they live here and not in Indicators.
public enum CalendarFeatureKind: String, Sendable, Hashable, CaseIterable {
    /// ISO weekday of the bar's session date in the market's zone: 1 = Monday … 7 = Sunday.
    case dayOfWeek = "day_of_week"
    /// 0 for the first bar of a session, 1 for the next, …; 0 for daily and weekly bars; NaN outside any session.
    case barOfSession = "bar_of_session"

    /// Values for every bar of `timestamps` (ms UTC, increasing) of `timeframe` bars in `market`.
    func values(timestamps: ContiguousArray<Int64>, timeframe: Timeframe, market: Market) -> [Double] {
        let n = timestamps.count
        var out = [Double](repeating: .nan, count: n)
        guard let first = timestamps.first, let last = timestamps.last else { return out }
        let calendar = ExchangeMarketAdapter.of(market).calendar
        let step = timeframe.seconds * 1000
        // The sessions of the whole span once, then one merge pass: no zone conversion per bar.
        let span =
            (try? calendar.sessions(from: calendar.localDate(of: first).adding(days: -1), to: calendar.localDate(of: last).adding(days: 1)))
            ?? []
        let weekdays = span.map { LocalDate($0.date).map { Double($0.weekday) } ?? .nan }
        var s = 0
        for i in 0..<n {
            let t = timestamps[i]
            while s < span.count && span[s].close <= t { s += 1 }
            let inSession = s < span.count && span[s].contains(t)
            switch self {
            case .dayOfWeek:
                if inSession {
                    out[i] = weekdays[s]
                } else if !timeframe.isIntraday {
                    // Daily files often stamp bars at 00:00Z, before the open: their UTC date is the session date.
                    out[i] = Double(LocalDate(dayNumber: Int(t >= 0 ? t / 86_400_000 : (t - 86_399_999) / 86_400_000)).weekday)
                } else {
                    out[i] = Double(calendar.localDate(of: t).weekday)
                }
            case .barOfSession:
                if inSession { out[i] = timeframe.isIntraday ? Double((t - span[s].open) / step) : 0 }
            }
        }
        return out
    }
}
