import Foundation
import Logging
import SQLKit
import Storage
import Testing

@Suite("Migrations")
struct MigrationTests {
    static func objects(_ store: any Store) async throws -> (tables: Set<String>, views: Set<String>) {
        let pg = store.engine == .postgres
        return try await store.withConnection { db in
            let tables = try await db.raw(
                pg
                    ? "SELECT table_name AS n FROM information_schema.tables WHERE table_schema = 'sc' AND table_type = 'BASE TABLE'"
                    : "SELECT name AS n FROM sc.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            ).all().map { try $0.decode(column: "n", as: String.self) }
            let views = try await db.raw(
                pg
                    ? "SELECT table_name AS n FROM information_schema.views WHERE table_schema = 'sc'"
                    : "SELECT name AS n FROM sc.sqlite_master WHERE type = 'view'"
            ).all().map { try $0.decode(column: "n", as: String.self) }
            return (Set(tables), Set(views))
        }
    }

    @Test("migrate creates every table and view; a second run is a no-op", arguments: TestEngines.all)
    func idempotent(engine: DatabaseEngine) async throws {
        let db = try await TestDatabase.make(engine, migrated: false)
        defer { Task { await db.cleanup() } }
        let migrator = Migrator(store: db.store)
        let first = try await migrator.migrate()
        #expect(first == Schema.migrations.map(\.version))
        let (tables, views) = try await Self.objects(db.store)
        #expect(tables == Set(Schema.tables + ["schema_migrations"]))
        #expect(views == Set(Schema.views))
        let second = try await migrator.migrate()
        #expect(second.isEmpty)
        #expect(try await migrator.appliedVersions() == Schema.migrations.map(\.version))
    }

    @Test("a database left by an older migration set upgrades and keeps its rows", arguments: TestEngines.all)
    func upgrade(engine: DatabaseEngine) async throws {
        let db = try await TestDatabase.make(engine, migrated: false)
        defer { Task { await db.cleanup() } }
        let migrator = Migrator(store: db.store)
        #expect(try await migrator.migrate(upTo: 1) == [1])
        let registry = SQLModelRegistry(store: db.store)
        _ = try await registry.register(sampleSpec(), run: nil, actor: "test")
        #expect(!(try await Self.objects(db.store).tables.contains("alerts")))
        #expect(try await migrator.migrate() == Array(Schema.migrations.map(\.version).dropFirst()))
        #expect(try await Self.objects(db.store).tables.contains("alerts"))
        #expect(try await registry.list(name: "swing-us").map(\.version) == [1])
    }

    @Test("revert undoes migrations newest first and migrate re-applies them", arguments: TestEngines.all)
    func revert(engine: DatabaseEngine) async throws {
        let db = try await TestDatabase.make(engine)
        defer { Task { await db.cleanup() } }
        let migrator = Migrator(store: db.store)
        #expect(try await migrator.revert(to: 1) == Array(Schema.migrations.map(\.version).dropFirst().reversed()))
        #expect(
            try await Self.objects(db.store).tables
                == Set([
                    "schema_migrations", "users", "api_keys", "model_names", "model_specs",
                    "model_training_runs", "model_registry_history", "model_packs", "model_pack_components",
                ]))
        #expect(try await migrator.revert(to: 0) == [1])
        #expect(try await Self.objects(db.store).tables == ["schema_migrations"])
        #expect(try await migrator.migrate() == Schema.migrations.map(\.version))
    }

    @Test("SQLite runs in WAL mode with foreign keys on")
    func sqlitePragmas() async throws {
        let db = try await TestDatabase.make(.sqlite)
        defer { Task { await db.cleanup() } }
        let (mode, fk) = try await db.store.withConnection { conn in
            (
                try await conn.raw("PRAGMA sc.journal_mode").first()?.decode(column: "journal_mode", as: String.self),
                try await conn.raw("PRAGMA foreign_keys").first()?.decode(column: "foreign_keys", as: Int.self)
            )
        }
        #expect(mode == "wal")
        #expect(fk == 1)
    }

    @Test("a new SQLite store and its WAL file are readable by their owner only (0600)")
    func sqliteFileMode() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("alertsai-mode-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("store.sqlite").path
        let store = try await StoreFactory.open(url: try DatabaseURL("sqlite:\(path)"), logger: Logger(label: "test"))
        try await Migrator(store: store).migrate()
        func mode(_ p: String) throws -> Int {
            try #require(FileManager.default.attributesOfItem(atPath: p)[.posixPermissions] as? Int)
        }
        #expect(try mode(path) == 0o600)
        #expect(try mode(path + "-wal") == 0o600)
        await store.shutdown()
    }
}
