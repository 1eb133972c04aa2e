import AlertsCore

/// Hand-made bars for labeler tests: one bar per day from 2024-01-01, given as (open, high, low, close).
enum HandMadeBars {
    static let day: Int64 = 86_400_000
    static let start: Int64 = 1_704_067_200_000

    static func series(_ bars: [(Double, Double, Double, Double)], symbol: String = "TEST", timeframe: Timeframe = .d1) -> BarSeries {
        BarSeries(
            symbol: symbol, timeframe: timeframe,
            bars: bars.enumerated().map { i, b in
                Bar(timestamp: start + Int64(i) * day, open: b.0, high: b.1, low: b.2, close: b.3, volume: 1000)
            })
    }

    /// `count` bars at `price` with a high-low range of `range`, no gaps (true range = range on every bar).
    static func flat(_ count: Int, price: Double = 100, range: Double = 2) -> [(Double, Double, Double, Double)] {
        Array(repeating: (price, price + range / 2, price - range / 2, price), count: count)
    }
}
