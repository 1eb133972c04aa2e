import AlertsCore
import Foundation
import SQLKit
import Storage
import Testing

/// `sc.jobs` as workers see it: unique keys, leases, retries with backoff, dead jobs, rescue of expired leases; the
/// scheduler lease; schedules; abandoned runs. Both engines.
@Suite("job queue")
struct JobQueueTests {
    func queue(_ engine: DatabaseEngine) async throws -> (TestDatabase, SQLJobQueue) {
        let db = try await TestDatabase.make(engine)
        return (db, SQLJobQueue(store: db.store))
    }

    @Test("a stream's jobs are claimed one at a time in stream order, however many workers ask; other jobs pass by", arguments: TestEngines.all)
    func streamsInOrder(engine: DatabaseEngine) async throws {
        let (db, q) = try await queue(engine)
        defer { Task { await db.cleanup() } }
        // Queued late-first: the order is the stream order, not the queue order.
        var ids: [Int64: Int64] = [:]
        for order in [3, 1, 2] as [Int64] {
            let job = try #require(
                try await q.enqueue(
                    kind: "alert_run", payload: "{}", uniqueKey: "s|\(order)", stream: "s", streamOrder: order, runAfter: 0, maxAttempts: 2, now: 0))
            ids[order] = job.id
        }
        let free = try #require(try await q.enqueue(kind: "alert_run", payload: "{}", uniqueKey: nil, runAfter: 0, maxAttempts: 2, now: 0))
        let first = try await q.claim(owner: "w1", kinds: [], limit: 10, now: 1, leaseUntil: 100)
        #expect(Set(first.map(\.id)) == [ids[1]!, free.id])
        // While order 1 runs, a second worker gets nothing of the stream.
        #expect(try await q.claim(owner: "w2", kinds: [], limit: 10, now: 2, leaseUntil: 100).isEmpty)
        #expect(try await q.complete(id: ids[1]!, owner: "w1", now: 3) == .recorded(.done))
        #expect(try await q.claim(owner: "w2", kinds: [], limit: 10, now: 4, leaseUntil: 100).map(\.id) == [ids[2]!])
        // A failure that will be retried holds the stream; a dead job releases it.
        #expect(try await q.fail(id: ids[2]!, owner: "w2", error: "boom", retryAt: 50, now: 5) == .recorded(.queued))
        #expect(try await q.claim(owner: "w1", kinds: [], limit: 10, now: 6, leaseUntil: 100).isEmpty)
        #expect(try await q.claim(owner: "w1", kinds: [], limit: 10, now: 50, leaseUntil: 200).map(\.id) == [ids[2]!])
        #expect(try await q.fail(id: ids[2]!, owner: "w1", error: "boom", retryAt: 60, now: 51) == .recorded(.dead))
        #expect(try await q.claim(owner: "w1", kinds: [], limit: 10, now: 52, leaseUntil: 200).map(\.id) == [ids[3]!])
        // A stream without its order is refused.
        await #expect(throws: StorageError.self) {
            _ = try await q.enqueue(kind: "x", payload: "{}", uniqueKey: nil, stream: "s", streamOrder: nil, runAfter: 0, maxAttempts: 1, now: 0)
        }
    }

    @Test(
        "a unique key queues once; claims lease jobs to one owner; complete, and a late report from a lost lease changes nothing",
        arguments: TestEngines.all)
    func claimAndComplete(engine: DatabaseEngine) async throws {
        let (db, q) = try await queue(engine)
        defer { Task { await db.cleanup() } }
        let a = try #require(
            try await q.enqueue(kind: "alert_run", payload: #"{"as_of":1}"#, uniqueKey: "k1", runAfter: 100, maxAttempts: 3, now: 100))
        #expect(try await q.enqueue(kind: "alert_run", payload: #"{"as_of":1}"#, uniqueKey: "k1", runAfter: 100, maxAttempts: 3, now: 101) == nil)
        let b = try #require(try await q.enqueue(kind: "training", payload: "{}", uniqueKey: nil, runAfter: 500, maxAttempts: 3, now: 100))
        #expect(a.state == .queued && a.attempts == 0 && a.payload.contains("as_of"))
        // Not yet due: b waits for 500. Kinds filter.
        #expect(try await q.claim(owner: "w1", kinds: ["training"], limit: 5, now: 200, leaseUntil: 1_200).isEmpty)
        let claimed = try await q.claim(owner: "w1", kinds: [], limit: 5, now: 200, leaseUntil: 1_200)
        #expect(claimed.map(\.id) == [a.id])
        #expect(claimed[0].state == .running && claimed[0].attempts == 1 && claimed[0].leaseOwner == "w1" && claimed[0].leaseExpiresAt == 1_200)
        // Held: nobody else gets it before the lease ends.
        #expect(try await q.claim(owner: "w2", kinds: ["alert_run"], limit: 5, now: 300, leaseUntil: 1_300).isEmpty)
        #expect(try await q.renew(id: a.id, owner: "w1", leaseUntil: 2_000, now: 400))
        #expect(try await !q.renew(id: a.id, owner: "w2", leaseUntil: 2_000, now: 400))
        #expect(try await q.complete(id: a.id, owner: "w2", now: 500) == .leaseLost)
        #expect(try await q.complete(id: a.id, owner: "w1", now: 500) == .recorded(.done))
        #expect(try await q.complete(id: a.id, owner: "w1", now: 501) == .leaseLost)
        let done = try #require(try await q.job(id: a.id))
        #expect(done.state == .done && done.finishedAt == 500 && done.leaseOwner == nil)
        // The unique key still holds after the job is done.
        #expect(try await q.enqueue(kind: "alert_run", payload: "{}", uniqueKey: "k1", runAfter: 600, maxAttempts: 3, now: 600) == nil)
        #expect(try await q.claim(owner: "w1", kinds: [], limit: 5, now: 600, leaseUntil: 1_600).map(\.id) == [b.id])
        // Bad input is refused naming what is wrong, and writes nothing.
        await #expect(throws: StorageError.self) {
            _ = try await q.enqueue(kind: "", payload: "{}", uniqueKey: nil, runAfter: 0, maxAttempts: 3, now: 0)
        }
        await #expect(throws: StorageError.self) {
            _ = try await q.enqueue(kind: "x", payload: "not json", uniqueKey: nil, runAfter: 0, maxAttempts: 3, now: 0)
        }
        await #expect(throws: StorageError.self) {
            _ = try await q.enqueue(kind: "x", payload: "{}", uniqueKey: nil, runAfter: 0, maxAttempts: 0, now: 0)
        }
        #expect(try await q.jobs(state: nil, kind: nil, limit: 100).count == 2)
    }

    @Test("a failed attempt waits for its retry time; the last one is dead with its error; retry queues it again", arguments: TestEngines.all)
    func retriesAndDead(engine: DatabaseEngine) async throws {
        let (db, q) = try await queue(engine)
        defer { Task { await db.cleanup() } }
        let job = try #require(try await q.enqueue(kind: "alert_run", payload: "{}", uniqueKey: nil, runAfter: 0, maxAttempts: 2, now: 0))
        _ = try await q.claim(owner: "w", kinds: [], limit: 1, now: 10, leaseUntil: 1_000)
        #expect(try await q.fail(id: job.id, owner: "w", error: "provider down", retryAt: 5_000, now: 20) == .recorded(.queued))
        #expect(try await q.claim(owner: "w", kinds: [], limit: 1, now: 4_999, leaseUntil: 9_000).isEmpty)
        let second = try await q.claim(owner: "w", kinds: [], limit: 1, now: 5_000, leaseUntil: 9_000)
        #expect(second.map(\.attempts) == [2] && second.first?.lastError == "provider down")
        #expect(try await q.fail(id: job.id, owner: "w", error: "still down", retryAt: 99_000, now: 5_100) == .recorded(.dead))
        let dead = try #require(try await q.job(id: job.id))
        #expect(dead.state == .dead && dead.lastError == "still down" && dead.finishedAt == 5_100)
        #expect(try await q.claim(owner: "w", kinds: [], limit: 1, now: 1_000_000, leaseUntil: 2_000_000).isEmpty)
        #expect(try await q.jobs(state: .dead, kind: nil, limit: 10).map(\.id) == [job.id])
        let again = try await q.retry(id: job.id, now: 200_000)
        #expect(again.state == .queued && again.attempts == 0 && again.runAfter == 200_000)
        await #expect(throws: StorageError.self) { _ = try await q.retry(id: 987_654, now: 0) }
        _ = try await q.claim(owner: "w", kinds: [], limit: 1, now: 200_000, leaseUntil: 300_000)
        await #expect(throws: StorageError.self) { _ = try await q.retry(id: job.id, now: 200_001) }
    }

    @Test(
        "an expired lease is rescued by another worker (attempt counted); spent attempts make it dead naming the lease; release gives a job back",
        arguments: TestEngines.all)
    func rescueAndRelease(engine: DatabaseEngine) async throws {
        let (db, q) = try await queue(engine)
        defer { Task { await db.cleanup() } }
        let job = try #require(try await q.enqueue(kind: "alert_run", payload: "{}", uniqueKey: nil, runAfter: 0, maxAttempts: 2, now: 0))
        _ = try await q.claim(owner: "dies", kinds: [], limit: 1, now: 0, leaseUntil: 100)
        let rescued = try await q.claim(owner: "rescuer", kinds: [], limit: 1, now: 101, leaseUntil: 500)
        #expect(rescued.map(\.attempts) == [2] && rescued.first?.leaseOwner == "rescuer")
        #expect(try await q.complete(id: job.id, owner: "dies", now: 102) == .leaseLost)
        // The rescuer dies too, on the last attempt: the next claim finds the job dead with the reason.
        #expect(try await q.claim(owner: "third", kinds: [], limit: 1, now: 501, leaseUntil: 900).isEmpty)
        let dead = try #require(try await q.job(id: job.id))
        #expect(dead.state == .dead && dead.lastError?.contains("lease of rescuer expired on attempt 2 of 2") == true, "\(dead.lastError ?? "")")

        let other = try #require(try await q.enqueue(kind: "training", payload: "{}", uniqueKey: nil, runAfter: 0, maxAttempts: 3, now: 0))
        _ = try await q.claim(owner: "w", kinds: ["training"], limit: 1, now: 1_000, leaseUntil: 2_000)
        #expect(try await q.release(id: other.id, owner: "w", now: 1_100) == .recorded(.queued))
        let back = try #require(try await q.job(id: other.id))
        #expect(back.state == .queued && back.attempts == 0 && back.leaseOwner == nil)
        let status = try await q.status(now: 2_000)
        #expect(status.map(\.kind) == ["alert_run", "training"])
        #expect(status[0].dead == 1 && status[1].queued == 1 && status[1].oldestWaitingMillis == 900)
    }

    @Test("two workers claiming at once take disjoint jobs (PostgreSQL: SKIP LOCKED; SQLite: serialised claims)", arguments: TestEngines.all)
    func concurrentClaims(engine: DatabaseEngine) async throws {
        let (db, q) = try await queue(engine)
        defer { Task { await db.cleanup() } }
        for i in 0..<40 { _ = try await q.enqueue(kind: "alert_run", payload: "{}", uniqueKey: "j\(i)", runAfter: 0, maxAttempts: 3, now: 0) }
        let ids = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for w in 0..<4 {
                group.addTask {
                    var mine: [Int64] = []
                    while true {
                        let got = try await q.claim(owner: "w\(w)", kinds: [], limit: 3, now: 10, leaseUntil: 100_000)
                        if got.isEmpty { return mine }
                        mine += got.map(\.id)
                    }
                }
            }
            var all: [[Int64]] = []
            for try await m in group { all.append(m) }
            return all
        }
        let flat = ids.flatMap { $0 }
        #expect(flat.count == 40 && Set(flat).count == 40)
    }

    @Test("the scheduler lease: one owner at a time, renewable by its holder, taken over once expired", arguments: TestEngines.all)
    func namedLease(engine: DatabaseEngine) async throws {
        let (db, q) = try await queue(engine)
        defer { Task { await db.cleanup() } }
        #expect(try await q.acquireLease(name: "scheduler", owner: "a", until: 1_000, now: 0))
        #expect(try await !q.acquireLease(name: "scheduler", owner: "b", until: 1_500, now: 500))
        #expect(try await q.acquireLease(name: "scheduler", owner: "a", until: 2_000, now: 900))
        #expect(try await !q.acquireLease(name: "scheduler", owner: "b", until: 2_500, now: 1_999))
        #expect(try await q.acquireLease(name: "scheduler", owner: "b", until: 3_000, now: 2_001))
        #expect(try await q.acquireLease(name: "other", owner: "a", until: 3_000, now: 2_001))
    }

    @Test(
        "schedules: create checks model, universe and user; list, pause, resume, delete; abandoned runs are marked",
        arguments: TestEngines.all)
    func schedulesAndAbandonedRuns(engine: DatabaseEngine) async throws {
        let setup = try await AlertRepositoryTests().setup(engine)
        defer { Task { await setup.db.cleanup() } }
        let store = setup.db.store
        let schedules = SQLScheduleStore(store: store)
        let user = try await SQLUserStore(store: store).createUser(name: "ana", email: nil)
        let made = try await schedules.create(
            AlertSchedule(modelName: "swing-us", packName: nil, universe: " preset:us-mega-30 ", userID: user.id, createdBy: "t", createdAt: 5))
        #expect(made.universe == "preset:us-mega-30")
        for bad in [
            AlertSchedule(modelName: "nope", packName: nil, universe: "AAPL", userID: nil, createdBy: "t", createdAt: 5),
            AlertSchedule(modelName: "swing-us", packName: "p", universe: "AAPL", userID: nil, createdBy: "t", createdAt: 5),
            AlertSchedule(modelName: "swing-us", packName: nil, universe: "  ", userID: nil, createdBy: "t", createdAt: 5),
            AlertSchedule(modelName: "swing-us", packName: nil, universe: "AAPL", userID: "nobody", createdBy: "t", createdAt: 5),
        ] {
            await #expect(throws: StorageError.self) { _ = try await schedules.create(bad) }
        }
        #expect(try await schedules.schedules(includePaused: false).map(\.id) == [made.id])
        _ = try await schedules.setPaused(id: made.id, paused: true)
        #expect(try await schedules.schedules(includePaused: false).isEmpty)
        #expect(try await schedules.schedules(includePaused: true).map(\.paused) == [true])
        try await schedules.markEnqueued(id: made.id, asOf: 900)
        try await schedules.markEnqueued(id: made.id, asOf: 800)
        #expect(try await schedules.schedule(id: made.id).lastEnqueuedAsOf == 900)
        try await schedules.delete(id: made.id)
        await #expect(throws: StorageError.self) { try await schedules.delete(id: made.id) }

        let run = try await AlertRepositoryTests().begin(setup)
        #expect(try await SQLAlertRunRepository(store: store).abandonStaleRuns(startedBefore: 0, now: 10) == 0)
        #expect(try await SQLAlertRunRepository(store: store).abandonStaleRuns(startedBefore: Clock.nowMillis() + 1, now: 10) == 1)
        let record = try await setup.alerts.runs.run(id: run)
        #expect(record.status == "failed" && record.error?.hasPrefix("abandoned:") == true)
    }
}
