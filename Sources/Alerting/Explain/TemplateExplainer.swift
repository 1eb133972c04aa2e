import AlertsCore
import Foundation

/// The default `Explainer`: deterministic text built only from the candidate's score, reasons and plan.
public struct TemplateExplainer: Explainer {
    public init() {}

    public func explain(candidate: AlertCandidate) async throws -> String { text(for: candidate) }

    /// The text, synchronously (also the fallback when another explainer's text is refused).
    public func text(for c: AlertCandidate) -> String {
        let p = c.plan
        let side = p.side == .long ? "long" : "short"
        // A calibrated 1.0 is still an estimate: never print "100 %".
        let score = ReasonVocabulary.percent(min(c.score.score, 0.999))
        let threshold = ReasonVocabulary.percent(c.score.threshold)
        var lines = [
            "\(c.instrument.symbol): \(c.modelName) v\(c.modelVersion) rates a \(side) setup at \(score) "
                + "(alert threshold \(threshold)\(c.regime.map { ", \(Self.regimeWords($0))" } ?? ""))."
        ]
        if !c.score.reasons.isEmpty {
            lines.append("Why: " + c.score.reasons.map(\.text).joined(separator: "; ") + ".")
        }
        lines.append(Self.planSentence(p))
        return lines.joined(separator: " ")
    }

    /// The plan in words, with the levels it is resolved against: barriers as fractions of the actual entry, and their
    /// prices at the reference (the signal bar's close) plainly marked as such when the entry is the next open.
    ///
    /// e.g. "Plan: entry at the next open; stop 1.9 % below the entry (≈ 101.23 at today's close 103.18), take profit 3.8 %
    /// above the entry (≈ 107.10 at today's close 103.18); exit after 10 bars at the latest; round-trip costs 0.05 %;
    /// size about 25 % of equity."
    public static func planSentence(_ p: TradePlan) -> String {
        if let contract = p.hints["contract"]?.stringValue, let premium = p.hints["premium"]?.doubleValue,
            let stop = p.hints["premium_stop"]?.doubleValue, let takeProfit = p.hints["premium_take_profit"]?.doubleValue
        {
            // An option plan: the barriers are on the premium, which is an estimate (no quote is read).
            var text =
                "Plan: buy the \(contract) \(p.entryRule == .nextOpen ? "at the next open" : "at the signal close"), premium about \(price(premium)) (an estimate from realised volatility); "
                + "stop at \(price(stop)) (\(ReasonVocabulary.percent(p.stopPct)) below the premium paid), take profit at \(price(takeProfit)) "
                + "(\(ReasonVocabulary.percent(p.takeProfitPct)) above it); exit after \(p.maxHoldBars) bars at the latest"
            if let cost = p.roundTripCost, cost > 0 { text += "; round-trip costs \(ReasonVocabulary.fixed(cost * 100, decimals: 2)) %" }
            return text + "; risk about \(ReasonVocabulary.percent(p.sizingHint)) of equity in premium."
        }
        let long = p.side == .long
        let stopSide = long ? "below" : "above"
        let tpSide = long ? "above" : "below"
        let ref = price(p.referencePrice)
        func at(_ level: Double) -> String {
            p.entryRule == .nextOpen ? "≈ \(price(level)) at today's close \(ref)" : price(level)
        }
        let entry = p.entryRule == .nextOpen ? "entry at the next open" : "entry at the signal close \(ref)"
        var text =
            "Plan: \(entry); stop \(ReasonVocabulary.percent(p.stopPct)) \(stopSide) the entry (\(at(p.stopPrice))), "
            + "take profit \(ReasonVocabulary.percent(p.takeProfitPct)) \(tpSide) the entry (\(at(p.takeProfitPrice))); "
            + "exit after \(p.maxHoldBars) bars at the latest"
        if let cost = p.roundTripCost, cost > 0 { text += "; round-trip costs \(ReasonVocabulary.fixed(cost * 100, decimals: 2)) %" }
        return text + "; size about \(ReasonVocabulary.percent(p.sizingHint)) of equity."
    }

    static func price(_ v: Double) -> String { v >= 100 ? String(format: "%.2f", v) : String(format: "%.5g", v) }

    static func regimeWords(_ r: Regime) -> String {
        let vol = ["high": "high volatility", "normal": "normal volatility", "low": "low volatility"][r.volatility.rawValue] ?? ""
        let trend = ["up": "uptrend", "down": "downtrend", "flat": "no clear trend"][r.trend.rawValue] ?? ""
        return "\(vol), \(trend)"
    }
}
