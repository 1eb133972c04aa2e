import Foundation

/// What a feature vector is bound to: a named indicator set, or a strategy (feature set + entry + plan).
public enum FeatureBinding: Sendable, Hashable, Codable {
    case indicatorSet(String)
    case strategy(String)
}

/// The seed's FeatureSource: the latest feature vector of a symbol from closed bars only.
public protocol FeatureSource: Sendable {
    func fetch(symbol: String, timeframe: Timeframe, market: Market, binding: FeatureBinding) async throws -> [String: Double]
}

/// A label for one event: 1 when take-profit came before the stop within the hold.
public struct Label: Sendable, Hashable, Codable {
    public var value: Int
    public var meta: LabelMeta

    public init(value: Int, meta: LabelMeta) {
        self.value = value
        self.meta = meta
    }
}

/// What happened to the labeled trade.
public struct LabelMeta: Sendable, Hashable, Codable {
    /// Index of the signal bar (t0) and of the exit bar (t1) in the series.
    public var signalIndex: Int
    public var exitIndex: Int
    /// Timestamps (ms UTC) of the signal bar and of the exit bar.
    public var t0: Int64
    public var t1: Int64
    public var entryPrice: Double
    public var exitPrice: Double
    public var exitReason: ExitReason
    /// Realized return of the trade in the trade's direction (0.02 = +2 %).
    public var realizedReturn: Double
    /// Maximum favourable and adverse excursion over the hold, as fractions of entry (MAE ≤ 0).
    public var mfe: Double
    public var mae: Double
    /// The realized return net of the round-trip costs (`realizedReturn − cost`, a fraction of the entry notional).
    public var netReturn: Double
    /// The net return in multiples of the stop distance (`netReturn / stop fraction`; a stop hit is about −1 R − costs).
    public var netR: Double

    public init(
        signalIndex: Int, exitIndex: Int, t0: Int64, t1: Int64, entryPrice: Double, exitPrice: Double,
        exitReason: ExitReason, realizedReturn: Double, mfe: Double, mae: Double, netReturn: Double? = nil, netR: Double = 0
    ) {
        self.netReturn = netReturn ?? realizedReturn
        self.netR = netR
        self.signalIndex = signalIndex
        self.exitIndex = exitIndex
        self.t0 = t0
        self.t1 = t1
        self.entryPrice = entryPrice
        self.exitPrice = exitPrice
        self.exitReason = exitReason
        self.realizedReturn = realizedReturn
        self.mfe = mfe
        self.mae = mae
    }
}

/// The seed's Labeler: turns a trade (`PlanSpec`) into labels over bars.
public protocol Labeler: Sendable {
    /// The label of a trade signalled at bar `index`; nil when the data ends before the trade can be resolved.
    func label(series: BarSeries, at index: Int, plan: PlanSpec) -> Label?
    /// Labels for the given signal bars (nil where unresolved).
    func labels(series: BarSeries, at indices: [Int], plan: PlanSpec) -> [Label?]
}

extension Labeler {
    public func labels(series: BarSeries, at indices: [Int], plan: PlanSpec) -> [Label?] {
        indices.map { label(series: series, at: $0, plan: plan) }
    }
}

/// A model's decision on one feature vector.
public enum Decision: String, Sendable, Codable, Hashable {
    case alert
    case pass
}

/// One reason behind a score: a feature, its value and its contribution to the raw score.
public struct ScoreReason: Sendable, Hashable, Codable {
    public var feature: String
    public var value: Double
    public var contribution: Double
    /// The reason in words.
    public var text: String

    public init(feature: String, value: Double, contribution: Double, text: String) {
        self.feature = feature
        self.value = value
        self.contribution = contribution
        self.text = text
    }
}

/// The seed's Scorer output: `{decision, score, reasons}`.
public struct ScoreResult: Sendable, Hashable, Codable {
    public var decision: Decision
    /// Calibrated probability that the planned trade reaches take-profit before its stop.
    public var score: Double
    public var threshold: Double
    public var reasons: [ScoreReason]
    /// Expected net return of the planned trade at this score (percent, and in R); nil when the model has no mapping.
    public var expectedReturnPct: Double?
    public var expectedR: Double?

    public init(
        decision: Decision, score: Double, threshold: Double, reasons: [ScoreReason], expectedReturnPct: Double? = nil,
        expectedR: Double? = nil
    ) {
        self.decision = decision
        self.score = score
        self.threshold = threshold
        self.reasons = reasons
        self.expectedReturnPct = expectedReturnPct
        self.expectedR = expectedR
    }
}

/// Market state at a bar, used to bend thresholds.
public struct Regime: Sendable, Hashable, Codable {
    public enum Volatility: String, Sendable, Codable, Hashable { case low, normal, high }
    public enum Trend: String, Sendable, Codable, Hashable { case up, down, flat }
    public var volatility: Volatility
    public var trend: Trend

    public init(volatility: Volatility, trend: Trend) {
        self.volatility = volatility
        self.trend = trend
    }

    /// A stable label such as `high_vol` used as a threshold key.
    public var label: String { "\(volatility.rawValue)_vol" }
}

/// Context of one scoring call.
public struct ScoringContext: Sendable, Hashable {
    public var instrument: Instrument
    public var timeframe: Timeframe
    /// The closed bar being scored (ms UTC) and its close price.
    public var barTime: Int64
    public var close: Double
    /// ATR at the bar, for ATR-based barriers.
    public var atr: Double?
    public var regime: Regime?
    /// The underlying's annualised realised volatility at the bar (what option premiums are estimated from).
    public var volatility: Double?

    public init(
        instrument: Instrument, timeframe: Timeframe, barTime: Int64, close: Double, atr: Double? = nil, regime: Regime? = nil,
        volatility: Double? = nil
    ) {
        self.instrument = instrument
        self.timeframe = timeframe
        self.barTime = barTime
        self.close = close
        self.atr = atr
        self.regime = regime
        self.volatility = volatility
    }
}

/// The seed's Scorer: `score(features, context) → {decision, score, reasons}`.
public protocol Scorer: Sendable {
    func score(features: [String: Double], context: ScoringContext) async throws -> ScoreResult
}

/// The seed's RegimeAdapter: regime flags per bar and threshold bending.
public protocol RegimeAdapter: Sendable {
    func regime(series: BarSeries, at index: Int) -> Regime
    func threshold(base: Thresholds, regime: Regime) -> Double
}

/// A concrete trade plan resolved to prices at the current bar.
public struct TradePlan: Sendable, Hashable, Codable {
    public var side: TradeSide
    public var entryRule: EntryRule
    public var referencePrice: Double
    public var stopPrice: Double
    public var takeProfitPrice: Double
    public var stopPct: Double
    public var takeProfitPct: Double
    public var maxHoldBars: Int
    /// Suggested fraction of capital, risk per trade over stop distance, capped.
    public var sizingHint: Double
    /// Instrument-specific hints (option contract, DTE, leverage, pips, lots).
    public var hints: [String: JSONValue]
    /// Round-trip costs as a fraction of the entry notional, charged by the outcome (nil in plans made before costs: 0).
    public var roundTripCost: Double?

    public init(
        side: TradeSide, entryRule: EntryRule, referencePrice: Double, stopPrice: Double, takeProfitPrice: Double,
        stopPct: Double, takeProfitPct: Double, maxHoldBars: Int, sizingHint: Double, hints: [String: JSONValue] = [:],
        roundTripCost: Double? = nil
    ) {
        self.roundTripCost = roundTripCost
        self.side = side
        self.entryRule = entryRule
        self.referencePrice = referencePrice
        self.stopPrice = stopPrice
        self.takeProfitPrice = takeProfitPrice
        self.stopPct = stopPct
        self.takeProfitPct = takeProfitPct
        self.maxHoldBars = maxHoldBars
        self.sizingHint = sizingHint
        self.hints = hints
    }
}

/// The seed's PlanGenerator: `make(decision, score, context) → plan`.
public protocol PlanGenerator: Sendable {
    func make(decision: Decision, score: Double, context: ScoringContext, plan: PlanSpec) throws -> TradePlan?
}

/// Turns a scored, planned candidate into words. The pipeline, not the explainer, attaches the disclaimer.
public protocol Explainer: Sendable {
    func explain(candidate: AlertCandidate) async throws -> String
}

/// A scored candidate on its way to becoming an alert.
public struct AlertCandidate: Sendable, Hashable, Codable {
    public var instrument: Instrument
    public var timeframe: Timeframe
    public var barTime: Int64
    public var modelName: String
    public var modelVersion: Int
    public var score: ScoreResult
    public var plan: TradePlan
    public var regime: Regime?

    public init(
        instrument: Instrument, timeframe: Timeframe, barTime: Int64, modelName: String, modelVersion: Int,
        score: ScoreResult, plan: TradePlan, regime: Regime?
    ) {
        self.instrument = instrument
        self.timeframe = timeframe
        self.barTime = barTime
        self.modelName = modelName
        self.modelVersion = modelVersion
        self.score = score
        self.plan = plan
        self.regime = regime
    }
}

/// A guardrail's verdict on one candidate.
public enum GuardrailVerdict: Sendable, Hashable {
    case allow
    /// Suppressed, with a reason code (a metric label) and a sentence.
    case suppress(reason: String, detail: String)
}

/// One per-user safety rule applied to candidates in order of score.
public protocol Guardrail: Sendable {
    /// A stable name used in suppression records and metrics.
    var name: String { get }
    /// Judges `candidate` given the candidates already accepted in this run.
    func check(_ candidate: AlertCandidate, accepted: [AlertCandidate]) async throws -> GuardrailVerdict
}
