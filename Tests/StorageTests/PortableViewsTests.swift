import AlertsCore
import Foundation
import Logging
import Storage
import Testing

/// docs/STORAGE.md's `sqlite3 data/alertsai.sqlite 'SELECT * FROM model_specs'` works: the file's views name their
/// tables without the `sc.` its opener attaches it as, so another opener can read the schema (migration 14).
@Suite("SQLite file readable by other tools")
struct PortableViewsTests {
    /// Runs the sqlite3 shell on `path`.
    func sqlite3(_ path: String, _ sql: String) throws -> (status: Int32, out: String, err: String) {
        let shell = try #require(
            ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3", "/bin/sqlite3"].first { FileManager.default.isExecutableFile(atPath: $0) },
            "the sqlite3 shell is not installed (.ci/run installs it)")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: shell)
        p.arguments = [path, sql]
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        p.waitUntilExit()
        return (
            p.terminationStatus, String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self),
            String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        )
    }

    @Test("the sqlite3 shell reads tables and the published views of a migrated store")
    func shellReadsTheStore() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("alertsai-views-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("alertsai.sqlite").path
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let store = try await StoreFactory.open(url: try DatabaseURL("sqlite:\(path)"), logger: logger)
        do {
            try await Migrator(store: store, logger: logger).migrate()
            let registry = SQLModelRegistry(store: store)
            let spec = try await registry.register(sampleSpec(name: "viewed"), run: nil, actor: "ci")
            _ = try await registry.publish(name: "viewed", version: spec.version, actor: "ci") { _ in }
            // The app still reads through the view.
            #expect(try await registry.listPublished().map(\.name) == ["viewed"])
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()

        let table = try sqlite3(path, "SELECT name, status FROM model_specs")
        #expect(table.status == 0 && table.out == "viewed|published\n", "stdout: \(table.out) stderr: \(table.err)")
        let view = try sqlite3(path, "SELECT name FROM v_model_specs_published; SELECT count(*) FROM v_model_packs_published")
        #expect(view.status == 0 && view.out == "viewed\n0\n", "stdout: \(view.out) stderr: \(view.err)")
        #expect(!view.err.contains("malformed"), "\(view.err)")
    }
}
