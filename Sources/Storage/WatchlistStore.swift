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
}

/// `WatchlistStore` over the `sc` store.
public struct SQLWatchlistStore: WatchlistStore {
    let store: any Store

    public init(store: any Store) {
        self.store = store
    }

    public func create(userID: String, name: String, market: Market, kind: InstrumentKind, symbols: [String]) async throws -> StoredWatchlist {
        let cleaned = symbols.map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
        guard !cleaned.isEmpty, !cleaned.contains(where: \.isEmpty) else {
            throw StorageError.constraint("watchlist '\(name)' needs at least one non-empty symbol")
        }
        let list = StoredWatchlist(id: UUID().uuidString.lowercased(), userID: userID, name: name, market: market, kind: kind, symbols: cleaned)
        let json = String(decoding: try JSONEncoder.canonical.encode(cleaned), as: UTF8.self)
        let cast = store.sql.jsonCast
        try await store.withConnection { db in
            try await db.raw(
                """
                INSERT INTO sc.watchlists (id, user_id, name, market, instrument, symbols, created_at)
                VALUES (\(bind: list.id), \(bind: userID), \(bind: name), \(bind: market.rawValue), \(bind: kind.rawValue),
                    \(bind: json)\(unsafeRaw: cast), \(bind: Clock.nowMillis()))
                """
            ).run()
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
