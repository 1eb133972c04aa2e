import Crypto
import Foundation
import SQLKit

/// A person or service that receives alerts.
public struct User: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var email: String?
    public var createdAt: Int64
}

/// A freshly created API key: the secret is shown once and stored only as a SHA-256 hash.
public struct IssuedAPIKey: Sendable, Hashable {
    public var id: String
    public var userID: String
    /// The full key, `aai_<prefix>_<secret>`; never stored.
    public var key: String
    public var prefix: String
}

/// An API key as listed: its public prefix and label, never the secret.
public struct APIKeySummary: Sendable, Hashable, Codable {
    public var id: String
    public var userID: String
    public var prefix: String
    public var label: String?
    public var createdAt: Int64
    public var revokedAt: Int64?
}

/// Users and their API keys (hashed at rest).
public protocol UserStore: Sendable {
    /// Refuses an empty or over-long name, an email that is not `name@domain.tld`, and an email already taken
    /// (case-insensitively), writing nothing.
    func createUser(name: String, email: String?) async throws -> User
    func user(id: String) async throws -> User
    /// Every user, oldest first.
    func users() async throws -> [User]
    /// API keys, revoked ones included, of one user (nil: everyone's), oldest first.
    func apiKeys(userID: String?) async throws -> [APIKeySummary]
    func issueKey(userID: String, label: String?) async throws -> IssuedAPIKey
    /// The user owning a valid, unrevoked key, or nil.
    func authenticate(key: String) async throws -> User?
    func revokeKey(prefix: String) async throws
}

/// `UserStore` over the `sc` store.
public struct SQLUserStore: UserStore {
    let store: any Store

    public init(store: any Store) {
        self.store = store
    }

    public func createUser(name: String, email: String?) async throws -> User {
        if let email {
            guard Self.isEmailAddress(email) else {
                throw StorageError.constraint("'\(email)' is not an email address like name@example.com")
            }
        }
        guard (1...200).contains(name.count) else {
            throw StorageError.constraint("a user's name must be 1–200 characters, got \(name.count)")
        }
        let user = User(id: UUID().uuidString.lowercased(), name: name, email: email, createdAt: Clock.nowMillis())
        try await store.transaction { db in
            if let email {
                // The column is UNIQUE as written; two spellings of one mailbox are refused here too.
                if let other = try await db.raw("SELECT id FROM sc.users WHERE lower(email) = lower(\(bind: email))").first() {
                    let id = try other.decode(column: "id", as: String.self)
                    throw StorageError.duplicate("a user with email '\(email)' already exists (id \(id))")
                }
            }
            try await db.raw(
                "INSERT INTO sc.users (id, name, email, created_at) VALUES (\(bind: user.id), \(bind: name), \(bind: email), \(bind: user.createdAt))"
            ).run()
        }
        return user
    }

    public func user(id: String) async throws -> User {
        let found: User? = try await store.withConnection { db in
            try await db.raw("SELECT id, name, email, created_at FROM sc.users WHERE id = \(bind: id)").first().map { row in
                User(
                    id: try row.decode(column: "id", as: String.self), name: try row.decode(column: "name", as: String.self),
                    email: try row.decode(column: "email", as: String?.self), createdAt: try row.decode(column: "created_at", as: Int64.self))
            }
        }
        guard let found else { throw StorageError.notFound("no user with id '\(id)'") }
        return found
    }

    public func users() async throws -> [User] {
        try await store.withConnection { db in
            try await db.raw("SELECT id, name, email, created_at FROM sc.users ORDER BY created_at, id").all().map { row in
                User(
                    id: try row.decode(column: "id", as: String.self), name: try row.decode(column: "name", as: String.self),
                    email: try row.decode(column: "email", as: String?.self), createdAt: try row.decode(column: "created_at", as: Int64.self))
            }
        }
    }

    public func apiKeys(userID: String?) async throws -> [APIKeySummary] {
        try await store.withConnection { db in
            let columns = "SELECT id, user_id, prefix, label, created_at, revoked_at FROM sc.api_keys"
            let query: SQLQueryString =
                if let userID {
                    "\(unsafeRaw: columns) WHERE user_id = \(bind: userID) ORDER BY created_at, id"
                } else {
                    "\(unsafeRaw: columns) ORDER BY created_at, id"
                }
            return try await db.raw(query).all().map { row in
                APIKeySummary(
                    id: try row.decode(column: "id", as: String.self), userID: try row.decode(column: "user_id", as: String.self),
                    prefix: try row.decode(column: "prefix", as: String.self), label: try row.decode(column: "label", as: String?.self),
                    createdAt: try row.decode(column: "created_at", as: Int64.self),
                    revokedAt: try row.decode(column: "revoked_at", as: Int64?.self))
            }
        }
    }

    public func issueKey(userID: String, label: String?) async throws -> IssuedAPIKey {
        let prefix = Self.randomToken(12)
        let key = "aai_\(prefix)_\(Self.randomToken(32))"
        let id = UUID().uuidString.lowercased()
        let hash = Self.hash(key)
        try await store.transaction { db in
            // Named here: the foreign key alone would only say "constraint failed".
            guard try await db.raw("SELECT id FROM sc.users WHERE id = \(bind: userID)").first() != nil else {
                throw StorageError.notFound("no user with id '\(userID)'; `alertsai users list` shows them")
            }
            try await db.raw(
                """
                INSERT INTO sc.api_keys (id, user_id, prefix, key_hash, label, created_at)
                VALUES (\(bind: id), \(bind: userID), \(bind: prefix), \(bind: hash), \(bind: label), \(bind: Clock.nowMillis()))
                """
            ).run()
        }
        return IssuedAPIKey(id: id, userID: userID, key: key, prefix: prefix)
    }

    public func authenticate(key: String) async throws -> User? {
        try await principal(forKey: key)?.user
    }

    public func revokeKey(prefix: String) async throws {
        try await store.withConnection { db in
            try await db.raw("UPDATE sc.api_keys SET revoked_at = \(bind: Clock.nowMillis()) WHERE prefix = \(bind: prefix)").run()
        }
    }

    /// `local@domain.tld`: one `@`, no spaces or control characters, a dotted domain of letters, digits and hyphens.
    static func isEmailAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard text.count <= 254, parts.count == 2, (1...64).contains(parts[0].count) else { return false }
        let local = parts[0]
        let domain = parts[1]
        guard !local.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x21 || $0.value == 0x7F }),
            !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..")
        else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        return labels.allSatisfy { label in
            (1...63).contains(label.count) && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") }
        } && labels.last?.unicodeScalars.allSatisfy { $0.properties.isAlphabetic } == true
    }

    static func hash(_ key: String) -> String {
        SHA256.hash(data: Data(key.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }

    static func randomToken(_ n: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var rng = SystemRandomNumberGenerator()
        return String((0..<n).map { _ in alphabet[Int(rng.next(upperBound: UInt64(alphabet.count)))] })
    }
}
