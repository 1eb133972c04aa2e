import AlertsCore
import Foundation
import SQLKit
import Storage
import Testing

@Suite("cohorts")
struct CohortStoreTests {
    @Test("create, add with watchlists, remove, delete; bad members change nothing; deleted users leave", arguments: TestEngines.all)
    func lifecycle(_ engine: DatabaseEngine) async throws {
        let db = try await TestDatabase.make(engine)
        defer { Task { await db.cleanup() } }
        let users = SQLUserStore(store: db.store)
        let ana = try await users.createUser(name: "ana", email: nil)
        let ben = try await users.createUser(name: "ben", email: nil)
        let lists = SQLWatchlistStore(store: db.store)
        let anas = try await lists.create(userID: ana.id, name: "tech", market: .us, kind: .equity, symbols: ["AAPL", "MSFT"])
        let cohorts = SQLCohortStore(store: db.store)

        let made = try await cohorts.create(name: "desk", description: "swing desk")
        #expect(made.members.isEmpty)
        await #expect(throws: StorageError.self) { _ = try await cohorts.create(name: "desk", description: "") }
        await #expect(throws: StorageError.self) { _ = try await cohorts.create(name: "bad name", description: "") }

        var c = try await cohorts.add(cohort: "desk", members: [CohortMember(userID: ana.id, watchlistID: anas.id), CohortMember(userID: ben.id)])
        #expect(c.members.count == 2)
        #expect(c.members.first { $0.userID == ana.id }?.watchlistID == anas.id)
        // Another user's watchlist, or an unknown user, is refused and nothing of the call is written.
        do {
            _ = try await cohorts.add(cohort: "desk", members: [CohortMember(userID: ben.id, watchlistID: anas.id)])
            Issue.record("ben may not use ana's watchlist")
        } catch let StorageError.notFound(m) {
            #expect(m.contains(anas.id))
        }
        await #expect(throws: StorageError.self) {
            _ = try await cohorts.add(cohort: "desk", members: [CohortMember(userID: ana.id), CohortMember(userID: "nobody")])
        }
        c = try #require(try await cohorts.cohort(name: "desk"))
        #expect(c.members.first { $0.userID == ana.id }?.watchlistID == anas.id, "the refused call left ana's watchlist as it was")
        #expect(c.members.first { $0.userID == ben.id }?.watchlistID == nil)
        await #expect(throws: StorageError.self) { _ = try await cohorts.add(cohort: "nope", members: [CohortMember(userID: ana.id)]) }

        // Adding again changes the watchlist, not the membership count.
        c = try await cohorts.add(cohort: "desk", members: [CohortMember(userID: ana.id)])
        #expect(c.members.count == 2 && c.members.first { $0.userID == ana.id }?.watchlistID == nil)

        try await users.deleteUser(id: ben.id)
        #expect(try await cohorts.cohort(name: "desk")?.members.map(\.userID) == [ana.id])
        c = try await cohorts.remove(cohort: "desk", userIDs: [ana.id, "absent"])
        #expect(c.members.isEmpty)
        #expect(try await cohorts.cohorts().map(\.name) == ["desk"])
        #expect(try await cohorts.delete(name: "desk"))
        #expect(try await cohorts.delete(name: "desk") == false)
        #expect(try await cohorts.cohort(name: "desk") == nil)
    }
}
