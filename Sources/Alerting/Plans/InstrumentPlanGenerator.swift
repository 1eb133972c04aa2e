import AlertsCore
import Foundation

/// Position sizing: risk a fixed share of equity per trade, spread over the stop distance, capped.
public struct PlanSizing: Sendable, Hashable, Codable {
    /// Share of equity lost if the stop is hit (0.01 = 1 %).
    public var riskPerTrade: Double
    /// Largest suggested position as a share of equity.
    public var maxPosition: Double

    public init(riskPerTrade: Double = 0.01, maxPosition: Double = 0.25) {
        self.riskPerTrade = riskPerTrade
        self.maxPosition = maxPosition
    }
}

/// The options window a proxy contract must fit (from the guardrails in force).
public struct OptionsWindow: Sendable, Hashable, Codable {
    public var minDTE: Int
    public var maxDTE: Int
    public var maxLeverage: Double

    public init(minDTE: Int = 7, maxDTE: Int = 60, maxLeverage: Double = 10) {
        self.minDTE = minDTE
        self.maxDTE = maxDTE
        self.maxLeverage = maxLeverage
    }
}

/// The seed's `PlanGenerator` for every instrument kind: the spec's `PlanSpec` resolved to prices at the signal bar
/// (ATR barriers use ATR at that bar), a sizing hint, and per-kind hints (option proxy contract, FX pips and lots).
public struct InstrumentPlanGenerator: PlanGenerator {
    public var sizing: PlanSizing
    public var options: OptionsWindow

    public init(sizing: PlanSizing = .init(), options: OptionsWindow = .init()) {
        self.sizing = sizing
        self.options = options
    }

    public func make(decision: Decision, score: Double, context: ScoringContext, plan: PlanSpec) throws -> TradePlan? {
        guard decision == .alert else { return nil }
        return try resolve(plan: plan, context: context)
    }

    /// The plan at the signal bar whatever the decision (previews show plans of suppressed candidates too).
    public func resolve(plan: PlanSpec, context: ScoringContext) throws(AlertingError) -> TradePlan {
        let price = context.close
        guard price.isFinite, price > 0 else { throw .unplannable("\(context.instrument.symbol): no valid close at the signal bar") }
        func fraction(_ d: BarrierDistance, _ name: String) throws(AlertingError) -> Double {
            guard let f = d.fraction(signalClose: price, atr: context.atr), f.isFinite, f > 0 else {
                throw .unplannable("\(context.instrument.symbol): the \(name) barrier needs ATR(\(d.atrPeriod ?? 14)) at the signal bar")
            }
            return f
        }
        let stop = try fraction(plan.stop, "stop")
        let takeProfit = try fraction(plan.takeProfit, "take-profit")
        let sign = plan.side == .long ? 1.0 : -1.0
        let size = min(sizing.maxPosition, sizing.riskPerTrade / stop)
        var out = TradePlan(
            side: plan.side, entryRule: plan.entry, referencePrice: price, stopPrice: price * (1 - sign * stop),
            takeProfitPrice: price * (1 + sign * takeProfit), stopPct: stop, takeProfitPct: takeProfit, maxHoldBars: plan.maxHoldBars,
            sizingHint: size, hints: ["risk_per_trade": .number(sizing.riskPerTrade)],
            roundTripCost: plan.roundTripCost(market: context.instrument.market, kind: context.instrument.kind))
        switch context.instrument.kind {
        case .equity, .etf: break
        case .option: out.hints.merge(optionHints(plan: plan, context: context, stop: stop)) { _, new in new }
        case .fx: out.hints.merge(fxHints(symbol: context.instrument.symbol, price: price, stop: stop, takeProfit: takeProfit)) { _, new in new }
        }
        return out
    }

    /// An at-the-money proxy on the underlying: strike at the money, DTE covering twice the hold within the window,
    /// lengthened (up to the window's end) until the leverage hint is under the cap.
    func optionHints(plan: PlanSpec, context: ScoringContext, stop: Double) -> [String: JSONValue] {
        let price = context.close
        let holdDays = Self.calendarDays(bars: plan.maxHoldBars, timeframe: context.timeframe)
        var dte = min(options.maxDTE, max(options.minDTE, Int((2 * holdDays).rounded(.up))))
        // Daily volatility from ATR (ATR ≈ 1.25 σ for daily bars), else from the stop; annualised over 252 sessions.
        let dailyVol = context.atr.map { $0 / price / 1.25 } ?? stop / 2
        let annualVol = max(1e-4, dailyVol * (252.0).squareRoot())
        // ATM premium ≈ 0.4 S σ √T; leverage = delta · S / premium with delta 0.5.
        func leverage(_ days: Int) -> Double { 0.5 / (0.4 * annualVol * (Double(max(days, 1)) / 365).squareRoot()) }
        if leverage(dte) > options.maxLeverage {
            let needed = Int((365 * pow(1.25 / (annualVol * options.maxLeverage), 2)).rounded(.up))
            dte = min(options.maxDTE, max(dte, needed))
        }
        let increment = price >= 100 ? 5.0 : price >= 25 ? 1.0 : 0.5
        let strike = (price / increment).rounded() * increment
        return [
            "contract": .string("\(context.instrument.symbol) \(plan.side == .long ? "call" : "put") ATM proxy"),
            "strike": .number(strike), "dte": .number(Double(dte)), "delta": .number(0.5),
            "leverage": .number((leverage(dte) * 10).rounded() / 10),
        ]
    }

    /// Pips (0.01 for yen pairs, else 0.0001) and standard lots that risk `riskPerTrade` of a 100,000 account.
    func fxHints(symbol: String, price: Double, stop: Double, takeProfit: Double) -> [String: JSONValue] {
        let pip = symbol.uppercased().contains("JPY") ? 0.01 : 0.0001
        let stopPips = (price * stop / pip).rounded()
        let tpPips = (price * takeProfit / pip).rounded()
        // A standard lot is 100,000 units of the base currency; one pip on it is worth 100,000 × pip in the quote
        // currency (10 for …/USD pairs); for yen pairs that is converted back at the price (USD/JPY: 1,000 JPY ≈ 6.7 USD).
        let pipValue = 100_000 * pip / (pip == 0.01 ? price : 1)
        let lots = max(0.01, (100_000 * sizing.riskPerTrade / (max(stopPips, 1) * pipValue) * 100).rounded() / 100)
        return [
            "pip_size": .number(pip), "stop_pips": .number(stopPips), "take_profit_pips": .number(tpPips),
            "lots_per_100k": .number(lots),
        ]
    }

    /// Calendar days a hold of `bars` spans (5 sessions a week; 6.5-hour sessions for intraday bars).
    static func calendarDays(bars: Int, timeframe: Timeframe) -> Double {
        switch timeframe {
        case .d1: return Double(bars) * 7 / 5
        case .w1: return Double(bars) * 7
        default: return (Double(bars) * Double(timeframe.seconds) / 23_400).rounded(.up) * 7 / 5
        }
    }
}
