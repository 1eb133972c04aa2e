import Alerting
import AlertsCore
import Foundation
import Logging
import MarketData
import SQLKit
import Server
import Storage
import TestSupport
import Testing

/// The scheduler, the worker and crash recovery on a real store with a published model (docs/OPERATIONS.md).
@Suite("scheduler and worker", .serialized)
struct JobWorkerTests {
    /// Friday 2024-06-28, 21:00 UTC: an hour after the NYSE close.
    static let afterClose: Int64 = 1_719_608_400_000
    static let close: Int64 = 1_719_604_800_000

    struct Fixture {
        let config: AppConfig
        let dir: URL
        let store: any Store
        let clock: TestClock

        func runner() -> JobRunner {
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            return JobRunner(store: store, config: config, logger: logger, now: clock.read)
        }

        func worker(owner: String, concurrency: Int = 4) -> JobWorker {
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            return JobWorker(runner: runner(), owner: owner, concurrency: concurrency, leaseMillis: 60_000, logger: logger)
        }

        func scheduler() -> AlertScheduler {
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            return AlertScheduler(store: store, logger: logger, now: clock.read)
        }

        func count(_ sql: String) async throws -> Int {
            try await store.withConnection { db in
                try await db.raw(SQLQueryString(sql)).first()?.decode(column: "n", as: Int.self) ?? -1
            }
        }

        func cleanup() async {
            await store.shutdown()
            try? FileManager.default.removeItem(at: dir)
        }
    }

    /// A queued-looking job row around an `alert_run` payload, for `JobRunner.execute`.
    static func job(_ p: AlertRunJob) throws -> Job {
        let payload = String(decoding: try JSONEncoder().encode(p), as: UTF8.self)
        let row: [String: Any] = [
            "id": 0, "kind": "alert_run", "payload": payload, "state": "running", "attempts": 1, "max_attempts": 1, "run_after": 0,
            "created_at": 0, "updated_at": 0,
        ]
        return try JSONDecoder().decode(Job.self, from: try JSONSerialization.data(withJSONObject: row))
    }

    func fixture() async throws -> Fixture {
        var (config, dir) = temporaryConfig()
        config.webhookInterval = 0
        _ = try await publishTestModel(config, name: "swing", features: ScoreEndpointTests.features, threshold: 0)
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let store = try await openConfiguredStore(config, logger: logger)
        return Fixture(config: config, dir: dir, store: store, clock: TestClock(Self.afterClose))
    }

    @Test("a schedule queues one alert_run per closed bar, once, from one scheduler at a time; the worker runs it and its follow-ups")
    func scheduledRun() async throws {
        let f = try await fixture()
        defer { Task { await f.cleanup() } }
        let schedule = try await SQLScheduleStore(store: f.store).create(
            AlertSchedule(modelName: "swing", packName: nil, universe: "AAPL,MSFT", userID: nil, createdBy: "test", createdAt: 0))
        let scheduler = f.scheduler()
        let first = try await scheduler.tick(owner: "serve-1")
        #expect(first.acted && first.alertRuns == [schedule.id: Self.close] && first.outcomeResolutions == [Self.close], "\(first)")
        // A second instance at the same moment does nothing; the holder's next tick finds the bar queued already.
        #expect(try await !scheduler.tick(owner: "serve-2").acted)
        let again = try await scheduler.tick(owner: "serve-1")
        #expect(again.acted && again.alertRuns.isEmpty && again.outcomeResolutions.isEmpty)
        #expect(try await f.count("SELECT COUNT(*) AS n FROM sc.jobs") == 2)

        let worker = f.worker(owner: "worker-1")
        let pass = try await worker.pass()
        #expect(pass.map(\.result) == ["done", "done"], "\(pass.map(\.detail))")
        #expect(pass.first?.detail.contains("alerted 2") == true, "\(pass.map(\.detail))")
        #expect(try await f.count("SELECT COUNT(*) AS n FROM sc.alerts") == 2)
        // The run queued its webhook pass; it finds nothing to send.
        let follow = try await worker.pass()
        #expect(follow.map(\.job.kind) == ["webhook_delivery"] && follow.map(\.result) == ["done"])
        #expect(try await worker.pass().isEmpty)
        #expect(try await SQLScheduleStore(store: f.store).schedule(id: schedule.id).lastEnqueuedAsOf == Self.close)

        // A month later the holds are over: an outcome resolution job resolves both alerts, and they are live trades
        // of swing v1 (no promise: the test model was registered without one).
        f.clock.advance(seconds: 30 * 86_400)
        let payload = String(decoding: try JSONEncoder().encode(OutcomeResolutionJob(asOf: nil)), as: UTF8.self)
        _ = try await SQLJobQueue(store: f.store).enqueue(
            kind: "outcome_resolution", payload: payload, uniqueKey: nil, runAfter: 0, maxAttempts: 3, now: f.clock.millis)
        let resolved = try await worker.pass()
        #expect(resolved.map(\.result) == ["done"] && resolved.first?.detail.contains("resolved 2") == true, "\(resolved.map(\.detail))")
        let live = try await SQLOutcomeRepository(store: f.store).liveTrades()
        #expect(live.map(\.modelName) == ["swing"] && live.first?.trades.count == 2)
        let judged = try await LivePromiseReport.export(from: SQLOutcomeRepository(store: f.store), registry: SQLModelRegistry(store: f.store))
        #expect(judged.map(\.status) == ["no_promise"] && LivePromiseReport.table(judged).contains("swing@v1"))
        f.clock.advance(seconds: -30 * 86_400)

        // The next session: Monday's close queues Monday's bar.
        f.clock.advance(seconds: 3 * 86_400)
        let monday = try await scheduler.tick(owner: "serve-2")
        #expect(monday.acted && monday.alertRuns[schedule.id] == Self.close + 3 * 86_400_000, "\(monday)")
        // Paused schedules queue nothing.
        _ = try await SQLScheduleStore(store: f.store).setPaused(id: schedule.id, paused: true)
        f.clock.advance(seconds: 86_400)
        #expect(try await scheduler.tick(owner: "serve-2").alertRuns.isEmpty)
    }

    @Test("alert_run keys: the unique key is the stream and the instant; a long universe is held as its digest in both")
    func alertRunKeys() {
        let job = AlertRunJob(model: "swing", pack: nil, universe: "AAPL,MSFT", userID: nil, asOf: 1_719_604_800_000)
        #expect(job.stream == "alert_run|model:swing|AAPL,MSFT|*")
        #expect(job.uniqueKey == "alert_run|model:swing|AAPL,MSFT|*|1719604800000")
        let long = String(repeating: "ABCD,", count: 60)
        let packJob = AlertRunJob(model: nil, pack: "core", universe: long, userID: "u1", asOf: 5)
        let digest = DirectoryArtifactStore.digest(Data(long.utf8))
        #expect(packJob.stream == "alert_run|pack:core|u1|" + digest)
        #expect(packJob.uniqueKey == "alert_run|pack:core|u1|5|" + digest)
        // Another bar of the same stream has another unique key.
        #expect(AlertRunJob(model: "swing", pack: nil, universe: "AAPL,MSFT", userID: nil, asOf: 7).stream == job.stream)
        // A cohort is its own audience: its stream and keys are not the shared feed's.
        let desk = AlertRunJob(model: "swing", pack: nil, universe: "AAPL,MSFT", userID: nil, asOf: 7, cohort: "desk")
        #expect(desk.stream == "alert_run|model:swing|AAPL,MSFT|cohort:desk")
        #expect(desk.uniqueKey == "alert_run|model:swing|AAPL,MSFT|cohort:desk|7")
        let decoded = try? JSONDecoder().decode(AlertRunJob.self, from: JSONEncoder().encode(desk))
        #expect(decoded == desk)
    }

    @Test("the last closed bar: session closes for daily models, bar ends for hourly ones, nothing mid-bar")
    func lastClosedBar() throws {
        let nyse = ExchangeMarketAdapter.of(.us).calendar
        // Friday 21:00 UTC → Friday's close; Saturday → still Friday's; Monday 14:00 UTC (before the open) → Friday's.
        #expect(AlertScheduler.lastClosedBar(.d1, calendar: nyse, at: Self.afterClose) == Self.close)
        #expect(AlertScheduler.lastClosedBar(.d1, calendar: nyse, at: Self.afterClose + 86_400_000) == Self.close)
        #expect(AlertScheduler.lastClosedBar(.d1, calendar: nyse, at: Self.close + 3 * 86_400_000 - 6 * 3_600_000) == Self.close)
        // Friday 15:45 UTC (11:45 New York): the 10:30–11:30 bar is the last closed hour bar.
        let open: Int64 = Self.close - 390 * 60_000
        let t = open + 135 * 60_000
        #expect(AlertScheduler.lastClosedBar(.h1, calendar: nyse, at: t) == open + 120 * 60_000)
        #expect(AlertScheduler.lastClosedBar(.h1, calendar: nyse, at: Self.close + 60_000) == Self.close)
    }

    @Test("crash recovery: a run left running is abandoned and its bar runs again without a duplicate; an expired lease is rescued")
    func crashRecovery() async throws {
        let f = try await fixture()
        defer { Task { await f.cleanup() } }
        let spec = try await SQLModelRegistry(store: f.store).published(name: "swing")
        let alerts = AlertRepositories(store: f.store)
        // A run that wrote its alerts, and one that a killed process left `running` (started an hour ago).
        let job = AlertRunJob(model: "swing", pack: nil, universe: "AAPL,MSFT", userID: nil, asOf: Self.close)
        _ = try await f.runner().execute(try Self.job(job))
        let stale = AlertRunRecord(
            modelSpecID: spec.id, packID: nil, universe: "AAPL,MSFT", userID: nil, asOf: Self.close, startedAt: f.clock.millis - 3_600_000)
        try await alerts.runs.beginRun(stale)
        let worker = f.worker(owner: "rescuer")
        #expect(try await worker.rescue() == 1)
        let marked = try await alerts.runs.run(id: stale.id)
        #expect(marked.status == "failed" && marked.error?.hasPrefix("abandoned:") == true)
        #expect(try await worker.rescue() == 0)
        // The bar again (what the rescuer's retry does): every alert is a duplicate, none written twice.
        let rerun = try await f.runner().execute(try Self.job(job))
        #expect(rerun.contains("alerted 0") && rerun.contains("duplicate 2"), "\(rerun)")
        #expect(try await f.count("SELECT COUNT(*) AS n FROM sc.alerts") == 2)

        // The first run queued its webhook pass: done here, so the queue is empty.
        #expect(try await worker.pass().map(\.job.kind) == ["webhook_delivery"])
        // A worker that claimed a job and died: after its lease another worker does the job.
        let queue = SQLJobQueue(store: f.store)
        let payload = try JSONEncoder().encode(OutcomeResolutionJob(asOf: Self.close))
        let queued = try #require(
            try await queue.enqueue(
                kind: "outcome_resolution", payload: String(decoding: payload, as: UTF8.self), uniqueKey: nil, runAfter: 0, maxAttempts: 3,
                now: 0))
        let now = f.clock.millis
        _ = try await queue.claim(owner: "killed", kinds: [], limit: 1, now: now, leaseUntil: now + 1_000)
        #expect(try await worker.pass().isEmpty, "the lease still holds")
        f.clock.advance(seconds: 1.001)
        let rescued = try await worker.pass()
        #expect(rescued.map(\.job.id) == [queued.id] && rescued.map(\.result) == ["done"] && rescued.first?.job.attempts == 2)
    }

    @Test("a job that keeps failing is retried with backoff and ends dead with its error; a bad payload names itself")
    func failingJob() async throws {
        let f = try await fixture()
        defer { Task { await f.cleanup() } }
        let queue = SQLJobQueue(store: f.store)
        let job = AlertRunJob(model: "no-such-model", pack: nil, universe: "AAPL", userID: nil, asOf: Self.close)
        let payload = String(decoding: try JSONEncoder().encode(job), as: UTF8.self)
        let queued = try #require(
            try await queue.enqueue(kind: "alert_run", payload: payload, uniqueKey: job.uniqueKey, runAfter: 0, maxAttempts: 2, now: 0))
        _ = try await queue.enqueue(kind: "alert_run", payload: #"{"universe": 5}"#, uniqueKey: nil, runAfter: 0, maxAttempts: 1, now: 0)
        let worker = f.worker(owner: "w")
        let first = try await worker.pass()
        #expect(first.map(\.result) == ["queued", "dead"], "\(first.map(\.detail))")
        #expect(first[0].detail.contains("no-such-model"))
        #expect(first[1].detail.contains("alert_run payload") && first[1].detail.contains("does not decode"))
        #expect(try await worker.pass().isEmpty, "the retry waits 30 s")
        #expect(JobWorker.retryDelayMillis(afterAttempt: 1) == 30_000 && JobWorker.retryDelayMillis(afterAttempt: 2) == 120_000)
        #expect(JobWorker.retryDelayMillis(afterAttempt: 9) == 3_600_000)
        f.clock.advance(seconds: 30)
        let second = try await worker.pass()
        #expect(second.map(\.result) == ["dead"])
        let dead = try #require(try await queue.job(id: queued.id))
        #expect(dead.state == .dead && dead.attempts == 2 && dead.lastError?.contains("no-such-model") == true)
    }
}
