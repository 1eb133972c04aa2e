import AlertsCore
import Foundation
import MarketData
import Testing

@testable import Alerting

@Suite("guardrails")
struct GuardrailTests {
    func suppressed(_ v: GuardrailVerdict) -> String? {
        if case .suppress(let reason, _) = v { return reason }
        return nil
    }

    @Test("daily budget counts alerts sent earlier today and in this run")
    func dailyBudget() async throws {
        let g = DailyBudgetGuardrail(budget: 3, alreadySent: 2)
        #expect(try await g.check(candidate("A"), accepted: []) == .allow)
        #expect(suppressed(try await g.check(candidate("B"), accepted: [candidate("A")])) == "daily_budget")
        #expect(suppressed(try await DailyBudgetGuardrail(budget: 0, alreadySent: 0).check(candidate("A"), accepted: [])) == "daily_budget")
    }

    @Test("cooldown counts market bars since the symbol's last alert, and one alert per symbol per run")
    func cooldown() async throws {
        let calendar = ExchangeMarketAdapter.us.calendar
        let sessions = try calendar.sessions(from: LocalDate(2024, 6, 3), to: LocalDate(2024, 6, 28))
        let now = sessions.last!.open
        let threeBack = sessions[sessions.count - 4].open
        let sixBack = sessions[sessions.count - 7].open
        let g = CooldownGuardrail(cooldownBars: 5, lastAlertBar: ["AAPL": threeBack, "MSFT": sixBack])
        #expect(suppressed(try await g.check(candidate("AAPL", barTime: now), accepted: [])) == "cooldown")
        #expect(try await g.check(candidate("MSFT", barTime: now), accepted: []) == .allow)
        #expect(try await g.check(candidate("NVDA", barTime: now), accepted: []) == .allow)
        #expect(suppressed(try await g.check(candidate("NVDA", barTime: now), accepted: [candidate("NVDA", barTime: now)])) == "cooldown")
        // 19 June 2024 (Juneteenth) is a NYSE holiday: 17 → 21 June is three bars, not four days.
        let counted = BarCounter().bars(
            after: calendar.session(on: LocalDate(2024, 6, 17))!.open, upTo: calendar.session(on: LocalDate(2024, 6, 21))!.open,
            timeframe: .d1, market: .us)
        #expect(counted == 3)
    }

    @Test("diversity caps alerts per sector and per direction within a run")
    func diversity() async throws {
        let g = DiversityGuardrail(maxPerSector: 2, maxPerDirection: 3)
        let twoTech = [candidate("A", sector: "Tech"), candidate("B", sector: "Tech")]
        #expect(suppressed(try await g.check(candidate("C", sector: "Tech"), accepted: twoTech)) == "diversity")
        #expect(try await g.check(candidate("C", sector: "Energy"), accepted: twoTech) == .allow)
        let threeLong = twoTech + [candidate("E", sector: "Energy")]
        #expect(suppressed(try await g.check(candidate("F", sector: "Health"), accepted: threeLong)) == "diversity")
        #expect(try await g.check(candidate("F", sector: "Health", side: .short), accepted: threeLong) == .allow)
    }

    @Test("exposure caps the sum of sizing hints")
    func exposure() async throws {
        let g = ExposureGuardrail(maxExposure: 0.5)
        let accepted = [candidate("A", sizing: 0.2), candidate("B", sizing: 0.2)]
        #expect(try await g.check(candidate("C", sizing: 0.1), accepted: accepted) == .allow)
        #expect(suppressed(try await g.check(candidate("C", sizing: 0.15), accepted: accepted)) == "exposure")
    }

    @Test("options: DTE outside the window or leverage over the cap is suppressed; other instruments pass")
    func options() async throws {
        let g = OptionsGuardrail(minDTE: 7, maxDTE: 60, maxLeverage: 10)
        func opt(_ dte: Double, _ lev: Double) -> AlertCandidate {
            candidate("AAPL", kind: .option, hints: ["dte": .number(dte), "leverage": .number(lev)])
        }
        #expect(try await g.check(opt(30, 8), accepted: []) == .allow)
        #expect(suppressed(try await g.check(opt(3, 8), accepted: [])) == "options")
        #expect(suppressed(try await g.check(opt(90, 8), accepted: [])) == "options")
        #expect(suppressed(try await g.check(opt(30, 12.5), accepted: [])) == "options")
        #expect(try await g.check(candidate("AAPL"), accepted: []) == .allow)
    }

    @Test("market hours: suppressed while the market is closed, only when the user asks for it")
    func marketHours() async throws {
        let session = ExchangeMarketAdapter.us.calendar.session(on: LocalDate(2024, 6, 28))!
        let during = MarketHoursGuardrail(enabled: true, at: session.open + 3_600_000)
        let after = MarketHoursGuardrail(enabled: true, at: session.close + 3_600_000)
        #expect(try await during.check(candidate("AAPL"), accepted: []) == .allow)
        #expect(suppressed(try await after.check(candidate("AAPL"), accepted: [])) == "market_hours")
        #expect(try await MarketHoursGuardrail(enabled: false, at: session.close + 3_600_000).check(candidate("AAPL"), accepted: []) == .allow)
    }

    @Test("together: best score first, the first guardrail that objects names the suppression")
    func chain() async throws {
        let chain = GuardrailChain([
            CooldownGuardrail(cooldownBars: 0, lastAlertBar: [:]),
            DailyBudgetGuardrail(budget: 3, alreadySent: 0),
            DiversityGuardrail(maxPerSector: 1, maxPerDirection: 10),
            ExposureGuardrail(maxExposure: 0.25),
        ])
        let (accepted, suppressed) = try await chain.apply([
            candidate("LOW", score: 0.61, sector: "Utilities", sizing: 0.05),
            candidate("T1", score: 0.9, sector: "Tech", sizing: 0.1),
            candidate("T2", score: 0.8, sector: "Tech", sizing: 0.1),
            candidate("E1", score: 0.75, sector: "Energy", sizing: 0.2),
            candidate("H1", score: 0.7, sector: "Health", sizing: 0.1),
        ])
        #expect(accepted.map(\.instrument.symbol) == ["T1", "H1", "LOW"])
        let reasons = Dictionary(uniqueKeysWithValues: suppressed.map { ($0.candidate.instrument.symbol, $0.guardrail) })
        #expect(reasons == ["T2": "diversity", "E1": "exposure"])
    }
}
