import AlertsCore
import Foundation
import SQLKit

/// The kinds of declarative definitions kept in the store as JSON.
public enum DefinitionKind: String, Sendable, CaseIterable {
    case featureSet = "feature_sets"
    case strategy = "strategies"

    var table: String { "sc.\(rawValue)" }
}

/// A stored definition: its name, version and JSON text.
public struct StoredDefinition: Sendable, Hashable {
    public var name: String
    public var version: Int
    public var json: String
}

/// Feature sets and strategies registered in the `sc` store, versioned per name.
public protocol DefinitionStore: Sendable {
    /// Stores `json` as `name` version `version`; storing an existing version is a `.duplicate` error.
    func save(_ kind: DefinitionKind, name: String, version: Int, json: String) async throws
    /// One version, or the newest when `version` is nil; nil when absent.
    func definition(_ kind: DefinitionKind, name: String, version: Int?) async throws -> StoredDefinition?
    /// Every version of every name, ordered by name then version.
    func all(_ kind: DefinitionKind) async throws -> [StoredDefinition]
}

/// `DefinitionStore` over the `sc` store.
public struct SQLDefinitionStore: DefinitionStore {
    let store: any Store

    public init(store: any Store) {
        self.store = store
    }

    public func save(_ kind: DefinitionKind, name: String, version: Int, json: String) async throws {
        guard (try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil else {
            throw StorageError.constraint("the \(kind.rawValue) definition '\(name)' is not valid JSON")
        }
        let cast = store.sql.jsonCast
        try await store.withConnection { db in
            try await db.raw(
                """
                INSERT INTO \(unsafeRaw: kind.table) (name, version, definition, created_at)
                VALUES (\(bind: name), \(bind: version), \(bind: json)\(unsafeRaw: cast), \(bind: Clock.nowMillis()))
                """
            ).run()
        }
    }

    public func definition(_ kind: DefinitionKind, name: String, version: Int?) async throws -> StoredDefinition? {
        let column = store.sql.jsonText("definition")
        return try await store.withConnection { db in
            let row: (any SQLRow)?
            if let version {
                row = try await db.raw(
                    "SELECT name, version, \(unsafeRaw: column) FROM \(unsafeRaw: kind.table) WHERE name = \(bind: name) AND version = \(bind: version)"
                ).first()
            } else {
                row = try await db.raw(
                    "SELECT name, version, \(unsafeRaw: column) FROM \(unsafeRaw: kind.table) WHERE name = \(bind: name) ORDER BY version DESC LIMIT 1"
                ).first()
            }
            return try row.map(Self.definition(from:))
        }
    }

    public func all(_ kind: DefinitionKind) async throws -> [StoredDefinition] {
        let column = store.sql.jsonText("definition")
        return try await store.withConnection { db in
            try await db.raw("SELECT name, version, \(unsafeRaw: column) FROM \(unsafeRaw: kind.table) ORDER BY name, version").all()
                .map(Self.definition(from:))
        }
    }

    static func definition(from row: any SQLRow) throws -> StoredDefinition {
        StoredDefinition(
            name: try row.decode(column: "name", as: String.self), version: try row.decode(column: "version", as: Int.self),
            json: try row.decode(column: "definition", as: String.self))
    }
}
