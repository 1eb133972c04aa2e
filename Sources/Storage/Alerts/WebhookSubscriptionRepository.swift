import AlertsCore
import Foundation
import SQLKit

/// An active webhook subscription whose endpoint is active: where a new alert must also be sent.
public struct WebhookTarget: Sendable, Hashable, Codable {
    public var subscriptionID: String
    public var userID: String
    public var endpointID: String
    public var universe: String

    public init(subscriptionID: String, userID: String, endpointID: String, universe: String) {
        self.subscriptionID = subscriptionID
        self.userID = userID
        self.endpointID = endpointID
        self.universe = universe
    }
}

/// A webhook endpoint as its owner sees it (never its secret).
public struct WebhookEndpointInfo: Sendable, Hashable {
    public var id: String
    public var userID: String
    public var url: String
    /// Until when (ms UTC) the previous secret is still signed with; nil when there is none.
    public var previousSecretUntil: Int64?

    public init(id: String, userID: String, url: String, previousSecretUntil: Int64?) {
        self.id = id
        self.userID = userID
        self.url = url
        self.previousSecretUntil = previousSecretUntil
    }
}

/// A webhook subscription and its endpoint, as a user manages them (the secret is never read back).
public struct WebhookSubscription: Sendable, Hashable, Codable {
    public var id: String
    public var userID: String
    /// Exactly one of model and pack name is set.
    public var modelName: String?
    public var packName: String?
    /// `*`, the universe of the runs, `preset:NAME`, or a list of symbols.
    public var universe: String
    public var endpointID: String
    public var url: String
    /// The subscription and its endpoint are both active: new alerts are queued for it.
    public var active: Bool
    public var createdAt: Int64
    /// Set by `subscribeWebhook` when it made the endpoint (and so its secret) just now; false when it reused one.
    public var endpointCreated = false

    public init(
        id: String, userID: String, modelName: String?, packName: String?, universe: String, endpointID: String, url: String, active: Bool,
        createdAt: Int64
    ) {
        self.id = id
        self.userID = userID
        self.modelName = modelName
        self.packName = packName
        self.universe = universe
        self.endpointID = endpointID
        self.url = url
        self.active = active
        self.createdAt = createdAt
    }
}

/// Webhook subscriptions and their endpoints (`sc.alert_subscriptions`, `sc.webhook_endpoints`): as users manage them,
/// and as a run finds whom a new alert goes to.
public protocol WebhookSubscriptionRepository: Sendable {
    /// Active webhook subscriptions (with active endpoints) to a model or pack; nil `userID` means every user's.
    func webhookTargets(userID: String?, modelName: String?, packName: String?) async throws -> [WebhookTarget]
    /// Subscribes a user's webhook to a model or a pack (exactly one) over a universe. The endpoint (URL and signing
    /// secret) is created, or reused when the user already has it; the same subscription twice is returned, not doubled.
    /// A bad URL, a secret under 16 characters, or an unknown user, model or pack is an error naming it, and writes nothing.
    func subscribeWebhook(
        userID: String, modelName: String?, packName: String?, universe: String, url: String, secret: String, at: Int64
    ) async throws -> WebhookSubscription
    /// Webhook subscriptions of a user (nil: everyone's), oldest first.
    func webhookSubscriptions(userID: String?) async throws -> [WebhookSubscription]
    /// Turns a subscription on or off; off stops new alerts from being queued for it (queued ones are still sent).
    func setWebhookSubscription(id: String, active: Bool) async throws -> WebhookSubscription
    /// Gives the user's endpoint a new signing secret; the old one is still signed with until `previousUntil` (ms UTC).
    func rotateWebhookSecret(endpointID: String, userID: String, secret: String, previousUntil: Int64) async throws -> WebhookEndpointInfo
    /// Seals secrets stored before sealing existed; returns how many.
    func sealPlaintextSecrets() async throws -> Int
}

/// `WebhookSubscriptionRepository` over the `sc` store, for both engines.
public struct SQLWebhookSubscriptionRepository: WebhookSubscriptionRepository {
    let store: any Store

    public init(store: any Store) {
        self.store = store
    }

    public func webhookTargets(userID: String?, modelName: String?, packName: String?) async throws -> [WebhookTarget] {
        // An empty string matches no subscription (names are never empty), and keeps the SQL free of typeless NULL binds.
        let user = userID ?? ""
        let model = modelName ?? ""
        let pack = packName ?? ""
        let anyUser = userID == nil
        return try await store.withConnection { db in
            try await db.raw(
                """
                SELECT s.id AS subscription_id, s.user_id, s.endpoint_id, s.universe
                FROM sc.alert_subscriptions s JOIN sc.webhook_endpoints e ON e.id = s.endpoint_id
                WHERE s.channel = 'webhook' AND s.active AND e.active
                    AND (\(unsafeRaw: anyUser ? "1 = 1" : "1 = 0") OR s.user_id = \(bind: user))
                    AND (s.model_name = \(bind: model) OR s.pack_name = \(bind: pack))
                ORDER BY s.created_at, s.id
                """
            ).all().map { row in
                WebhookTarget(
                    subscriptionID: try row.decode(column: "subscription_id", as: String.self),
                    userID: try row.decode(column: "user_id", as: String.self),
                    endpointID: try row.decode(column: "endpoint_id", as: String.self),
                    universe: try row.decode(column: "universe", as: String.self))
            }
        }
    }

    public func subscribeWebhook(
        userID: String, modelName: String?, packName: String?, universe: String, url: String, secret: String, at: Int64
    ) async throws -> WebhookSubscription {
        let model = modelName?.trimmingCharacters(in: .whitespaces).nonEmpty
        let pack = packName?.trimmingCharacters(in: .whitespaces).nonEmpty
        let universe = universe.trimmingCharacters(in: .whitespaces)
        try Self.validateSubscription(model: model, pack: pack, universe: universe, url: url, secret: secret)
        let sealed = try store.secrets.seal(secret)
        return try await store.transaction { db in
            guard try await db.raw("SELECT id FROM sc.users WHERE id = \(bind: userID)").first() != nil else {
                throw StorageError.notFound("no user with id '\(userID)'")
            }
            if let model, try await db.raw("SELECT name FROM sc.model_names WHERE name = \(bind: model)").first() == nil {
                throw StorageError.notFound("no model named '\(model)'; `alertsai models list` shows the registered ones")
            }
            if let pack, try await db.raw("SELECT id FROM sc.model_packs WHERE name = \(bind: pack)").first() == nil {
                throw StorageError.notFound("no model pack named '\(pack)'")
            }
            // One endpoint per user and URL: a second subscription to the same URL reuses it, and its secret.
            var endpointCreated = false
            let existing = try await db.raw(
                "SELECT id FROM sc.webhook_endpoints WHERE user_id = \(bind: userID) AND url = \(bind: url) AND active LIMIT 1"
            ).first()
            let endpointID: String
            if let existing {
                endpointID = try existing.decode(column: "id", as: String.self)
            } else {
                let id = UUID().uuidString.lowercased()
                // A concurrent subscribe that made it first wins (unique on user and URL); this one then reuses it.
                let made = try await db.raw(
                    """
                    INSERT INTO sc.webhook_endpoints (id, user_id, url, secret, active, created_at)
                    VALUES (\(bind: id), \(bind: userID), \(bind: url), \(bind: sealed), TRUE, \(bind: at))
                    ON CONFLICT DO NOTHING RETURNING id
                    """
                ).first()
                if made != nil {
                    endpointID = id
                    endpointCreated = true
                } else {
                    guard
                        let row = try await db.raw(
                            "SELECT id FROM sc.webhook_endpoints WHERE user_id = \(bind: userID) AND url = \(bind: url) AND active LIMIT 1"
                        ).first()
                    else { throw StorageError.conflict("the webhook endpoint \(url) changed while subscribing; try again") }
                    endpointID = try row.decode(column: "id", as: String.self)
                }
            }
            let same = try await Self.subscriptions(
                db,
                filter: """
                    s.user_id = \(bind: userID) AND s.endpoint_id = \(bind: endpointID) AND s.universe = \(bind: universe) AND s.active
                        AND COALESCE(s.model_name, '') = \(bind: model ?? "") AND COALESCE(s.pack_name, '') = \(bind: pack ?? "")
                    """)
            if var found = same.first {
                found.endpointCreated = endpointCreated
                return found
            }
            let id = UUID().uuidString.lowercased()
            try await db.raw(
                """
                INSERT INTO sc.alert_subscriptions (id, user_id, model_name, pack_name, universe, channel, endpoint_id, active, created_at)
                VALUES (\(bind: id), \(bind: userID), \(bind: model), \(bind: pack), \(bind: universe), 'webhook', \(bind: endpointID), TRUE,
                    \(bind: at))
                """
            ).run()
            var made = WebhookSubscription(
                id: id, userID: userID, modelName: model, packName: pack, universe: universe, endpointID: endpointID, url: url, active: true,
                createdAt: at)
            made.endpointCreated = endpointCreated
            return made
        }
    }

    public func rotateWebhookSecret(endpointID: String, userID: String, secret: String, previousUntil: Int64) async throws
        -> WebhookEndpointInfo
    {
        guard secret.count >= 16 else {
            throw StorageError.constraint("webhook secret has \(secret.count) characters; it needs at least 16")
        }
        let sealed = try store.secrets.seal(secret)
        return try await store.transaction { db in
            // Someone else's endpoint answers like a missing one.
            guard
                let row = try await db.raw(
                    """
                    UPDATE sc.webhook_endpoints SET previous_secret = secret, previous_secret_until = \(bind: previousUntil),
                        secret = \(bind: sealed)
                    WHERE id = \(bind: endpointID) AND user_id = \(bind: userID) AND active
                    RETURNING id, user_id, url
                    """
                ).first()
            else { throw StorageError.notFound("no active webhook endpoint '\(endpointID)' of yours; GET /alerts/subscriptions lists them") }
            return WebhookEndpointInfo(
                id: try row.decode(column: "id", as: String.self), userID: try row.decode(column: "user_id", as: String.self),
                url: try row.decode(column: "url", as: String.self), previousSecretUntil: previousUntil)
        }
    }

    public func sealPlaintextSecrets() async throws -> Int {
        let box = store.secrets
        return try await store.transaction { db in
            let rows = try await db.raw(
                "SELECT id, secret, previous_secret FROM sc.webhook_endpoints WHERE secret NOT LIKE 'enc:v1:%' OR previous_secret NOT LIKE 'enc:v1:%'"
            ).all()
            for row in rows {
                let id = try row.decode(column: "id", as: String.self)
                let secret = try row.decode(column: "secret", as: String.self)
                let previous = try row.decode(column: "previous_secret", as: String?.self)
                let sealedSecret = SecretBox.isSealed(secret) ? secret : try box.seal(secret)
                let sealedPrevious = try previous.map { SecretBox.isSealed($0) ? $0 : try box.seal($0) }
                try await db.raw(
                    """
                    UPDATE sc.webhook_endpoints SET secret = \(bind: sealedSecret), previous_secret = \(bind: sealedPrevious)
                    WHERE id = \(bind: id)
                    """
                ).run()
            }
            return rows.count
        }
    }

    /// The checks that need no database, each naming what is wrong.
    static func validateSubscription(model: String?, pack: String?, universe: String, url: String, secret: String) throws {
        guard (model == nil) != (pack == nil) else {
            throw StorageError.constraint("a webhook subscription needs exactly one of a model name and a pack name")
        }
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = parsed.host, !host.isEmpty, !url.contains(where: \.isWhitespace)
        else {
            throw StorageError.constraint("webhook URL '\(url)' is not an http:// or https:// URL with a host")
        }
        guard secret.count >= 16 else {
            throw StorageError.constraint("webhook secret has \(secret.count) characters; it needs at least 16")
        }
        guard !universe.isEmpty else {
            throw StorageError.constraint("a webhook subscription needs a universe: *, preset:NAME, watchlist:ID or AAPL,MSFT")
        }
    }

    static func subscriptions(_ db: any SQLDatabase, filter: SQLQueryString) async throws -> [WebhookSubscription] {
        let query: SQLQueryString = """
            SELECT s.id, s.user_id, s.model_name, s.pack_name, s.universe, s.endpoint_id, e.url,
                CASE WHEN s.active AND e.active THEN 1 ELSE 0 END AS is_active, s.created_at
            FROM sc.alert_subscriptions s JOIN sc.webhook_endpoints e ON e.id = s.endpoint_id
            WHERE s.channel = 'webhook' AND
            """ + " " + filter + " ORDER BY s.created_at, s.id"
        return try await db.raw(query).all().map { row in
            WebhookSubscription(
                id: try row.decode(column: "id", as: String.self), userID: try row.decode(column: "user_id", as: String.self),
                modelName: try row.decode(column: "model_name", as: String?.self), packName: try row.decode(column: "pack_name", as: String?.self),
                universe: try row.decode(column: "universe", as: String.self), endpointID: try row.decode(column: "endpoint_id", as: String.self),
                url: try row.decode(column: "url", as: String.self), active: try row.decode(column: "is_active", as: Int.self) != 0,
                createdAt: try row.decode(column: "created_at", as: Int64.self))
        }
    }

    public func webhookSubscriptions(userID: String?) async throws -> [WebhookSubscription] {
        try await store.withConnection { db in
            if let userID { return try await Self.subscriptions(db, filter: "s.user_id = \(bind: userID)") }
            return try await Self.subscriptions(db, filter: "1 = 1")
        }
    }

    public func setWebhookSubscription(id: String, active: Bool) async throws -> WebhookSubscription {
        try await store.transaction { db in
            let changed = try await db.raw(
                "UPDATE sc.alert_subscriptions SET active = \(bind: active) WHERE id = \(bind: id) AND channel = 'webhook' RETURNING id"
            ).first()
            guard changed != nil, let found = try await Self.subscriptions(db, filter: "s.id = \(bind: id)").first else {
                throw StorageError.notFound("no webhook subscription with id '\(id)'")
            }
            return found
        }
    }
}

extension String {
    /// nil for an empty string.
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
