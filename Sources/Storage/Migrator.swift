import Foundation
import Logging
import SQLKit

/// Applies and reverts `Schema.migrations`, recording each in `sc.schema_migrations`.
public struct Migrator: Sendable {
    public let store: any Store
    public let migrations: [Migration]
    let logger: Logger

    public init(store: any Store, migrations: [Migration] = Schema.migrations, logger: Logger = Logger(label: "alertsai.migrate")) {
        self.store = store
        self.migrations = migrations
        self.logger = logger
    }

    /// Versions already applied, ascending.
    public func appliedVersions() async throws -> [Int] {
        try await ensureBookkeeping()
        return try await store.withConnection { db in
            try await db.raw("SELECT version FROM sc.schema_migrations ORDER BY version").all()
                .map { try $0.decode(column: "version", as: Int.self) }
        }
    }

    /// Applies every pending migration up to `target` (all when nil); returns the versions applied now.
    @discardableResult
    public func migrate(upTo target: Int? = nil) async throws -> [Int] {
        let applied = Set(try await appliedVersions())
        var done: [Int] = []
        let dialect = SchemaDialect(engine: store.engine)
        for m in migrations where !applied.contains(m.version) && m.version <= (target ?? Int.max) {
            let statements = m.up(dialect)
            do {
                try await store.transaction { db in
                    for s in statements { try await db.raw(SQLQueryString(s)).run() }
                    try await db.raw(
                        "INSERT INTO sc.schema_migrations (version, name, applied_at) VALUES (\(bind: m.version), \(bind: m.name), \(bind: Clock.nowMillis()))"
                    ).run()
                }
            } catch {
                throw StorageError.migration("\(m.version) \(m.name): \(error)")
            }
            logger.info("applied migration \(m.version) \(m.name)")
            done.append(m.version)
        }
        return done
    }

    /// Reverts applied migrations above `target` (newest first); returns the versions reverted.
    @discardableResult
    public func revert(to target: Int) async throws -> [Int] {
        let applied = try await appliedVersions()
        let dialect = SchemaDialect(engine: store.engine)
        var reverted: [Int] = []
        for v in applied.reversed() where v > target {
            guard let m = migrations.first(where: { $0.version == v }) else {
                throw StorageError.migration("version \(v) is applied but unknown to this build; cannot revert it")
            }
            let statements = m.down(dialect)
            try await store.transaction { db in
                for s in statements { try await db.raw(SQLQueryString(s)).run() }
                try await db.raw("DELETE FROM sc.schema_migrations WHERE version = \(bind: v)").run()
            }
            logger.info("reverted migration \(m.version) \(m.name)")
            reverted.append(v)
        }
        return reverted
    }

    /// Fails with a clear message unless every migration of this build is applied.
    public func requireCurrent() async throws {
        let applied = Set(try await appliedVersions())
        let missing = migrations.map(\.version).filter { !applied.contains($0) }
        if !missing.isEmpty {
            throw StorageError.migration(
                "the database is not migrated (missing \(missing.map(String.init).joined(separator: ", "))); run `alertsai migrate`")
        }
    }

    private func ensureBookkeeping() async throws {
        let pg = store.engine == .postgres
        try await store.withConnection { db in
            if pg { try await db.raw("CREATE SCHEMA IF NOT EXISTS sc").run() }
            try await db.raw(
                """
                CREATE TABLE IF NOT EXISTS sc.schema_migrations (
                    version INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    applied_at BIGINT NOT NULL
                )
                """
            ).run()
        }
    }
}

/// Wall-clock milliseconds, the unit of every stored instant.
public enum Clock {
    public static func nowMillis() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}
