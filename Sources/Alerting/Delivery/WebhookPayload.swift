import AlertsCore
import Foundation
import MarketData
import Storage

/// The JSON body of one webhook delivery, schema `alertsai.alert.v1` (docs/ALERTING.md, "Webhook delivery").
///
/// Keys are snake_case and always present (`null` when a value is unknown), so receivers can rely on the shape; new keys
/// may be added within v1, never removed or renamed. The disclaimer is always there.
public struct WebhookPayload: Sendable, Hashable, Codable {
    public static let currentSchema = "alertsai.alert.v1"

    /// The model version that produced the alert, and its pack when a pack ran.
    public struct Model: Sendable, Hashable, Codable {
        public var name: String
        public var version: Int
        /// `name@vN`, as the rest of AlertsAI writes it.
        public var reference: String
        public var specID: String
        public var pack: String?

        enum CodingKeys: String, CodingKey {
            case name, version, reference, specID = "spec_id", pack
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(version, forKey: .version)
            try c.encode(reference, forKey: .reference)
            try c.encode(specID, forKey: .specID)
            try c.encode(pack, forKey: .pack)
        }
    }

    /// The model's own trade at the signal bar.
    ///
    /// The binding levels are `stop_pct` and `take_profit_pct`, fractions of the actual entry price (`levels_from: "entry"`):
    /// the outcome is resolved at `entry × (1 ∓ stop_pct)` and `entry × (1 ± take_profit_pct)`. `stop_price` and
    /// `take_profit_price` are those levels at `reference_price` (the signal bar's close), an estimate until the entry.
    public struct Plan: Sendable, Hashable, Codable {
        public var entryRule: String
        public var referencePrice: Double
        public var stopPrice: Double
        public var takeProfitPrice: Double
        public var stopPct: Double
        public var takeProfitPct: Double
        public var maxHoldBars: Int
        public var sizingHint: Double
        /// Instrument hints (options contract and DTE, FX pips and lots); empty for plain equities.
        public var hints: [String: JSONValue]
        /// What the percent levels are measured from: always `"entry"` (the actual entry price).
        public var levelsFrom: String
        /// Round-trip costs charged by the outcome, in percent of the entry notional.
        public var roundTripCostPct: Double

        enum CodingKeys: String, CodingKey {
            case entryRule = "entry_rule", referencePrice = "reference_price", stopPrice = "stop_price", takeProfitPrice = "take_profit_price"
            case stopPct = "stop_pct", takeProfitPct = "take_profit_pct", maxHoldBars = "max_hold_bars", sizingHint = "sizing_hint", hints
            case levelsFrom = "levels_from", roundTripCostPct = "round_trip_cost_pct"
        }
    }

    /// One of the top reasons behind the score.
    public struct Reason: Sendable, Hashable, Codable {
        public var feature: String
        public var value: Double
        public var contribution: Double
        public var text: String
    }

    public var schema: String
    /// The outbox row; also in the `webhook-id` header (`msg_<id>`), and the same on every retry of this delivery.
    public var deliveryID: Int64
    public var alertID: String
    public var model: Model
    public var symbol: String
    public var market: String
    public var instrument: String
    /// Option alerts: the listed contract's strike, expiry (`YYYY-MM-DD`) and days to expiry at the signal; null otherwise.
    public var strike: Double?
    public var expiry: String?
    public var dte: Int?
    public var timeframe: String
    /// Start of the signal bar, ISO-8601 UTC.
    public var barTime: String
    /// When the alert was written, ISO-8601 UTC.
    public var createdAt: String
    public var side: String
    public var score: Double
    public var threshold: Double
    public var regime: String?
    /// Expected net return of the plan at the score (percent, and in R); null when the model has no mapping.
    public var expectedReturnPct: Double?
    public var expectedR: Double?
    public var plan: Plan
    public var reasons: [Reason]
    public var explanation: String
    public var disclaimer: String

    enum CodingKeys: String, CodingKey {
        case schema, deliveryID = "delivery_id", alertID = "alert_id", model, symbol, market, instrument, timeframe, barTime = "bar_time"
        case createdAt = "created_at", side, score, threshold, regime, plan, reasons, explanation, disclaimer, strike, expiry, dte
        case expectedReturnPct = "expected_return_pct", expectedR = "expected_r"
    }

    /// The body of a webhook delivery from the outbox.
    public init(_ delivery: PendingDelivery) {
        self.init(
            alert: delivery.alert, modelName: delivery.modelName, modelVersion: delivery.modelVersion, packName: delivery.packName,
            deliveryID: delivery.id)
    }

    /// The body of `alert` by model version `modelName@v<modelVersion>` (and pack), for delivery row `deliveryID`
    /// (a webhook row, or the alert's feed row when the feed answers with the same shape).
    public init(alert a: AlertRecord, modelName: String, modelVersion: Int, packName: String?, deliveryID: Int64) {
        schema = Self.currentSchema
        self.deliveryID = deliveryID
        alertID = a.id
        model = Model(
            name: modelName, version: modelVersion, reference: "\(modelName)@v\(modelVersion)",
            specID: a.modelSpecID.uuidString.lowercased(), pack: packName)
        symbol = a.symbol
        market = a.market.rawValue
        instrument = a.instrument.rawValue
        let option = OptionTerms(kind: a.instrument, plan: a.plan)
        strike = option.strike
        expiry = option.expiry
        dte = option.dte
        timeframe = a.timeframe.rawValue
        barTime = Timestamps.iso8601(a.barTime)
        createdAt = Timestamps.iso8601(a.createdAt)
        side = a.side.rawValue
        score = a.score
        threshold = a.threshold
        regime = a.regime
        expectedReturnPct = a.expectedReturnPct
        expectedR = a.expectedR
        plan = Plan(
            entryRule: a.plan.entryRule.rawValue, referencePrice: a.plan.referencePrice, stopPrice: a.plan.stopPrice,
            takeProfitPrice: a.plan.takeProfitPrice, stopPct: a.plan.stopPct, takeProfitPct: a.plan.takeProfitPct,
            maxHoldBars: a.plan.maxHoldBars, sizingHint: a.plan.sizingHint, hints: a.plan.hints, levelsFrom: "entry",
            roundTripCostPct: (a.plan.roundTripCost ?? 0) * 100)
        reasons = a.reasons.map { Reason(feature: $0.feature, value: $0.value, contribution: $0.contribution, text: $0.text) }
        explanation = a.explanation
        // The schema already refuses an empty disclaimer; this keeps the promise even for a row written some other way.
        disclaimer = a.disclaimer.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? AlertDisclaimer.text : a.disclaimer
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schema, forKey: .schema)
        try c.encode(deliveryID, forKey: .deliveryID)
        try c.encode(alertID, forKey: .alertID)
        try c.encode(model, forKey: .model)
        try c.encode(symbol, forKey: .symbol)
        try c.encode(market, forKey: .market)
        try c.encode(instrument, forKey: .instrument)
        try c.encode(strike, forKey: .strike)
        try c.encode(expiry, forKey: .expiry)
        try c.encode(dte, forKey: .dte)
        try c.encode(timeframe, forKey: .timeframe)
        try c.encode(barTime, forKey: .barTime)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(side, forKey: .side)
        try c.encode(score, forKey: .score)
        try c.encode(threshold, forKey: .threshold)
        try c.encode(regime, forKey: .regime)
        try c.encode(expectedReturnPct, forKey: .expectedReturnPct)
        try c.encode(expectedR, forKey: .expectedR)
        try c.encode(plan, forKey: .plan)
        try c.encode(reasons, forKey: .reasons)
        try c.encode(explanation, forKey: .explanation)
        try c.encode(disclaimer, forKey: .disclaimer)
    }

    /// The bytes that are sent and signed: sorted keys, unescaped slashes.
    public func body() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
