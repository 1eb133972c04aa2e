import AlertsCore
import Foundation
import MarketData

/// The listed option an option alert proposes: at the money on the strike grid, the first listed expiry at or after the
/// target days to expiry within the user's window, its premium estimated by Black–Scholes from realised volatility.
///
/// The premium is an **estimate**: no option quotes are read. It prices a European option without dividends at a zero
/// rate on the underlying's realised volatility (the volatility the training labels used), which is what an ATM option
/// costs when implied volatility equals realised; real quotes differ by the volatility premium and the spread.
public struct OptionContract: Sendable, Hashable, Codable {
    public var underlying: String
    /// `call` for a long alert, `put` for a short one: either way the trade buys premium.
    public var right: String
    public var strike: Double
    /// The expiry date (the exchange's session date) and whether it is the month's standard (third-Friday) expiry.
    public var expiry: LocalDate
    public var monthly: Bool
    /// Calendar days from the signal's session date to the expiry.
    public var dte: Int
    /// Estimated premium per share, its delta (absolute) and the annualised volatility it was priced at.
    public var premium: Double
    public var delta: Double
    public var volatility: Double
    /// Elasticity |Δ|·S/P: the premium's percent move per 1 % of the underlying.
    public var leverage: Double
}

/// Black–Scholes for European options on a non-dividend-paying underlying.
public enum BlackScholes {
    /// Standard normal CDF through `erfc` (accurate in both tails).
    public static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    static func d1d2(spot: Double, strike: Double, years: Double, volatility: Double, rate: Double) -> (Double, Double) {
        let v = volatility * years.squareRoot()
        let d1 = (log(spot / strike) + (rate + volatility * volatility / 2) * years) / v
        return (d1, d1 - v)
    }

    /// The price of a call (`call` true) or put.
    public static func price(call: Bool, spot: Double, strike: Double, years: Double, volatility: Double, rate: Double = 0) -> Double {
        let (d1, d2) = d1d2(spot: spot, strike: strike, years: years, volatility: volatility, rate: rate)
        let discount = exp(-rate * years)
        return call
            ? spot * normalCDF(d1) - strike * discount * normalCDF(d2)
            : strike * discount * normalCDF(-d2) - spot * normalCDF(-d1)
    }

    /// Delta: N(d1) for a call, N(d1) − 1 for a put.
    public static func delta(call: Bool, spot: Double, strike: Double, years: Double, volatility: Double, rate: Double = 0) -> Double {
        let (d1, _) = d1d2(spot: spot, strike: strike, years: years, volatility: volatility, rate: rate)
        return call ? normalCDF(d1) : normalCDF(d1) - 1
    }
}

/// Listed expiries and strikes of equity options (US listing conventions).
public enum OptionListing {
    /// Strike increments by price level: 0.5 under 25, 1 under 100, 5 from 100 (the grid most listed names trade on).
    public static func strikeIncrement(price: Double) -> Double { price >= 100 ? 5 : price >= 25 ? 1 : 0.5 }

    /// The listed strike nearest the price (at the money).
    public static func atTheMoneyStrike(price: Double) -> Double {
        let step = strikeIncrement(price: price)
        return (price / step).rounded() * step
    }

    /// Every expiry after `after` up to `through`: each week's Friday (weeklies), the third Friday of a month being the
    /// monthly; a Friday the exchange is closed moves to the previous session (Good Friday → Thursday).
    public static func expiries(calendar: ExchangeCalendar, after: LocalDate, through: LocalDate) -> [(date: LocalDate, monthly: Bool)] {
        var out: [(date: LocalDate, monthly: Bool)] = []
        // LocalDate.weekday: Monday 1 … Sunday 7; the first Friday after `after`.
        var friday = after.adding(days: 1)
        while friday.weekday != 5 { friday = friday.adding(days: 1) }
        while friday <= through {
            var day = friday
            // At most a week back: a closed week has no expiry.
            var back = 0
            while calendar.session(on: day) == nil && back < 4 {
                day = day.adding(days: -1)
                back += 1
            }
            if calendar.session(on: day) != nil && day > after { out.append((day, (15...21).contains(friday.components.day))) }
            friday = friday.adding(days: 7)
        }
        return out
    }
}

/// Annualised realised volatility: the standard deviation of the last `window` log returns × √(bars a year), floored.
public func realizedVolatility(_ series: BarSeries, at index: Int, window: Int = 20, floor: Double = 0.1) -> Double? {
    guard window >= 2, index >= window, index < series.count else { return nil }
    var returns: [Double] = []
    returns.reserveCapacity(window)
    for i in (index - window + 1)...index {
        let a = series.close[i - 1]
        let b = series.close[i]
        guard a > 0, b > 0 else { return nil }
        returns.append(log(b / a))
    }
    let mean = returns.reduce(0, +) / Double(window)
    let variance = returns.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(window - 1)
    let perYear: Double =
        switch series.timeframe {
        case .d1: 252
        case .w1: 52
        default: 252 * 23_400 / Double(series.timeframe.seconds)
        }
    return max(floor, (variance * perYear).squareRoot())
}

extension OptionContract {
    /// The contract for an alert on `symbol` at `spot`, signalled on session `date`: ATM strike, the first listed expiry
    /// whose DTE is at least `targetDTE` within `window` and whose leverage is under the window's cap (the longest, least
    /// leveraged, when none is; the last in the window when none reaches the target), priced at `volatility`. Nil when no listed
    /// expiry falls inside the window (the options guardrail then holds the alert).
    public static func pick(
        symbol: String, side: TradeSide, spot: Double, date: LocalDate, targetDTE: Int, volatility: Double, window: OptionsWindow,
        calendar: ExchangeCalendar
    ) -> OptionContract? {
        guard spot > 0, spot.isFinite, volatility > 0, volatility.isFinite else { return nil }
        let listed = OptionListing.expiries(calendar: calendar, after: date, through: date.adding(days: window.maxDTE))
            .filter { $0.date.dayNumber - date.dayNumber >= window.minDTE }
        let call = side == .long
        let strike = OptionListing.atTheMoneyStrike(price: spot)
        func contract(_ e: (date: LocalDate, monthly: Bool)) -> OptionContract {
            let dte = e.date.dayNumber - date.dayNumber
            let years = Double(dte) / 365
            let premium = BlackScholes.price(call: call, spot: spot, strike: strike, years: years, volatility: volatility)
            let delta = abs(BlackScholes.delta(call: call, spot: spot, strike: strike, years: years, volatility: volatility))
            return OptionContract(
                underlying: symbol, right: call ? "call" : "put", strike: strike, expiry: e.date, monthly: e.monthly, dte: dte,
                premium: premium, delta: delta, volatility: volatility, leverage: premium > 0 ? delta * spot / premium : .infinity)
        }
        // Longer-dated options have less leverage: past the target, the first whose leverage is under the cap.
        let reaching = listed.filter { $0.date.dayNumber - date.dayNumber >= targetDTE }.map(contract)
        if let fit = reaching.first(where: { $0.leverage <= window.maxLeverage }) ?? reaching.last { return fit }
        return listed.last.map(contract)
    }
}
