import AlertsCore
import Foundation
import SQLKit

/// A cohort: a named group of users that one alert run serves (docs/ALERTING.md, "Cohorts"). Each member's settings,
/// guardrails and silences apply to the run's shared candidates; a member with a watchlist only gets alerts on its
/// symbols.
public struct Cohort: Sendable, Hashable, Codable {
    public var name: String
    public var description: String
    public var members: [CohortMember]
    public var createdAt: Int64
    public var updatedAt: Int64

    enum CodingKeys: String, CodingKey {
        case name, description, members
        case createdAt = "created_at", updatedAt = "updated_at"
    }
}

/// One member of a cohort, with the watchlist that narrows their alerts (nil: every symbol of the run).
public struct CohortMember: Sendable, Hashable, Codable {
    public var userID: String
    public var watchlistID: String?

    public init(userID: String, watchlistID: String? = nil) {
        self.userID = userID
        self.watchlistID = watchlistID
    }

    enum CodingKeys: String, CodingKey {
        case userID = "user_id", watchlistID = "watchlist_id"
    }
}

/// Cohorts in `sc.cohorts` / `sc.cohort_members`. An operator's resource (service keys and the CLI); a deleted user
/// leaves every cohort.
public protocol CohortStore: Sendable {
    /// A new, empty cohort; an existing name is a `.duplicate` error.
    func create(name: String, description: String) async throws -> Cohort
    /// The cohort with its members (users that are not deleted), or nil.
    func cohort(name: String) async throws -> Cohort?
    func cohorts() async throws -> [Cohort]
    /// Adds members, or changes the watchlist of those already in. Unknown users, and watchlists that do not exist or
    /// belong to someone else, are errors naming them; nothing is written then.
    func add(cohort: String, members: [CohortMember]) async throws -> Cohort
    /// Removes members (absent ones are ignored).
    func remove(cohort: String, userIDs: [String]) async throws -> Cohort
    /// Deletes the cohort and its memberships; false when there was none.
    func delete(name: String) async throws -> Bool
}

/// `CohortStore` over the `sc` store, for both engines.
public struct SQLCohortStore: CohortStore {
    let store: any Store

    public init(store: any Store) {
        self.store = store
    }

    /// A name of 1…100 characters of letters, digits, `-`, `_` and `.`. Errors name `name`.
    public static func clean(name: String) throws -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        guard (1...100).contains(name.count), name.allSatisfy({ allowed.contains($0) }) else {
            throw StorageError.constraint("cohort name '\(name.prefix(40))': 1 to 100 of letters, digits, - _ .")
        }
        return name
    }

    public func create(name: String, description: String) async throws -> Cohort {
        let name = try Self.clean(name: name)
        let now = Clock.nowMillis()
        try await store.withConnection { db in
            let made = try await db.raw(
                """
                INSERT INTO sc.cohorts (name, description, created_at, updated_at)
                VALUES (\(bind: name), \(bind: description), \(bind: now), \(bind: now))
                ON CONFLICT DO NOTHING RETURNING name
                """
            ).first()
            guard made != nil else { throw StorageError.duplicate("a cohort named '\(name)' exists already") }
        }
        return Cohort(name: name, description: description, members: [], createdAt: now, updatedAt: now)
    }

    public func cohort(name: String) async throws -> Cohort? {
        try await store.withConnection { db in try await Self.cohort(db, name: name) }
    }

    static func cohort(_ db: any SQLDatabase, name: String) async throws -> Cohort? {
        guard let row = try await db.raw("SELECT name, description, created_at, updated_at FROM sc.cohorts WHERE name = \(bind: name)").first()
        else { return nil }
        let members = try await db.raw(
            """
            SELECT m.user_id, m.watchlist_id FROM sc.cohort_members m JOIN sc.users u ON u.id = m.user_id
            WHERE m.cohort_name = \(bind: name) AND u.deleted_at IS NULL ORDER BY m.user_id
            """
        ).all().map {
            CohortMember(
                userID: try $0.decode(column: "user_id", as: String.self), watchlistID: try $0.decode(column: "watchlist_id", as: String?.self))
        }
        return Cohort(
            name: try row.decode(column: "name", as: String.self), description: try row.decode(column: "description", as: String.self),
            members: members, createdAt: try row.decode(column: "created_at", as: Int64.self),
            updatedAt: try row.decode(column: "updated_at", as: Int64.self))
    }

    public func cohorts() async throws -> [Cohort] {
        try await store.withConnection { db in
            let names = try await db.raw("SELECT name FROM sc.cohorts ORDER BY name").all().map { try $0.decode(column: "name", as: String.self) }
            var out: [Cohort] = []
            for n in names { if let c = try await Self.cohort(db, name: n) { out.append(c) } }
            return out
        }
    }

    public func add(cohort name: String, members: [CohortMember]) async throws -> Cohort {
        guard !members.isEmpty else { throw StorageError.constraint("members: give at least one user") }
        let now = Clock.nowMillis()
        return try await store.transaction { db in
            guard try await db.raw("SELECT name FROM sc.cohorts WHERE name = \(bind: name)").first() != nil else {
                throw StorageError.notFound("no cohort named '\(name)'; `alertsai cohorts list` shows them")
            }
            for m in members {
                guard try await db.raw("SELECT id FROM sc.users WHERE id = \(bind: m.userID) AND deleted_at IS NULL").first() != nil else {
                    throw StorageError.notFound("no user with id '\(m.userID)'")
                }
                if let list = m.watchlistID {
                    let owner = try await db.raw("SELECT user_id FROM sc.watchlists WHERE id = \(bind: list)").first()?
                        .decode(column: "user_id", as: String.self)
                    guard owner == m.userID else {
                        throw StorageError.notFound("user '\(m.userID)' has no watchlist '\(list)' (a member's watchlist must be their own)")
                    }
                }
                try await db.raw(
                    """
                    INSERT INTO sc.cohort_members (cohort_name, user_id, watchlist_id, added_at)
                    VALUES (\(bind: name), \(bind: m.userID), \(bind: m.watchlistID), \(bind: now))
                    ON CONFLICT (cohort_name, user_id) DO UPDATE SET watchlist_id = excluded.watchlist_id
                    """
                ).run()
            }
            try await db.raw("UPDATE sc.cohorts SET updated_at = \(bind: now) WHERE name = \(bind: name)").run()
            guard let found = try await Self.cohort(db, name: name) else { throw StorageError.notFound("no cohort named '\(name)'") }
            return found
        }
    }

    public func remove(cohort name: String, userIDs: [String]) async throws -> Cohort {
        let now = Clock.nowMillis()
        return try await store.transaction { db in
            guard try await db.raw("SELECT name FROM sc.cohorts WHERE name = \(bind: name)").first() != nil else {
                throw StorageError.notFound("no cohort named '\(name)'; `alertsai cohorts list` shows them")
            }
            if !userIDs.isEmpty {
                try await db.raw("DELETE FROM sc.cohort_members WHERE cohort_name = \(bind: name) AND user_id IN (\(binds: userIDs))").run()
            }
            try await db.raw("UPDATE sc.cohorts SET updated_at = \(bind: now) WHERE name = \(bind: name)").run()
            guard let found = try await Self.cohort(db, name: name) else { throw StorageError.notFound("no cohort named '\(name)'") }
            return found
        }
    }

    public func delete(name: String) async throws -> Bool {
        try await store.transaction { db in
            try await db.raw("DELETE FROM sc.cohort_members WHERE cohort_name = \(bind: name)").run()
            return try await db.raw("DELETE FROM sc.cohorts WHERE name = \(bind: name) RETURNING name").first() != nil
        }
    }
}
