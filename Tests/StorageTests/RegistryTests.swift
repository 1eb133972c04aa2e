import AlertsCore
import Foundation
import SQLKit
import Storage
import Testing

@Suite("Model registry")
struct RegistryTests {
    @Test("versions count 1, 2, 3 per name", arguments: TestEngines.all)
    func versioning(engine: DatabaseEngine) async throws {
        let db = try await TestDatabase.make(engine)
        defer { Task { await db.cleanup() } }
        let registry = SQLModelRegistry(store: db.store)
        var versions: [Int] = []
        for _ in 0..<3 { versions.append(try await registry.register(sampleSpec(), run: nil, actor: "ci").version) }
        #expect(versions == [1, 2, 3])
        #expect(try await registry.register(sampleSpec(name: "other"), run: nil, actor: "ci").version == 1)
        let latest = try await registry.spec(name: "swing-us", version: nil)
        #expect(latest.version == 3)
        #expect(latest.status == .draft)
        #expect(latest.featureset.features == ["rsi_14", "atr_14", "ret_5"])
        #expect(latest.labelCfg.plan.stop == .atr(multiple: 1.5, period: 14))
        #expect(latest.thresholds.threshold(for: "high_vol") == 0.7)
        #expect(try await registry.list(name: nil).count == 4)
    }

    @Test("publish and unpublish show through v_model_specs_published; one published version per name", arguments: TestEngines.all)
    func publication(engine: DatabaseEngine) async throws {
        let db = try await TestDatabase.make(engine)
        defer { Task { await db.cleanup() } }
        let registry = SQLModelRegistry(store: db.store)
        for _ in 0..<3 { _ = try await registry.register(sampleSpec(), run: nil, actor: "ci") }
        await #expect(throws: StorageError.self) { try await registry.published(name: "swing-us") }
        do {
            _ = try await registry.published(name: "swing-us")
        } catch let e as StorageError {
            #expect(e.description.contains("alertsai models publish swing-us 3"))
        }
        _ = try await registry.publish(name: "swing-us", version: 2, actor: "alice") { _ in }
        #expect(try await registry.listPublished().map(\.version) == [2])
        _ = try await registry.publish(name: "swing-us", version: 3, actor: "bob") { _ in }
        #expect(try await registry.listPublished().map(\.version) == [3])
        #expect(try await registry.spec(name: "swing-us", version: 2).status == .unpublished)
        #expect(try await registry.published(name: "swing-us").version == 3)
        _ = try await registry.unpublish(name: "swing-us", version: 3, actor: "bob")
        #expect(try await registry.listPublished().isEmpty)
        let history = try await registry.history(name: "swing-us")
        #expect(history.map(\.action) == ["register", "register", "register", "publish", "unpublish", "publish", "unpublish"])
        #expect(history[3].actor == "alice" && history[3].version == 2)
        // A refused verification changes nothing.
        await #expect(throws: StorageError.self) {
            try await registry.publish(name: "swing-us", version: 1, actor: "eve") { _ in throw StorageError.conflict("artifact missing") }
        }
        #expect(try await registry.listPublished().isEmpty)
        #expect(try await registry.history(name: "swing-us").count == 7)
    }

    @Test("20 concurrent registrations of one name get 20 distinct, gap-free versions", arguments: TestEngines.all)
    func concurrentRegistration(engine: DatabaseEngine) async throws {
        let db = try await TestDatabase.make(engine)
        defer { Task { await db.cleanup() } }
        let registry = SQLModelRegistry(store: db.store)
        let versions = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<20 { group.addTask { try await registry.register(sampleSpec(), run: nil, actor: "ci").version } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(versions.sorted() == Array(1...20))
        #expect(try await registry.list(name: "swing-us").map(\.version) == Array((1...20).reversed()))
    }

    @Test("constraint violations come back as typed errors and change nothing", arguments: TestEngines.all)
    func constraints(engine: DatabaseEngine) async throws {
        let db = try await TestDatabase.make(engine)
        defer { Task { await db.cleanup() } }
        let registry = SQLModelRegistry(store: db.store)
        let first = try await registry.register(sampleSpec(), run: nil, actor: "ci")
        // A digest of the wrong length breaks a CHECK; the version counter rolls back with it.
        await #expect {
            try await registry.register(sampleSpec(digest: "abc"), run: nil, actor: "ci")
        } throws: { error in
            guard case StorageError.constraint = error else { return false }
            return true
        }
        // The same id twice breaks the primary key.
        var dup = sampleSpec()
        dup.id = first.id
        await #expect {
            try await registry.register(dup, run: nil, actor: "ci")
        } throws: { error in
            guard case StorageError.duplicate = error else { return false }
            return true
        }
        #expect(try await registry.register(sampleSpec(), run: nil, actor: "ci").version == 2)
        // Two published versions of one name are refused by the database itself.
        _ = try await registry.publish(name: "swing-us", version: 1, actor: "ci") { _ in }
        await #expect {
            try await db.store.withConnection { conn in
                try await conn.raw("UPDATE sc.model_specs SET status = 'published' WHERE name = 'swing-us' AND version = 2").run()
            }
        } throws: { error in
            guard case StorageError.duplicate = error else { return false }
            return true
        }
        // An unknown status is refused by a CHECK.
        await #expect {
            try await db.store.withConnection { conn in
                try await conn.raw("UPDATE sc.model_specs SET status = 'bogus' WHERE version = 2").run()
            }
        } throws: { error in
            guard case StorageError.constraint = error else { return false }
            return true
        }
        // A component pointing at no spec is refused by a foreign key.
        await #expect {
            try await db.store.withConnection { conn in
                try await conn.raw(
                    "INSERT INTO sc.model_pack_components (pack_id, role, model_spec_id) VALUES ('nope', 'x', 'nope')"
                ).run()
            }
        } throws: { error in
            guard case StorageError.constraint = error else { return false }
            return true
        }
        #expect(try await registry.list(name: "swing-us").map(\.status) == [.draft, .published])
        await #expect(throws: StorageError.self) { try await registry.register(sampleSpec(name: "bad name!"), run: nil, actor: "ci") }
    }

    @Test("training runs and packs keep lineage", arguments: TestEngines.all)
    func lineage(engine: DatabaseEngine) async throws {
        let db = try await TestDatabase.make(engine)
        defer { Task { await db.cleanup() } }
        let registry = SQLModelRegistry(store: db.store)
        let run = TrainingRunRecord(
            modelName: "swing-us", config: .object(["universe": .string("preset:us-mega-30")]), dataFingerprint: "f00d",
            codeVersion: "0.1.0", seed: 7, metrics: .object(["auc": .number(0.61)]), artifactDigest: String(repeating: "a", count: 64),
            startedAt: 1, finishedAt: 2)
        let spec = try await registry.register(sampleSpec(), run: run, actor: "ci")
        let runs = try await registry.trainingRuns(specID: spec.id)
        #expect(runs.count == 1)
        #expect(runs.first?.metrics["auc"]?.doubleValue == 0.61)
        #expect(runs.first?.seed == 7)
        _ = try await registry.createPack(name: "us-daily", description: "daily US", actor: "ci")
        await #expect(throws: StorageError.self) { try await registry.publishPack("us-daily", actor: "ci") }
        _ = try await registry.addToPack(pack: "us-daily", role: "1d", name: "swing-us", version: 1, actor: "ci")
        let pack = try await registry.publishPack("us-daily", actor: "ci")
        #expect(pack.status == .published)
        #expect(pack.components == ["1d": spec.id])
        #expect(try await registry.listPublishedPacks().map(\.name) == ["us-daily"])
    }
}
