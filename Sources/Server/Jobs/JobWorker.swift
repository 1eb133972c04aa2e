import Alerting
import Foundation
import Logging
import ServiceLifecycle
import Storage

/// What became of one claimed job.
public struct JobOutcome: Sendable, Hashable {
    public var job: Job
    /// `done`, `queued` (to be retried), `dead`, `released` or `lease_lost`.
    public var result: String
    /// What the job did, or its error.
    public var detail: String
}

/// Claims jobs from `sc.jobs` and does them (`alertsai worker`): up to `concurrency` at once, each under a lease it
/// renews every third of the lease while it works; a failure is retried after a growing backoff (30 s × 4ⁿ, at most
/// an hour) until the job's attempts are spent, then the job is `dead` with its error. Graceful shutdown (SIGTERM)
/// stops claiming and lets the jobs in hand finish. Any worker rescues jobs whose lease ran out (their worker died)
/// and marks alert runs left `running` past `runTimeout` as abandoned. docs/OPERATIONS.md.
public struct JobWorker: Sendable {
    public let runner: JobRunner
    public var owner: String
    public var kinds: [JobKind]
    public var concurrency: Int
    /// How long a claim holds a job without a renewal (ms).
    public var leaseMillis: Int64
    /// An alert run still `running` after this long is abandoned (ms).
    public var runTimeoutMillis: Int64
    /// The scheduler this worker ticks (nil: it only works the queue).
    public var scheduler: AlertScheduler?
    let logger: Logger

    public init(
        runner: JobRunner, owner: String = JobWorker.defaultOwner(), kinds: [JobKind] = JobKind.allCases, concurrency: Int = 2,
        leaseMillis: Int64 = 60_000, runTimeoutMillis: Int64 = 30 * 60_000, scheduler: AlertScheduler? = nil,
        logger: Logger = Logger(label: "alertsai.worker")
    ) {
        self.runner = runner
        self.owner = owner
        self.kinds = kinds
        self.concurrency = max(1, concurrency)
        self.leaseMillis = max(1_000, leaseMillis)
        self.runTimeoutMillis = runTimeoutMillis
        self.scheduler = scheduler
        self.logger = logger
    }

    /// `host:pid:random`: unique per process, readable in `lease_owner`.
    public static func defaultOwner() -> String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// The backoff after a failed attempt (1-based): 30 s, 2 min, 8 min, 32 min, then an hour.
    public static func retryDelayMillis(afterAttempt n: Int) -> Int64 {
        let seconds = 30.0 * pow(4.0, Double(max(0, n - 1)))
        return Int64(min(3_600, seconds) * 1000)
    }

    /// Rescues what dead processes left: alert runs still `running` after the run timeout. (Expired job leases are
    /// rescued by every claim.) Returns how many runs it marked.
    public func rescue() async throws -> Int {
        let now = runner.now()
        let n = try await SQLAlertRunRepository(store: runner.store).abandonStaleRuns(startedBefore: now - runTimeoutMillis, now: now)
        if n > 0 { logger.notice("marked \(n) alert run(s) abandoned (still running after \(runTimeoutMillis / 60_000) min)") }
        return n
    }

    /// One pass: claim up to `concurrency` due jobs and do them all; returns what became of each.
    public func pass() async throws -> [JobOutcome] {
        let now = runner.now()
        let claimed = try await runner.queue.claim(
            owner: owner, kinds: kinds.map(\.rawValue), limit: concurrency, now: now, leaseUntil: now + leaseMillis)
        guard !claimed.isEmpty else { return [] }
        return try await withThrowingTaskGroup(of: JobOutcome.self) { group in
            for job in claimed { group.addTask { try await work(job) } }
            var out: [JobOutcome] = []
            for try await o in group { out.append(o) }
            return out.sorted { $0.job.id < $1.job.id }
        }
    }

    /// Does one claimed job, renewing its lease meanwhile, and reports the result.
    func work(_ job: Job) async throws -> JobOutcome {
        let queue = runner.queue
        let owner = self.owner
        let lease = leaseMillis
        let runner = self.runner
        enum Step: Sendable {
            case finished(Result<String, JobError>)
            case leaseLost
        }
        let step: Step = try await withThrowingTaskGroup(of: Step?.self) { group in
            group.addTask {
                do {
                    return .finished(.success(try await runner.execute(job)))
                } catch let e as JobError {
                    return .finished(.failure(e))
                } catch is CancellationError {
                    throw CancellationError()
                } catch {
                    return .finished(.failure(.failed("\(error)")))
                }
            }
            group.addTask {
                while true {
                    try await Task.sleep(for: .milliseconds(lease / 3))
                    let now = runner.now()
                    if try await !queue.renew(id: job.id, owner: owner, leaseUntil: now + lease, now: now) { return .leaseLost }
                }
            }
            defer { group.cancelAll() }
            while let next = try await group.next() {
                if let next { return next }
            }
            return .leaseLost
        }
        let now = runner.now()
        switch step {
        case .leaseLost:
            logger.warning("job \(job.id) (\(job.kind)): lease lost to another worker; its result is not recorded")
            return JobOutcome(job: job, result: "lease_lost", detail: "the lease ran out and another worker took the job")
        case .finished(.success(let detail)):
            let report = try await queue.complete(id: job.id, owner: owner, now: now)
            logger.info("job \(job.id) \(job.kind) done: \(detail)")
            return JobOutcome(job: job, result: report == .leaseLost ? "lease_lost" : "done", detail: detail)
        case .finished(.failure(let error)):
            let retryAt = now + Self.retryDelayMillis(afterAttempt: job.attempts)
            let report = try await queue.fail(id: job.id, owner: owner, error: error.description, retryAt: retryAt, now: now)
            let state: String
            switch report {
            case .recorded(let s): state = s.rawValue
            case .leaseLost: state = "lease_lost"
            }
            logger.warning("job \(job.id) \(job.kind) attempt \(job.attempts)/\(job.maxAttempts) failed (\(state)): \(error.description)")
            return JobOutcome(job: job, result: state, detail: error.description)
        }
    }

    /// Works until cancelled or gracefully shut down: a pass whenever jobs are due (at once after a busy pass, else
    /// every `poll`), the scheduler's tick and the rescue every `tick`.
    public func run(poll: Duration = .seconds(1), tick: Duration = .seconds(30), onJob: @escaping @Sendable (JobOutcome) -> Void = { _ in }) async {
        var lastTick = ContinuousClock.now - tick
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            if ContinuousClock.now - lastTick >= tick {
                lastTick = ContinuousClock.now
                do {
                    _ = try await rescue()
                    if let scheduler { _ = try await scheduler.tick(owner: owner) }
                } catch {
                    logger.error("scheduler tick failed: \(error)")
                }
            }
            var busy = false
            do {
                let outcomes = try await pass()
                for o in outcomes { onJob(o) }
                busy = !outcomes.isEmpty
            } catch {
                if Task.isCancelled { return }
                logger.error("job pass failed: \(error)")
            }
            if busy { continue }
            do {
                try await Task.sleep(for: poll)
            } catch {
                return
            }
        }
    }
}

/// `alertsai worker` as a service: works until SIGTERM/SIGINT, finishing the jobs in hand.
public struct JobWorkerService: Service {
    public let worker: JobWorker
    public let onJob: @Sendable (JobOutcome) -> Void

    public init(worker: JobWorker, onJob: @escaping @Sendable (JobOutcome) -> Void) {
        self.worker = worker
        self.onJob = onJob
    }

    public func run() async throws {
        await worker.run(onJob: onJob)
    }
}

/// The scheduler inside `alertsai serve` (`schedules.interval_seconds`): ticks until shutdown.
struct SchedulerService: Service {
    let scheduler: AlertScheduler
    let interval: Duration
    let logger: Logger

    func run() async throws {
        let owner = JobWorker.defaultOwner()
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    _ = try await scheduler.tick(owner: owner)
                } catch {
                    logger.error("scheduler tick failed: \(error)")
                }
                do { try await Task.sleep(for: interval) } catch { return }
            }
        }
    }
}
