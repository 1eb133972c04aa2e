import Alerting
import AlertsCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SQLKit
import Server
import Storage
import TestSupport
import Testing

/// `alertsai serve`'s application sends queued webhook alerts itself, every `webhooks.interval_seconds`.
@Suite("webhook sender inside the server")
struct WebhookServiceTests {
    static let secret = "whsec-server-0123456789"

    /// A published model, a user subscribed to it through a webhook on a loopback receiver, and a store to queue with.
    struct Setup {
        let config: AppConfig
        let dir: URL
        let store: any Store
        let spec: ModelSpec
        let user: User
        let receiver: FakeWebhookReceiver

        func cleanup() async {
            await receiver.stop()
            await store.shutdown()
            try? FileManager.default.removeItem(at: dir)
        }

        /// Commits a run with one alert for `symbol`, which queues one webhook delivery; returns the alert.
        func queueAlert(_ symbol: String) async throws -> AlertRecord {
            let alerts = AlertRepositories(store: store)
            let now = Clock.nowMillis()
            let run = AlertRunRecord(modelSpecID: spec.id, packID: nil, universe: symbol, userID: user.id, asOf: now, startedAt: now)
            try await alerts.runs.beginRun(run)
            let targets = try await alerts.subscriptions.webhookTargets(userID: user.id, modelName: spec.name, packName: nil)
            #expect(targets.count == 1)
            let plan = TradePlan(
                side: .long, entryRule: .nextOpen, referencePrice: 100, stopPrice: 98, takeProfitPrice: 103, stopPct: 0.02,
                takeProfitPct: 0.03, maxHoldBars: 10, sizingHint: 0.25)
            let alert = AlertRecord(
                runID: run.id, modelSpecID: spec.id, packID: nil, userID: user.id, symbol: symbol, market: .us, instrument: .equity,
                timeframe: .d1, barTime: 1_719_532_800_000, side: .long, score: 0.71, threshold: 0.5, regime: "normal_vol", plan: plan,
                reasons: [ScoreReason(feature: "rsi_14", value: 24.1, contribution: 0.4, text: "RSI(14) at 24.1 — oversold")],
                explanation: "\(symbol) looks oversold.", disclaimer: AlertDisclaimer.text, createdAt: now)
            let commit = try await alerts.runs.commitRun(
                runID: run.id, alerts: [alert], suppressions: [], webhooks: [alert.id: targets], counts: ["alerted": 1], finishedAt: now)
            // The feed row and the webhook row.
            #expect(commit.inserted == [alert.id] && commit.deliveries == 2)
            return alert
        }

        /// The webhook rows of `sc.alert_delivery`: id → status.
        func deliveryRows() async throws -> [Int64: String] {
            try await store.withConnection { db in
                try await db.raw("SELECT id, status FROM sc.alert_delivery WHERE channel = 'webhook'").all().reduce(into: [:]) { out, row in
                    out[try row.decode(column: "id", as: Int64.self)] = try row.decode(column: "status", as: String.self)
                }
            }
        }
    }

    func setup(interval: Double) async throws -> Setup {
        var (config, dir) = temporaryConfig()
        config.webhookInterval = interval
        config.webhookAllowedNetworks = [try IPNetwork("127.0.0.0/8")]  // the test's receiver is on loopback
        let receiver = FakeWebhookReceiver(secret: Self.secret)
        let spec = try await publishTestModel(config, name: "swing", features: ScoreEndpointTests.features)
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let store = try await StoreFactory.open(url: try DatabaseURL(config.databaseURL), logger: logger)
        do {
            let user = try await SQLUserStore(store: store).createUser(name: "ana", email: "ana@example.com")
            let url = try await receiver.start()
            _ = try await SQLWebhookSubscriptionRepository(store: store).subscribeWebhook(
                userID: user.id, modelName: "swing", packName: nil, universe: "*", url: url, secret: Self.secret, at: Clock.nowMillis())
            return Setup(config: config, dir: dir, store: store, spec: spec, user: user, receiver: receiver)
        } catch {
            await receiver.stop()
            await store.shutdown()
            try? FileManager.default.removeItem(at: dir)
            throw error
        }
    }

    @Test("an alert queued while the server runs is POSTed, validly signed, and its row becomes delivered")
    func sendsWhileServing() async throws {
        let s = try await setup(interval: 0.2)
        defer { Task { await s.cleanup() } }
        let app = try await buildApplication(s.config)
        try await app.test(.live) { client in
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
            // Queued after the sender's first pass: only a later pass, at the configured interval, can send it.
            let alert = try await s.queueAlert("AAPL")
            // Bounded below the 5 s default, so a sender that ignored webhooks.interval_seconds would fail here.
            let deadline = ContinuousClock.now + .seconds(4)
            var rows = try await s.deliveryRows()
            while ContinuousClock.now < deadline && !(s.receiver.received.count == 1 && rows.values.first == "delivered") {
                try await Task.sleep(for: .milliseconds(50))
                rows = try await s.deliveryRows()
            }
            let received = s.receiver.received
            try #require(received.count == 1, "the receiver got \(received.count) POSTs within 4 s")
            #expect(received[0].verdict == .valid)
            #expect(received[0].contentType == "application/json")
            #expect(received[0].json["alert_id"] as? String == alert.id)
            #expect(received[0].json["symbol"] as? String == "AAPL")
            #expect(rows.count == 1)
            let (id, status) = try #require(rows.first)
            #expect(received[0].deliveryID == String(id))
            #expect(status == "delivered")
            // A delivered row is not sent again by the following passes.
            try await Task.sleep(for: .milliseconds(600))
            #expect(s.receiver.received.count == 1)
        }
    }

    @Test("with webhooks.interval_seconds = 0 the server sends nothing; the delivery stays pending")
    func offSendsNothing() async throws {
        let s = try await setup(interval: 0)
        defer { Task { await s.cleanup() } }
        // Queued before the start: a sender that ran at all would send it in its first pass.
        _ = try await s.queueAlert("MSFT")
        let app = try await buildApplication(s.config)
        try await app.test(.live) { client in
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
            try await Task.sleep(for: .seconds(1))
        }
        #expect(s.receiver.received.isEmpty)
        let rows = try await s.deliveryRows()
        #expect(rows.count == 1 && rows.values.allSatisfy { $0 == "pending" }, "\(rows)")
    }
}
