import AlertsCore
import Foundation
import SQLKit

/// The two kinds of named run definitions kept as JSON (issue 18 point 6): a recipe (a model or pack bound to plan
/// overrides and a default universe) and a workflow (a list of steps with a model step).
public enum PipelineKind: String, Sendable, CaseIterable {
    case recipe = "recipes"
    case workflow = "workflows"

    var table: String { "sc.\(rawValue)" }
    /// `recipe` or `workflow`, for messages.
    public var singular: String { self == .recipe ? "recipe" : "workflow" }
}

/// One stored recipe or workflow: its name, owner (nil: an operator's, shared with every user) and JSON definition.
public struct StoredPipeline: Sendable, Hashable {
    public var name: String
    public var userID: String?
    public var json: String
    public var createdAt: Int64
    public var updatedAt: Int64
}

/// Recipes and workflows in `sc.recipes` / `sc.workflows`. Names are unique per table. A user sees their own and the
/// shared ones (`userID == nil`); another user's answers as absent. `visibleTo: nil` (an operator) sees every one.
public protocol PipelineStore: Sendable {
    /// Stores a new definition; an existing name is a `.duplicate` error, invalid JSON a `.constraint` one.
    func create(_ kind: PipelineKind, name: String, userID: String?, json: String) async throws -> StoredPipeline
    /// The definition if `visibleTo` may see it, else nil.
    func pipeline(_ kind: PipelineKind, name: String, visibleTo userID: String?) async throws -> StoredPipeline?
    /// Those `visibleTo` may see, by name.
    func pipelines(_ kind: PipelineKind, visibleTo userID: String?) async throws -> [StoredPipeline]
    /// Deletes one the caller owns (an operator: any); false when there is none such.
    func delete(_ kind: PipelineKind, name: String, ownedBy userID: String?) async throws -> Bool
}

/// `PipelineStore` over the `sc` store.
public struct SQLPipelineStore: PipelineStore {
    let store: any Store

    public init(store: any Store) {
        self.store = store
    }

    public func create(_ kind: PipelineKind, name: String, userID: String?, json: String) async throws -> StoredPipeline {
        guard !name.isEmpty, name.count <= 100 else { throw StorageError.constraint("name: 1 to 100 characters") }
        guard (try? JSONSerialization.jsonObject(with: Data(json.utf8))) is [String: Any] else {
            throw StorageError.constraint("the \(kind.singular) '\(name)' is not a JSON object")
        }
        let now = Clock.nowMillis()
        let cast = store.sql.jsonCast
        try await store.withConnection { db in
            try await db.raw(
                """
                INSERT INTO \(unsafeRaw: kind.table) (name, user_id, definition, created_at, updated_at)
                VALUES (\(bind: name), \(bind: userID), \(bind: json)\(unsafeRaw: cast), \(bind: now), \(bind: now))
                """
            ).run()
        }
        return StoredPipeline(name: name, userID: userID, json: json, createdAt: now, updatedAt: now)
    }

    public func pipeline(_ kind: PipelineKind, name: String, visibleTo userID: String?) async throws -> StoredPipeline? {
        let column = store.sql.jsonText("definition")
        let found = try await store.withConnection { db in
            try await db.raw(
                "SELECT name, user_id, \(unsafeRaw: column), created_at, updated_at FROM \(unsafeRaw: kind.table) WHERE name = \(bind: name)"
            ).first().map(Self.pipeline(from:))
        }
        guard let found, userID == nil || found.userID == nil || found.userID == userID else { return nil }
        return found
    }

    public func pipelines(_ kind: PipelineKind, visibleTo userID: String?) async throws -> [StoredPipeline] {
        let column = store.sql.jsonText("definition")
        let all = try await store.withConnection { db in
            try await db.raw("SELECT name, user_id, \(unsafeRaw: column), created_at, updated_at FROM \(unsafeRaw: kind.table) ORDER BY name")
                .all().map(Self.pipeline(from:))
        }
        return all.filter { userID == nil || $0.userID == nil || $0.userID == userID }
    }

    public func delete(_ kind: PipelineKind, name: String, ownedBy userID: String?) async throws -> Bool {
        guard let found = try await pipeline(kind, name: name, visibleTo: userID), userID == nil || found.userID == userID else { return false }
        try await store.withConnection { db in
            try await db.raw("DELETE FROM \(unsafeRaw: kind.table) WHERE name = \(bind: found.name)").run()
        }
        return true
    }

    static func pipeline(from row: any SQLRow) throws -> StoredPipeline {
        let created = try row.decode(column: "created_at", as: Int64.self)
        return StoredPipeline(
            name: try row.decode(column: "name", as: String.self), userID: try row.decode(column: "user_id", as: String?.self),
            json: try row.decode(column: "definition", as: String.self), createdAt: created,
            updatedAt: try row.decode(column: "updated_at", as: Int64?.self) ?? created)
    }
}
