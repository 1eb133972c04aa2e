import AlertsCore
import Foundation
import Storage
import Testing

@Suite("Recipes and workflows in the store")
struct PipelineStoreTests {
    @Test("a user sees their own and the shared ones, never another's; names are unique; bad JSON changes nothing", arguments: TestEngines.all)
    func ownership(engine: DatabaseEngine) async throws {
        let db = try await TestDatabase.make(engine)
        defer { Task { await db.cleanup() } }
        let users = SQLUserStore(store: db.store)
        let ann = try await users.createUser(name: "ann", email: nil)
        let bob = try await users.createUser(name: "bob", email: nil)
        let pipelines = SQLPipelineStore(store: db.store)
        for kind in PipelineKind.allCases {
            _ = try await pipelines.create(kind, name: "ann-swing", userID: ann.id, json: #"{"model":"m","universe":"preset:us-mega-30"}"#)
            _ = try await pipelines.create(kind, name: "house", userID: nil, json: #"{"model":"m"}"#)
            let mine = try #require(try await pipelines.pipeline(kind, name: "ann-swing", visibleTo: ann.id))
            #expect(mine.userID == ann.id)
            let object = try JSONSerialization.jsonObject(with: Data(mine.json.utf8)) as? [String: Any]
            #expect(object?["universe"] as? String == "preset:us-mega-30")
            #expect(try await pipelines.pipeline(kind, name: "ann-swing", visibleTo: bob.id) == nil)
            #expect(try await pipelines.pipelines(kind, visibleTo: bob.id).map(\.name) == ["house"])
            #expect(try await pipelines.pipelines(kind, visibleTo: ann.id).map(\.name) == ["ann-swing", "house"])
            #expect(try await pipelines.pipelines(kind, visibleTo: nil).count == 2)
            await #expect {
                _ = try await pipelines.create(kind, name: "ann-swing", userID: bob.id, json: "{}")
            } throws: { error in
                guard case StorageError.duplicate = error else { return false }
                return true
            }
            await #expect(throws: StorageError.self) { _ = try await pipelines.create(kind, name: "broken", userID: ann.id, json: "{not json") }
            await #expect(throws: StorageError.self) { _ = try await pipelines.create(kind, name: "list", userID: ann.id, json: "[1]") }
            #expect(try await pipelines.pipeline(kind, name: "broken", visibleTo: nil) == nil)
            // Bob deletes neither Ann's nor the shared one; Ann deletes hers but not the shared one; an operator may.
            #expect(try await pipelines.delete(kind, name: "ann-swing", ownedBy: bob.id) == false)
            #expect(try await pipelines.delete(kind, name: "house", ownedBy: ann.id) == false)
            #expect(try await pipelines.delete(kind, name: "ann-swing", ownedBy: ann.id))
            #expect(try await pipelines.pipeline(kind, name: "ann-swing", visibleTo: nil) == nil)
            #expect(try await pipelines.delete(kind, name: "house", ownedBy: nil))
            #expect(try await pipelines.pipelines(kind, visibleTo: nil).isEmpty)
        }
    }

    @Test("a run records the recipe or workflow it came from", arguments: TestEngines.all)
    func runLineage(engine: DatabaseEngine) async throws {
        let db = try await TestDatabase.make(engine)
        defer { Task { await db.cleanup() } }
        let alerts = AlertRepositories(store: db.store)
        let spec = try await SQLModelRegistry(store: db.store).register(sampleSpec(), run: nil, actor: "test")
        let run = AlertRunRecord(
            modelSpecID: spec.id, packID: nil, universe: "AAPL", userID: nil, asOf: 1_700_000_000_000, startedAt: 1_700_000_000_000,
            recipe: "swing-tight", workflow: nil)
        try await alerts.runs.beginRun(run)
        let read = try await alerts.runs.run(id: run.id)
        #expect(read.recipe == "swing-tight")
        #expect(read.workflow == nil)
        let plain = AlertRunRecord(modelSpecID: spec.id, packID: nil, universe: "AAPL", userID: nil, asOf: 1_700_000_000_000, startedAt: 1)
        try await alerts.runs.beginRun(plain)
        #expect(try await alerts.runs.run(id: plain.id).recipe == nil)
    }
}
