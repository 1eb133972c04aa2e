import AlertsCore
import Foundation
import SQLKit
import Storage
import Testing

@Suite("alert repositories: runs, alerts, deliveries, subscriptions, outcomes")
struct AlertRepositoryTests {
    struct Setup {
        let db: TestDatabase
        let alerts: AlertRepositories
        let spec: ModelSpec
    }

    func setup(_ engine: DatabaseEngine) async throws -> Setup {
        let db = try await TestDatabase.make(engine)
        let spec = try await SQLModelRegistry(store: db.store).register(sampleSpec(), run: nil, actor: "test")
        return Setup(db: db, alerts: AlertRepositories(store: db.store), spec: spec)
    }

    func record(_ s: Setup, run: String, symbol: String, bar: Int64 = 1_000, score: Double = 0.7, user: String? = nil, regime: String? = "normal_vol")
        -> AlertRecord
    {
        AlertRecord(
            runID: run, modelSpecID: s.spec.id, packID: nil, userID: user, symbol: symbol, market: .us, instrument: .equity, timeframe: .d1,
            barTime: bar, side: .long, score: score, threshold: 0.6, regime: regime,
            plan: TradePlan(
                side: .long, entryRule: .nextOpen, referencePrice: 100, stopPrice: 98, takeProfitPrice: 103, stopPct: 0.02, takeProfitPct: 0.03,
                maxHoldBars: 10, sizingHint: 0.25),
            reasons: [ScoreReason(feature: "rsi_14", value: 24, contribution: 0.5, text: "RSI(14) at 24 — oversold — raised the score most")],
            explanation: "text", disclaimer: "Not investment advice.", createdAt: 5)
    }

    func count(_ s: Setup, _ table: String) async throws -> Int {
        try await s.db.store.withConnection { db in
            try await db.raw("SELECT COUNT(*) AS n FROM sc.\(unsafeRaw: table)").first()?.decode(column: "n", as: Int.self) ?? -1
        }
    }

    func begin(_ s: Setup, asOf: Int64 = 10) async throws -> String {
        let run = AlertRunRecord(modelSpecID: s.spec.id, packID: nil, universe: "AAPL,MSFT", userID: nil, asOf: asOf, startedAt: 1)
        try await s.alerts.runs.beginRun(run)
        return run.id
    }

    @Test("a committed run holds its alerts, feed rows and suppressions; the same alert again is a duplicate", arguments: TestEngines.all)
    func commitAndDuplicate(engine: DatabaseEngine) async throws {
        let s = try await setup(engine)
        defer { Task { await s.db.cleanup() } }
        let run = try await begin(s)
        let commit = try await s.alerts.runs.commitRun(
            runID: run, alerts: [record(s, run: run, symbol: "AAPL"), record(s, run: run, symbol: "MSFT", score: 0.9)],
            suppressions: [AlertSuppressionRecord(symbol: "NVDA", guardrail: "cooldown", detail: "2 bars ago", score: 0.8)], webhooks: [:],
            counts: ["scored": 3], finishedAt: 20)
        #expect(commit.inserted.count == 2 && commit.duplicates.isEmpty && commit.deliveries == 2)
        let stored = try await s.alerts.alerts.alerts(runID: run)
        #expect(stored.map(\.symbol) == ["MSFT", "AAPL"])
        #expect(stored[1] == record(s, run: run, symbol: "AAPL").with(id: stored[1].id))
        let r = try await s.alerts.runs.run(id: run)
        #expect(r.status == "succeeded" && r.counts == ["scored": 3, "alerted": 2, "duplicate": 0] && r.finishedAt == 20)
        #expect(try await count(s, "alert_suppressions") == 1)
        let run2 = try await begin(s)
        let again = try await s.alerts.runs.commitRun(
            runID: run2,
            alerts: [record(s, run: run2, symbol: "AAPL"), record(s, run: run2, symbol: "AAPL", user: nil, regime: nil).with(bar: 2_000)],
            suppressions: [], webhooks: [:], counts: [:], finishedAt: 30)
        #expect(again.duplicates == ["AAPL"] && again.inserted.count == 1)
        #expect(try await count(s, "alerts") == 3)
        let existing = try await s.alerts.alerts.existingAlerts(
            modelSpecID: s.spec.id, userID: nil, timeframe: .d1, barTimes: ["AAPL": 1_000, "MSFT": 7])
        #expect(existing == ["AAPL"])
    }

    @Test("a commit that fails part-way writes nothing of the run", arguments: TestEngines.all)
    func atomic(engine: DatabaseEngine) async throws {
        let s = try await setup(engine)
        defer { Task { await s.db.cleanup() } }
        let run = try await begin(s)
        await #expect(throws: StorageError.self) {
            // The third alert breaks the schema's score check after two have been inserted.
            _ = try await s.alerts.runs.commitRun(
                runID: run,
                alerts: [record(s, run: run, symbol: "A"), record(s, run: run, symbol: "B"), record(s, run: run, symbol: "C", score: 1.5)],
                suppressions: [AlertSuppressionRecord(symbol: "D", guardrail: "exposure", detail: "cap", score: 0.7)], webhooks: [:],
                counts: [:], finishedAt: 20)
        }
        #expect(try await count(s, "alerts") == 0)
        #expect(try await count(s, "alert_delivery") == 0)
        #expect(try await count(s, "alert_suppressions") == 0)
        #expect(try await s.alerts.runs.run(id: run).status == "running")
        try await s.alerts.runs.failRun(runID: run, error: "boom", counts: ["scored": 3], finishedAt: 21)
        #expect(try await s.alerts.runs.run(id: run).status == "failed")
    }

    @Test("budget counts, last alerted bars, webhook targets and the outbox", arguments: TestEngines.all)
    func queries(engine: DatabaseEngine) async throws {
        let s = try await setup(engine)
        defer { Task { await s.db.cleanup() } }
        let user = try await SQLUserStore(store: s.db.store).createUser(name: "ana", email: nil)
        try await s.db.store.withConnection { db in
            try await db.raw(
                """
                INSERT INTO sc.webhook_endpoints (id, user_id, url, secret, active, created_at)
                VALUES ('ep', \(bind: user.id), 'https://h.test/x', '0123456789abcdef', TRUE, 0)
                """
            ).run()
            try await db.raw(
                """
                INSERT INTO sc.alert_subscriptions (id, user_id, model_name, universe, channel, endpoint_id, active, created_at)
                VALUES ('s1', \(bind: user.id), 'swing-us', '*', 'webhook', 'ep', TRUE, 0)
                """
            ).run()
        }
        let targets = try await s.alerts.subscriptions.webhookTargets(userID: user.id, modelName: "swing-us", packName: nil)
        #expect(targets.map(\.endpointID) == ["ep"])
        #expect(try await s.alerts.subscriptions.webhookTargets(userID: user.id, modelName: "other", packName: nil).isEmpty)
        #expect(try await s.alerts.subscriptions.webhookTargets(userID: nil, modelName: "swing-us", packName: nil).count == 1)
        let run = try await begin(s, asOf: 86_400_000 + 500)
        let a = record(s, run: run, symbol: "AAPL", bar: 3_000, user: user.id)
        _ = try await s.alerts.runs.commitRun(
            runID: run, alerts: [a, record(s, run: run, symbol: "MSFT", bar: 4_000, user: user.id)], suppressions: [], webhooks: [a.id: targets],
            counts: [:], finishedAt: 20)
        #expect(try await s.alerts.alerts.alertCount(userID: user.id, asOfFrom: 86_400_000, to: 2 * 86_400_000) == 2)
        #expect(try await s.alerts.alerts.alertCount(userID: nil, asOfFrom: 86_400_000, to: 2 * 86_400_000) == 0)
        #expect(try await s.alerts.alerts.alertCount(userID: user.id, asOfFrom: 0, to: 86_400_000) == 0)
        #expect(
            try await s.alerts.alerts.lastAlertBars(userID: user.id, timeframe: .d1, symbols: ["AAPL", "NVDA"], before: 10_000) == ["AAPL": 3_000])
        let pending = try await s.alerts.deliveries.pendingDeliveries(limit: 10)
        #expect(pending.count == 1 && pending[0].alertID == a.id && pending[0].url == "https://h.test/x")
        try await s.alerts.deliveries.markDelivery(id: pending[0].id, error: nil, at: 99)
        #expect(try await s.alerts.deliveries.pendingDeliveries(limit: 10).isEmpty)
        let settings = SQLUserSettingsStore(store: s.db.store)
        #expect(try await settings.settings(userID: user.id) == nil)
        try await settings.save(UserAlertSettings(userID: user.id, dailyBudget: 3, maxExposure: 0.5, marketHoursOnly: true))
        let saved = try #require(try await settings.settings(userID: user.id))
        #expect(saved == UserAlertSettings(userID: user.id, dailyBudget: 3, maxExposure: 0.5, marketHoursOnly: true))
        let applied = saved.applied(to: GuardrailDefaults())
        #expect(applied.dailyBudget == 3 && applied.maxExposure == 0.5 && applied.marketHoursOnly)
        #expect(applied.cooldownBars == GuardrailDefaults().cooldownBars)
        await #expect(throws: StorageError.self) { try await settings.save(UserAlertSettings(userID: user.id, dailyBudget: -1)) }
    }

    @Test("outcomes are stored once; precision@K ranks resolved alerts by score per model version and regime", arguments: TestEngines.all)
    func outcomesAndPrecision(engine: DatabaseEngine) async throws {
        let s = try await setup(engine)
        defer { Task { await s.db.cleanup() } }
        let run = try await begin(s)
        // Scores 0.9 … 0.5; labels 1, 0, 1, 1, 0; regimes alternate.
        let scores = [0.9, 0.8, 0.7, 0.6, 0.5]
        let labels = [1, 0, 1, 1, 0]
        let records = scores.enumerated().map { i, sc in
            record(s, run: run, symbol: "S\(i)", score: sc, regime: i % 2 == 0 ? "high_vol" : "low_vol")
        }
        _ = try await s.alerts.runs.commitRun(runID: run, alerts: records, suppressions: [], webhooks: [:], counts: [:], finishedAt: 20)
        #expect(try await s.alerts.outcomes.unresolvedAlerts(barBefore: 5_000, limit: 100).count == 5)
        #expect(try await s.alerts.outcomes.unresolvedAlerts(barBefore: 999, limit: 100).isEmpty)
        let outcomes = zip(records, labels).map { r, l in
            AlertOutcomeRecord(
                alertID: r.id, exitReason: l == 1 ? .takeProfit : .stop, exitTime: 9_000, exitPrice: l == 1 ? 103 : 98,
                realizedReturn: l == 1 ? 0.03 : -0.02, mfe: 0.03, mae: -0.02, label: l, resolvedAt: 10_000,
                netReturnPct: l == 1 ? 2.95 : -2.05, netR: l == 1 ? 1.475 : -1.025, entryPrice: 100, stopLevel: 98, takeProfitLevel: 103)
        }
        #expect(try await s.alerts.outcomes.recordOutcomes(outcomes) == 5)
        #expect(try await s.alerts.outcomes.recordOutcomes(outcomes) == 0)
        #expect(try await s.alerts.outcomes.unresolvedAlerts(barBefore: 5_000, limit: 100).isEmpty)
        #expect(try await s.alerts.outcomes.outcome(alertID: records[2].id) == outcomes[2])
        let p = try await s.alerts.outcomes.livePrecision(k: 3)
        let overall = try #require(p.first { $0.regime == nil })
        #expect(overall.resolved == 3 && overall.hits == 2)  // 0.9 ✓, 0.8 ✗, 0.7 ✓
        let high = try #require(p.first { $0.regime == "high_vol" })
        #expect(high.resolved == 3 && high.hits == 2)  // 0.9 ✓, 0.7 ✓, 0.5 ✗
        let low = try #require(p.first { $0.regime == "low_vol" })
        #expect(low.resolved == 2 && low.hits == 1)  // 0.8 ✗, 0.6 ✓
        #expect(overall.modelName == s.spec.name && overall.modelVersion == s.spec.version)
    }
}

extension AlertRepositoryTests {
    @Test("a user's feed: only their alerts, newest first, with model version, feed row and outcome; pages by created_at", arguments: TestEngines.all)
    func feedEntries(engine: DatabaseEngine) async throws {
        let s = try await setup(engine)
        defer { Task { await s.db.cleanup() } }
        let users = SQLUserStore(store: s.db.store)
        let ana = try await users.createUser(name: "Ana", email: "ana@example.com")
        let bo = try await users.createUser(name: "Bo", email: "bo@example.com")
        var written: [AlertRecord] = []
        for (i, user) in [ana.id, bo.id, ana.id].enumerated() {
            let run = try await begin(s, asOf: Int64(10 + i))
            var r = record(s, run: run, symbol: "S\(i)", user: user)
            r.createdAt = Int64(100 * (i + 1))
            if i == 0 {
                r.expectedReturnPct = 0.31
                r.expectedR = 0.155
            }
            written.append(r)
            _ = try await s.alerts.runs.commitRun(runID: run, alerts: [r], suppressions: [], webhooks: [:], counts: [:], finishedAt: 20)
        }
        let outcome = AlertOutcomeRecord(
            alertID: written[0].id, exitReason: .takeProfit, exitTime: 9_000, exitPrice: 103, realizedReturn: 0.03, mfe: 0.03, mae: -0.01,
            label: 1, resolvedAt: 10_000, netReturnPct: 2.95, netR: 1.475, entryPrice: 100, stopLevel: 98, takeProfitLevel: 103)
        _ = try await s.alerts.outcomes.recordOutcomes([outcome])
        let feed = try await s.alerts.alerts.feedEntries(userID: ana.id, limit: 10, before: nil)
        #expect(feed.map(\.alert.symbol) == ["S2", "S0"])
        #expect(feed.allSatisfy { $0.modelName == s.spec.name && $0.modelVersion == s.spec.version && $0.feedDeliveryID != nil })
        #expect(feed[0].outcome == nil && feed[1].outcome == outcome)
        #expect(feed[1].alert == written[0])
        #expect(try await s.alerts.alerts.feedEntries(userID: ana.id, limit: 1, before: nil).map(\.alert.symbol) == ["S2"])
        #expect(try await s.alerts.alerts.feedEntries(userID: ana.id, limit: 10, before: 300).map(\.alert.symbol) == ["S0"])
        #expect(try await s.alerts.alerts.feedEntries(userID: bo.id, limit: 10, before: nil).map(\.alert.symbol) == ["S1"])
    }
}

extension AlertRecord {
    func with(id: String) -> AlertRecord {
        var c = self
        c.id = id
        return c
    }

    func with(bar: Int64) -> AlertRecord {
        var c = self
        c.barTime = bar
        c.id = UUID().uuidString.lowercased()
        return c
    }
}
