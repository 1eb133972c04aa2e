import AlertsCore
import Foundation
import SQLKit

/// A pending webhook delivery in the outbox: the endpoint it goes to, the key that signs it, and the alert it carries.
public struct PendingDelivery: Sendable, Hashable {
    public var id: Int64
    public var alertID: String
    public var endpointID: String
    public var url: String
    /// The endpoint's signing key (`webhook_endpoints.secret`, unsealed).
    public var secret: String
    /// The key it had before its last rotation, still signed with until `previousSecretUntil` (ms UTC).
    public var previousSecret: String? = nil
    public var previousSecretUntil: Int64? = nil
    /// Why the stored secret could not be opened (sealed with another key); the sender fails the attempt with it.
    public var secretError: String? = nil
    /// Attempts made so far.
    public var attempts: Int
    /// The earliest instant (ms UTC) it may be sent: the retry backoff, or the lease of the sender that claimed it.
    public var nextAttemptAt: Int64
    public var lastError: String?
    public var alert: AlertRecord
    /// The model version that produced the alert, and its pack when a pack ran.
    public var modelName: String
    public var modelVersion: Int
    public var packName: String?

    public init(
        id: Int64, alertID: String, endpointID: String, url: String, secret: String, attempts: Int, nextAttemptAt: Int64, lastError: String?,
        alert: AlertRecord, modelName: String, modelVersion: Int, packName: String?
    ) {
        self.id = id
        self.alertID = alertID
        self.endpointID = endpointID
        self.url = url
        self.secret = secret
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.alert = alert
        self.modelName = modelName
        self.modelVersion = modelVersion
        self.packName = packName
    }
}

/// The state of one `sc.alert_delivery` row.
public enum DeliveryStatus: String, Sendable, Hashable, Codable {
    case pending, delivered, failed
}

/// Delivery rules the store applies when a caller does not choose.
public enum DeliveryDefaults {
    /// A webhook delivery is `failed` after this many attempts.
    public static let maxAttempts = 5
}

/// The webhook delivery outbox (`sc.alert_delivery`): the deliveries senders claim and settle.
public protocol DeliveryRepository: Sendable {
    /// Webhook deliveries pending and due at `dueAt` (their backoff over, no sender's lease on them) whose endpoint is
    /// active, oldest first. Reading them claims nothing; a sender uses `claimDeliveries`.
    func pendingDeliveries(limit: Int, dueAt: Int64) async throws -> [PendingDelivery]
    /// Takes up to `limit` due deliveries for one sender: in the same transaction that selects them, their next attempt
    /// moves to `leaseUntil`, so another sender (another process, or a concurrent pass) skips them until the lease ends.
    func claimDeliveries(limit: Int, at now: Int64, leaseUntil: Int64) async throws -> [PendingDelivery]
    /// Records one attempt of a pending delivery: `error == nil` means delivered; otherwise it is retried at `retryAt`,
    /// or `failed` when this was attempt `maxAttempts`. Returns the new status, or nil when the row was no longer
    /// pending (another sender already settled it), in which case nothing changes.
    func markDelivery(id: Int64, error: String?, at: Int64, retryAt: Int64, maxAttempts: Int) async throws -> DeliveryStatus?
}

extension DeliveryRepository {
    /// Webhook deliveries pending and due now, oldest first.
    public func pendingDeliveries(limit: Int) async throws -> [PendingDelivery] {
        try await pendingDeliveries(limit: limit, dueAt: Clock.nowMillis())
    }

    /// Records an attempt with no backoff and the default attempt limit; `error == nil` means delivered.
    public func markDelivery(id: Int64, error: String?, at: Int64) async throws {
        _ = try await markDelivery(id: id, error: error, at: at, retryAt: at, maxAttempts: DeliveryDefaults.maxAttempts)
    }
}

/// `DeliveryRepository` over the `sc` store, for both engines.
public struct SQLDeliveryRepository: DeliveryRepository {
    let store: any Store

    public init(store: any Store) {
        self.store = store
    }

    /// The delivery, endpoint, alert and model columns of a pending delivery; `filter` adds conditions on `d` and `e`.
    private func deliveries(_ db: any SQLDatabase, filter: SQLQueryString, limit: Int) async throws -> [PendingDelivery] {
        let alert = AlertRows.columns(store.sql).split(separator: ",").map { "a." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")
        let query: SQLQueryString = """
            SELECT d.id AS delivery_id, d.endpoint_id, e.url AS endpoint_url, e.secret AS endpoint_secret, e.previous_secret,
                e.previous_secret_until, d.attempts AS delivery_attempts,
                d.next_attempt_at, d.last_error, m.name AS model_name, m.version AS model_version, p.name AS pack_name, \(unsafeRaw: alert)
            FROM sc.alert_delivery d
            JOIN sc.webhook_endpoints e ON e.id = d.endpoint_id
            JOIN sc.alerts a ON a.id = d.alert_id
            JOIN sc.model_specs m ON m.id = a.model_spec_id
            LEFT JOIN sc.model_packs p ON p.id = a.pack_id
            WHERE d.channel = 'webhook' AND d.status = 'pending' AND e.active AND
            """ + " " + filter + " ORDER BY d.id LIMIT \(bind: limit)"
        let box = store.secrets
        return try await db.raw(query).all().map { row in
            var d = PendingDelivery(
                id: try row.decode(column: "delivery_id", as: Int64.self), alertID: try row.decode(column: "id", as: String.self),
                endpointID: try row.decode(column: "endpoint_id", as: String.self), url: try row.decode(column: "endpoint_url", as: String.self),
                secret: "",
                attempts: try row.decode(column: "delivery_attempts", as: Int.self),
                nextAttemptAt: try row.decode(column: "next_attempt_at", as: Int64.self),
                lastError: try row.decode(column: "last_error", as: String?.self), alert: try AlertRows.alert(from: row),
                modelName: try row.decode(column: "model_name", as: String.self), modelVersion: try row.decode(column: "model_version", as: Int.self),
                packName: try row.decode(column: "pack_name", as: String?.self))
            // One row whose secret does not open must not stop the others: the sender fails that attempt with the reason.
            do {
                d.secret = try box.unseal(try row.decode(column: "endpoint_secret", as: String.self))
                d.previousSecret = try row.decode(column: "previous_secret", as: String?.self).map { try box.unseal($0) }
            } catch {
                d.secretError = "\(error)"
            }
            d.previousSecretUntil = try row.decode(column: "previous_secret_until", as: Int64?.self)
            return d
        }
    }

    public func pendingDeliveries(limit: Int, dueAt: Int64) async throws -> [PendingDelivery] {
        try await store.withConnection { db in
            try await deliveries(db, filter: "d.next_attempt_at <= \(bind: dueAt)", limit: limit)
        }
    }

    public func claimDeliveries(limit: Int, at now: Int64, leaseUntil: Int64) async throws -> [PendingDelivery] {
        guard limit >= 1 else { return [] }
        // PostgreSQL: SKIP LOCKED lets concurrent claimers take disjoint rows; the pick is a materialized CTE so that it runs
        // once (a LIMIT subquery inside the UPDATE's WHERE may be re-run and take more rows), and the outer conditions are
        // re-checked on a row another claimer just updated. SQLite: the transaction starts with the write lock.
        let pg = store.engine == .postgres
        let materialized = pg ? "MATERIALIZED " : ""
        let lock = pg ? " FOR UPDATE OF d SKIP LOCKED" : ""
        return try await store.transaction { db in
            let ids = try await db.raw(
                """
                WITH picked AS \(unsafeRaw: materialized)(
                    SELECT d.id FROM sc.alert_delivery d JOIN sc.webhook_endpoints e ON e.id = d.endpoint_id
                    WHERE d.channel = 'webhook' AND d.status = 'pending' AND d.next_attempt_at <= \(bind: now) AND e.active
                    ORDER BY d.next_attempt_at, d.id LIMIT \(bind: limit)\(unsafeRaw: lock))
                UPDATE sc.alert_delivery SET next_attempt_at = \(bind: leaseUntil)
                WHERE id IN (SELECT id FROM picked) AND status = 'pending' AND next_attempt_at <= \(bind: now)
                RETURNING id
                """
            ).all().map { try $0.decode(column: "id", as: Int64.self) }
            guard !ids.isEmpty else { return [] }
            return try await deliveries(db, filter: "d.id IN (\(binds: ids))", limit: ids.count)
        }
    }

    public func markDelivery(id: Int64, error: String?, at: Int64, retryAt: Int64, maxAttempts: Int) async throws -> DeliveryStatus? {
        // `status = 'pending'` keeps a late report (e.g. from a sender whose lease ran out) from undoing a settled row.
        let status: String? = try await store.withConnection { db in
            if let error {
                return try await db.raw(
                    """
                    UPDATE sc.alert_delivery SET attempts = attempts + 1, last_error = \(bind: error), last_attempt_at = \(bind: at),
                        next_attempt_at = \(bind: retryAt), status = CASE WHEN attempts + 1 >= \(bind: maxAttempts) THEN 'failed' ELSE 'pending' END
                    WHERE id = \(bind: id) AND status = 'pending'
                    RETURNING status
                    """
                ).first()?.decode(column: "status", as: String.self)
            }
            return try await db.raw(
                """
                UPDATE sc.alert_delivery SET attempts = attempts + 1, status = 'delivered', delivered_at = \(bind: at), last_attempt_at = \(bind: at),
                    last_error = NULL
                WHERE id = \(bind: id) AND status = 'pending'
                RETURNING status
                """
            ).first()?.decode(column: "status", as: String.self)
        }
        return status.flatMap(DeliveryStatus.init(rawValue:))
    }
}

extension SQLDeliveryRepository {
    /// The earliest instant a pending webhook delivery to an active endpoint may be tried, if any waits.
    public func nextDeliveryAttempt() async throws -> Int64? {
        try await store.withConnection { db in
            try await db.raw(
                """
                SELECT MIN(d.next_attempt_at) AS next FROM sc.alert_delivery d JOIN sc.webhook_endpoints e ON e.id = d.endpoint_id
                WHERE d.channel = 'webhook' AND d.status = 'pending' AND e.active
                """
            ).first()?.decode(column: "next", as: Int64?.self)
        }
    }
}
