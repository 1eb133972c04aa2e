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
        let entry = p.entryRule == .nextOpen ? "next open" : "signal close"
        lines.append(
            "Plan: enter at the \(entry) (reference \(Self.price(p.referencePrice))), stop \(Self.price(p.stopPrice)) "
                + "(\(ReasonVocabulary.percent(p.stopPct))), take profit \(Self.price(p.takeProfitPrice)) "
                + "(\(ReasonVocabulary.percent(p.takeProfitPct))), exit after \(p.maxHoldBars) bars at the latest; "
                + "size about \(ReasonVocabulary.percent(p.sizingHint)) of equity.")
        return lines.joined(separator: " ")
    }

    static func price(_ v: Double) -> String { v >= 100 ? String(format: "%.2f", v) : String(format: "%.5g", v) }

    static func regimeWords(_ r: Regime) -> String {
        let vol = ["high": "high volatility", "normal": "normal volatility", "low": "low volatility"][r.volatility.rawValue] ?? ""
        let trend = ["up": "uptrend", "down": "downtrend", "flat": "no clear trend"][r.trend.rawValue] ?? ""
        return "\(vol), \(trend)"
    }
}
