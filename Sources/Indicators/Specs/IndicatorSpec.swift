/// A parsed, validated indicator with all parameters resolved, e.g. `macd(12,26,9)`; computes full-length columns.
public struct IndicatorSpec: Sendable, Hashable, CustomStringConvertible {
    public let kind: IndicatorKind
    /// All parameters in TA-Lib's order, defaults filled in.
    public let parameters: [Double]

    /// Validates `parameters` (a prefix of the kind's list; the rest take TA-Lib's defaults).
    public init(_ kind: IndicatorKind, _ parameters: [Double] = []) throws(IndicatorError) {
        let tokens = parameters.map { IndicatorParameter.format($0) }
        try self.init(kind, values: parameters, tokens: tokens, text: kind.rawValue + "(" + tokens.joined(separator: ",") + ")")
    }

    init(_ kind: IndicatorKind, values: [Double], tokens: [String], text: String) throws(IndicatorError) {
        let definitions = kind.parameters
        guard values.count <= definitions.count else {
            throw .wrongParameterCount(text: text, indicator: kind.rawValue, got: values.count, accepted: definitions.count)
        }
        var resolved: [Double] = []
        for (index, definition) in definitions.enumerated() {
            guard index < values.count else {
                resolved.append(definition.copiesParameter.map { resolved[$0] } ?? definition.defaultValue)
                continue
            }
            let value = values[index]
            if definition.isInteger && value != value.rounded() {
                throw .nonIntegerParameter(text: text, parameter: definition.name, token: tokens[index])
            }
            guard value >= definition.minimum && value <= definition.maximum else {
                throw .parameterOutOfRange(text: text, parameter: definition.name, token: tokens[index], range: definition.rangeText)
            }
            resolved.append(value)
        }
        self.kind = kind
        self.parameters = resolved
    }

    /// Canonical text: lower-case name and every parameter, except trailing ones that only restate their default
    /// (`bbands(20,2)`, `stddev(20)`, `obv()`).
    public var canonical: String {
        let definitions = kind.parameters
        var shown = parameters.count
        while shown > 0 {
            let definition = definitions[shown - 1]
            let implied = definition.copiesParameter.map { parameters[$0] } ?? definition.defaultValue
            let omittable = definition.copiesParameter != nil || definition.omittedWhenDefault
            guard omittable && parameters[shown - 1] == implied else { break }
            shown -= 1
        }
        return kind.rawValue + "(" + parameters.prefix(shown).map(IndicatorParameter.format).joined(separator: ",") + ")"
    }

    public var description: String { canonical }

    /// Output names in column order (TA-Lib's names; `real` for single-output indicators).
    public var outputNames: [String] { kind.outputNames }

    /// Column names as they appear in feature matrices: `rsi(14)`, or `macd(12,26,9).macdsignal` for multi-output specs.
    public var columnNames: [String] {
        outputNames.count == 1 ? [canonical] : outputNames.map { canonical + "." + $0 }
    }

    func integer(_ i: Int) -> Int { Int(parameters[i]) }

    /// Bars before the first value (TA-Lib's lookback, unstable period 0): output `t` is NaN exactly when `t < lookback`.
    public var lookback: Int {
        let p = parameters.count > 0 ? integer(0) : 0
        switch kind {
        case .sma, .ema, .wma, .trima, .bbands, .stddev, .linearregSlope, .cci, .willr, .zscore, .volz, .distHigh, .distLow:
            return p - 1
        case .dema: return 2 * (p - 1)
        case .tema: return 3 * (p - 1)
        case .trix: return 3 * (p - 1) + 1
        case .kama, .rsi, .cmo, .mom, .roc, .atr, .natr, .plusDI, .minusDI, .aroon, .aroonosc, .mfi, .logret, .rvol:
            return p
        case .macd: return max(integer(0), integer(1)) - 1 + integer(2) - 1
        case .ppo, .apo, .adosc: return max(integer(0), integer(1)) - 1
        case .trange, .sar, .gap: return 1
        case .obv, .ad: return 0
        case .adx: return 2 * p - 1
        case .adxr: return 3 * p - 2
        case .stoch: return integer(0) - 1 + integer(1) - 1 + integer(2) - 1
        case .stochf: return integer(0) - 1 + integer(1) - 1
        case .ultosc: return max(integer(0), integer(1), integer(2))
        }
    }

    /// How much history the latest value needs to equal the full-history value (see `HistoryRequirement`).
    public var history: HistoryRequirement { history(tolerance: HistoryRequirement.convergedTolerance) }

    /// The same, with `convergedBars` counted until the seed's weight falls below `tolerance` (recursive kinds).
    public func history(tolerance: Double) -> HistoryRequirement {
        let window = lookback + 1
        let p = parameters.count > 0 ? integer(0) : 0
        switch kind {
        case .mom, .roc, .trange, .willr, .aroon, .aroonosc, .cci, .linearregSlope,
            .logret, .rvol, .zscore, .volz, .gap, .distHigh, .distLow:
            return HistoryRequirement(bitExactBars: window, convergedBars: window)
        case .sma, .wma, .trima, .stddev, .bbands, .stoch, .stochf, .mfi, .ultosc, .ppo, .apo:
            return HistoryRequirement(bitExactBars: nil, convergedBars: window)
        case .ema:
            return .recursive(window + HistoryRequirement.decayBars(emaAlpha: p, tolerance: tolerance))
        case .dema:
            return .recursive(window + 2 * HistoryRequirement.decayBars(emaAlpha: p, tolerance: tolerance))
        case .tema, .trix:
            return .recursive(window + 3 * HistoryRequirement.decayBars(emaAlpha: p, tolerance: tolerance))
        case .kama:
            let slowest = (2.0 / 31.0) * (2.0 / 31.0)
            return .recursive(window + HistoryRequirement.decayBars(alpha: slowest, tolerance: tolerance))
        case .rsi, .cmo, .atr, .natr, .plusDI, .minusDI:
            return .recursive(window + HistoryRequirement.decayBars(alpha: 1.0 / Double(p), tolerance: tolerance))
        case .adx:
            return .recursive(window + 2 * HistoryRequirement.decayBars(alpha: 1.0 / Double(p), tolerance: tolerance))
        case .adxr:
            return .recursive(window + 2 * HistoryRequirement.decayBars(alpha: 1.0 / Double(p), tolerance: tolerance) + p)
        case .macd:
            let slow = max(integer(0), integer(1))
            return .recursive(
                window + HistoryRequirement.decayBars(emaAlpha: slow, tolerance: tolerance)
                    + HistoryRequirement.decayBars(emaAlpha: integer(2), tolerance: tolerance)
            )
        case .adosc:
            return .recursive(window + HistoryRequirement.decayBars(emaAlpha: max(integer(0), integer(1)), tolerance: tolerance))
        case .sar, .obv, .ad:
            return HistoryRequirement(bitExactBars: nil, convergedBars: nil)
        }
    }

    /// Writes every output column (in `outputNames` order) for the bars; each buffer has the bars' length.
    public func compute(on bars: OHLCVBuffers, into outputs: [UnsafeMutableBufferPointer<Double>]) {
        precondition(outputs.count == outputNames.count, "\(canonical) writes \(outputNames.count) columns")
        let b = bars
        let o = outputs
        let k = Kernels.self
        switch kind {
        case .sma: k.sma(b.close, period: integer(0), into: o[0])
        case .ema: k.ema(b.close, period: integer(0), into: o[0])
        case .wma: k.wma(b.close, period: integer(0), into: o[0])
        case .dema: k.dema(b.close, period: integer(0), into: o[0])
        case .tema: k.tema(b.close, period: integer(0), into: o[0])
        case .trima: k.trima(b.close, period: integer(0), into: o[0])
        case .kama: k.kama(b.close, period: integer(0), into: o[0])
        case .rsi: k.rsi(b.close, period: integer(0), into: o[0])
        case .cmo: k.cmo(b.close, period: integer(0), into: o[0])
        case .mom: k.mom(b.close, period: integer(0), into: o[0])
        case .roc: k.roc(b.close, period: integer(0), into: o[0])
        case .trix: k.trix(b.close, period: integer(0), into: o[0])
        case .macd:
            k.macd(b.close, fast: integer(0), slow: integer(1), signal: integer(2), macd: o[0], signal: o[1], histogram: o[2])
        case .ppo: k.ppo(b.close, fast: integer(0), slow: integer(1), into: o[0])
        case .apo: k.apo(b.close, fast: integer(0), slow: integer(1), into: o[0])
        case .bbands:
            k.bbands(
                b.close, period: integer(0), deviationsUp: parameters[1], deviationsDown: parameters[2],
                upper: o[0], middle: o[1], lower: o[2]
            )
        case .stddev: k.stddev(b.close, period: integer(0), deviations: parameters[1], into: o[0])
        case .linearregSlope: k.linearRegressionSlope(b.close, period: integer(0), into: o[0])
        case .atr: k.atr(high: b.high, low: b.low, close: b.close, period: integer(0), into: o[0])
        case .natr: k.natr(high: b.high, low: b.low, close: b.close, period: integer(0), into: o[0])
        case .trange: k.trange(high: b.high, low: b.low, close: b.close, into: o[0])
        case .adx: k.adx(high: b.high, low: b.low, close: b.close, period: integer(0), into: o[0])
        case .adxr: k.adxr(high: b.high, low: b.low, close: b.close, period: integer(0), into: o[0])
        case .plusDI: k.plusDI(high: b.high, low: b.low, close: b.close, period: integer(0), into: o[0])
        case .minusDI: k.minusDI(high: b.high, low: b.low, close: b.close, period: integer(0), into: o[0])
        case .cci: k.cci(high: b.high, low: b.low, close: b.close, period: integer(0), into: o[0])
        case .willr: k.willr(high: b.high, low: b.low, close: b.close, period: integer(0), into: o[0])
        case .stoch:
            k.stoch(
                high: b.high, low: b.low, close: b.close, fastK: integer(0), slowK: integer(1), slowD: integer(2),
                slowKOut: o[0], slowDOut: o[1]
            )
        case .stochf:
            k.stochf(high: b.high, low: b.low, close: b.close, fastK: integer(0), fastD: integer(1), fastKOut: o[0], fastDOut: o[1])
        case .aroon: k.aroon(high: b.high, low: b.low, period: integer(0), down: o[0], up: o[1])
        case .aroonosc: k.aroonosc(high: b.high, low: b.low, period: integer(0), into: o[0])
        case .ultosc:
            k.ultosc(high: b.high, low: b.low, close: b.close, periods: (integer(0), integer(1), integer(2)), into: o[0])
        case .sar: k.sar(high: b.high, low: b.low, acceleration: parameters[0], maximum: parameters[1], into: o[0])
        case .mfi: k.mfi(high: b.high, low: b.low, close: b.close, volume: b.volume, period: integer(0), into: o[0])
        case .obv: k.obv(close: b.close, volume: b.volume, into: o[0])
        case .ad: k.ad(high: b.high, low: b.low, close: b.close, volume: b.volume, into: o[0])
        case .adosc:
            k.adosc(high: b.high, low: b.low, close: b.close, volume: b.volume, fast: integer(0), slow: integer(1), into: o[0])
        case .logret: k.logReturn(b.close, bars: integer(0), into: o[0])
        case .rvol: k.realizedVolatility(b.close, bars: integer(0), into: o[0])
        case .zscore: k.zScore(b.close, bars: integer(0), into: o[0])
        case .volz: k.zScore(b.volume, bars: integer(0), into: o[0])
        case .gap: k.gap(open: b.open, close: b.close, into: o[0])
        case .distHigh: k.distanceToHigh(high: b.high, close: b.close, bars: integer(0), into: o[0])
        case .distLow: k.distanceToLow(low: b.low, close: b.close, bars: integer(0), into: o[0])
        }
    }

    /// Every output column, in `outputNames` order, as full-length arrays.
    public func computeColumns(on bars: OHLCV) -> [[Double]] {
        Kernels.columns(bars, outputs: outputNames.count) { compute(on: $0, into: $1) }
    }

    /// Every output keyed by its output name (`real` for single-output indicators).
    public func compute(on bars: OHLCV) -> [String: [Double]] {
        Dictionary(uniqueKeysWithValues: zip(outputNames, computeColumns(on: bars)))
    }
}
