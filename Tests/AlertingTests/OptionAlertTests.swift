import AlertsCore
import Features
import Foundation
import MarketData
import Storage
import Testing
import Training

@testable import Alerting

/// A hand-made exchange: every weekday of 2025 trades except the listed holidays.
struct HandMadeRules: CalendarRules {
    var holidays: Set<LocalDate>
    var code: String { "TEST" }
    var timeZoneIdentifier: String { "America/New_York" }
    var years: ClosedRange<Int> { 2025...2025 }
    var regularOpenMinute: Int { 570 }
    var regularCloseMinute: Int { 960 }
    func sessions(year: Int) -> [LocalSessionSpec] {
        var out: [LocalSessionSpec] = []
        var d = LocalDate(year, 1, 1)
        while d.year == year {
            if !d.isWeekend && !holidays.contains(d) { out.append(LocalSessionSpec(date: d, openMinute: 570, closeMinute: 960)) }
            d = d.adding(days: 1)
        }
        return out
    }
}

@Suite("option alerts: listed contracts")
struct OptionAlertTests {
    /// Good Friday 2025 and a made-up closure of Friday 16 May (that month's third Friday).
    static let calendar = ExchangeCalendar(rules: HandMadeRules(holidays: [LocalDate("2025-04-18")!, LocalDate("2025-05-16")!]))

    @Test("expiries on a hand-made calendar: every Friday, the third one monthly, a closed Friday moved to the session before")
    func expiries() {
        let listed = OptionListing.expiries(calendar: Self.calendar, after: LocalDate("2025-04-10")!, through: LocalDate("2025-05-31")!)
        #expect(
            listed.map(\.date.description) == [
                "2025-04-11", "2025-04-17", "2025-04-25", "2025-05-02", "2025-05-09", "2025-05-15", "2025-05-23", "2025-05-30",
            ])
        #expect(listed.filter(\.monthly).map(\.date.description) == ["2025-04-17", "2025-05-15"])
    }

    @Test("the contract: ATM on the strike grid, the first listed expiry at or past the target DTE in the window, or none")
    func contract() throws {
        #expect(OptionListing.atTheMoneyStrike(price: 234.3) == 235)
        #expect(OptionListing.atTheMoneyStrike(price: 232.4) == 230)
        #expect(OptionListing.atTheMoneyStrike(price: 42.6) == 43)
        #expect(OptionListing.atTheMoneyStrike(price: 12.26) == 12.5)
        let day = LocalDate("2025-04-10")!
        let window = OptionsWindow(minDTE: 7, maxDTE: 60, maxLeverage: 100)
        let c = try #require(
            OptionContract.pick(
                symbol: "PEP", side: .long, spot: 234.3, date: day, targetDTE: 30, volatility: 0.25, window: window, calendar: Self.calendar))
        // 35 days: Thursday 15 May, the moved monthly; 9 May (29 days) falls short of 30.
        #expect(c.expiry == LocalDate("2025-05-15")! && c.dte == 35 && c.monthly && c.right == "call" && c.strike == 235)
        let put = try #require(
            OptionContract.pick(
                symbol: "PEP", side: .short, spot: 234.3, date: day, targetDTE: 8, volatility: 0.25, window: window, calendar: Self.calendar))
        #expect(put.right == "put" && put.expiry == LocalDate("2025-04-25")! && put.dte == 15)
        // Tighter leverage: the first expiry past the target whose leverage is under the cap.
        let capped = try #require(
            OptionContract.pick(
                symbol: "PEP", side: .long, spot: 234.3, date: day, targetDTE: 8, volatility: 0.25,
                window: OptionsWindow(minDTE: 7, maxDTE: 60, maxLeverage: 20), calendar: Self.calendar))
        #expect(capped.leverage <= 20 && capped.dte > 15, "\(capped)")
        // No listed expiry between 8 and 12 days: no contract.
        #expect(
            OptionContract.pick(
                symbol: "PEP", side: .long, spot: 234.3, date: day, targetDTE: 10, volatility: 0.25,
                window: OptionsWindow(minDTE: 8, maxDTE: 12, maxLeverage: 100), calendar: Self.calendar) == nil)
    }

    /// The risk-neutral expectation of the payoff, integrated numerically over the normal density (Simpson's rule):
    /// a Black–Scholes value that shares no formula with the closed form under test.
    static func integratedPrice(call: Bool, spot: Double, strike: Double, years: Double, volatility: Double) -> Double {
        let n = 200_000
        let (a, b) = (-12.0, 12.0)
        let h = (b - a) / Double(n)
        var sum = 0.0
        for i in 0...n {
            let z = a + Double(i) * h
            let terminal = spot * exp(volatility * years.squareRoot() * z - volatility * volatility * years / 2)
            let payoff = call ? max(terminal - strike, 0) : max(strike - terminal, 0)
            let weight = i == 0 || i == n ? 1.0 : i % 2 == 1 ? 4.0 : 2.0
            sum += weight * payoff * exp(-z * z / 2) / (2 * Double.pi).squareRoot()
        }
        return sum * h / 3
    }

    @Test("the premium is Black–Scholes: equal to the payoff's expectation integrated numerically, for calls and puts")
    func premium() {
        for (spot, strike, days, vol) in [(234.3, 235.0, 35, 0.25), (42.6, 43.0, 15, 0.6), (1000.0, 950.0, 60, 0.12)] {
            for call in [true, false] {
                let years = Double(days) / 365
                let closed = BlackScholes.price(call: call, spot: spot, strike: strike, years: years, volatility: vol)
                let integrated = Self.integratedPrice(call: call, spot: spot, strike: strike, years: years, volatility: vol)
                #expect(abs(closed - integrated) < 1e-5, "\(call ? "call" : "put") S \(spot) K \(strike): \(closed) vs \(integrated)")
            }
        }
        // A value computed elsewhere: S 100, K 100, T 1, σ 0.2, r 0 → 7.965567455405804 (the textbook ATM call).
        #expect(abs(BlackScholes.price(call: true, spot: 100, strike: 100, years: 1, volatility: 0.2) - 7.965567455405804) < 1e-9)
    }

    @Test("an option plan: the contract, the premium with its stop and take-profit, the underlying's levels and the leverage hint")
    func plan() async throws {
        let planner = InstrumentPlanGenerator(options: OptionsWindow(minDTE: 7, maxDTE: 60, maxLeverage: 100))
        let signal = LocalDate("2025-04-10")!
        let context = ScoringContext(
            instrument: Instrument(symbol: "PEP", market: .us, kind: .option), timeframe: .d1,
            barTime: ExchangeMarketAdapter.of(.us).calendar.openInstant(on: signal), close: 234.3, volatility: 0.25)
        let p = try planner.resolve(plan: PlanSpec(takeProfit: .percent(0.5), stop: .percent(0.3), maxHoldBars: 10), context: context)
        // XNYS: Good Friday 18 April is closed; 10 bars ≈ 14 days, target 28: 9 May (29 days).
        #expect(p.hints["expiry"]?.stringValue == "2025-05-09" && p.hints["dte"]?.doubleValue == 29)
        #expect(p.hints["strike"]?.doubleValue == 235 && p.hints["right"]?.stringValue == "call")
        let premium = BlackScholes.price(call: true, spot: 234.3, strike: 235, years: 29.0 / 365, volatility: 0.25)
        #expect(p.hints["premium"]?.doubleValue == (premium * 100).rounded() / 100)
        #expect(p.hints["premium_stop"]?.doubleValue == (premium * 0.7 * 100).rounded() / 100)
        #expect(p.hints["premium_take_profit"]?.doubleValue == (premium * 1.5 * 100).rounded() / 100)
        #expect(p.stopPct == 0.3 && p.takeProfitPct == 0.5)
        // The underlying levels move the premium by −30 % / +50 %: a few percent from the close, not 30 % of the stock.
        let leverage = try #require(p.hints["leverage"]?.doubleValue)
        #expect(leverage > 5 && leverage < 30)
        #expect(p.stopPrice > 234.3 * 0.95 && p.stopPrice < 234.3 && p.takeProfitPrice > 234.3 && p.takeProfitPrice < 234.3 * 1.08)
        #expect(p.hints["contract"]?.stringValue == "PEP 2025-05-09 235 call")

        // The DTE guardrail acts when the user's window holds no listed expiry.
        let narrow = InstrumentPlanGenerator(options: OptionsWindow(minDTE: 8, maxDTE: 12, maxLeverage: 100))
        let none = try narrow.resolve(plan: PlanSpec(takeProfit: .percent(0.5), stop: .percent(0.3), maxHoldBars: 2), context: context)
        #expect(none.hints["dte"] == nil)
        let c = AlertCandidate(
            instrument: context.instrument, timeframe: .d1, barTime: context.barTime, modelName: "opt", modelVersion: 1,
            score: ScoreResult(decision: .alert, score: 0.7, threshold: 0.5, reasons: []), plan: none, regime: nil)
        let verdict = try await OptionsGuardrail(minDTE: 8, maxDTE: 12, maxLeverage: 100).check(c, accepted: [])
        guard case .suppress(_, let detail) = verdict else {
            Issue.record("the options guardrail let a contract without a listed expiry through")
            return
        }
        #expect(detail.contains("no listed expiry"), "\(detail)")
    }

    @Test("FX plans in pips and lots: one pip rule, JPY pairs at 0.01, others at 0.0001; levels on whole pips")
    func fxPips() throws {
        #expect(PipSize.of("USDJPY") == 0.01 && PipSize.of("EUR/JPY") == 0.01 && PipSize.of("EURUSD") == 0.0001 && PipSize.of("JPYUSD") == 0.0001)
        let planner = InstrumentPlanGenerator()
        let eur = try planner.resolve(
            plan: PlanSpec(takeProfit: .percent(0.006), stop: .percent(0.003), maxHoldBars: 10),
            context: ScoringContext(instrument: Instrument(symbol: "EURUSD", market: .fx, kind: .fx), timeframe: .h1, barTime: 0, close: 1.08437))
        #expect(eur.hints["stop_pips"]?.doubleValue == 33 && eur.hints["take_profit_pips"]?.doubleValue == 65)
        // The pips the FX labels were trained with, at the same price: one rounding for both.
        let trained = FXPipLabeler.pips(
            .percent(0.003), entry: 1.08437, signalClose: 1.08437, atr: nil, pipSize: FXPipLabeler.pipSize(symbol: "EURUSD"))
        #expect(trained.map(Double.init) == eur.hints["stop_pips"]?.doubleValue)
        #expect(abs(eur.stopPrice - 1.0811) < 1e-9 && abs(eur.stopPct - 0.0033 / 1.08437) < 1e-12)
        let jpy = try planner.resolve(
            plan: PlanSpec(takeProfit: .percent(0.004), stop: .percent(0.002), maxHoldBars: 10),
            context: ScoringContext(instrument: Instrument(symbol: "USDJPY", market: .fx, kind: .fx), timeframe: .h1, barTime: 0, close: 151.237))
        #expect(jpy.hints["pip_size"]?.doubleValue == 0.01 && jpy.hints["stop_pips"]?.doubleValue == 30)
        #expect(abs(jpy.stopPrice - 150.94) < 1e-9)
        #expect(jpy.hints["lots_per_100k"]?.doubleValue != nil)
    }
}

@Suite("option alerts live", .serialized)
struct OptionAlertsLiveTests {
    @Test("an option model alerts options: instrument option with strike, expiry and dte in the run, the feed and the webhook body")
    func optionAlertsEndToEnd() async throws {
        let f = try await ModelFixture.make()
        defer { Task { await f.cleanup() } }
        let features = try await AlertRunnerTests.coreDaily()
        let plan = PlanSpec(takeProfit: .percent(0.5), stop: .percent(0.3), maxHoldBars: 10)
        try await f.publish(
            name: "opts", features: features, threshold: 0, perRegime: AlertRunnerTests.everyone,
            guardrails: GuardrailDefaults(
                dailyBudget: 100, cooldownBars: 0, maxPerSector: 100, maxPerDirection: 100, maxExposure: 100, optionsMinDTE: 7,
                optionsMaxDTE: 60, maxLeverage: 100),
            labelCfg: LabelConfig(labeler: "triple_barrier_option_atm_proxy", instrument: .option, timeframe: .d1, plan: plan))
        let runner = AlertRunner(store: f.store, artifacts: f.artifacts, provider: SyntheticMarket(), catalog: InMemoryFeatureSetCatalog.builtIn())
        let user = try await SQLUserStore(store: f.store).createUser(name: "olga", email: nil)
        let report = try await runner.run(
            AlertRunRequest(target: .model("opts"), universe: AlertRunnerTests.universe, asOf: AlertRunnerTests.friday, userID: user.id))
        #expect(report.failures.isEmpty, "\(report.failures)")
        #expect(report.alerts.count == 6, "\(report.counts)")
        for a in report.alerts {
            #expect(a.instrument == .option)
            let strike = try #require(a.strike)
            let step = OptionListing.strikeIncrement(price: a.plan.referencePrice)
            #expect(abs(strike - a.plan.referencePrice) <= step / 2 + 1e-9 && (strike / step).rounded() * step == strike)
            let dte = try #require(a.dte)
            #expect((7...60).contains(dte))
            let expiry = try #require(a.expiry.flatMap(LocalDate.init))
            #expect(ExchangeMarketAdapter.of(.us).calendar.session(on: expiry) != nil)
            #expect(a.plan.stopPct == 0.3 && a.plan.stopPrice > a.plan.referencePrice * 0.9)
        }
        let entries = try await SQLAlertRepository(store: f.store).feedEntries(userID: user.id, limit: 100, before: nil)
        #expect(entries.count == 6)
        for e in entries {
            let body = try WebhookPayload(alert: e.alert, modelName: e.modelName, modelVersion: e.modelVersion, packName: nil, deliveryID: 1).body()
            let json = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
            #expect(json["instrument"] as? String == "option")
            #expect(json["strike"] as? Double != nil && json["expiry"] as? String != nil && json["dte"] as? Int != nil, "\(json)")
        }
    }
}
