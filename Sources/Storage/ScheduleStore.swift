import Foundation
import SQLKit

/// A standing order to run a model (or pack) over a universe after every closed bar (`sc.alert_schedules`).
public struct AlertSchedule: Sendable, Hashable, Codable {
    public var id: String
    /// Exactly one of model and pack name is set.
    public var modelName: String?
    public var packName: String?
    public var universe: String
    /// The audience: a user, or nil for the shared feed (or the cohort's members).
    public var userID: String?
    /// A cohort served instead of one user (migration 19).
    public var cohort: String?
    public var paused: Bool
    public var createdBy: String
    public var createdAt: Int64
    /// The `as_of` of the last alert run the scheduler queued for it.
    public var lastEnqueuedAsOf: Int64?

    enum CodingKeys: String, CodingKey {
        case id, universe, paused
        case modelName = "model", packName = "pack", userID = "user_id", createdBy = "created_by", createdAt = "created_at"
        case lastEnqueuedAsOf = "last_enqueued_as_of", cohort
    }

    public init(
        id: String = UUID().uuidString.lowercased(), modelName: String?, packName: String?, universe: String, userID: String?,
        cohort: String? = nil, paused: Bool = false, createdBy: String, createdAt: Int64, lastEnqueuedAsOf: Int64? = nil
    ) {
        self.cohort = cohort
        self.id = id
        self.modelName = modelName
        self.packName = packName
        self.universe = universe
        self.userID = userID
        self.paused = paused
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.lastEnqueuedAsOf = lastEnqueuedAsOf
    }

    /// `model NAME` or `pack NAME`.
    public var targetText: String { modelName.map { "model \($0)" } ?? "pack \(packName ?? "")" }
}

/// The schedules repository.
public protocol ScheduleStore: Sendable {
    func create(_ schedule: AlertSchedule) async throws -> AlertSchedule
    func schedules(includePaused: Bool) async throws -> [AlertSchedule]
    func schedule(id: String) async throws -> AlertSchedule
    func setPaused(id: String, paused: Bool) async throws -> AlertSchedule
    func delete(id: String) async throws
    func markEnqueued(id: String, asOf: Int64) async throws
}

public struct SQLScheduleStore: ScheduleStore {
    public let store: any Store

    public init(store: any Store) { self.store = store }

    static func schedule(_ row: any SQLRow) throws -> AlertSchedule {
        AlertSchedule(
            id: try row.decode(column: "id", as: String.self), modelName: try row.decode(column: "model_name", as: String?.self),
            packName: try row.decode(column: "pack_name", as: String?.self), universe: try row.decode(column: "universe", as: String.self),
            userID: try row.decode(column: "user_id", as: String?.self), cohort: try row.decode(column: "cohort_name", as: String?.self),
            paused: try row.decode(column: "paused", as: Bool.self),
            createdBy: try row.decode(column: "created_by", as: String.self), createdAt: try row.decode(column: "created_at", as: Int64.self),
            lastEnqueuedAsOf: try row.decode(column: "last_enqueued_as_of", as: Int64?.self))
    }

    static let columns = "id, model_name, pack_name, universe, user_id, paused, created_by, created_at, last_enqueued_as_of, cohort_name"

    public func create(_ s: AlertSchedule) async throws -> AlertSchedule {
        let model = s.modelName?.trimmingCharacters(in: .whitespaces).nonEmpty
        let pack = s.packName?.trimmingCharacters(in: .whitespaces).nonEmpty
        guard (model == nil) != (pack == nil) else { throw StorageError.constraint("a schedule needs exactly one of a model and a pack") }
        let universe = s.universe.trimmingCharacters(in: .whitespaces)
        guard !universe.isEmpty, universe.utf8.count <= 16_384 else {
            throw StorageError.constraint("a schedule needs a universe (preset:NAME, watchlist:ID or AAPL,MSFT), at most 16 KiB")
        }
        return try await store.transaction { db in
            if let model, try await db.raw("SELECT name FROM sc.model_names WHERE name = \(bind: model)").first() == nil {
                throw StorageError.notFound("no model named '\(model)'; `alertsai models list` shows the registered ones")
            }
            if let pack, try await db.raw("SELECT id FROM sc.model_packs WHERE name = \(bind: pack)").first() == nil {
                throw StorageError.notFound("no model pack named '\(pack)'")
            }
            if let user = s.userID, try await db.raw("SELECT id FROM sc.users WHERE id = \(bind: user) AND deleted_at IS NULL").first() == nil {
                throw StorageError.notFound("no user with id '\(user)'")
            }
            if let cohort = s.cohort {
                guard s.userID == nil else { throw StorageError.constraint("a schedule serves one user or one cohort, not both") }
                guard try await db.raw("SELECT name FROM sc.cohorts WHERE name = \(bind: cohort)").first() != nil else {
                    throw StorageError.notFound("no cohort named '\(cohort)'; `alertsai cohorts list` shows them")
                }
            }
            try await db.raw(
                """
                INSERT INTO sc.alert_schedules (id, model_name, pack_name, universe, user_id, paused, created_by, created_at, cohort_name)
                VALUES (\(bind: s.id), \(bind: model), \(bind: pack), \(bind: universe), \(bind: s.userID), \(bind: s.paused),
                    \(bind: s.createdBy), \(bind: s.createdAt), \(bind: s.cohort))
                """
            ).run()
            var made = s
            made.modelName = model
            made.packName = pack
            made.universe = universe
            return made
        }
    }

    public func schedules(includePaused: Bool) async throws -> [AlertSchedule] {
        try await store.withConnection { db in
            let filter = includePaused ? "1 = 1" : "NOT paused"
            return try await db.raw(
                "SELECT \(unsafeRaw: Self.columns) FROM sc.alert_schedules WHERE \(unsafeRaw: filter) ORDER BY created_at, id"
            ).all().map(Self.schedule)
        }
    }

    public func schedule(id: String) async throws -> AlertSchedule {
        try await store.withConnection { db in
            guard let row = try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM sc.alert_schedules WHERE id = \(bind: id)").first() else {
                throw StorageError.notFound("no schedule '\(id)'; `alertsai schedules list` shows them")
            }
            return try Self.schedule(row)
        }
    }

    public func setPaused(id: String, paused: Bool) async throws -> AlertSchedule {
        try await store.withConnection { db in
            guard
                let row = try await db.raw(
                    "UPDATE sc.alert_schedules SET paused = \(bind: paused) WHERE id = \(bind: id) RETURNING \(unsafeRaw: Self.columns)"
                ).first()
            else { throw StorageError.notFound("no schedule '\(id)'; `alertsai schedules list` shows them") }
            return try Self.schedule(row)
        }
    }

    public func delete(id: String) async throws {
        try await store.withConnection { db in
            guard try await db.raw("DELETE FROM sc.alert_schedules WHERE id = \(bind: id) RETURNING id").first() != nil else {
                throw StorageError.notFound("no schedule '\(id)'; `alertsai schedules list` shows them")
            }
        }
    }

    public func markEnqueued(id: String, asOf: Int64) async throws {
        try await store.withConnection { db in
            try await db.raw(
                """
                UPDATE sc.alert_schedules SET last_enqueued_as_of = \(bind: asOf)
                WHERE id = \(bind: id) AND (last_enqueued_as_of IS NULL OR last_enqueued_as_of < \(bind: asOf))
                """
            ).run()
        }
    }
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
