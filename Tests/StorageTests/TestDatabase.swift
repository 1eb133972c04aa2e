import Foundation
import Logging
import Storage
import Testing

/// The engines a storage test runs on: SQLite always, PostgreSQL when `ALERTSAI_TEST_POSTGRES_URL` is set
/// (`.ci/run` sets it and fails the run when the PostgreSQL cases did not run).
enum TestEngines {
    static var postgresURL: String? { ProcessInfo.processInfo.environment["ALERTSAI_TEST_POSTGRES_URL"] }

    static var all: [DatabaseEngine] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }
}

/// A fresh, empty database for one test: a temporary SQLite file, or a new PostgreSQL database.
struct TestDatabase {
    let store: any Store
    let cleanup: @Sendable () async -> Void

    static func make(_ engine: DatabaseEngine, migrated: Bool = true, logger given: Logger? = nil) async throws -> TestDatabase {
        var logger = given ?? Logger(label: "test")
        if given == nil { logger.logLevel = .warning }
        switch engine {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("alertsai-test-\(UUID().uuidString)")
            let path = dir.appendingPathComponent("sc.sqlite").path
            let store = try await StoreFactory.open(url: try DatabaseURL("sqlite:\(path)"), logger: logger)
            if migrated { try await Migrator(store: store, logger: logger).migrate() }
            return TestDatabase(store: store) {
                await store.shutdown()
                try? FileManager.default.removeItem(at: dir)
            }
        case .postgres:
            let base = try #require(TestEngines.postgresURL, "ALERTSAI_TEST_POSTGRES_URL is not set")
            // Each test database has a key of its own (no ./data/secrets.key is made in the package directory).
            let admin = try await StoreFactory.open(url: try DatabaseURL(base), logger: logger, secrets: .ephemeral())
            let name = "alertsai_t_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased())"
            try await admin.withConnection { db in try await db.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
            var comps = try #require(URLComponents(string: base))
            comps.path = "/\(name)"
            let store = try await StoreFactory.open(url: try DatabaseURL(try #require(comps.string)), logger: logger, secrets: .ephemeral())
            if migrated { try await Migrator(store: store, logger: logger).migrate() }
            Self.notePostgresRan()
            return TestDatabase(store: store) {
                await store.shutdown()
                try? await admin.withConnection { db in try await db.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run() }
                await admin.shutdown()
            }
        }
    }

    /// Leaves a line in `ALERTSAI_TEST_POSTGRES_MARKER` so CI can prove the PostgreSQL cases ran.
    static func notePostgresRan() {
        guard let path = ProcessInfo.processInfo.environment["ALERTSAI_TEST_POSTGRES_MARKER"] else { return }
        let line = Data("postgres test database created\n".utf8)
        if let handle = FileHandle(forWritingAtPath: path) {
            handle.seekToEndOfFile()
            handle.write(line)
            try? handle.close()
        } else {
            FileManager.default.createFile(atPath: path, contents: line)
        }
    }
}
