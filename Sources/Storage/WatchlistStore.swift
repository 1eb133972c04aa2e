import AlertsCore
import Foundation
import SQLKit

/// A user's stored list of symbols, as kept in `sc.watchlists`.
public struct StoredWatchlist: Sendable, Hashable, Codable {
    public var id: String
    public var userID: String
    public var name: String
    public var market: Market
    public var kind: InstrumentKind
    public var symbols: [String]
}

/// Watchlists per user.
public protocol WatchlistStore: Sendable {
    func create(userID: String, name: String, market: Market, kind: InstrumentKind, symbols: [String]) async throws -> StoredWatchlist
    func watchlist(id: String) async throws -> StoredWatchlist?
    func watchlists(userID: String) async throws -> [StoredWatchlist]
    /// Renames the user's watchlist and/or replaces its symbols (nil keeps each); `notFound` when it is not theirs.
    func update(id: String, userID: String, name: String?, symbols: [String]?) async throws -> StoredWatchlist
    /// Deletes the user's watchlist; `notFound` when it is not theirs.
    func delete(id: String, userID: String) async throws
}

extension StoredWatchlist {
    /// Symbols as stored: trimmed, upper-cased, each once in the order given; 1…1,000 of them, each 1…24 printable
    /// characters of `A-Z 0-9 . : _ ^ = -`. Errors name `symbols`.
    public static func clean(symbols: [String]) throws -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        for raw in symbols {
            let s = raw.trimmingCharacters(in: .whitespaces).uppercased()
            let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.:_^=-")
            guard (1...24).contains(s.count), s.allSatisfy({ allowed.contains($0) }) else {
                throw StorageError.constraint("symbols: '\(raw.prefix(40))' is not a symbol (1–24 of A-Z, 0-9, . : _ ^ = -)")
            }
            if seen.insert(s).inserted { out.append(s) }
        }
        guard !out.isEmpty else { throw StorageError.constraint("symbols: give at least one symbol") }
        guard out.count <= 1000 else { throw StorageError.constraint("symbols: at most 1,000 symbols, got \(out.count)") }
        return out
    }

    /// A name of 1…100 characters as given, not only spaces, on one line; stored trimmed. Errors name `name`.
    public static func clean(name: String) throws -> String {
        let n = name.trimmingCharacters(in: .whitespaces)
        guard (1...100).contains(name.count), !n.isEmpty, !n.contains(where: \.isNewline) else {
            throw StorageError.constraint("name: 1 to 100 characters on one line, not only spaces (got \(name.count))")
        }
        return n
    }
}

/// `WatchlistStore` over the `sc` store.
public struct SQLWatchlistStore: WatchlistStore {
    let store: any Store

    public init(store: any Store) {
        self.store = store
    }

    public func create(userID: String, name: String, market: Market, kind: InstrumentKind, symbols: [String]) async throws -> StoredWatchlist {
        let cleaned = try StoredWatchlist.clean(symbols: symbols)
        let cleanName = try StoredWatchlist.clean(name: name)
        let list = StoredWatchlist(id: UUID().uuidString.lowercased(), userID: userID, name: cleanName, market: market, kind: kind, symbols: cleaned)
        let json = String(decoding: try JSONEncoder.canonical.encode(cleaned), as: UTF8.self)
        let cast = store.sql.jsonCast
        try await Self.unique(cleanName) {
            try await store.withConnection { db in
                try await db.raw(
                    """
                    INSERT INTO sc.watchlists (id, user_id, name, market, instrument, symbols, created_at)
                    VALUES (\(bind: list.id), \(bind: userID), \(bind: cleanName), \(bind: market.rawValue), \(bind: kind.rawValue),
                        \(bind: json)\(unsafeRaw: cast), \(bind: Clock.nowMillis()))
                    """
                ).run()
            }
        }
        return list
    }

    public func watchlist(id: String) async throws -> StoredWatchlist? {
        let column = store.sql.jsonText("symbols")
        return try await store.withConnection { db in
            try await db.raw("SELECT id, user_id, name, market, instrument, \(unsafeRaw: column) FROM sc.watchlists WHERE id = \(bind: id)")
                .first().map(Self.watchlist(from:))
        }
    }

    public func watchlists(userID: String) async throws -> [StoredWatchlist] {
        let column = store.sql.jsonText("symbols")
        return try await store.withConnection { db in
            try await db.raw(
                "SELECT id, user_id, name, market, instrument, \(unsafeRaw: column) FROM sc.watchlists WHERE user_id = \(bind: userID) ORDER BY name"
            ).all().map(Self.watchlist(from:))
        }
    }

    public func update(id: String, userID: String, name: String?, symbols: [String]?) async throws -> StoredWatchlist {
        guard var list = try await watchlist(id: id), list.userID == userID else { throw StorageError.notFound("no watchlist '\(id)' of yours") }
        if let name { list.name = try StoredWatchlist.clean(name: name) }
        if let symbols { list.symbols = try StoredWatchlist.clean(symbols: symbols) }
        let json = String(decoding: try JSONEncoder.canonical.encode(list.symbols), as: UTF8.self)
        let cast = store.sql.jsonCast
        let changed = list
        try await Self.unique(changed.name) {
            try await store.withConnection { db in
                try await db.raw(
                    """
                    UPDATE sc.watchlists SET name = \(bind: changed.name), symbols = \(bind: json)\(unsafeRaw: cast), updated_at = \(bind: Clock.nowMillis())
                    WHERE id = \(bind: id) AND user_id = \(bind: userID)
                    """
                ).run()
            }
        }
        return changed
    }

    public func delete(id: String, userID: String) async throws {
        guard let list = try await watchlist(id: id), list.userID == userID else { throw StorageError.notFound("no watchlist '\(id)' of yours") }
        try await store.withConnection { db in
            try await db.raw("DELETE FROM sc.watchlists WHERE id = \(bind: id) AND user_id = \(bind: userID)").run()
        }
    }

    /// A second list of the same name for one user is a `duplicate` naming `name`.
    static func unique(_ name: String, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch StorageError.duplicate {
            throw StorageError.duplicate("name: you already have a watchlist named '\(name)'")
        }
    }

    static func watchlist(from row: any SQLRow) throws -> StoredWatchlist {
        let market = try row.decode(column: "market", as: String.self)
        let kind = try row.decode(column: "instrument", as: String.self)
        let symbols = try row.decode(column: "symbols", as: String.self)
        return StoredWatchlist(
            id: try row.decode(column: "id", as: String.self), userID: try row.decode(column: "user_id", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            market: Market(rawValue: market) ?? .us, kind: InstrumentKind(rawValue: kind) ?? .equity,
            symbols: try JSONDecoder().decode([String].self, from: Data(symbols.utf8)))
    }
}
