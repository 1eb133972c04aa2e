import AlertsCore
import Foundation
import SQLKit

/// One row of `sc.silences` (Alertmanager's idea): candidates matching every given matcher are held back while the
/// window `[startsAt, endsAt)` lasts. A user's silence mutes that user's alerts; an operator's (`userID == nil`) mutes
/// everyone's, the shared feed included.
public struct Silence: Sendable, Hashable, Codable {
    public var id: String
    /// Whose alerts are muted: a user, or nil for everyone (an operator's silence).
    public var userID: String?
    /// Who made it: the user's id, or `service:NAME` for an operator's key.
    public var createdBy: String
    public var modelName: String?
    public var symbol: String?
    public var universe: String?
    /// A regime label such as `high_vol`.
    public var regime: String?
    public var startsAt: Int64
    public var endsAt: Int64
    public var comment: String?
    public var createdAt: Int64

    public init(
        id: String = UUID().uuidString.lowercased(), userID: String?, createdBy: String, modelName: String? = nil, symbol: String? = nil,
        universe: String? = nil, regime: String? = nil, startsAt: Int64, endsAt: Int64, comment: String? = nil, createdAt: Int64 = Clock.nowMillis()
    ) {
        self.id = id
        self.userID = userID
        self.createdBy = createdBy
        self.modelName = modelName
        self.symbol = symbol
        self.universe = universe
        self.regime = regime
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.comment = comment
        self.createdAt = createdAt
    }

    /// Whether the silence is in force at `at` (ms UTC).
    public func active(at: Int64) -> Bool { startsAt <= at && at < endsAt }

    /// The regime labels a silence may name.
    public static let regimes = ["low_vol", "normal_vol", "high_vol"]

    /// Checks the matchers and the window; errors name the field.
    public func validate() throws {
        guard modelName != nil || symbol != nil || universe != nil || regime != nil else {
            throw StorageError.constraint("matchers: give at least one of model, symbol, universe and regime")
        }
        for (field, value) in [("model", modelName), ("symbol", symbol), ("universe", universe), ("comment", comment)] {
            if let value, value.isEmpty || value.count > (field == "comment" ? 500 : 200) {
                throw StorageError.constraint("\(field): 1 to \(field == "comment" ? 500 : 200) characters")
            }
        }
        if let regime, !Self.regimes.contains(regime) {
            throw StorageError.constraint("regime: '\(regime.prefix(40))' is not a regime; use one of \(Self.regimes.joined(separator: ", "))")
        }
        guard endsAt > startsAt else { throw StorageError.constraint("ends_at: must be after starts_at") }
    }
}

/// Silences in `sc.silences`.
public protocol SilenceStore: Sendable {
    /// Stores a new silence after `validate()`.
    func create(_ silence: Silence) async throws -> Silence
    func silence(id: String) async throws -> Silence?
    /// Silences a user may see (their own and the operators'), or every silence when `userID` is nil; newest first.
    /// `activeAt` keeps only those in force at that instant.
    func silences(visibleTo userID: String?, activeAt: Int64?) async throws -> [Silence]
    /// Ends a silence now (its `ends_at` becomes `at` unless it already ended), keeping it for the record.
    func expire(id: String, at: Int64) async throws -> Silence
    /// The silences that apply to a run for this audience at `at`: the audience's own and every operator's.
    func inForce(userID: String?, at: Int64) async throws -> [Silence]
}

/// `SilenceStore` over the `sc` store.
public struct SQLSilenceStore: SilenceStore {
    let store: any Store

    public init(store: any Store) {
        self.store = store
    }

    static let columns = "id, user_id, created_by, model_name, symbol, universe, regime, starts_at, ends_at, comment, created_at"

    public func create(_ s: Silence) async throws -> Silence {
        try s.validate()
        try await store.withConnection { db in
            try await db.raw(
                """
                INSERT INTO sc.silences (\(unsafeRaw: Self.columns))
                VALUES (\(bind: s.id), \(bind: s.userID), \(bind: s.createdBy), \(bind: s.modelName), \(bind: s.symbol), \(bind: s.universe),
                    \(bind: s.regime), \(bind: s.startsAt), \(bind: s.endsAt), \(bind: s.comment), \(bind: s.createdAt))
                """
            ).run()
        }
        return s
    }

    public func silence(id: String) async throws -> Silence? {
        try await store.withConnection { db in
            try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM sc.silences WHERE id = \(bind: id)").first().map(Self.silence(from:))
        }
    }

    public func silences(visibleTo userID: String?, activeAt: Int64?) async throws -> [Silence] {
        let all = try await store.withConnection { db in
            try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM sc.silences ORDER BY created_at DESC, id").all().map(Self.silence(from:))
        }
        return all.filter { s in
            (userID == nil || s.userID == nil || s.userID == userID) && (activeAt.map { s.active(at: $0) } ?? true)
        }
    }

    public func expire(id: String, at: Int64) async throws -> Silence {
        guard var s = try await silence(id: id) else { throw StorageError.notFound("no silence '\(id)'") }
        guard s.endsAt > at else { return s }
        s.endsAt = max(at, s.startsAt + 1)
        let ends = s.endsAt
        try await store.withConnection { db in
            try await db.raw("UPDATE sc.silences SET ends_at = \(bind: ends) WHERE id = \(bind: id)").run()
        }
        return s
    }

    public func inForce(userID: String?, at: Int64) async throws -> [Silence] {
        try await store.withConnection { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.columns) FROM sc.silences
                WHERE starts_at <= \(bind: at) AND ends_at > \(bind: at) AND (user_id IS NULL OR user_id = \(bind: userID ?? ""))
                ORDER BY created_at, id
                """
            ).all().map(Self.silence(from:))
        }
    }

    static func silence(from row: any SQLRow) throws -> Silence {
        Silence(
            id: try row.decode(column: "id", as: String.self), userID: try row.decode(column: "user_id", as: String?.self),
            createdBy: try row.decode(column: "created_by", as: String.self), modelName: try row.decode(column: "model_name", as: String?.self),
            symbol: try row.decode(column: "symbol", as: String?.self), universe: try row.decode(column: "universe", as: String?.self),
            regime: try row.decode(column: "regime", as: String?.self), startsAt: try row.decode(column: "starts_at", as: Int64.self),
            endsAt: try row.decode(column: "ends_at", as: Int64.self), comment: try row.decode(column: "comment", as: String?.self),
            createdAt: try row.decode(column: "created_at", as: Int64.self))
    }
}
