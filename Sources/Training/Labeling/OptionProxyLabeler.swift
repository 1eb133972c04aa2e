import AlertsCore
import Foundation

/// How an at-the-money option is approximated from its underlying (docs/TRAINING.md, "Options: the ATM proxy").
///
/// A long trade buys an ATM call, a short trade an ATM put; either way the trade is long premium. With σ the
/// underlying's annualized realized volatility at the signal and T the option's life in years:
/// premium P ≈ 0.4·σ·S·√T (Brenner–Subrahmanyam), leverage λ = S / P, delta Δ = 0.5, and after k bars
/// option return R_k = max(−1, Δ·λ·r_k − (1 − √(1 − t_k / T))), r_k the underlying's move in the trade's direction
/// and t_k the time elapsed. Barriers then apply to R (a 0.5 take-profit = +50 % on the premium).
public struct OptionProxy: Sendable, Hashable, Codable {
    /// Delta of the proxied option (0.5 at the money).
    public var delta: Double
    /// Days to expiry when bought, clamped to `[minDTE, maxDTE]`.
    public var targetDTE: Int
    public var minDTE: Int
    public var maxDTE: Int
    /// Bars of log returns in the realized volatility at the signal, and its floor (annualized).
    public var volWindow: Int
    public var minVolatility: Double
    /// Cap on Δ·λ (the option's elasticity), when set.
    public var maxLeverage: Double?

    public init(
        delta: Double = 0.5, targetDTE: Int = 30, minDTE: Int = 7, maxDTE: Int = 60, volWindow: Int = 20, minVolatility: Double = 0.1,
        maxLeverage: Double? = nil
    ) {
        self.delta = delta
        self.targetDTE = targetDTE
        self.minDTE = minDTE
        self.maxDTE = maxDTE
        self.volWindow = volWindow
        self.minVolatility = minVolatility
        self.maxLeverage = maxLeverage
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case delta
        case targetDTE = "target_dte"
        case minDTE = "min_dte"
        case maxDTE = "max_dte"
        case volWindow = "vol_window"
        case minVolatility = "min_volatility"
        case maxLeverage = "max_leverage"
    }

    /// Days to expiry of the option bought: the target clamped to the DTE bounds.
    public var dte: Int { min(max(targetDTE, minDTE), maxDTE) }

    /// Trading days in one bar: 1 for daily bars, 5 for weekly, bar length / 6.5 h for intraday bars.
    public static func tradingDaysPerBar(_ timeframe: Timeframe) -> Double {
        switch timeframe {
        case .d1: 1
        case .w1: 5
        default: Double(timeframe.seconds) / 23_400
        }
    }

    /// The option's life in trading days (DTE counts calendar days; 252 trading days per 365).
    public var tradingDaysToExpiry: Double { Double(dte) * 252 / 365 }

    /// Checks the proxy and that the hold ends while the option still has `minDTE` days left.
    public func check(plan: PlanSpec, timeframe: Timeframe) throws(TrainingError) {
        guard delta > 0, delta <= 1 else { throw .config("labeler.options.delta must be in (0, 1], got \(delta)") }
        guard minDTE >= 1, minDTE <= maxDTE else {
            throw .config("labeler.options.min_dte (\(minDTE)) must be ≥ 1 and ≤ max_dte (\(maxDTE))")
        }
        guard volWindow >= 2 else { throw .config("labeler.options.vol_window must be ≥ 2, got \(volWindow)") }
        guard minVolatility > 0 else { throw .config("labeler.options.min_volatility must be > 0, got \(minVolatility)") }
        let held = Double(plan.maxHoldBars) * Self.tradingDaysPerBar(timeframe)
        let room = tradingDaysToExpiry - Double(minDTE) * 252 / 365
        guard held <= room else {
            throw .plan(
                "max_hold_bars \(plan.maxHoldBars) on \(timeframe.rawValue) bars holds \(String(format: "%.1f", held)) trading days, but a "
                    + "\(dte)-DTE option must be sold with \(minDTE) days left (room: \(String(format: "%.1f", room)) trading days); "
                    + "shorten the hold or raise labeler.options.target_dte")
        }
        if plan.stop.fraction(signalClose: 1, atr: nil).map({ $0 >= 1 }) == true {
            throw .plan("an option stop of 100 % or more of the premium can never be hit; use a smaller plan.stop")
        }
    }

    /// Annualized realized volatility at bar `index` (floored at `minVolatility`), or nil without `volWindow` returns.
    public func volatility(_ series: BarSeries, at index: Int) -> Double? {
        guard index >= volWindow, index < series.count else { return nil }
        var sum = 0.0
        var sq = 0.0
        for j in (index - volWindow + 1)...index {
            let r = log(series.close[j] / series.close[j - 1])
            sum += r
            sq += r * r
        }
        let m = sum / Double(volWindow)
        let perBar = max(0, (sq - Double(volWindow) * m * m) / Double(volWindow - 1)).squareRoot()
        let annual = perBar * (252 / Self.tradingDaysPerBar(series.timeframe)).squareRoot()
        return max(annual, minVolatility)
    }

    /// The option's elasticity Δ·λ for volatility σ: Δ / (0.4·σ·√T), capped by `maxLeverage`.
    public func elasticity(volatility sigma: Double) -> Double {
        let years = tradingDaysToExpiry / 252
        let e = delta / (0.4 * sigma * years.squareRoot())
        return maxLeverage.map { min($0, e) } ?? e
    }

    /// The share of the premium lost to time after `tradingDays`: 1 − √(1 − t/T) (an ATM premium scales with √T).
    public func decay(tradingDays: Double) -> Double {
        1 - max(0, 1 - tradingDays / tradingDaysToExpiry).squareRoot()
    }
}

/// Option P/L as a function of the underlying price: `max(−1, e·r − decay(step))`.
struct OptionReturnMap: TradeReturnMap {
    let side: TradeSide
    let entry: Double
    let elasticity: Double
    let proxy: OptionProxy
    let daysPerBar: Double

    @inline(__always) func decay(_ step: Int) -> Double { proxy.decay(tradingDays: Double(step) * daysPerBar) }

    func tradeReturn(price: Double, step: Int) -> Double {
        let r = side == .long ? price / entry - 1 : 1 - price / entry
        return max(-1, elasticity * r - decay(step))
    }

    func price(forReturn value: Double, step: Int) -> Double {
        let r = (value + decay(step)) / elasticity
        return side == .long ? entry * (1 + r) : entry * (1 - r)
    }
}

/// Triple-barrier labels for options through the ATM proxy on the underlying's bars (`OptionProxy`).
///
/// Percent barriers are fractions of the premium; an ATR barrier m·ATR is first an underlying move, then an option
/// return e·m·ATR / S. `LabelMeta` keeps the underlying's entry and exit prices; returns, MFE and MAE are the option's.
public struct OptionProxyLabeler: TradeResolver {
    public let proxy: OptionProxy

    public init(proxy: OptionProxy = OptionProxy()) {
        self.proxy = proxy
    }

    public func resolveTrade(series: BarSeries, signalIndex: Int, plan: PlanSpec, atrAtSignal: Double?) -> Label? {
        guard let entry = plan.entryPrice(series: series, signalIndex: signalIndex),
            let sigma = proxy.volatility(series, at: signalIndex)
        else { return nil }
        let e = proxy.elasticity(volatility: sigma)
        func barrier(_ d: BarrierDistance) -> Double? {
            switch d {
            case .percent(let p): return p
            case .atr: return d.fraction(signalClose: series.close[signalIndex], atr: atrAtSignal).map { $0 * e }
            }
        }
        guard let tp = barrier(plan.takeProfit), let sl = barrier(plan.stop), sl < 1 else { return nil }
        let map = OptionReturnMap(
            side: plan.side, entry: entry, elasticity: e, proxy: proxy, daysPerBar: OptionProxy.tradingDaysPerBar(series.timeframe))
        return BarrierWalk.run(
            series: series, signalIndex: signalIndex, maxHoldBars: plan.maxHoldBars, entryRule: plan.entry, entryPrice: entry,
            takeProfit: tp, stop: sl, map: map, roundTripCost: (plan.costs ?? .zero).roundTrip)
    }
}
