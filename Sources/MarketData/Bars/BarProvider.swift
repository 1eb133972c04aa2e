import AlertsCore

/// Where a long fetch has got to; providers call the handler after each page, file or symbol.
public struct FetchProgress: Sendable, Hashable {
    public var symbol: String
    /// Bars received so far for `symbol`.
    public var bars: Int
    /// Share of the requested range done, 0…1, when the provider can tell.
    public var fraction: Double?
    /// A line worth showing, e.g. "HTTP 429, retrying in 2.0 s".
    public var note: String?

    public init(symbol: String, bars: Int, fraction: Double? = nil, note: String? = nil) {
        self.symbol = symbol
        self.bars = bars
        self.fraction = fraction
        self.note = note
    }
}

/// Receives progress of long fetches (called from any task).
public typealias FetchProgressHandler = @Sendable (FetchProgress) -> Void

/// A source of bars: CSV files, Polygon, the synthetic market. Dates are session dates in the market's time zone,
/// both inclusive; bars come back oldest first with UTC timestamps (daily bars at their session's open).
public protocol BarProvider: Sendable {
    /// Short name used in messages (`csv`, `polygon`, `synthetic`).
    var name: String { get }
    func bars(
        symbol: String, timeframe: Timeframe, market: Market, from: LocalDate, to: LocalDate, progress: FetchProgressHandler?
    ) async throws -> BarSeries
}

extension BarProvider {
    public func bars(symbol: String, timeframe: Timeframe, market: Market, from: LocalDate, to: LocalDate) async throws -> BarSeries {
        try await bars(symbol: symbol, timeframe: timeframe, market: market, from: from, to: to, progress: nil)
    }
}

extension ExchangeCalendar {
    /// The instants whose bars belong to sessions dated `from…to`: from local midnight of `from` (the evening
    /// before for FX) to local midnight after `to` (17:00 of `to` for FX).
    public func instantRange(from: LocalDate, to: LocalDate) -> Range<Int64> {
        let edge = min(0, rules.regularOpenMinute)
        let lo = utcMillis(from, minute: edge)
        let hi = utcMillis(to.adding(days: 1), minute: edge)
        return lo..<max(lo, hi)
    }
}
