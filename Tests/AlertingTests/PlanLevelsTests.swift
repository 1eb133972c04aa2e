import AlertsCore
import Foundation
import Storage
import Testing

@testable import Alerting

/// An alert states exactly the levels it is resolved against: the plan's text, the webhook body and the outcome agree.
@Suite("plan levels: text, payload and outcome agree")
struct PlanLevelsTests {
    func series(_ rows: [(Double, Double, Double, Double)]) -> BarSeries {
        BarSeries(
            symbol: "X", timeframe: .d1,
            bars: rows.enumerated().map { i, r in Bar(timestamp: Int64(i) * 86_400_000, open: r.0, high: r.1, low: r.2, close: r.3, volume: 1) })
    }

    func plan() throws -> TradePlan {
        let spec = PlanSpec(
            side: .long, takeProfit: .percent(0.038), stop: .percent(0.019), maxHoldBars: 5,
            costs: TradeCosts(commissionBps: 0.5, slippageBps: 2))
        let context = ScoringContext(
            instrument: Instrument(symbol: "X", market: .us, kind: .equity), timeframe: .d1, barTime: 0, close: 103.18)
        return try InstrumentPlanGenerator().resolve(plan: spec, context: context)
    }

    @Test("the text gives fractions from the entry and the reference price plainly")
    func text() throws {
        let p = try plan()
        #expect(
            TemplateExplainer.planSentence(p)
                == "Plan: entry at the next open; stop 1.9 % below the entry (≈ 101.22 at today's close 103.18), take profit 3.8 % "
                + "above the entry (≈ 107.10 at today's close 103.18); exit after 5 bars at the latest; round-trip costs 0.05 %; "
                + "size about 25.0 % of equity.")
        #expect(abs(p.roundTripCost! - 0.0005) < 1e-15)
    }

    @Test("the outcome resolves at entry × (1 ∓ fraction), the levels the text and payload state")
    func outcome() throws {
        let p = try plan()
        // The signal closes at 103.18; the next bar opens at 105 (the entry). Its low 101.5 is below the stop a trader would
        // compute from the close (101.22 is not touched, but 102.03 = 105 × (1 − 0.019) is): the stop is hit at 102.005.
        let s = series([
            (103, 103.5, 102.5, 103.18), (105, 105.5, 104, 104.5), (104.5, 105, 101.5, 102), (102, 103, 101, 102.5), (102, 103, 101, 102.5),
            (102, 103, 101, 102.5),
        ])
        let meta = try #require(TripleBarrierResolver.resolve(series: s, signalIndex: 0, plan: p))
        let stop = TripleBarrierResolver.stopLevel(entry: meta.entryPrice, plan: p)
        let take = TripleBarrierResolver.takeProfitLevel(entry: meta.entryPrice, plan: p)
        #expect(meta.entryPrice == 105)
        #expect(meta.exitReason == .stop && meta.exitIndex == 2)
        #expect(abs(stop - 105 * 0.981) < 1e-9 && abs(take - 105 * 1.038) < 1e-9)
        #expect(abs(meta.exitPrice - stop) < 1e-9)
        #expect(abs(meta.realizedReturn - -0.019) < 1e-12)
        #expect(abs(meta.netReturn - -0.0195) < 1e-12)
        #expect(abs(meta.netR - -0.0195 / 0.019) < 1e-12)
        // The payload states the same fractions, measured from the entry, and the same costs.
        let alert = AlertRecord(
            runID: "r", modelSpecID: UUID(), packID: nil, userID: nil, symbol: "X", market: .us, instrument: .equity, timeframe: .d1,
            barTime: 0, side: .long, score: 0.6, threshold: 0.5, regime: nil, plan: p, reasons: [],
            explanation: TemplateExplainer.planSentence(p), disclaimer: AlertDisclaimer.text, createdAt: 0)
        let body = WebhookPayload(alert: alert, modelName: "m", modelVersion: 1, packName: nil, deliveryID: 1)
        #expect(body.plan.levelsFrom == "entry" && body.plan.stopPct == p.stopPct && body.plan.takeProfitPct == p.takeProfitPct)
        #expect(abs(body.plan.roundTripCostPct - 0.05) < 1e-12)
        #expect(abs(meta.entryPrice * (1 - body.plan.stopPct) - stop) < 1e-12)
        #expect(body.explanation.contains("stop 1.9 % below the entry"))
        // The body states the expected net return, null without one.
        let json = try #require(try JSONSerialization.jsonObject(with: body.body()) as? [String: Any])
        #expect(json["expected_return_pct"] is NSNull && json["expected_r"] is NSNull)
        var priced = alert
        priced.expectedReturnPct = 0.42
        priced.expectedR = 0.21
        let withMap = try #require(
            try JSONSerialization.jsonObject(
                with: WebhookPayload(alert: priced, modelName: "m", modelVersion: 1, packName: nil, deliveryID: 1).body()) as? [String: Any])
        #expect(withMap["expected_return_pct"] as? Double == 0.42 && withMap["expected_r"] as? Double == 0.21)
        let plan = try #require(withMap["plan"] as? [String: Any])
        #expect(plan["levels_from"] as? String == "entry" && plan["stop_pct"] as? Double == p.stopPct)
    }

    @Test("outcome costs on hand-made bars: take-profit net of the round trip, in % and R")
    func costs() throws {
        let s = series([(100, 100, 100, 100), (100, 101, 99, 100.5), (100.5, 105.5, 100, 104)])
        let m = try #require(
            TripleBarrierResolver.resolve(
                series: s, signalIndex: 0, side: .long, entry: .nextOpen, takeProfitPct: 0.05, stopPct: 0.02, maxHoldBars: 3,
                roundTripCost: 0.0005))
        #expect(m.exitReason == .takeProfit)
        #expect(abs(m.realizedReturn - 0.05) < 1e-12)
        #expect(abs(m.netReturn - 0.0495) < 1e-12)
        #expect(abs(m.netR - 2.475) < 1e-12)
    }
}
