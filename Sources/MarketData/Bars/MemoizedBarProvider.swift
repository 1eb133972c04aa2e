import AlertsCore
import Synchronization

/// Fetches each symbol's bars for one wide window once and answers every request inside that window by slicing.
///
/// For replays and backtests that ask the same provider for overlapping ranges again and again (the demo asks for
/// every symbol every simulated day). Requests reaching outside the window go to the underlying provider. The answer
/// is exactly the underlying provider's bars for the request, provided the provider's bars do not depend on the
/// requested range (true of the synthetic market, of CSV files and of completed Polygon sessions).
public final class MemoizedBarProvider: BarProvider {
    public let base: any BarProvider
    public let window: ClosedRange<LocalDate>
    private let cache = Mutex<[String: BarSeries]>([:])

    public var name: String { base.name }

    public init(base: any BarProvider, window: ClosedRange<LocalDate>) {
        self.base = base
        self.window = window
    }

    public func bars(
        symbol: String, timeframe: Timeframe, market: Market, from: LocalDate, to: LocalDate, progress: FetchProgressHandler?
    ) async throws -> BarSeries {
        guard window.contains(from), window.contains(to), from <= to else {
            return try await base.bars(symbol: symbol, timeframe: timeframe, market: market, from: from, to: to, progress: progress)
        }
        let key = "\(symbol)|\(timeframe.rawValue)|\(market.rawValue)"
        let full: BarSeries
        if let hit = cache.withLock({ $0[key] }) {
            full = hit
        } else {
            full = try await base.bars(
                symbol: symbol, timeframe: timeframe, market: market, from: window.lowerBound, to: window.upperBound, progress: progress)
            cache.withLock { $0[key] = full }
        }
        let sessions = try ExchangeMarketAdapter.of(market).calendar.sessions(from: from, to: to)
        guard let first = sessions.first, let last = sessions.last else { return full.slice(0..<0) }
        // Weekly bars start at a week's first open, which may precede `from`'s session: keep bars starting in the range.
        return full.between(from: first.open, to: last.close)
    }
}
