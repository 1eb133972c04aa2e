import AlertsCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A deterministic synthetic market: bars depend only on `Config` (seed first) and the symbol's name.
///
/// Daily log returns mix a calm/volatile Markov regime, Student-t shocks, an overnight gap and volume that rises
/// with |return| and in the volatile regime. With `patternStrength > 0` the drift also depends on the past: a
/// trending / mean-reverting regime and two planted, learnable patterns (see docs/MARKETDATA.md):
/// an oversold rebound in calm markets and a volume-breakout continuation. Intraday bars bridge each session's
/// daily open to its close and touch exactly its high and low, so they aggregate back to the daily bar.
public struct SyntheticMarket: BarProvider {
    public let name = "synthetic"
    public let config: Config

    public init(_ config: Config = Config()) { self.config = config }

    public func bars(
        symbol: String, timeframe: Timeframe, market: Market, from: LocalDate, to: LocalDate, progress: FetchProgressHandler?
    ) async throws -> BarSeries {
        let s = try series(symbol: symbol, timeframe: timeframe, market: market, from: from, to: to)
        progress?(FetchProgress(symbol: symbol, bars: s.count, fraction: 1))
        return s
    }

    /// Bars of the sessions dated `from…to` (clipped to `config.origin`).
    public func series(symbol: String, timeframe: Timeframe, market: Market, from: LocalDate, to: LocalDate) throws -> BarSeries {
        let calendar = ExchangeMarketAdapter.of(market).calendar
        let cfg = try config.validated()
        guard from <= to else { throw MarketDataError.invalidArgument("from \(from) is after to \(to)") }
        guard to >= cfg.origin else { return BarSeries(symbol: symbol, timeframe: timeframe) }
        let sessions = try calendar.sessions(from: cfg.origin, to: to)
        let start = calendar.instantRange(from: from, to: from).lowerBound
        let first = sessions.firstIndex { $0.open >= start } ?? sessions.count
        return build(symbol: symbol, timeframe: timeframe, market: market, sessions: sessions, keepFrom: first, calendar: calendar)
    }

    /// The last `count` bars up to the session dated `endingOn` (whatever the timeframe).
    public func series(symbol: String, timeframe: Timeframe, market: Market, count: Int, endingOn: LocalDate) throws -> BarSeries {
        let calendar = ExchangeMarketAdapter.of(market).calendar
        let cfg = try config.validated()
        guard count > 0 else { throw MarketDataError.invalidArgument("bar count must be positive, got \(count)") }
        let sessions = try calendar.sessions(from: cfg.origin, to: endingOn)
        // Sessions needed: one per daily bar, ~5 per weekly bar, count / bars-per-session for intraday.
        let perSession = timeframe.isIntraday ? max(1, sessions.last.map { calendar.barStarts(of: $0, timeframe: timeframe).count } ?? 1) : 1
        let needed = timeframe == .w1 ? count * 5 + 5 : (count + perSession - 1) / perSession + (timeframe.isIntraday ? 1 : 0)
        guard sessions.count >= needed else {
            throw MarketDataError.invalidArgument(
                "only \(sessions.count) \(market.rawValue) sessions between \(cfg.origin) and \(endingOn); ask for fewer bars or a later end date")
        }
        let s = build(
            symbol: symbol, timeframe: timeframe, market: market, sessions: sessions, keepFrom: sessions.count - needed, calendar: calendar)
        return s.count > count ? s.slice((s.count - count)..<s.count) : s
    }

    func build(
        symbol: String, timeframe: Timeframe, market: Market, sessions: [TradingSession], keepFrom: Int, calendar: ExchangeCalendar
    ) -> BarSeries {
        let path = DailyPath.generate(config: config, symbol: symbol, market: market, sessions: sessions)
        switch timeframe {
        case .d1:
            return path.series(symbol: symbol, range: keepFrom..<sessions.count)
        case .w1:
            return path.weekly(symbol: symbol, range: keepFrom..<sessions.count, calendar: calendar)
        default:
            var out = BarSeries(symbol: symbol, timeframe: timeframe)
            let symbolHash = SymbolHash.fnv1a(symbol)
            for i in keepFrom..<sessions.count {
                let starts = calendar.barStarts(of: sessions[i], timeframe: timeframe)
                let day = UInt64(bitPattern: Int64(LocalDate(sessions[i].date)!.dayNumber))
                var rng = SplitMix64(seed: SplitMix64.mix(config.seed, symbolHash, day, 0x1D))
                IntradayBridge.append(
                    to: &out, starts: starts, open: path.open[i], high: path.high[i], low: path.low[i], close: path.close[i],
                    volume: path.volume[i], tick: path.tick, rng: &rng)
            }
            return out
        }
    }
}
