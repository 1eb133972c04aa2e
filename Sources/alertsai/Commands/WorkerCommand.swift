import ArgumentParser
import Foundation
import Logging
import MarketData
import Server
import ServiceLifecycle
import Storage

/// Opens the configured store for one command and closes it however the command ends.
func withStore<T>(_ global: GlobalOptions, _ body: (AppConfig, any Store) async throws -> T) async throws -> T {
    let config = try await global.load()
    let store = try await openStore(config)
    do {
        let result = try await body(config, store)
        await store.shutdown()
        return result
    } catch {
        await store.shutdown()
        throw error
    }
}

/// `alertsai worker [--concurrency N] [--kinds alert_run,…] [--once]`: works the job queue (docs/OPERATIONS.md).
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Work the job queue: scheduled alert runs, outcome resolutions, webhook deliveries, training.",
        discussion: """
            Claims jobs from sc.jobs under a lease it renews while working (PostgreSQL: FOR UPDATE SKIP LOCKED, so any \
            number of workers on one database take disjoint jobs; SQLite: one worker at a time is the sane setup). Failed \
            attempts are retried with backoff (30 s × 4ⁿ, at most 1 h); after max_attempts a job is dead with its error \
            (`alertsai jobs list --state dead`, `alertsai jobs retry ID`). Every worker also ticks the scheduler and \
            rescues what dead processes left. SIGTERM or SIGINT: no new claims; the jobs in hand finish.

            Examples:
              alertsai worker
              alertsai worker --once
              alertsai worker --kinds alert_run,outcome_resolution --concurrency 4 --no-scheduler
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Jobs done at once.") var concurrency = 2
    @Option(help: "Only these kinds (comma-separated): alert_run, outcome_resolution, webhook_delivery, training.") var kinds: String?
    @Option(name: .customLong("lease-seconds"), help: "How long a claim holds a job between renewals.") var leaseSeconds = 60
    @Flag(help: "Do what is due now (one scheduler tick, then passes until nothing is due) and exit.") var once = false
    @Flag(name: .customLong("no-scheduler"), help: "Do not tick the scheduler (serve or another worker does).") var noScheduler = false

    func validate() throws {
        guard (1...64).contains(concurrency) else { throw ValidationError("--concurrency must be 1–64, got \(concurrency)") }
        guard (5...3600).contains(leaseSeconds) else { throw ValidationError("--lease-seconds must be 5–3600, got \(leaseSeconds)") }
        if let kinds { _ = try JobKind.parseList(kinds) }
    }

    func run() async throws {
        let config = try await global.load()
        var logger = Logger(label: "alertsai.worker")
        logger.logLevel = config.logLevel
        let store = try await openStore(config)
        let runner = JobRunner(store: store, config: config, logger: logger)
        let worker = JobWorker(
            runner: runner, kinds: try kinds.map(JobKind.parseList) ?? JobKind.allCases, concurrency: concurrency,
            leaseMillis: Int64(leaseSeconds) * 1000, scheduler: noScheduler ? nil : AlertScheduler(store: store, logger: logger), logger: logger)
        let print: @Sendable (JobOutcome) -> Void = { o in
            let line = "\(Timestamps.iso8601(Clock.nowMillis()))  job \(o.job.id) \(o.job.kind) attempt \(o.job.attempts): \(o.result) — \(o.detail)"
            Swift.print(line)
        }
        do {
            if once {
                _ = try await worker.rescue()
                if let scheduler = worker.scheduler {
                    let tick = try await scheduler.tick(owner: worker.owner)
                    if tick.acted {
                        Swift.print("scheduler: queued \(tick.alertRuns.count) alert run(s), \(tick.outcomeResolutions.count) resolution(s)")
                    }
                    for (id, why) in tick.problems.sorted(by: { $0.key < $1.key }) { Swift.print("schedule \(id): \(why)") }
                }
                var done = 0
                while true {
                    let outcomes = try await worker.pass()
                    if outcomes.isEmpty { break }
                    outcomes.forEach(print)
                    done += outcomes.count
                }
                Swift.print("worker --once: \(done) job(s) handled")
            } else {
                Swift.print("worker \(worker.owner): kinds \(worker.kinds.map(\.rawValue).joined(separator: ",")), concurrency \(concurrency)")
                let group = ServiceGroup(
                    configuration: .init(
                        services: [.init(service: JobWorkerService(worker: worker, onJob: print))], gracefulShutdownSignals: [.sigterm, .sigint],
                        logger: logger))
                try await group.run()
            }
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
    }
}

/// `alertsai jobs status|list|retry`: the queue for people.
struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs", abstract: "Inspect the job queue: counts by kind and state, dead jobs, retries.",
        discussion: """
            Jobs come from schedules, `alertsai alerts run --from … --to … --enqueue` and `alertsai jobs enqueue`; \
            `alertsai worker` does them.

            Examples:
              alertsai jobs status
              alertsai jobs list --state dead
              alertsai jobs retry 42
            """,
        subcommands: [Status.self, List.self, Retry.self, Enqueue.self])

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status", abstract: "Jobs by kind and state, and how long the oldest due job has waited.",
            discussion: """
                One row per kind: queued, running, done and dead counts, and the wait of the oldest job due to run.

                Examples:
                  alertsai jobs status
                  alertsai jobs status --json
                """)
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await withStore(global) { _, store in
                let rows = try await SQLJobQueue(store: store).status(now: Clock.nowMillis())
                if json {
                    try UsersCommand.printJSON(["kinds": rows])
                    return
                }
                guard !rows.isEmpty else {
                    print("no jobs yet (a schedule, `alertsai alerts run --enqueue` or `alertsai jobs enqueue` queues some)")
                    return
                }
                print(
                    Table.render(
                        header: ["kind", "queued", "running", "done", "dead", "oldest waiting"],
                        rows: rows.map {
                            [$0.kind, "\($0.queued)", "\($0.running)", "\($0.done)", "\($0.dead)", $0.oldestWaitingMillis.map(Self.age) ?? "-"]
                        }))
            }
        }

        static func age(_ ms: Int64) -> String {
            ms < 60_000 ? String(format: "%.1f s", Double(ms) / 1000) : ms < 3_600_000 ? "\(ms / 60_000) min" : "\(ms / 3_600_000) h"
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List jobs, newest first.",
            discussion: """
                One row per job: id, kind, state, attempts out of the most allowed, when it may run next and the start of its \
                last error.

                Examples:
                  alertsai jobs list
                  alertsai jobs list --state dead --kind webhook_delivery --limit 10
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only jobs in this state: queued, running, done, dead.") var state: String?
        @Option(help: "Only jobs of this kind.") var kind: String?
        @Option(help: "At most this many.") var limit = 50
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            if let state, JobState(rawValue: state) == nil {
                throw ValidationError("--state: '\(state)' is not one of \(JobState.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be 1–10000") }
        }

        func run() async throws {
            try await withStore(global) { _, store in
                let jobs = try await SQLJobQueue(store: store).jobs(state: state.flatMap(JobState.init(rawValue:)), kind: kind, limit: limit)
                if json {
                    try UsersCommand.printJSON(["jobs": jobs])
                    return
                }
                print(
                    Table.render(
                        header: ["id", "kind", "state", "attempts", "run after", "error"],
                        rows: jobs.map {
                            [
                                "\($0.id)", $0.kind, $0.state.rawValue, "\($0.attempts)/\($0.maxAttempts)", Timestamps.iso8601($0.runAfter),
                                String(($0.lastError ?? "").prefix(100)),
                            ]
                        }))
            }
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retry", abstract: "Queue a dead job again now, its attempts reset.",
            discussion: """
                A queued job is moved to now; a running or done job is refused.

                Examples:
                  alertsai jobs retry 42
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The job id (`alertsai jobs list --state dead`).") var id: Int64

        func run() async throws {
            try await withStore(global) { _, store in
                do {
                    let job = try await SQLJobQueue(store: store).retry(id: id, now: Clock.nowMillis())
                    print("job \(job.id) \(job.kind) queued again")
                } catch let e as StorageError {
                    throw CommandFailure("\(e)")
                }
            }
        }
    }

    struct Enqueue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "enqueue", abstract: "Queue one job by hand: outcome_resolution, webhook_delivery or training.",
            discussion: """
                alert_run jobs come from schedules and `alertsai alerts run --from … --to … --enqueue`.

                Examples:
                  alertsai jobs enqueue outcome_resolution
                  alertsai jobs enqueue training --training-config examples/daily-us-equities.yaml
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "outcome_resolution, webhook_delivery or training.") var kind: String
        @Option(name: .customLong("training-config"), help: "For training: the training config file the worker reads.") var trainingConfig: String?

        func run() async throws {
            guard let k = JobKind(rawValue: kind), k != .alertRun else {
                throw ValidationError("kind: outcome_resolution, webhook_delivery or training")
            }
            let payload: String
            switch k {
            case .training:
                guard let trainingConfig else { throw ValidationError("training needs --training-config FILE") }
                let path = URL(fileURLWithPath: trainingConfig).standardizedFileURL.path
                guard FileManager.default.fileExists(atPath: path) else { throw ValidationError("--training-config: \(path) does not exist") }
                let data = try JSONEncoder().encode(["config": path])
                payload = String(decoding: data, as: UTF8.self)
            default:
                payload = "{}"
            }
            try await withStore(global) { _, store in
                let now = Clock.nowMillis()
                guard
                    let job = try await SQLJobQueue(store: store).enqueue(
                        kind: k.rawValue, payload: payload, uniqueKey: nil, runAfter: now, maxAttempts: 5, now: now)
                else { return }
                print("queued job \(job.id) \(job.kind); `alertsai worker` does it")
            }
        }
    }
}
