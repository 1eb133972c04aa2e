import Foundation

/// A market the system trades in; it fixes time zone, currency and calendar.
public enum Market: String, Sendable, Codable, CaseIterable, Hashable {
    case us = "US"
    case eu = "EU"
    case india = "IN"
    case fx = "FX"

    /// Parses `US`, `us`, `XNYS`, `EU`, `XETR`, `IN`, `NSE`, `XNSE`, `BSE`, `XBOM`, `FX`.
    public init?(parsing text: String) {
        switch text.uppercased() {
        case "US", "XNYS", "NYSE", "NASDAQ": self = .us
        case "EU", "XETR", "XETRA", "DE": self = .eu
        case "IN", "NSE", "XNSE", "BSE", "XBOM": self = .india
        case "FX", "FOREX": self = .fx
        default: return nil
        }
    }
}

/// What kind of instrument a symbol is; it owns labeling and plan nuances.
public enum InstrumentKind: String, Sendable, Codable, CaseIterable, Hashable {
    case equity
    case etf
    case option
    case fx
}

/// A symbol with the market it trades on and its instrument kind.
public struct Instrument: Sendable, Hashable, Codable {
    public var symbol: String
    public var market: Market
    public var kind: InstrumentKind
    /// Sector or asset group, used by diversity guardrails.
    public var sector: String?

    public init(symbol: String, market: Market, kind: InstrumentKind, sector: String? = nil) {
        self.symbol = symbol
        self.market = market
        self.kind = kind
        self.sector = sector
    }
}

/// One trading session: its local date and its open and close instants (ms UTC).
public struct TradingSession: Sendable, Hashable, Codable {
    /// The session's date in the market's time zone, `YYYY-MM-DD`.
    public var date: String
    public var open: Int64
    public var close: Int64

    public init(date: String, open: Int64, close: Int64) {
        self.date = date
        self.open = open
        self.close = close
    }

    /// True when `t` (ms UTC) lies in `[open, close)`.
    public func contains(_ t: Int64) -> Bool { t >= open && t < close }
}

/// The seed's MarketAdapter: time zone, currency, calendar and data routing for one market.
public protocol MarketAdapter: Sendable {
    var market: Market { get }
    var timeZone: TimeZone { get }
    var currency: String { get }
    /// Exchange calendar code (e.g. `XNYS`).
    var calendarCode: String { get }
    /// Sessions whose date lies in `[from, to]` (local dates `YYYY-MM-DD`), oldest first.
    func sessions(from: String, to: String) throws -> [TradingSession]
    /// True when the market is open at `t` (ms UTC).
    func isOpen(at t: Int64) -> Bool
    /// The first session that opens after `t` (ms UTC).
    func nextSession(after t: Int64) -> TradingSession?
    /// The last session that closed at or before `t` (ms UTC).
    func previousSession(before t: Int64) -> TradingSession?
}

/// The seed's InstrumentAdapter: per instrument kind, how a symbol's trade is labeled and planned.
public protocol InstrumentAdapter: Sendable {
    var kind: InstrumentKind { get }
    /// The labeler that turns a `PlanSpec` into labels for this instrument.
    func labeler() -> any Labeler
    /// The plan generator that turns a decision into a trade plan for this instrument.
    func planGenerator() -> any PlanGenerator
}

extension TradeCosts {
    /// Default costs per side for a market and instrument kind, used when a plan states none (docs/TRAINING.md, "Costs").
    ///
    /// - US equities and ETFs: 0.5 bps commission (per-share pricing, ≈ $0.005 on a $100 share), 2 bps slippage
    ///   (half the spread of a liquid large cap plus market impact at the open).
    /// - EU equities: 4 bps commission (a broker's fixed fee on a mid-size ticket), 3 bps slippage (wider spreads).
    /// - IN equities: 12 bps "commission" (STT 0.1 % on each side of delivery trades, exchange fees, stamp duty and GST),
    ///   3 bps slippage.
    /// - FX: no commission (priced in the spread), 1 bp slippage (half a one-pip spread on a major plus slippage).
    /// - Options (the ATM proxy, costs on the premium): 20 bps commission (≈ $0.65 a contract on a $3 premium), 150 bps
    ///   slippage (half of a ≈ 3 % bid-ask spread on an ATM option).
    public static func defaults(market: Market, kind: InstrumentKind) -> TradeCosts {
        if kind == .option { return TradeCosts(commissionBps: 20, slippageBps: 150) }
        if kind == .fx { return TradeCosts(commissionBps: 0, slippageBps: 1) }
        switch market {
        case .us: return TradeCosts(commissionBps: 0.5, slippageBps: 2)
        case .eu: return TradeCosts(commissionBps: 4, slippageBps: 3)
        case .india: return TradeCosts(commissionBps: 12, slippageBps: 3)
        case .fx: return TradeCosts(commissionBps: 0, slippageBps: 1)
        }
    }
}
