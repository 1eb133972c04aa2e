import AlertsCore
import Foundation
import Storage
import Testing

@Suite("Definitions and watchlists")
struct CatalogStoreTests {
    @Test("definitions are versioned per name; a second save of one version is a duplicate; bad JSON is refused", arguments: TestEngines.all)
    func definitions(engine: DatabaseEngine) async throws {
        let db = try await TestDatabase.make(engine)
        defer { Task { await db.cleanup() } }
        let defs = SQLDefinitionStore(store: db.store)
        try await defs.save(.featureSet, name: "mine", version: 1, json: #"{"name":"mine","version":1}"#)
        try await defs.save(.featureSet, name: "mine", version: 2, json: #"{"name":"mine","version":2}"#)
        #expect(try await defs.definition(.featureSet, name: "mine", version: nil)?.version == 2)
        let first = try #require(try await defs.definition(.featureSet, name: "mine", version: 1))
        let object = try JSONSerialization.jsonObject(with: Data(first.json.utf8)) as? [String: Any]
        #expect(object?["version"] as? Int == 1)
        #expect(try await defs.definition(.strategy, name: "mine", version: nil) == nil)
        await #expect {
            try await defs.save(.featureSet, name: "mine", version: 2, json: "{}")
        } throws: { error in
            guard case StorageError.duplicate = error else { return false }
            return true
        }
        await #expect(throws: StorageError.self) { try await defs.save(.strategy, name: "s", version: 1, json: "{not json") }
        #expect(try await defs.all(.featureSet).map(\.version) == [1, 2])
        #expect(try await defs.all(.strategy).isEmpty)
    }

    @Test("watchlists belong to a user and keep their symbols in order", arguments: TestEngines.all)
    func watchlists(engine: DatabaseEngine) async throws {
        let db = try await TestDatabase.make(engine)
        defer { Task { await db.cleanup() } }
        let users = SQLUserStore(store: db.store)
        let lists = SQLWatchlistStore(store: db.store)
        let bob = try await users.createUser(name: "bob", email: nil)
        let list = try await lists.create(userID: bob.id, name: "tech", market: .us, kind: .equity, symbols: ["msft", " aapl "])
        #expect(try await lists.watchlist(id: list.id)?.symbols == ["MSFT", "AAPL"])
        #expect(try await lists.watchlists(userID: bob.id).map(\.name) == ["tech"])
        await #expect(throws: StorageError.self) { try await lists.create(userID: bob.id, name: "tech", market: .us, kind: .equity, symbols: ["X"]) }
        await #expect(throws: StorageError.self) { try await lists.create(userID: "nobody", name: "x", market: .us, kind: .equity, symbols: ["X"]) }
        await #expect(throws: StorageError.self) { try await lists.create(userID: bob.id, name: "empty", market: .us, kind: .equity, symbols: []) }
        #expect(try await lists.watchlist(id: "missing") == nil)
    }
}
