import AlertsCore
import Foundation

/// The MarketAdapter of one market (US, EU, IN, FX): zone, currency and calendar, backed by `ExchangeCalendar`.
public struct ExchangeMarketAdapter: MarketAdapter {
    public let market: Market
    public let currency: String
    public let calendar: ExchangeCalendar

    public init(market: Market, currency: String, calendar: ExchangeCalendar) {
        self.market = market
        self.currency = currency
        self.calendar = calendar
    }

    /// The shared adapter of `market` (its per-year session cache is shared by every caller).
    public static func of(_ market: Market) -> ExchangeMarketAdapter {
        switch market {
        case .us: us
        case .eu: eu
        case .india: india
        case .fx: fx
        }
    }

    public static let us = ExchangeMarketAdapter(market: .us, currency: "USD", calendar: ExchangeCalendar(rules: NYSERules()))
    public static let eu = ExchangeMarketAdapter(market: .eu, currency: "EUR", calendar: ExchangeCalendar(rules: XetraRules()))
    public static let india = ExchangeMarketAdapter(market: .india, currency: "INR", calendar: ExchangeCalendar(rules: IndiaRules()))
    /// FX prices are quoted in each pair's second currency; USD is the account currency of the 24×5 clock.
    public static let fx = ExchangeMarketAdapter(market: .fx, currency: "USD", calendar: ExchangeCalendar(rules: FXRules()))

    public var timeZone: TimeZone { calendar.timeZone }
    public var calendarCode: String { calendar.code }

    public func sessions(from: String, to: String) throws -> [TradingSession] {
        try calendar.sessions(from: LocalDate.parse(from, option: "from"), to: LocalDate.parse(to, option: "to"))
    }

    public func isOpen(at t: Int64) -> Bool { calendar.isOpen(at: t) }
    public func nextSession(after t: Int64) -> TradingSession? { calendar.nextSession(after: t) }
    public func previousSession(before t: Int64) -> TradingSession? { calendar.previousSession(before: t) }
}
