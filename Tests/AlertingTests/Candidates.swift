import AlertsCore
import Foundation

/// A hand-made candidate for guardrail and phrasing tests.
func candidate(
    _ symbol: String, score: Double = 0.7, sector: String? = "Tech", side: TradeSide = .long, sizing: Double = 0.1,
    kind: InstrumentKind = .equity, hints: [String: JSONValue] = [:], barTime: Int64 = 1_719_581_400_000,
    reasons: [ScoreReason] = [], regime: Regime? = nil
) -> AlertCandidate {
    let plan = TradePlan(
        side: side, entryRule: .nextOpen, referencePrice: 182.5, stopPrice: side == .long ? 178.85 : 186.15,
        takeProfitPrice: side == .long ? 187.98 : 177.03, stopPct: 0.02, takeProfitPct: 0.03, maxHoldBars: 10, sizingHint: sizing,
        hints: hints)
    return AlertCandidate(
        instrument: Instrument(symbol: symbol, market: .us, kind: kind, sector: sector), timeframe: .d1, barTime: barTime,
        modelName: "swing", modelVersion: 3, score: ScoreResult(decision: .alert, score: score, threshold: 0.6, reasons: reasons),
        plan: plan, regime: regime)
}
