import AlertsCore
import Foundation
import Logging
import SQLKit
import Storage
import Testing

/// Webhook endpoints at rest and in the outbox: sealed secrets (AES-GCM), one endpoint per user and URL, one delivery
/// per alert and endpoint, and secret rotation (docs/SECURITY.md, issue 12 points 6–8).
@Suite("webhook endpoints: sealed secrets, one per URL, rotation")
struct WebhookEndpointTests {
    let outbox = DeliveryOutboxTests()

    func raw(_ store: any Store, _ sql: String) async throws -> [String] {
        try await store.withConnection { db in
            try await db.raw(SQLQueryString(sql)).all().map { try $0.decode(column: "v", as: String.self) }
        }
    }

    @Test("secrets are stored sealed (enc:v1:…, AES-GCM, a fresh nonce each) and opened for sending", arguments: TestEngines.all)
    func sealedAtRest(engine: DatabaseEngine) async throws {
        let o = try await outbox.outbox(engine)
        defer { Task { await o.setup.db.cleanup() } }
        let secret = "whsec_" + Data((0..<24).map { UInt8($0) }).base64EncodedString()
        let a = try await outbox.subscribe(o, url: "https://a.test/hook", secret: secret)
        _ = try await outbox.subscribe(o, url: "https://b.test/hook", secret: secret)
        let stored = try await raw(o.setup.db.store, "SELECT secret AS v FROM sc.webhook_endpoints ORDER BY created_at, id")
        #expect(stored.count == 2)
        #expect(stored.allSatisfy { $0.hasPrefix("enc:v1:") && !$0.contains(secret) && !$0.contains(secret.dropFirst(6)) })
        #expect(stored[0] != stored[1], "the same secret sealed twice must differ (random nonce)")
        _ = try await outbox.queue(o, [("AAPL", [a])])
        let pending = try await o.alerts.deliveries.pendingDeliveries(limit: 10, dueAt: 100)
        #expect(pending.map(\.secret) == [secret])
    }

    @Test("the SQLite file holds no secret in any form; the key file beside it is 0600; another key cannot open them and says so")
    func keyFile() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("alertsai-keys-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("sc.sqlite").path
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let secret = "whsec_c2VjcmV0LXRoYXQtbXVzdC1ub3QtbGVhaw=="
        let store = try await StoreFactory.open(url: try DatabaseURL("sqlite:\(path)"), logger: logger)
        try await Migrator(store: store, logger: logger).migrate()
        let user = try await SQLUserStore(store: store).createUser(name: "ana", email: nil)
        let spec = try await SQLModelRegistry(store: store).register(sampleSpec(), run: nil, actor: "test")
        _ = try await SQLWebhookSubscriptionRepository(store: store).subscribeWebhook(
            userID: user.id, modelName: spec.name, packName: nil, universe: "*", url: "https://a.test/hook", secret: secret, at: 1)
        await store.shutdown()

        let keyPath = dir.appendingPathComponent("secrets.key").path
        let mode = try FileManager.default.attributesOfItem(atPath: keyPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        for file in try FileManager.default.contentsOfDirectory(atPath: dir.path) where file.hasPrefix("sc.sqlite") {
            let bytes = try Data(contentsOf: dir.appendingPathComponent(file))
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(file) holds the secret")
            #expect(bytes.range(of: Data(secret.dropFirst(6).utf8)) == nil, "\(file) holds the secret's base64")
        }
        // The same key file again: the secret opens.
        let again = try await StoreFactory.open(url: try DatabaseURL("sqlite:\(path)"), logger: logger)
        let box = again.secrets
        let sealed = try await raw(again, "SELECT secret AS v FROM sc.webhook_endpoints")
        #expect(try box.unseal(try #require(sealed.first)) == secret)
        await again.shutdown()
        // Another key: a clear error naming the way out.
        let other = try await StoreFactory.open(url: try DatabaseURL("sqlite:\(path)"), logger: logger, secrets: .ephemeral())
        #expect {
            try other.secrets.unseal(try #require(sealed.first))
        } throws: { error in
            "\(error)".contains("another key") && "\(error)".contains("ALERTSAI_SECRETS_KEY")
        }
        await other.shutdown()
        // A key given as text must be 32 bytes of base64.
        #expect(throws: StorageError.self) { try SecretBox.fromText("c2hvcnQ=", source: "secrets.key") }
        let text = Data((0..<32).map { UInt8($0) }).base64EncodedString()
        let given = try SecretBox.fromText(text, source: "secrets.key")
        #expect(try given.unseal(try given.seal("x-secret-0123456789")) == "x-secret-0123456789")
    }

    @Test("secrets stored in plain text before sealing existed are read as they are, then sealed in place", arguments: TestEngines.all)
    func legacyPlaintext(engine: DatabaseEngine) async throws {
        let o = try await outbox.outbox(engine)
        defer { Task { await o.setup.db.cleanup() } }
        let a = try await outbox.subscribe(o, url: "https://a.test/hook", secret: "plain-old-secret-0123")
        try await o.setup.db.store.withConnection { db in
            try await db.raw("UPDATE sc.webhook_endpoints SET secret = 'plain-old-secret-0123' WHERE id = \(bind: a.endpointID)").run()
        }
        _ = try await outbox.queue(o, [("AAPL", [a])])
        #expect(try await o.alerts.deliveries.pendingDeliveries(limit: 10, dueAt: 100).map(\.secret) == ["plain-old-secret-0123"])
        #expect(try await o.alerts.subscriptions.sealPlaintextSecrets() == 1)
        #expect(try await o.alerts.subscriptions.sealPlaintextSecrets() == 0)
        let stored = try await raw(o.setup.db.store, "SELECT secret AS v FROM sc.webhook_endpoints")
        #expect(stored.allSatisfy { $0.hasPrefix("enc:v1:") })
        #expect(try await o.alerts.deliveries.pendingDeliveries(limit: 10, dueAt: 100).map(\.secret) == ["plain-old-secret-0123"])
    }

    @Test(
        "one endpoint per user and URL (its secret given once); one delivery per alert and endpoint across overlapping subscriptions",
        arguments: TestEngines.all)
    func oncePerEndpoint(engine: DatabaseEngine) async throws {
        let o = try await outbox.outbox(engine)
        defer { Task { await o.setup.db.cleanup() } }
        let all = try await o.alerts.subscriptions.subscribeWebhook(
            userID: o.user.id, modelName: "swing-us", packName: nil, universe: "*", url: "https://a.test/hook", secret: "first-secret-0123456",
            at: 1)
        let apple = try await o.alerts.subscriptions.subscribeWebhook(
            userID: o.user.id, modelName: "swing-us", packName: nil, universe: "AAPL", url: "https://a.test/hook",
            secret: "second-secret-012345", at: 2)
        #expect(all.endpointCreated && !apple.endpointCreated)
        #expect(all.endpointID == apple.endpointID && all.id != apple.id)
        let count = try await raw(o.setup.db.store, "SELECT CAST(COUNT(*) AS TEXT) AS v FROM sc.webhook_endpoints")
        #expect(count == ["1"])
        // AAPL matches both subscriptions: one delivery row, so one webhook-id; MSFT matches one.
        _ = try await outbox.queue(o, [("AAPL", [all, apple]), ("MSFT", [all])])
        let pending = try await o.alerts.deliveries.pendingDeliveries(limit: 10, dueAt: 100)
        #expect(pending.count == 2)
        #expect(Set(pending.map(\.alert.symbol)) == ["AAPL", "MSFT"])
        // The first secret signs: the second subscribe did not replace it.
        #expect(pending.allSatisfy { $0.secret == "first-secret-0123456" })
        // Another user's same URL is their own endpoint.
        let bob = try await SQLUserStore(store: o.setup.db.store).createUser(name: "bob", email: nil)
        let bobs = try await o.alerts.subscriptions.subscribeWebhook(
            userID: bob.id, modelName: "swing-us", packName: nil, universe: "*", url: "https://a.test/hook", secret: "bobs-secret-01234567",
            at: 3)
        #expect(bobs.endpointCreated && bobs.endpointID != all.endpointID)
    }

    @Test("rotation: the new secret signs, the previous one too until its overlap ends; only the owner rotates", arguments: TestEngines.all)
    func rotation(engine: DatabaseEngine) async throws {
        let o = try await outbox.outbox(engine)
        defer { Task { await o.setup.db.cleanup() } }
        let a = try await outbox.subscribe(o, url: "https://a.test/hook", secret: "old-secret-0123456789")
        _ = try await outbox.queue(o, [("AAPL", [a])])
        let info = try await o.alerts.subscriptions.rotateWebhookSecret(
            endpointID: a.endpointID, userID: o.user.id, secret: "new-secret-0123456789", previousUntil: 5_000)
        #expect(info.id == a.endpointID && info.url == "https://a.test/hook" && info.previousSecretUntil == 5_000)
        let d = try #require(try await o.alerts.deliveries.pendingDeliveries(limit: 10, dueAt: 100).first)
        #expect(d.secret == "new-secret-0123456789" && d.previousSecret == "old-secret-0123456789" && d.previousSecretUntil == 5_000)
        let stored = try await raw(o.setup.db.store, "SELECT previous_secret AS v FROM sc.webhook_endpoints")
        #expect(stored.allSatisfy { $0.hasPrefix("enc:v1:") })
        let bob = try await SQLUserStore(store: o.setup.db.store).createUser(name: "bob", email: nil)
        await #expect(throws: StorageError.self) {
            _ = try await o.alerts.subscriptions.rotateWebhookSecret(
                endpointID: a.endpointID, userID: bob.id, secret: "bobs-secret-0123456789", previousUntil: 5_000)
        }
        await #expect(throws: StorageError.self) {
            _ = try await o.alerts.subscriptions.rotateWebhookSecret(
                endpointID: a.endpointID, userID: o.user.id, secret: "short", previousUntil: 5_000)
        }
    }

    @Test("migration 8 merges twin endpoints of one user and URL and duplicate deliveries, and reverts", arguments: TestEngines.all)
    func migrationEight(engine: DatabaseEngine) async throws {
        let o = try await outbox.outbox(engine)
        defer { Task { await o.setup.db.cleanup() } }
        let store = o.setup.db.store
        let migrator = Migrator(store: store)
        let a = try await outbox.subscribe(o, url: "https://a.test/hook")
        _ = try await outbox.queue(o, [("AAPL", [a])])
        let later = Schema.migrations.map(\.version).filter { $0 > 7 }
        #expect(try await migrator.revert(to: 7) == Array(later.reversed()))
        // What an older version could write: a twin endpoint of the same URL, a subscription on it, and a second delivery
        // of the same alert to the first endpoint.
        try await store.withConnection { db in
            try await db.raw(
                """
                INSERT INTO sc.webhook_endpoints (id, user_id, url, secret, active, created_at)
                VALUES ('twin', \(bind: o.user.id), 'https://a.test/hook', 'twin-secret-0123456', TRUE, 50)
                """
            ).run()
            try await db.raw(
                """
                INSERT INTO sc.alert_subscriptions (id, user_id, model_name, universe, channel, endpoint_id, active, created_at)
                VALUES ('twin-sub', \(bind: o.user.id), 'swing-us', 'MSFT', 'webhook', 'twin', TRUE, 50)
                """
            ).run()
            try await db.raw(
                """
                INSERT INTO sc.alert_delivery (alert_id, channel, endpoint_id, status, attempts, created_at)
                SELECT alert_id, channel, endpoint_id, status, attempts, created_at FROM sc.alert_delivery WHERE channel = 'webhook'
                """
            ).run()
        }
        #expect(try await migrator.migrate() == later)
        let active = try await raw(store, "SELECT id AS v FROM sc.webhook_endpoints WHERE active")
        #expect(active == [a.endpointID])
        let endpoints = try await raw(store, "SELECT endpoint_id AS v FROM sc.alert_subscriptions ORDER BY created_at")
        #expect(endpoints == [a.endpointID, a.endpointID])
        let deliveries = try await raw(store, "SELECT CAST(COUNT(*) AS TEXT) AS v FROM sc.alert_delivery WHERE channel = 'webhook'")
        #expect(deliveries == ["1"])
        #expect(try await o.alerts.subscriptions.webhookTargets(userID: o.user.id, modelName: "swing-us", packName: nil).count == 2)
    }
}
