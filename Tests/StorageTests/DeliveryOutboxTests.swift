import AlertsCore
import Foundation
import Logging
import SQLKit
import Storage
import Testing

/// The webhook outbox as a sender sees it: claims, leases, backoff, the attempt limit, and subscriptions.
@Suite("webhook outbox")
struct DeliveryOutboxTests {
    /// The alert-store fixtures (a registered `swing-us` spec, hand-made alert records).
    let fixtures = AlertRepositoryTests()

    struct Outbox {
        let setup: AlertRepositoryTests.Setup
        let user: User
        var alerts: AlertRepositories { setup.alerts }
    }

    func outbox(_ engine: DatabaseEngine) async throws -> Outbox {
        let s = try await fixtures.setup(engine)
        let user = try await SQLUserStore(store: s.db.store).createUser(name: "ana", email: nil)
        return Outbox(setup: s, user: user)
    }

    func subscribe(_ o: Outbox, url: String, secret: String = "0123456789abcdef") async throws -> WebhookSubscription {
        try await o.alerts.subscriptions.subscribeWebhook(
            userID: o.user.id, modelName: "swing-us", packName: nil, universe: "*", url: url, secret: secret, at: 1)
    }

    /// Commits one run whose alerts (one per entry) are queued for the given subscriptions; returns the alert records.
    func queue(_ o: Outbox, _ plan: [(symbol: String, to: [WebhookSubscription])]) async throws -> [AlertRecord] {
        let run = try await fixtures.begin(o.setup)
        let records = plan.map { fixtures.record(o.setup, run: run, symbol: $0.symbol, user: o.user.id) }
        var webhooks: [String: [WebhookTarget]] = [:]
        for (record, entry) in zip(records, plan) {
            webhooks[record.id] = entry.to.map {
                WebhookTarget(subscriptionID: $0.id, userID: o.user.id, endpointID: $0.endpointID, universe: $0.universe)
            }
        }
        _ = try await o.alerts.runs.commitRun(runID: run, alerts: records, suppressions: [], webhooks: webhooks, counts: [:], finishedAt: 20)
        return records
    }

    func status(_ o: Outbox, _ id: Int64) async throws -> (status: String, attempts: Int, error: String?) {
        try await o.setup.db.store.withConnection { db in
            let row = try await db.raw("SELECT status, attempts, last_error FROM sc.alert_delivery WHERE id = \(bind: id)").first()
            return (
                try row?.decode(column: "status", as: String.self) ?? "", try row?.decode(column: "attempts", as: Int.self) ?? -1,
                try row?.decode(column: "last_error", as: String?.self)
            )
        }
    }

    func setEndpoint(_ o: Outbox, _ id: String, active: Bool) async throws {
        try await o.setup.db.store.withConnection { db in
            try await db.raw("UPDATE sc.webhook_endpoints SET active = \(bind: active) WHERE id = \(bind: id)").run()
        }
    }

    @Test(
        "a claim takes due deliveries once, with secret, alert and model; its lease keeps others off; inactive endpoints wait",
        arguments: TestEngines.all)
    func claimAndLease(engine: DatabaseEngine) async throws {
        let o = try await outbox(engine)
        defer { Task { await o.setup.db.cleanup() } }
        let a = try await subscribe(o, url: "https://a.test/hook", secret: "secret-of-a-0123456")
        let b = try await subscribe(o, url: "https://b.test/hook", secret: "secret-of-b-0123456")
        #expect(a.endpointID != b.endpointID)
        let records = try await queue(o, [("AAPL", [a, b]), ("MSFT", [a]), ("NVDA", [b])])
        try await setEndpoint(o, b.endpointID, active: false)

        let pending = try await o.alerts.deliveries.pendingDeliveries(limit: 10, dueAt: 1_000)
        #expect(pending.map(\.alertID) == [records[0].id, records[1].id])
        #expect(pending.allSatisfy { $0.url == "https://a.test/hook" && $0.secret == "secret-of-a-0123456" && $0.attempts == 0 })
        #expect(pending.allSatisfy { $0.modelName == "swing-us" && $0.modelVersion == 1 && $0.packName == nil })
        #expect(pending[0].alert == records[0])

        let first = try await o.alerts.deliveries.claimDeliveries(limit: 1, at: 1_000, leaseUntil: 61_000)
        #expect(first.map(\.id) == [pending[0].id])
        let rest = try await o.alerts.deliveries.claimDeliveries(limit: 10, at: 1_000, leaseUntil: 61_000)
        #expect(rest.map(\.id) == [pending[1].id])
        #expect(rest.first?.nextAttemptAt == 61_000)
        // Leased: neither claimable nor due until the lease ends.
        #expect(try await o.alerts.deliveries.claimDeliveries(limit: 10, at: 60_999, leaseUntil: 120_000).isEmpty)
        #expect(try await o.alerts.deliveries.pendingDeliveries(limit: 10, dueAt: 60_999).isEmpty)
        let again = try await o.alerts.deliveries.claimDeliveries(limit: 10, at: 61_000, leaseUntil: 121_000)
        #expect(again.map(\.id) == pending.map(\.id))

        try await setEndpoint(o, b.endpointID, active: true)
        let toB = try await o.alerts.deliveries.claimDeliveries(limit: 10, at: 61_000, leaseUntil: 121_000)
        #expect(toB.map(\.alertID) == [records[0].id, records[2].id])
        #expect(toB.allSatisfy { $0.secret == "secret-of-b-0123456" })
    }

    @Test(
        "each failed attempt waits for its retry time, the last one fails the delivery, and a settled row is never undone",
        arguments: TestEngines.all)
    func backoffAndLimit(engine: DatabaseEngine) async throws {
        let o = try await outbox(engine)
        defer { Task { await o.setup.db.cleanup() } }
        let a = try await subscribe(o, url: "http://127.0.0.1:9/hook")
        _ = try await queue(o, [("AAPL", [a]), ("MSFT", [a])])
        let both = try await o.alerts.deliveries.claimDeliveries(limit: 10, at: 0, leaseUntil: 100)
        #expect(both.count == 2)
        let (retried, delivered) = (both[0].id, both[1].id)
        #expect(try await o.alerts.deliveries.markDelivery(id: delivered, error: nil, at: 50, retryAt: 50, maxAttempts: 3) == .delivered)

        #expect(try await o.alerts.deliveries.markDelivery(id: retried, error: "HTTP 500: down", at: 10, retryAt: 5_000, maxAttempts: 3) == .pending)
        #expect(try await status(o, retried) == ("pending", 1, "HTTP 500: down"))
        #expect(try await o.alerts.deliveries.claimDeliveries(limit: 10, at: 4_999, leaseUntil: 9_999).isEmpty)
        #expect(try await o.alerts.deliveries.claimDeliveries(limit: 10, at: 5_000, leaseUntil: 6_000).map(\.attempts) == [1])
        #expect(try await o.alerts.deliveries.markDelivery(id: retried, error: "timed out", at: 5_010, retryAt: 9_000, maxAttempts: 3) == .pending)
        #expect(try await o.alerts.deliveries.claimDeliveries(limit: 10, at: 9_000, leaseUntil: 10_000).map(\.id) == [retried])
        #expect(
            try await o.alerts.deliveries.markDelivery(id: retried, error: "connection refused", at: 9_010, retryAt: 20_000, maxAttempts: 3)
                == .failed)
        #expect(try await status(o, retried) == ("failed", 3, "connection refused"))
        #expect(try await o.alerts.deliveries.claimDeliveries(limit: 10, at: 1_000_000_000, leaseUntil: 1_000_000_100).isEmpty)
        // A late success report does not revive a failed row.
        #expect(try await o.alerts.deliveries.markDelivery(id: retried, error: nil, at: 9_020, retryAt: 9_020, maxAttempts: 3) == nil)
        #expect(try await status(o, retried).status == "failed")

        // A late failure report (a sender whose lease ran out) leaves the delivered row as it is.
        #expect(try await o.alerts.deliveries.markDelivery(id: delivered, error: "timed out", at: 60, retryAt: 70, maxAttempts: 3) == nil)
        #expect(try await status(o, delivered) == ("delivered", 1, nil))
        #expect(try await o.alerts.deliveries.pendingDeliveries(limit: 10, dueAt: .max).isEmpty)
    }

    @Test("concurrent claimers on separate connections take disjoint rows", arguments: TestEngines.all)
    func concurrentClaims(engine: DatabaseEngine) async throws {
        let o = try await outbox(engine)
        defer { Task { await o.setup.db.cleanup() } }
        let a = try await subscribe(o, url: "https://a.test/hook")
        _ = try await queue(o, (0..<30).map { ("S\($0)", [a]) })
        let all = Set(try await o.alerts.deliveries.pendingDeliveries(limit: 100, dueAt: 0).map(\.id))
        #expect(all.count == 30)
        // SQLite: a second store on the same file, as a second process would have (only two: SQLiteNIO's blocking pool has a
        // thread per core, and a connection waiting for the write lock holds one). PostgreSQL: three claimers on the pool.
        var extra: [any Store] = []
        if let path = (o.setup.db.store as? SQLiteStore)?.path {
            var logger = Logger(label: "test")
            logger.logLevel = .warning
            extra.append(try await StoreFactory.open(url: try DatabaseURL("sqlite:\(path)"), logger: logger))
        }
        let stores = extra.isEmpty ? Array(repeating: o.setup.db.store, count: 3) : [o.setup.db.store] + extra
        let outcome = await withTaskGroup(of: Result<[Int64], any Error>.self) { group in
            for store in stores {
                group.addTask {
                    do {
                        return .success(try await SQLDeliveryRepository(store: store).claimDeliveries(limit: 10, at: 0, leaseUntil: 1_000).map(\.id))
                    } catch {
                        return .failure(error)
                    }
                }
            }
            return await group.reduce(into: [Result<[Int64], any Error>]()) { $0.append($1) }
        }
        for store in extra { await store.shutdown() }
        let claims = try outcome.map { try $0.get() }
        let taken = claims.flatMap { $0 }
        #expect(taken.count == Set(taken).count, "a delivery was claimed twice: \(claims)")
        let left = try await o.alerts.deliveries.claimDeliveries(limit: 100, at: 0, leaseUntil: 1_000).map(\.id)
        #expect(taken.count >= 10)
        #expect(Set(taken + left) == all && taken.count + left.count == 30)
    }

    @Test(
        "subscribing checks URL, secret, user and model, writing nothing when one is bad; the same subscription twice is one",
        arguments: TestEngines.all)
    func subscriptions(engine: DatabaseEngine) async throws {
        let o = try await outbox(engine)
        defer { Task { await o.setup.db.cleanup() } }
        let rows = { () async throws -> [Int] in
            [try await fixtures.count(o.setup, "webhook_endpoints"), try await fixtures.count(o.setup, "alert_subscriptions")]
        }
        let bad: [(user: String, model: String?, pack: String?, url: String, secret: String, named: String)] = [
            (o.user.id, "swing-us", nil, "ftp://files.test/hook", "0123456789abcdef", "ftp://files.test/hook"),
            (o.user.id, "swing-us", nil, "hooks.test/x", "0123456789abcdef", "hooks.test/x"),
            (o.user.id, "swing-us", nil, "https://hooks.test/x", "short-secret", "12 characters"),
            ("nobody", "swing-us", nil, "https://hooks.test/x", "0123456789abcdef", "nobody"),
            (o.user.id, "no-such-model", nil, "https://hooks.test/x", "0123456789abcdef", "no-such-model"),
            (o.user.id, nil, "no-such-pack", "https://hooks.test/x", "0123456789abcdef", "no-such-pack"),
            (o.user.id, "swing-us", "a-pack", "https://hooks.test/x", "0123456789abcdef", "exactly one"),
        ]
        for b in bad {
            await #expect("\(b.named)") {
                _ = try await o.alerts.subscriptions.subscribeWebhook(
                    userID: b.user, modelName: b.model, packName: b.pack, universe: "*", url: b.url, secret: b.secret, at: 1)
            } throws: { error in
                "\(error)".contains(b.named)
            }
        }
        #expect(try await rows() == [0, 0])

        let first = try await subscribe(o, url: "https://hooks.test/x")
        let second = try await subscribe(o, url: "https://hooks.test/x")
        #expect(second.id == first.id && second.endpointID == first.endpointID)
        #expect(first.endpointCreated && !second.endpointCreated)
        #expect(try await rows() == [1, 1])
        #expect(
            try await o.alerts.subscriptions.webhookTargets(userID: o.user.id, modelName: "swing-us", packName: nil).map(\.subscriptionID) == [
                first.id
            ])
        // Another universe on the same endpoint is a second subscription, not a second endpoint.
        _ = try await o.alerts.subscriptions.subscribeWebhook(
            userID: o.user.id, modelName: "swing-us", packName: nil, universe: "AAPL", url: "https://hooks.test/x", secret: "0123456789abcdef",
            at: 2)
        #expect(try await rows() == [1, 2])

        let off = try await o.alerts.subscriptions.setWebhookSubscription(id: first.id, active: false)
        #expect(!off.active)
        #expect(try await o.alerts.subscriptions.webhookTargets(userID: o.user.id, modelName: "swing-us", packName: nil).map(\.universe) == ["AAPL"])
        #expect(try await o.alerts.subscriptions.webhookSubscriptions(userID: o.user.id).map(\.active) == [false, true])
        await #expect(throws: StorageError.self) { _ = try await o.alerts.subscriptions.setWebhookSubscription(id: "nope", active: false) }
    }

    @Test("migration 4 reverts and re-applies", arguments: TestEngines.all)
    func migrationFour(engine: DatabaseEngine) async throws {
        let o = try await outbox(engine)
        defer { Task { await o.setup.db.cleanup() } }
        let a = try await subscribe(o, url: "https://a.test/hook")
        _ = try await queue(o, [("AAPL", [a])])
        let migrator = Migrator(store: o.setup.db.store)
        let later = Schema.migrations.map(\.version).filter { $0 > 3 }
        #expect(try await migrator.revert(to: 3) == Array(later.reversed()))
        await #expect(throws: (any Error).self) { _ = try await o.alerts.deliveries.pendingDeliveries(limit: 10, dueAt: 0) }
        #expect(try await migrator.migrate() == later)
        // The queued row survives and is due at once.
        #expect(try await o.alerts.deliveries.pendingDeliveries(limit: 10, dueAt: 0).count == 1)
    }
}
