import AlertsCore
import Foundation
import MarketData

/// The online `FeatureSource`: fetches just enough closed bars from a `BarProvider` and computes the latest vector.
///
/// It reads `set.historyBars` bars (2 W + lag), widening the date range when holidays or gaps leave it short, and
/// drops any bar still forming at the clock's instant. The vector equals the offline matrix's row for that bar.
public struct BarFeatureSource: FeatureSource {
    public let provider: any BarProvider
    public let catalog: any FeatureSetCatalog
    public let clock: any WallClock

    public init(provider: any BarProvider, catalog: any FeatureSetCatalog, clock: any WallClock = SystemClock()) {
        self.provider = provider
        self.catalog = catalog
        self.clock = clock
    }

    public func fetch(symbol: String, timeframe: Timeframe, market: Market, binding: FeatureBinding) async throws -> [String: Double] {
        let (set, _) = try await catalog.resolve(binding)
        return try await vector(symbol: symbol, timeframe: timeframe, market: market, set: set).dictionary
    }

    /// The latest vector (with its bar time and feature order) of `symbol` under `set`.
    public func vector(symbol: String, timeframe: Timeframe, market: Market, set: FeatureSet) async throws -> FeatureVector {
        try await latest(symbol: symbol, timeframe: timeframe, market: market, set: set).vector
    }

    /// The latest vector and the frame it came from (strategies evaluate their entry on it).
    func latest(
        symbol: String, timeframe: Timeframe, market: Market, set: FeatureSet
    ) async throws -> (frame: FeatureFrame, vector: FeatureVector) {
        let builder = FeatureBuilder(set: set, market: market)
        let bars = try await closedBars(symbol: symbol, timeframe: timeframe, market: market, count: set.historyBars)
        return try builder.latestFrame(bars)
    }

    /// At least `count` closed bars ending at the clock's instant (fewer only when the source has no more).
    public func closedBars(symbol: String, timeframe: Timeframe, market: Market, count: Int) async throws -> BarSeries {
        let calendar = ExchangeMarketAdapter.of(market).calendar
        let asOf = Int64((clock.now().timeIntervalSince1970 * 1000).rounded(.down))
        // The FX session of an evening belongs to the next date; one extra day never hurts, trimming removes it.
        let to = min(calendar.localDate(of: asOf).adding(days: 1), LocalDate(calendar.years.upperBound, 12, 31))
        let earliest = LocalDate(calendar.years.lowerBound, 1, 1)
        var days = Self.calendarDays(bars: count, timeframe: timeframe)
        var series = BarSeries(symbol: symbol, timeframe: timeframe)
        for _ in 0..<6 {
            let from = max(earliest, to.adding(days: -days))
            series = ClosedBars.trim(
                try await provider.bars(symbol: symbol, timeframe: timeframe, market: market, from: from, to: to), asOf: asOf,
                market: market)
            if series.count >= count || from == earliest { break }
            days *= 2
        }
        return series
    }

    /// Calendar days that usually hold `bars` bars (weekends, holidays and short sessions included).
    static func calendarDays(bars: Int, timeframe: Timeframe) -> Int {
        switch timeframe {
        case .d1: return bars * 3 / 2 + 10
        case .w1: return bars * 7 + 14
        default:
            // A 6.5-hour session holds 390 one-minute bars; weekends and holidays add ~50 %.
            let perSession = max(1, 23_400 / Int(timeframe.seconds))
            return (bars / perSession + 2) * 3 / 2 + 4
        }
    }
}
