import AlertsCore
import Features
import Foundation
import MarketData
import SQLKit
import Storage
import Testing

@testable import Alerting

@Suite("alert runs", .serialized)
struct AlertRunnerTests {
    static let universe = "AAPL,MSFT,NVDA,JPM,XOM,UNH"
    /// After the close of Friday 28 June 2024 (US), UTC.
    static let friday = parseDay("2024-06-28")

    /// Threshold 0 in every regime (high volatility would otherwise raise it by 0.05): every symbol is a candidate.
    static let everyone = ["high_vol": 0.0, "normal_vol": 0.0, "low_vol": 0.0]

    static func parseDay(_ s: String) -> Int64 { LocalDate(s)!.adding(days: 1).utcMidnightMillis - 1 }

    static func coreDaily() async throws -> [String] {
        try await InMemoryFeatureSetCatalog.builtIn().resolveFeatureSet("core-daily@v1").featureNames
    }

    func runner(_ f: ModelFixture) -> AlertRunner {
        AlertRunner(store: f.store, artifacts: f.artifacts, provider: SyntheticMarket(), catalog: InMemoryFeatureSetCatalog.builtIn())
    }

    @Test("a run writes alerts with plans, explanations and the disclaimer; the same run again writes nothing and counts duplicates")
    func idempotent() async throws {
        let f = try await ModelFixture.make()
        defer { Task { await f.cleanup() } }
        // Sizing hints are 25 % each (1 % risk over a 2 % stop, capped): the exposure cap of 100 % holds back two of six.
        let spec = try await f.publish(
            name: "swing", features: try await Self.coreDaily(), threshold: 0, perRegime: Self.everyone,
            guardrails: GuardrailDefaults(dailyBudget: 100, cooldownBars: 0, maxPerSector: 100, maxPerDirection: 100, maxExposure: 1))
        let r = runner(f)
        let first = try await r.run(AlertRunRequest(target: .model("swing"), universe: Self.universe, asOf: Self.friday))
        #expect(first.counts["scored"] == 6, "\(first.failures)")
        #expect(first.counts["alerted"] == 4)
        #expect(first.counts["suppressed.exposure"] == 2)
        let stored = try await SQLAlertRepository(store: f.store).alerts(runID: try #require(first.runID))
        #expect(stored.count == 4)
        for a in stored {
            #expect(a.modelSpecID == spec.id)
            #expect(a.disclaimer == AlertDisclaimer.text)
            #expect(!a.explanation.isEmpty)
            #expect(a.plan.stopPrice < a.plan.referencePrice && a.plan.takeProfitPrice > a.plan.referencePrice)
            #expect(a.regime != nil)
        }
        let before = try await f.rowCounts()
        let second = try await r.run(AlertRunRequest(target: .model("swing"), universe: Self.universe, asOf: Self.friday))
        #expect(second.counts["alerted"] == 0)
        #expect(second.counts["duplicate"] == 4)
        // The duplicates still take their place: what was held back the first time is held back again.
        #expect(second.counts["suppressed.exposure"] == 2)
        let after = try await f.rowCounts()
        #expect(after["alerts"] == before["alerts"])
        #expect(after["alert_delivery"] == before["alert_delivery"])
        #expect(after["alert_runs"] == (before["alert_runs"] ?? 0) + 1)
        #expect(try await SQLAlertRunRepository(store: f.store).run(id: try #require(second.runID)).status == "succeeded")
    }

    @Test("a run that fails part-way through its writes leaves no alert, delivery or suppression, and is marked failed")
    func failsPartWay() async throws {
        let f = try await ModelFixture.make()
        defer { Task { await f.cleanup() } }
        try await f.publish(name: "swing", features: try await Self.coreDaily(), threshold: 0, perRegime: Self.everyone)
        // The third alert insert fails inside the run's transaction.
        try await f.store.withConnection { db in
            try await db.raw(
                """
                CREATE TRIGGER sc.third_alert_fails BEFORE INSERT ON alerts
                WHEN (SELECT COUNT(*) FROM alerts) >= 2 BEGIN SELECT RAISE(ABORT, 'injected failure'); END
                """
            ).run()
        }
        await #expect(throws: (any Error).self) {
            _ = try await runner(f).run(AlertRunRequest(target: .model("swing"), universe: Self.universe, asOf: Self.friday))
        }
        let counts = try await f.rowCounts()
        #expect(counts["alerts"] == 0)
        #expect(counts["alert_delivery"] == 0)
        #expect(counts["alert_suppressions"] == 0)
        #expect(counts["alert_runs"] == 1)
        let status = try await f.store.withConnection { db in
            try await db.raw("SELECT status, error FROM sc.alert_runs").first().map {
                (try $0.decode(column: "status", as: String.self), try $0.decode(column: "error", as: String?.self))
            }
        }
        #expect(status?.0 == "failed")
        #expect(status?.1?.contains("injected failure") == true)
    }

    @Test("user settings override the model's guardrails; suppressions and webhook outbox rows are written")
    func settingsSuppressionsWebhooks() async throws {
        let f = try await ModelFixture.make()
        defer { Task { await f.cleanup() } }
        try await f.publish(name: "swing", features: try await Self.coreDaily(), threshold: 0, perRegime: Self.everyone)
        let user = try await SQLUserStore(store: f.store).createUser(name: "ana", email: nil)
        try await SQLUserSettingsStore(store: f.store).save(UserAlertSettings(userID: user.id, dailyBudget: 2))
        try await f.store.withConnection { db in
            try await db.raw(
                """
                INSERT INTO sc.webhook_endpoints (id, user_id, url, secret, active, created_at)
                VALUES ('ep1', \(bind: user.id), 'https://example.test/hook', 'sixteen-characters!', TRUE, 0)
                """
            ).run()
            try await db.raw(
                """
                INSERT INTO sc.alert_subscriptions (id, user_id, model_name, universe, channel, endpoint_id, active, created_at)
                VALUES ('sub1', \(bind: user.id), 'swing', \(bind: Self.universe), 'webhook', 'ep1', TRUE, 0)
                """
            ).run()
        }
        let report = try await runner(f).run(
            AlertRunRequest(target: .model("swing"), universe: Self.universe, asOf: Self.friday, userID: user.id))
        #expect(report.counts["alerted"] == 2)
        #expect(report.counts["suppressed.daily_budget"] == 4)
        // The two best scores are the ones alerted.
        let best = (report.alerts + report.suppressed).map(\.score.score).sorted(by: >).prefix(2)
        #expect(report.alerts.map(\.score.score).sorted(by: >) == Array(best))
        let counts = try await f.rowCounts()
        #expect(counts["alerts"] == 2)
        #expect(counts["alert_suppressions"] == 4)
        #expect(counts["alert_delivery"] == 4)
        let pending = try await SQLDeliveryRepository(store: f.store).pendingDeliveries(limit: 10)
        #expect(pending.count == 2 && pending.allSatisfy { $0.url == "https://example.test/hook" })
        // Later the same day the budget is spent: a second run for another bar suppresses everything.
        let again = try await runner(f).run(
            AlertRunRequest(target: .model("swing"), universe: "CRM,ORCL", asOf: Self.friday, userID: user.id))
        #expect(again.counts["alerted"] == 0)
        #expect(again.counts["suppressed.daily_budget"] == 2)
    }

    @Test("a preview changes nothing in the store and says which guardrail would suppress which candidate")
    func previewWritesNothing() async throws {
        let f = try await ModelFixture.make()
        defer { Task { await f.cleanup() } }
        try await f.publish(
            name: "swing", features: try await Self.coreDaily(), threshold: 0, perRegime: Self.everyone,
            guardrails: GuardrailDefaults(dailyBudget: 10, cooldownBars: 0, maxPerSector: 2, maxPerDirection: 10, maxExposure: 10))
        let before = try await f.rowCounts()
        let report = try await runner(f).run(
            AlertRunRequest(target: .model("swing"), universe: "preset:us-mega-30", asOf: Self.friday, mode: .preview))
        #expect(try await f.rowCounts() == before)
        #expect(report.runID == nil)
        #expect(report.alerts.count == 10)
        #expect(report.counts["would_alert"] == 10)
        #expect(report.alerts.allSatisfy { $0.explanation != nil && $0.disclaimer == AlertDisclaimer.text })
        #expect(report.suppressed.count == 20)
        #expect(Set(report.suppressed.compactMap(\.guardrail)).isSubset(of: ["diversity", "daily_budget"]))
        let perSector = Dictionary(grouping: report.alerts) { a in UniversePresets.usMega30.members.first { $0.symbol == a.symbol }?.sector ?? "" }
        #expect(perSector.values.allSatisfy { $0.count <= 2 })
    }

    @Test("only closed bars are scored: during Friday's session the signal bar is Thursday's")
    func closedBarsOnly() async throws {
        let f = try await ModelFixture.make()
        defer { Task { await f.cleanup() } }
        try await f.publish(name: "swing", features: try await Self.coreDaily(), threshold: 0, perRegime: Self.everyone)
        let calendar = ExchangeMarketAdapter.us.calendar
        let friday = try #require(calendar.session(on: LocalDate(2024, 6, 28)))
        let thursday = try #require(calendar.session(on: LocalDate(2024, 6, 27)))
        let during = try await runner(f).run(
            AlertRunRequest(target: .model("swing"), universe: "AAPL", asOf: friday.close - 60_000, mode: .preview))
        #expect(during.alerts.first?.barTime == thursday.open)
        let after = try await runner(f).run(AlertRunRequest(target: .model("swing"), universe: "AAPL", asOf: friday.close, mode: .preview))
        #expect(after.alerts.first?.barTime == friday.open, "\(after.failures)")
    }

    @Test("a dry run records the run and its counts but no alert; an unknown model is an error naming it")
    func dryRunAndUnknown() async throws {
        let f = try await ModelFixture.make()
        defer { Task { await f.cleanup() } }
        try await f.publish(name: "swing", features: try await Self.coreDaily(), threshold: 0, perRegime: Self.everyone)
        let report = try await runner(f).run(AlertRunRequest(target: .model("swing"), universe: "AAPL,MSFT", asOf: Self.friday, mode: .dryRun))
        let counts = try await f.rowCounts()
        #expect(counts["alerts"] == 0 && counts["alert_runs"] == 1)
        let run = try await SQLAlertRunRepository(store: f.store).run(id: try #require(report.runID))
        #expect(run.dryRun && run.status == "succeeded" && run.counts["would_alert"] == 2)
        await #expect {
            _ = try await runner(f).run(AlertRunRequest(target: .model("nope"), universe: "AAPL", asOf: Self.friday))
        } throws: { error in
            (error as? AlertingError).map { "\($0)".contains("nope") } ?? false
        }
    }

    @Test("outcomes: alerts resolve against their own plans once the hold has elapsed, once; precision@K reads them")
    func outcomes() async throws {
        let f = try await ModelFixture.make()
        defer { Task { await f.cleanup() } }
        try await f.publish(name: "swing", features: try await Self.coreDaily(), threshold: 0, perRegime: Self.everyone)
        let signal = Self.parseDay("2024-05-31")
        _ = try await runner(f).run(AlertRunRequest(target: .model("swing"), universe: Self.universe, asOf: signal))
        let alerts = AlertRepositories(store: f.store)
        let resolver = OutcomeResolver(alerts: alerts.outcomes, provider: SyntheticMarket())
        let early = try await resolver.resolve(asOf: Self.parseDay("2024-06-05"))
        // Three sessions later only a barrier can have ended a trade; the others wait (a timeout needs the whole hold).
        #expect(early.resolved + early.pending == 6 && early.pending > 0)
        #expect(early.byExit["timeout"] == nil)
        let report = try await resolver.resolve(asOf: Self.friday)
        #expect(early.resolved + report.resolved == 6 && report.pending == 0)
        let stored = try await alerts.alerts.feed(userID: nil, limit: 10)
        for a in stored {
            let o = try #require(try await alerts.outcomes.outcome(alertID: a.id))
            #expect(o.label == (o.exitReason == .takeProfit ? 1 : 0))
            #expect(o.exitTime > a.barTime)
            #expect(o.mae <= 0 && o.mfe >= 0)
            switch o.exitReason {
            case .takeProfit: #expect(o.realizedReturn >= a.plan.takeProfitPct - 1e-9)
            case .stop: #expect(o.realizedReturn <= -a.plan.stopPct + 1e-9)
            case .timeout: #expect(o.realizedReturn > -a.plan.stopPct && o.realizedReturn < a.plan.takeProfitPct)
            }
        }
        #expect(try await resolver.resolve(asOf: Self.friday).resolved == 0)
        // K above the number resolved: every alert counts, overall and split by regime.
        let precision = try await LivePrecisionReport.export(from: alerts.outcomes, k: 10)
        let overall = try #require(precision.first { $0.regime == nil })
        var hits = 0
        for a in stored { hits += try await alerts.outcomes.outcome(alertID: a.id)?.label ?? 0 }
        #expect(overall.resolved == 6 && overall.hits == hits)
        #expect(precision.filter { $0.regime != nil }.map(\.resolved).reduce(0, +) == 6)
        #expect(LivePrecisionReport.table(precision).contains("swing"))
    }

    @Test("outcomes resolve on each model version's own bars when sources are given; a source that cannot open fails its symbols")
    func outcomesOnTheModelsBars() async throws {
        let f = try await ModelFixture.make()
        defer { Task { await f.cleanup() } }
        let spec = try await f.publish(name: "swing", features: try await Self.coreDaily(), threshold: 0, perRegime: Self.everyone)
        let signal = Self.parseDay("2024-05-31")
        let universe = "AAPL,MSFT,NVDA"
        _ = try await runner(f).run(AlertRunRequest(target: .model("swing"), universe: universe, asOf: signal))
        let alerts = AlertRepositories(store: f.store)
        let open = try await alerts.outcomes.unresolvedAlerts(barBefore: Self.friday, limit: 100)
        #expect(open.count == 3)
        // The model's own bars: another synthetic market, routed by the spec id; the default provider is never asked.
        let own = SyntheticMarket(SyntheticMarket.Config(seed: 99, patternStrength: 1))
        let routed = BarSources { id in
            guard id == spec.id else { throw AlertingError.invalid("unexpected spec \(id)") }
            return BarSources.Source(key: "seed 99", provider: own)
        }
        let viaSources = await OutcomeResolver.outcomes(
            of: open, asOf: Self.friday, provider: FailingBars(), sources: routed, resolvedAt: 1)
        let direct = await OutcomeResolver.outcomes(of: open, asOf: Self.friday, provider: own, resolvedAt: 1)
        #expect(viaSources.failed.isEmpty, "\(viaSources.failed)")
        #expect(viaSources.outcomes == direct.outcomes && viaSources.outcomes.count + viaSources.pending.count == 3)
        let onDefault = await OutcomeResolver.outcomes(of: open, asOf: Self.friday, provider: SyntheticMarket(), resolvedAt: 1)
        #expect(onDefault.outcomes.map(\.exitPrice) != direct.outcomes.map(\.exitPrice))
        // A source that cannot be opened: every symbol of that version fails with its message, nothing resolves.
        let broken = BarSources { _ in throw AlertingError.invalid("no such csv folder /nowhere") }
        let failed = await OutcomeResolver.outcomes(of: open, asOf: Self.friday, provider: SyntheticMarket(), sources: broken, resolvedAt: 1)
        #expect(failed.outcomes.isEmpty && failed.failed.count == 3)
        #expect(failed.failed.values.allSatisfy { $0.contains("/nowhere") })
    }
}

/// A provider that must not be asked.
struct FailingBars: BarProvider {
    var name: String { "failing" }
    func bars(
        symbol: String, timeframe: Timeframe, market: Market, from: LocalDate, to: LocalDate,
        progress: FetchProgressHandler?
    ) async throws -> BarSeries {
        throw AlertingError.invalid("the default provider was asked for \(symbol)")
    }
}
