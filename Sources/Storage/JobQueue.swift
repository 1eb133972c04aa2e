import Foundation
import SQLKit

/// Where a job is in its life: waiting (`queued`, maybe for `run_after`), held by a worker (`running`, under a lease),
/// finished (`done`), or given up after its attempts (`dead`, with the last error kept).
public enum JobState: String, Sendable, Hashable, Codable, CaseIterable {
    case queued, running, done, dead
}

/// One row of `sc.jobs`.
public struct Job: Sendable, Hashable, Codable {
    public var id: Int64
    public var kind: String
    /// The job's arguments, JSON text (each kind documents its own shape).
    public var payload: String
    /// At most one job ever has a given key: a second enqueue with it is a no-op.
    public var uniqueKey: String?
    public var state: JobState
    /// Attempts started so far (a claim starts one).
    public var attempts: Int
    public var maxAttempts: Int
    /// Not claimed before this instant (ms UTC).
    public var runAfter: Int64
    public var leaseOwner: String?
    public var leaseExpiresAt: Int64?
    public var lastError: String?
    public var createdAt: Int64
    public var updatedAt: Int64
    public var finishedAt: Int64?

    enum CodingKeys: String, CodingKey {
        case id, kind, payload, state, attempts, error = "last_error"
        case uniqueKey = "unique_key", maxAttempts = "max_attempts", runAfter = "run_after", leaseOwner = "lease_owner"
        case leaseExpiresAt = "lease_expires_at", createdAt = "created_at", updatedAt = "updated_at", finishedAt = "finished_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int64.self, forKey: .id)
        kind = try c.decode(String.self, forKey: .kind)
        payload = try c.decode(String.self, forKey: .payload)
        uniqueKey = try c.decodeIfPresent(String.self, forKey: .uniqueKey)
        state = try c.decode(JobState.self, forKey: .state)
        attempts = try c.decode(Int.self, forKey: .attempts)
        maxAttempts = try c.decode(Int.self, forKey: .maxAttempts)
        runAfter = try c.decode(Int64.self, forKey: .runAfter)
        leaseOwner = try c.decodeIfPresent(String.self, forKey: .leaseOwner)
        leaseExpiresAt = try c.decodeIfPresent(Int64.self, forKey: .leaseExpiresAt)
        lastError = try c.decodeIfPresent(String.self, forKey: .error)
        createdAt = try c.decode(Int64.self, forKey: .createdAt)
        updatedAt = try c.decode(Int64.self, forKey: .updatedAt)
        finishedAt = try c.decodeIfPresent(Int64.self, forKey: .finishedAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encode(payload, forKey: .payload)
        try c.encode(uniqueKey, forKey: .uniqueKey)
        try c.encode(state, forKey: .state)
        try c.encode(attempts, forKey: .attempts)
        try c.encode(maxAttempts, forKey: .maxAttempts)
        try c.encode(runAfter, forKey: .runAfter)
        try c.encode(leaseOwner, forKey: .leaseOwner)
        try c.encode(leaseExpiresAt, forKey: .leaseExpiresAt)
        try c.encode(lastError, forKey: .error)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(finishedAt, forKey: .finishedAt)
    }

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: Int64.self)
        kind = try row.decode(column: "kind", as: String.self)
        payload = try row.decode(column: "payload", as: String.self)
        uniqueKey = try row.decode(column: "unique_key", as: String?.self)
        let status = try row.decode(column: "status", as: String.self)
        guard let parsed = JobState(rawValue: status) else { throw StorageError.database("job \(id) has state '\(status)'") }
        state = parsed
        attempts = try row.decode(column: "attempts", as: Int.self)
        maxAttempts = try row.decode(column: "max_attempts", as: Int.self)
        runAfter = try row.decode(column: "run_after", as: Int64.self)
        leaseOwner = try row.decode(column: "lease_owner", as: String?.self)
        leaseExpiresAt = try row.decode(column: "lease_expires_at", as: Int64?.self)
        lastError = try row.decode(column: "last_error", as: String?.self)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
        updatedAt = try row.decode(column: "updated_at", as: Int64.self)
        finishedAt = try row.decode(column: "finished_at", as: Int64?.self)
    }
}

/// Counts of one kind's jobs by state, and how long the oldest due job has waited.
public struct JobKindStatus: Sendable, Hashable, Codable {
    public var kind: String
    public var queued: Int
    public var running: Int
    public var done: Int
    public var dead: Int
    /// Milliseconds the oldest due, queued job has waited since it became due; nil when none waits.
    public var oldestWaitingMillis: Int64?

    enum CodingKeys: String, CodingKey {
        case kind, queued, running, done, dead, oldestWaitingMillis = "oldest_waiting_ms"
    }
}

/// What happened to a job's lease when its worker reported.
public enum JobReport: Sendable, Hashable {
    /// The report was recorded; the job is now in this state.
    case recorded(JobState)
    /// The worker no longer held the job (its lease ran out and another worker took it): nothing was changed.
    case leaseLost
}

/// The PostgreSQL (and SQLite) job queue, `sc.jobs` (docs/OPERATIONS.md).
///
/// Claims are leases: a worker holds a job until `lease_expires_at`, renewing while it works; a job whose lease ran out
/// is claimed again by any worker (its attempt counted), or goes `dead` when its attempts are spent. PostgreSQL claims
/// with `FOR UPDATE SKIP LOCKED`, so workers take disjoint jobs without waiting on each other; SQLite claims in one
/// `BEGIN IMMEDIATE` transaction, so claims are serialised.
public protocol JobQueue: Sendable {
    /// Queues a job; nil when a job with `uniqueKey` already exists (then nothing is written).
    /// Queues a job unless one with `uniqueKey` exists (then nil). Jobs of one `stream` are claimed one at a time, in
    /// `streamOrder`: none is taken while an earlier one of its stream is queued or running.
    func enqueue(
        kind: String, payload: String, uniqueKey: String?, stream: String?, streamOrder: Int64?, runAfter: Int64, maxAttempts: Int, now: Int64
    ) async throws -> Job?
    /// Claims up to `limit` due jobs of `kinds` (all kinds when empty) for `owner` until `leaseUntil`; rescues expired
    /// leases first (jobs whose attempts are spent go `dead`). Returns the claimed jobs, attempts already counted.
    func claim(owner: String, kinds: [String], limit: Int, now: Int64, leaseUntil: Int64) async throws -> [Job]
    /// Extends the lease; false when `owner` no longer holds the job.
    func renew(id: Int64, owner: String, leaseUntil: Int64, now: Int64) async throws -> Bool
    func complete(id: Int64, owner: String, now: Int64) async throws -> JobReport
    /// Records a failed attempt: `queued` again after `retryAt`, or `dead` when the attempts are spent.
    func fail(id: Int64, owner: String, error: String, retryAt: Int64, now: Int64) async throws -> JobReport
    /// Gives a held job back without counting the attempt (a worker shutting down before starting it, or stopping it).
    func release(id: Int64, owner: String, now: Int64) async throws -> JobReport
    func job(id: Int64) async throws -> Job?
    func jobs(state: JobState?, kind: String?, limit: Int) async throws -> [Job]
    /// A dead (or queued) job queued again now with its attempts reset; notFound for other states.
    func retry(id: Int64, now: Int64) async throws -> Job
    func status(now: Int64) async throws -> [JobKindStatus]
    /// Takes or renews the named lease for `owner` until `until`; false while another owner holds it unexpired.
    func acquireLease(name: String, owner: String, until: Int64, now: Int64) async throws -> Bool
}

extension JobQueue {
    /// Queues a job of no stream.
    public func enqueue(kind: String, payload: String, uniqueKey: String?, runAfter: Int64, maxAttempts: Int, now: Int64) async throws -> Job? {
        try await enqueue(
            kind: kind, payload: payload, uniqueKey: uniqueKey, stream: nil, streamOrder: nil, runAfter: runAfter, maxAttempts: maxAttempts,
            now: now)
    }
}

public struct SQLJobQueue: JobQueue {
    public let store: any Store

    public init(store: any Store) { self.store = store }

    static let columns =
        "id, kind, payload, unique_key, status, attempts, max_attempts, run_after, lease_owner, lease_expires_at, last_error, created_at, updated_at, finished_at"

    var payloadText: String { store.engine == .postgres ? "payload::text AS payload" : "payload" }
    var selectColumns: String { Self.columns.replacingOccurrences(of: "payload,", with: "\(payloadText),") }

    public func enqueue(
        kind: String, payload: String, uniqueKey: String?, stream: String?, streamOrder: Int64?, runAfter: Int64, maxAttempts: Int, now: Int64
    ) async throws -> Job? {
        guard (stream == nil) == (streamOrder == nil) else { throw StorageError.constraint("a job's stream and stream order go together") }
        guard !kind.isEmpty, kind.count <= 64 else { throw StorageError.constraint("job kind must be 1–64 characters") }
        guard (1...100).contains(maxAttempts) else { throw StorageError.constraint("max_attempts must be 1–100, got \(maxAttempts)") }
        guard (try? JSONSerialization.jsonObject(with: Data(payload.utf8), options: [.fragmentsAllowed])) != nil else {
            throw StorageError.constraint("job payload is not JSON")
        }
        let cast = store.sql.jsonCast
        let returning = selectColumns
        return try await store.withConnection { db in
            try await db.raw(
                """
                INSERT INTO sc.jobs (kind, payload, unique_key, status, attempts, max_attempts, run_after, created_at, updated_at, stream,
                    stream_order)
                VALUES (\(bind: kind), \(bind: payload)\(unsafeRaw: cast), \(bind: uniqueKey), 'queued', 0, \(bind: maxAttempts), \(bind: runAfter),
                    \(bind: now), \(bind: now), \(bind: stream), \(bind: streamOrder))
                ON CONFLICT DO NOTHING RETURNING \(unsafeRaw: returning)
                """
            ).first().map(Job.init(row:))
        }
    }

    public func claim(owner: String, kinds: [String], limit: Int, now: Int64, leaseUntil: Int64) async throws -> [Job] {
        guard limit >= 1 else { return [] }
        let pg = store.engine == .postgres
        let kindFilter: SQLQueryString = kinds.isEmpty ? "1 = 1" : "kind IN (\(binds: kinds))"
        let returning = selectColumns
        return try await store.transaction { db in
            // Leases that ran out with no attempt left: the job is dead, the reason kept.
            try await db.raw(
                """
                UPDATE sc.jobs SET status = 'dead', finished_at = \(bind: now), updated_at = \(bind: now),
                    last_error = 'lease of ' || COALESCE(lease_owner, '?') || ' expired on attempt ' || CAST(attempts AS TEXT)
                        || ' of ' || CAST(max_attempts AS TEXT) || ' (the worker stopped or hung)'
                        || COALESCE('; before that: ' || last_error, ''),
                    lease_owner = NULL, lease_expires_at = NULL
                WHERE status = 'running' AND lease_expires_at < \(bind: now) AND attempts >= max_attempts AND
                """ + " " + kindFilter
            ).run()
            let pick: SQLQueryString =
                """
                SELECT id FROM sc.jobs j
                WHERE ((status = 'queued' AND run_after <= \(bind: now)) OR (status = 'running' AND lease_expires_at < \(bind: now)))
                    AND (j.stream IS NULL OR NOT EXISTS (
                        SELECT 1 FROM sc.jobs e WHERE e.stream = j.stream AND e.stream_order < j.stream_order
                            AND e.status IN ('queued', 'running'))) AND
                """ + " " + kindFilter + " ORDER BY run_after, id LIMIT \(bind: limit)" + (pg ? " FOR UPDATE OF j SKIP LOCKED" : "")
            let query: SQLQueryString =
                "WITH picked AS " + (pg ? "MATERIALIZED " : "") + "(" + pick + ")"
                    + """
                     UPDATE sc.jobs SET status = 'running', attempts = attempts + 1, lease_owner = \(bind: owner),
                        lease_expires_at = \(bind: leaseUntil), updated_at = \(bind: now)
                    WHERE id IN (SELECT id FROM picked)
                    RETURNING \(unsafeRaw: returning)
                    """
            return try await db.raw(query).all().map(Job.init(row:)).sorted { ($0.runAfter, $0.id) < ($1.runAfter, $1.id) }
        }
    }

    public func renew(id: Int64, owner: String, leaseUntil: Int64, now: Int64) async throws -> Bool {
        try await store.withConnection { db in
            try await db.raw(
                """
                UPDATE sc.jobs SET lease_expires_at = \(bind: leaseUntil), updated_at = \(bind: now)
                WHERE id = \(bind: id) AND status = 'running' AND lease_owner = \(bind: owner)
                RETURNING id
                """
            ).first() != nil
        }
    }

    private func report(_ db: any SQLDatabase, _ query: SQLQueryString) async throws -> JobReport {
        guard let row = try await db.raw(query).first() else { return .leaseLost }
        let status = try row.decode(column: "status", as: String.self)
        return JobState(rawValue: status).map(JobReport.recorded) ?? .leaseLost
    }

    public func complete(id: Int64, owner: String, now: Int64) async throws -> JobReport {
        try await store.withConnection { db in
            try await report(
                db,
                """
                UPDATE sc.jobs SET status = 'done', finished_at = \(bind: now), updated_at = \(bind: now), lease_owner = NULL,
                    lease_expires_at = NULL
                WHERE id = \(bind: id) AND status = 'running' AND lease_owner = \(bind: owner)
                RETURNING status
                """)
        }
    }

    public func fail(id: Int64, owner: String, error: String, retryAt: Int64, now: Int64) async throws -> JobReport {
        let message = String(error.prefix(2000))
        return try await store.withConnection { db in
            try await report(
                db,
                """
                UPDATE sc.jobs SET status = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END,
                    finished_at = CASE WHEN attempts >= max_attempts THEN \(bind: now) ELSE NULL END,
                    last_error = \(bind: message), run_after = \(bind: retryAt), updated_at = \(bind: now), lease_owner = NULL,
                    lease_expires_at = NULL
                WHERE id = \(bind: id) AND status = 'running' AND lease_owner = \(bind: owner)
                RETURNING status
                """)
        }
    }

    public func release(id: Int64, owner: String, now: Int64) async throws -> JobReport {
        try await store.withConnection { db in
            try await report(
                db,
                """
                UPDATE sc.jobs SET status = 'queued', attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END,
                    run_after = \(bind: now), updated_at = \(bind: now), lease_owner = NULL, lease_expires_at = NULL
                WHERE id = \(bind: id) AND status = 'running' AND lease_owner = \(bind: owner)
                RETURNING status
                """)
        }
    }

    public func job(id: Int64) async throws -> Job? {
        let columns = selectColumns
        return try await store.withConnection { db in
            try await db.raw("SELECT \(unsafeRaw: columns) FROM sc.jobs WHERE id = \(bind: id)").first().map(Job.init(row:))
        }
    }

    public func jobs(state: JobState?, kind: String?, limit: Int) async throws -> [Job] {
        let columns = selectColumns
        var filter: SQLQueryString = "1 = 1"
        if let state { filter = filter + " AND status = \(bind: state.rawValue)" }
        if let kind { filter = filter + " AND kind = \(bind: kind)" }
        let query: SQLQueryString =
            "SELECT \(unsafeRaw: columns) FROM sc.jobs WHERE " + filter + " ORDER BY id DESC LIMIT \(bind: max(1, min(limit, 10_000)))"
        return try await store.withConnection { db in try await db.raw(query).all().map(Job.init(row:)) }
    }

    public func retry(id: Int64, now: Int64) async throws -> Job {
        let columns = selectColumns
        return try await store.withConnection { db in
            guard
                let row = try await db.raw(
                    """
                    UPDATE sc.jobs SET status = 'queued', attempts = 0, run_after = \(bind: now), updated_at = \(bind: now), finished_at = NULL
                    WHERE id = \(bind: id) AND status IN ('dead', 'queued')
                    RETURNING \(unsafeRaw: columns)
                    """
                ).first()
            else {
                if let existing = try await db.raw("SELECT status FROM sc.jobs WHERE id = \(bind: id)").first() {
                    let state = try existing.decode(column: "status", as: String.self)
                    throw StorageError.conflict("job \(id) is \(state); only dead or queued jobs are retried")
                }
                throw StorageError.notFound("no job \(id); `alertsai jobs list` shows them")
            }
            return try Job(row: row)
        }
    }

    public func status(now: Int64) async throws -> [JobKindStatus] {
        try await store.withConnection { db in
            let rows = try await db.raw(
                """
                SELECT kind, status, COUNT(*) AS n,
                    MIN(CASE WHEN status = 'queued' AND run_after <= \(bind: now) THEN run_after END) AS oldest_due
                FROM sc.jobs GROUP BY kind, status ORDER BY kind, status
                """
            ).all()
            var out: [String: JobKindStatus] = [:]
            for row in rows {
                let kind = try row.decode(column: "kind", as: String.self)
                let n = try row.decode(column: "n", as: Int.self)
                var s = out[kind] ?? JobKindStatus(kind: kind, queued: 0, running: 0, done: 0, dead: 0, oldestWaitingMillis: nil)
                switch try row.decode(column: "status", as: String.self) {
                case "queued":
                    s.queued = n
                    s.oldestWaitingMillis = try row.decode(column: "oldest_due", as: Int64?.self).map { max(0, now - $0) }
                case "running": s.running = n
                case "done": s.done = n
                default: s.dead = n
                }
                out[kind] = s
            }
            return out.keys.sorted().compactMap { out[$0] }
        }
    }

    public func acquireLease(name: String, owner: String, until: Int64, now: Int64) async throws -> Bool {
        try await store.withConnection { db in
            try await db.raw(
                """
                INSERT INTO sc.leases AS l (name, owner, expires_at) VALUES (\(bind: name), \(bind: owner), \(bind: until))
                ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
                WHERE l.expires_at < \(bind: now) OR l.owner = excluded.owner
                RETURNING owner
                """
            ).first() != nil
        }
    }
}
