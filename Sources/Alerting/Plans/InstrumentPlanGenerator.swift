import AlertsCore
import Foundation
import MarketData

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
        case .option: optionPlan(&out, plan: plan, context: context, stop: stop)
        case .fx:
            // Barriers in whole pips, as the FX labels placed them: the fractions and prices are those of the pips.
            let symbol = context.instrument.symbol
            out.hints.merge(fxHints(symbol: symbol, price: price, stop: stop, takeProfit: takeProfit)) { _, new in new }
            let pip = PipSize.of(symbol)
            out.stopPct = PipSize.pips(price * stop, symbol: symbol) * pip / price
            out.takeProfitPct = PipSize.pips(price * takeProfit, symbol: symbol) * pip / price
            out.stopPrice = PipSize.round(price * (1 - sign * out.stopPct), symbol: symbol)
            out.takeProfitPrice = PipSize.round(price * (1 + sign * out.takeProfitPct), symbol: symbol)
            out.sizingHint = min(sizing.maxPosition, sizing.riskPerTrade / out.stopPct)
        }
        return out
    }

    /// A listed contract on the underlying (`OptionContract.pick`): ATM strike on the grid, the first listed expiry covering
    /// twice the hold within the window whose leverage is under the cap, premium by Black–Scholes on realised volatility
    /// (an estimate). The plan's barriers apply to the premium, as the training labels applied them: a `0.3` stop is −30 %
    /// on the premium, an ATR barrier becomes leverage × its underlying move. `stop_pct` / `take_profit_pct` are those
    /// premium fractions; `stop_price` / `take_profit_price` the underlying levels that move the premium that much
    /// (leverage × underlying move ≈ premium move), and the size is the premium at risk.
    func optionPlan(_ out: inout TradePlan, plan: PlanSpec, context: ScoringContext, stop: Double) {
        let price = context.close
        let holdDays = Self.calendarDays(bars: plan.maxHoldBars, timeframe: context.timeframe)
        let target = min(options.maxDTE, max(options.minDTE, Int((2 * holdDays).rounded(.up))))
        // Realised volatility at the bar; without it, from ATR (ATR ≈ 1.25 σ daily) or the stop, annualised over 252.
        let volatility = context.volatility ?? max(0.1, (context.atr.map { $0 / price / 1.25 } ?? stop / 2) * (252.0).squareRoot())
        let calendar = ExchangeMarketAdapter.of(context.instrument.market).calendar
        let date = calendar.localDate(of: context.barTime)
        out.hints["premium_estimate"] = .string("black_scholes_realized_volatility")
        out.hints["volatility"] = .number(Self.rounded(volatility, 4))
        guard
            let contract = OptionContract.pick(
                symbol: context.instrument.symbol, side: plan.side, spot: price, date: date, targetDTE: target, volatility: volatility,
                window: options, calendar: calendar)
        else { return }
        let sign = plan.side == .long ? 1.0 : -1.0
        func premiumFraction(_ d: BarrierDistance) -> Double? {
            switch d {
            case .percent(let p): p
            case .atr: d.fraction(signalClose: price, atr: context.atr).map { $0 * contract.leverage }
            }
        }
        guard let stopPremium = premiumFraction(plan.stop), let tpPremium = premiumFraction(plan.takeProfit), stopPremium > 0 else { return }
        out.stopPct = min(1, stopPremium)
        out.takeProfitPct = tpPremium
        out.stopPrice = price * (1 - sign * out.stopPct / contract.leverage)
        out.takeProfitPrice = price * (1 + sign * tpPremium / contract.leverage)
        out.sizingHint = min(sizing.maxPosition, sizing.riskPerTrade / out.stopPct)
        out.hints.merge([
            "contract": .string("\(contract.underlying) \(contract.expiry) \(Self.strikeText(contract.strike)) \(contract.right)"),
            "underlying": .string(contract.underlying), "underlying_price": .number(price), "right": .string(contract.right),
            "strike": .number(contract.strike), "expiry": .string(contract.expiry.description),
            "expiry_kind": .string(contract.monthly ? "monthly" : "weekly"), "dte": .number(Double(contract.dte)),
            "delta": .number(Self.rounded(contract.delta, 3)), "premium": .number(Self.rounded(contract.premium, 2)),
            "premium_stop": .number(Self.rounded(contract.premium * (1 - out.stopPct), 2)),
            "premium_take_profit": .number(Self.rounded(contract.premium * (1 + tpPremium), 2)),
            "leverage": .number(Self.rounded(contract.leverage, 1)),
        ]) { _, new in new }
    }

    static func rounded(_ x: Double, _ digits: Int) -> Double {
        let scale = pow(10, Double(digits))
        return (x * scale).rounded() / scale
    }

    /// `235`, `42.5`: a strike as the chain lists it.
    static func strikeText(_ k: Double) -> String { k == k.rounded() ? String(Int(k)) : String(format: "%.1f", k) }

    /// Pips (`PipSize.of`: 0.01 for yen pairs, else 0.0001) and standard lots that risk `riskPerTrade` of a 100,000 account.
    func fxHints(symbol: String, price: Double, stop: Double, takeProfit: Double) -> [String: JSONValue] {
        let pip = PipSize.of(symbol)
        let stopPips = PipSize.pips(price * stop, symbol: symbol)
        let tpPips = PipSize.pips(price * takeProfit, symbol: symbol)
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
