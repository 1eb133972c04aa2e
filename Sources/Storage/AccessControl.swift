import Crypto
import Foundation
import SQLKit

/// What an API key may do. User keys act for their user (`alerts`, and optionally `score`/`registry`); service keys act
/// for a system (`score`, `registry`, `metrics`, `admin`). `admin` implies every service scope. docs/SECURITY.md.
public enum APIScope: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// A user's own feed, subscriptions, settings and previews of their own alerts.
    case alerts
    /// `POST /score`.
    case score
    /// The read-only registry: models, versions, packs, feature sets.
    case registry
    /// `GET /metrics`.
    case metrics
    /// Everything a service may do, including previews for any user and feature-set writes.
    case admin

    public static func < (a: APIScope, b: APIScope) -> Bool { a.rawValue < b.rawValue }

    /// The scopes a user key may carry.
    public static let userScopes: Set<APIScope> = [.alerts, .score, .registry]
    /// The scopes a service key may carry.
    public static let serviceScopes: Set<APIScope> = [.score, .registry, .metrics, .admin]

    /// Parses `"score,registry"` (commas or spaces), refusing unknown and empty lists with the allowed names.
    public static func parseList(_ text: String, allowed: Set<APIScope>) throws -> Set<APIScope> {
        let names = text.split(whereSeparator: { $0 == "," || $0 == " " }).map { $0.lowercased() }
        guard !names.isEmpty else { throw StorageError.constraint("give at least one scope (\(list(allowed)))") }
        var out: Set<APIScope> = []
        for name in names {
            guard let scope = APIScope(rawValue: name), allowed.contains(scope) else {
                throw StorageError.constraint("unknown or not allowed scope '\(name)'; allowed: \(list(allowed))")
            }
            out.insert(scope)
        }
        return out
    }

    public static func list(_ scopes: Set<APIScope>) -> String { scopes.sorted().map(\.rawValue).joined(separator: ", ") }
    static func stored(_ scopes: Set<APIScope>) -> String { scopes.sorted().map(\.rawValue).joined(separator: ",") }
    static func fromStored(_ text: String) -> Set<APIScope> {
        Set(text.split(separator: ",").compactMap { APIScope(rawValue: String($0)) })
    }
}

/// Who is calling: the owner of a valid key and what that key may do.
public struct Principal: Sendable, Hashable {
    public enum Owner: Sendable, Hashable {
        case user(User)
        case service(String)
    }

    public var owner: Owner
    public var keyPrefix: String
    public var scopes: Set<APIScope>

    public init(owner: Owner, keyPrefix: String, scopes: Set<APIScope>) {
        self.owner = owner
        self.keyPrefix = keyPrefix
        self.scopes = scopes
    }

    public var user: User? {
        if case .user(let u) = owner { return u }
        return nil
    }

    /// A stable name for rate limits, idempotency records and logs (never the key itself).
    public var id: String {
        switch owner {
        case .user(let u): "user:\(u.id)"
        case .service(let s): "service:\(s)"
        }
    }

    /// Whether this key may use `scope`; `admin` covers every service scope.
    public func allows(_ scope: APIScope) -> Bool {
        scopes.contains(scope) || (scope != .alerts && scopes.contains(.admin))
    }
}

/// A freshly created service key; the secret is shown once.
public struct IssuedServiceKey: Sendable, Hashable {
    public var id: String
    public var service: String
    public var key: String
    public var prefix: String
    public var scopes: Set<APIScope>
}

/// A service key as listed, never the secret.
public struct ServiceKeySummary: Sendable, Hashable, Codable {
    public var id: String
    public var service: String
    public var prefix: String
    public var scopes: [String]
    public var label: String?
    public var createdAt: Int64
    public var revokedAt: Int64?
}

/// What `Idempotency-Key` found: nothing (go ahead, the key is now reserved), the first answer, or a conflict.
public enum IdempotencyLookup: Sendable, Hashable {
    case reserved
    case replay(status: Int, body: String)
    /// The key was used with another body (or method/path): the request is refused with 422.
    case mismatch
    /// The first request with this key is still being answered.
    case inProgress
}

/// `Idempotency-Key` records, kept 24 h (`sc.idempotency_keys`).
public struct SQLIdempotencyStore: Sendable {
    let store: any Store
    public static let retentionMillis: Int64 = 24 * 3_600_000

    public init(store: any Store) { self.store = store }

    /// Reserves (principal, key) for this request, or reports what an earlier request with the same key got.
    public func begin(principal: String, key: String, method: String, path: String, body: Data, now: Int64) async throws -> IdempotencyLookup {
        let hash = SHA256.hash(data: Data("\(method) \(path)\n".utf8) + body).map { String(format: "%02x", $0) }.joined()
        return try await store.transaction { db in
            try await db.raw("DELETE FROM sc.idempotency_keys WHERE created_at < \(bind: now - Self.retentionMillis)").run()
            if let row = try await db.raw(
                "SELECT body_hash, status, response FROM sc.idempotency_keys WHERE principal = \(bind: principal) AND idem_key = \(bind: key)"
            ).first() {
                guard try row.decode(column: "body_hash", as: String.self) == hash else { return .mismatch }
                guard let status = try row.decode(column: "status", as: Int?.self),
                    let response = try row.decode(column: "response", as: String?.self)
                else { return .inProgress }
                return .replay(status: status, body: response)
            }
            try await db.raw(
                """
                INSERT INTO sc.idempotency_keys (principal, idem_key, method, path, body_hash, created_at)
                VALUES (\(bind: principal), \(bind: key), \(bind: method), \(bind: path), \(bind: hash), \(bind: now))
                """
            ).run()
            return .reserved
        }
    }

    /// Keeps the answer of a reserved key (2xx and 4xx answers are kept; anything else frees the key for a retry).
    public func finish(principal: String, key: String, status: Int, body: String) async throws {
        try await store.withConnection { db in
            if (200..<500).contains(status) {
                try await db.raw(
                    """
                    UPDATE sc.idempotency_keys SET status = \(bind: status), response = \(bind: body)
                    WHERE principal = \(bind: principal) AND idem_key = \(bind: key)
                    """
                ).run()
            } else {
                try await db.raw("DELETE FROM sc.idempotency_keys WHERE principal = \(bind: principal) AND idem_key = \(bind: key)").run()
            }
        }
    }
}

extension SQLUserStore {
    /// The principal of a valid key: a user key (`aai_…`) of a user not deleted, or a service key (`aais_…`); nil otherwise.
    public func principal(forKey key: String) async throws -> Principal? {
        let parts = key.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1].count == 12, parts[2].count == 32 else { return nil }
        let prefix = String(parts[1])
        switch parts[0] {
        case "aai":
            let row = try await store.withConnection { db in
                try await db.raw(
                    """
                    SELECT k.key_hash, k.scopes, u.id, u.name, u.email, u.created_at FROM sc.api_keys k JOIN sc.users u ON u.id = k.user_id
                    WHERE k.prefix = \(bind: prefix) AND k.revoked_at IS NULL AND u.deleted_at IS NULL
                    """
                ).first()
            }
            guard let row, Self.constantTimeEqual(Self.hash(key), try row.decode(column: "key_hash", as: String.self)) else { return nil }
            let user = User(
                id: try row.decode(column: "id", as: String.self), name: try row.decode(column: "name", as: String.self),
                email: try row.decode(column: "email", as: String?.self), createdAt: try row.decode(column: "created_at", as: Int64.self))
            return Principal(
                owner: .user(user), keyPrefix: prefix, scopes: APIScope.fromStored(try row.decode(column: "scopes", as: String.self)))
        case "aais":
            let row = try await store.withConnection { db in
                try await db.raw(
                    "SELECT key_hash, scopes, service FROM sc.service_keys WHERE prefix = \(bind: prefix) AND revoked_at IS NULL"
                ).first()
            }
            guard let row, Self.constantTimeEqual(Self.hash(key), try row.decode(column: "key_hash", as: String.self)) else { return nil }
            return Principal(
                owner: .service(try row.decode(column: "service", as: String.self)), keyPrefix: prefix,
                scopes: APIScope.fromStored(try row.decode(column: "scopes", as: String.self)))
        default:
            return nil
        }
    }

    /// A user key with the given scopes (`alerts` when none is given).
    public func issueKey(userID: String, label: String?, scopes: Set<APIScope>) async throws -> IssuedAPIKey {
        guard !scopes.isEmpty, scopes.isSubset(of: APIScope.userScopes) else {
            throw StorageError.constraint("a user key's scopes are among \(APIScope.list(APIScope.userScopes))")
        }
        let issued = try await issueKey(userID: userID, label: label)
        try await store.withConnection { db in
            try await db.raw("UPDATE sc.api_keys SET scopes = \(bind: APIScope.stored(scopes)) WHERE id = \(bind: issued.id)").run()
        }
        return issued
    }

    /// A service key (`aais_<prefix>_<secret>`), stored as a SHA-256 hash.
    public func issueServiceKey(service: String, scopes: Set<APIScope>, label: String?) async throws -> IssuedServiceKey {
        let name = service.trimmingCharacters(in: .whitespaces)
        guard (1...64).contains(name.count), name.unicodeScalars.allSatisfy({ $0.isASCII && !$0.properties.isWhitespace && $0.value > 0x20 })
        else {
            throw StorageError.constraint("a service name is 1–64 visible ASCII characters, got '\(service.prefix(80))'")
        }
        guard !scopes.isEmpty, scopes.isSubset(of: APIScope.serviceScopes) else {
            throw StorageError.constraint("a service key's scopes are among \(APIScope.list(APIScope.serviceScopes))")
        }
        let prefix = Self.randomToken(12)
        let key = "aais_\(prefix)_\(Self.randomToken(32))"
        let id = UUID().uuidString.lowercased()
        try await store.withConnection { db in
            try await db.raw(
                """
                INSERT INTO sc.service_keys (id, service, prefix, key_hash, scopes, label, created_at)
                VALUES (\(bind: id), \(bind: name), \(bind: prefix), \(bind: Self.hash(key)), \(bind: APIScope.stored(scopes)), \(bind: label), \(bind: Clock.nowMillis()))
                """
            ).run()
        }
        return IssuedServiceKey(id: id, service: name, key: key, prefix: prefix, scopes: scopes)
    }

    public func serviceKeys() async throws -> [ServiceKeySummary] {
        try await store.withConnection { db in
            try await db.raw("SELECT id, service, prefix, scopes, label, created_at, revoked_at FROM sc.service_keys ORDER BY created_at, id").all()
                .map { row in
                    ServiceKeySummary(
                        id: try row.decode(column: "id", as: String.self), service: try row.decode(column: "service", as: String.self),
                        prefix: try row.decode(column: "prefix", as: String.self),
                        scopes: APIScope.fromStored(try row.decode(column: "scopes", as: String.self)).sorted().map(\.rawValue),
                        label: try row.decode(column: "label", as: String?.self), createdAt: try row.decode(column: "created_at", as: Int64.self),
                        revokedAt: try row.decode(column: "revoked_at", as: Int64?.self))
                }
        }
    }

    /// Revokes a service key by prefix; false when no such active key exists.
    @discardableResult
    public func revokeServiceKey(prefix: String) async throws -> Bool {
        try await store.transaction { db in
            guard try await db.raw("SELECT id FROM sc.service_keys WHERE prefix = \(bind: prefix) AND revoked_at IS NULL").first() != nil
            else { return false }
            try await db.raw("UPDATE sc.service_keys SET revoked_at = \(bind: Clock.nowMillis()) WHERE prefix = \(bind: prefix)").run()
            return true
        }
    }

    /// Deletes a user: revokes every key, deactivates subscriptions and webhook endpoints, fails their pending deliveries,
    /// takes them out of every cohort,
    /// and marks the user deleted (their alerts and outcomes stay, for the model's live record). One transaction.
    public func deleteUser(id: String) async throws {
        let now = Clock.nowMillis()
        try await store.transaction { db in
            guard let row = try await db.raw("SELECT deleted_at FROM sc.users WHERE id = \(bind: id)").first() else {
                throw StorageError.notFound("no user with id '\(id)'; `alertsai users list` shows them")
            }
            guard try row.decode(column: "deleted_at", as: Int64?.self) == nil else {
                throw StorageError.notFound("user '\(id)' is already deleted")
            }
            try await db.raw("UPDATE sc.api_keys SET revoked_at = \(bind: now) WHERE user_id = \(bind: id) AND revoked_at IS NULL").run()
            try await db.raw("UPDATE sc.alert_subscriptions SET active = FALSE WHERE user_id = \(bind: id)").run()
            try await db.raw(
                """
                UPDATE sc.alert_delivery SET status = 'failed', last_error = 'the user was deleted'
                WHERE status = 'pending' AND endpoint_id IN (SELECT id FROM sc.webhook_endpoints WHERE user_id = \(bind: id))
                """
            ).run()
            try await db.raw("UPDATE sc.webhook_endpoints SET active = FALSE WHERE user_id = \(bind: id)").run()
            try await db.raw("DELETE FROM sc.cohort_members WHERE user_id = \(bind: id)").run()
            try await db.raw("UPDATE sc.users SET deleted_at = \(bind: now) WHERE id = \(bind: id)").run()
        }
    }
}
