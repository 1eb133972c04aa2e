import Foundation
import SQLKit
import Storage
import Testing

@Suite("Users and API keys")
struct UserStoreTests {
    @Test("keys authenticate, are stored hashed, and stop working when revoked", arguments: TestEngines.all)
    func keys(engine: DatabaseEngine) async throws {
        let db = try await TestDatabase.make(engine)
        defer { Task { await db.cleanup() } }
        let users = SQLUserStore(store: db.store)
        let alice = try await users.createUser(name: "alice", email: "alice@example.com")
        let key = try await users.issueKey(userID: alice.id, label: "laptop")
        #expect(try await users.authenticate(key: key.key)?.id == alice.id)
        #expect(try await users.authenticate(key: key.key + "x") == nil)
        #expect(try await users.authenticate(key: "aai_\(key.prefix)_wrongsecretwrongsecretwrongsecre") == nil)
        #expect(try await users.authenticate(key: "garbage") == nil)
        let stored = try await db.store.withConnection { conn in
            try await conn.raw("SELECT key_hash FROM sc.api_keys").all().map { try $0.decode(column: "key_hash", as: String.self) }
        }
        #expect(stored.count == 1)
        #expect(!stored[0].contains(key.key) && stored[0].count == 64)
        try await users.revokeKey(prefix: key.prefix)
        #expect(try await users.authenticate(key: key.key) == nil)
        await #expect(throws: StorageError.self) { try await users.issueKey(userID: "nobody", label: nil) }
        await #expect(throws: StorageError.self) { try await users.createUser(name: "alice2", email: "alice@example.com") }
    }
}
