/// Every indicator a spec can name: TA-Lib's functions (lower-case TA-Lib names) and AlertsAI's model features.
public enum IndicatorKind: String, CaseIterable, Sendable, Hashable {
    // Moving averages
    case sma, ema, wma, dema, tema, trima, kama
    // Momentum
    case rsi, cmo, mom, roc, trix, macd, ppo, apo
    // Volatility
    case bbands, stddev, atr, natr, trange
    // Trend and range oscillators
    case linearregSlope = "linearreg_slope"
    case adx, adxr
    case plusDI = "plus_di"
    case minusDI = "minus_di"
    case cci, willr, stoch, stochf, aroon, aroonosc, ultosc, sar
    // Volume
    case mfi, obv, ad, adosc
    // Model features (not in TA-Lib)
    case logret, rvol, zscore, volz, gap
    case distHigh = "dist_high"
    case distLow = "dist_low"

    /// Whether TA-Lib defines this indicator (and its output is checked against TA-Lib).
    public var isTALib: Bool {
        switch self {
        case .logret, .rvol, .zscore, .volz, .gap, .distHigh, .distLow: return false
        default: return true
        }
    }

    /// Parameters in TA-Lib's order with TA-Lib's defaults and ranges.
    public var parameters: [IndicatorParameter] {
        typealias P = IndicatorParameter
        switch self {
        case .sma, .ema, .wma, .dema, .tema, .trima, .kama:
            return [.period("timeperiod", 30, min: 2)]
        case .rsi, .cmo:
            return [.period("timeperiod", 14, min: 2)]
        case .mom, .roc:
            return [.period("timeperiod", 10, min: 1)]
        case .trix:
            return [.period("timeperiod", 30, min: 1)]
        case .macd:
            return [.period("fastperiod", 12, min: 2), .period("slowperiod", 26, min: 2), .period("signalperiod", 9, min: 1)]
        case .ppo, .apo:
            return [.period("fastperiod", 12, min: 2), .period("slowperiod", 26, min: 2)]
        case .bbands:
            return [
                .period("timeperiod", 5, min: 2), .real("nbdevup", 2, min: -3e37, max: 3e37),
                .real("nbdevdn", 2, min: -3e37, max: 3e37, copying: 1),
            ]
        case .stddev:
            return [.period("timeperiod", 5, min: 2), .real("nbdev", 1, min: -3e37, max: 3e37, omittedWhenDefault: true)]
        case .linearregSlope:
            return [.period("timeperiod", 14, min: 2)]
        case .atr, .natr, .plusDI, .minusDI:
            return [.period("timeperiod", 14, min: 1)]
        case .trange, .obv, .ad, .gap:
            return []
        case .adx, .adxr, .cci, .willr, .aroon, .aroonosc, .mfi:
            return [.period("timeperiod", 14, min: 2)]
        case .stoch:
            return [.period("fastk_period", 5, min: 1), .period("slowk_period", 3, min: 1), .period("slowd_period", 3, min: 1)]
        case .stochf:
            return [.period("fastk_period", 5, min: 1), .period("fastd_period", 3, min: 1)]
        case .ultosc:
            return [.period("timeperiod1", 7, min: 1), .period("timeperiod2", 14, min: 1), .period("timeperiod3", 28, min: 1)]
        case .sar:
            return [.real("acceleration", 0.02, min: 0, max: 3e37), .real("maximum", 0.2, min: 0, max: 3e37)]
        case .adosc:
            return [.period("fastperiod", 3, min: 2), .period("slowperiod", 10, min: 2)]
        case .logret:
            return [.period("bars", 1, min: 1)]
        case .rvol, .zscore, .volz:
            return [.period("bars", 20, min: 2)]
        case .distHigh, .distLow:
            return [.period("bars", 20, min: 1)]
        }
    }

    /// Output names; multi-output indicators use TA-Lib's names, single outputs TA-Lib's `real`.
    public var outputNames: [String] {
        switch self {
        case .macd: return ["macd", "macdsignal", "macdhist"]
        case .bbands: return ["upperband", "middleband", "lowerband"]
        case .stoch: return ["slowk", "slowd"]
        case .stochf: return ["fastk", "fastd"]
        case .aroon: return ["aroondown", "aroonup"]
        default: return ["real"]
        }
    }

    /// The call with its default parameters, e.g. `macd(fastperiod=12, slowperiod=26, signalperiod=9)`.
    public var usage: String {
        let list = parameters.map { "\($0.name)=\(IndicatorParameter.format($0.defaultValue))" }
        return "\(rawValue)(\(list.joined(separator: ", ")))"
    }
}

/// One parameter of an indicator: TA-Lib's name, default and accepted range.
public struct IndicatorParameter: Sendable, Hashable {
    /// TA-Lib's parameter name, e.g. `timeperiod`, `nbdevup`.
    public let name: String
    /// Periods must be whole numbers; multipliers and SAR factors need not.
    public let isInteger: Bool
    public let defaultValue: Double
    public let minimum: Double
    public let maximum: Double
    /// When omitted, take the value of this earlier parameter (BBANDS' `nbdevdn` follows `nbdevup`).
    public let copiesParameter: Int?
    /// Left out of the canonical text when it has its default (STDDEV's `nbdev = 1`).
    public let omittedWhenDefault: Bool

    static func period(_ name: String, _ value: Int, min: Int) -> IndicatorParameter {
        IndicatorParameter(
            name: name, isInteger: true, defaultValue: Double(value), minimum: Double(min), maximum: 100_000,
            copiesParameter: nil, omittedWhenDefault: false
        )
    }

    static func real(
        _ name: String, _ value: Double, min: Double, max: Double, copying: Int? = nil, omittedWhenDefault: Bool = false
    ) -> IndicatorParameter {
        IndicatorParameter(
            name: name, isInteger: false, defaultValue: value, minimum: min, maximum: max,
            copiesParameter: copying, omittedWhenDefault: omittedWhenDefault
        )
    }

    /// Shortest text for a parameter value: `14`, `0.02`, `2`.
    static func format(_ v: Double) -> String {
        if v == v.rounded(), v.magnitude < 1e15 { return String(Int(v)) }
        return String(v)
    }

    var rangeText: String { "[\(Self.format(minimum)), \(Self.format(maximum))]" }
}
