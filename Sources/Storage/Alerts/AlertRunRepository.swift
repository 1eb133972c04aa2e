import AlertsCore
import Foundation
import SQLKit

/// One row of `sc.alert_runs`: a pass of a model (or pack) over a universe at one instant, with counts by stage.
public struct AlertRunRecord: Sendable, Hashable, Codable {
    public var id: String
    public var modelSpecID: UUID?
    public var packID: UUID?
    public var universe: String
    public var userID: String?
    /// The instant the run scored at (ms UTC): only bars closed by then were used.
    public var asOf: Int64
    public var dryRun: Bool
    /// `running`, `succeeded` or `failed`.
    public var status: String
    /// Candidates per stage (`scored`, `above_threshold`, `suppressed`, `alerted`, `duplicate`, `failed_symbols`, …).
    public var counts: [String: Int]
    public var error: String?
    public var startedAt: Int64
    public var finishedAt: Int64?
    /// The recipe or workflow the run came from (lineage, migration 17); nil for a plain run.
    public var recipe: String?
    public var workflow: String?
    /// The cohort the run served (migration 19): its alerts are its members' (`userID` is nil then).
    public var cohort: String?

    public init(
        id: String = UUID().uuidString.lowercased(), modelSpecID: UUID?, packID: UUID?, universe: String, userID: String?,
        asOf: Int64, dryRun: Bool = false, status: String = "running", counts: [String: Int] = [:], error: String? = nil,
        startedAt: Int64, finishedAt: Int64? = nil, recipe: String? = nil, workflow: String? = nil, cohort: String? = nil
    ) {
        self.cohort = cohort
        self.recipe = recipe
        self.workflow = workflow
        self.id = id
        self.modelSpecID = modelSpecID
        self.packID = packID
        self.universe = universe
        self.userID = userID
        self.asOf = asOf
        self.dryRun = dryRun
        self.status = status
        self.counts = counts
        self.error = error
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }
}

/// One row of `sc.alert_suppressions`: a candidate a guardrail held back, and why.
public struct AlertSuppressionRecord: Sendable, Hashable, Codable {
    public var symbol: String
    /// The guardrail's stable name (also the metric label).
    public var guardrail: String
    public var detail: String
    public var score: Double
    /// The silence that muted the candidate (guardrail `silence`).
    public var silenceID: String?
    /// Whose candidate it was (the run's user, or a cohort member); nil for the shared feed.
    public var userID: String?

    public init(symbol: String, guardrail: String, detail: String, score: Double, silenceID: String? = nil, userID: String? = nil) {
        self.userID = userID
        self.symbol = symbol
        self.guardrail = guardrail
        self.detail = detail
        self.score = score
        self.silenceID = silenceID
    }
}

/// What committing a run wrote.
public struct RunCommit: Sendable, Hashable {
    /// Ids of the alerts inserted.
    public var inserted: [String]
    /// Symbols whose alert already existed (same model version, symbol, timeframe, bar and audience).
    public var duplicates: [String]
    /// Ids of the alerts not inserted because they already existed, in the order given.
    public var duplicateIDs: [String] = []
    public var deliveries: Int
}

/// One alert of a user's feed: the alert, the model version (and pack) behind it, its feed row, and its outcome once
/// `sc.alert_runs` and what a run writes at its end: a run is begun, then committed (its alerts, feed and webhook rows,
/// suppressions) in one transaction, or failed.
public protocol AlertRunRepository: Sendable {
    /// Records a run as `running` (or a dry run), before anything else of it is written.
    func beginRun(_ run: AlertRunRecord) async throws
    /// Writes a run's alerts, their feed rows, webhook rows for `webhooks`, and its suppressions, and marks the run
    /// succeeded with `counts` — all in one transaction, so a failure leaves no part of it. An alert that already
    /// exists (same model version, symbol, timeframe, bar and audience) is skipped and reported as a duplicate.
    func commitRun(
        runID: String, alerts: [AlertRecord], suppressions: [AlertSuppressionRecord], webhooks: [String: [WebhookTarget]],
        counts: [String: Int], finishedAt: Int64
    ) async throws -> RunCommit
    /// Marks a run failed with the error (its alerts were never written).
    func failRun(runID: String, error: String, counts: [String: Int], finishedAt: Int64) async throws
    func run(id: String) async throws -> AlertRunRecord
}

/// `AlertRunRepository` over the `sc` store, for both engines.
public struct SQLAlertRunRepository: AlertRunRepository {
    let store: any Store

    public init(store: any Store) {
        self.store = store
    }

    public func beginRun(_ run: AlertRunRecord) async throws {
        let cast = store.sql.jsonCast
        let counts = try AlertRows.encode(run.counts)
        try await store.withConnection { db in
            try await db.raw(
                """
                INSERT INTO sc.alert_runs (id, model_spec_id, pack_id, universe, user_id, as_of, dry_run, status, counts, error, started_at,
                    finished_at, recipe_name, workflow_name, cohort_name)
                VALUES (\(bind: run.id), \(bind: run.modelSpecID?.uuidString), \(bind: run.packID?.uuidString), \(bind: run.universe),
                    \(bind: run.userID), \(bind: run.asOf), \(bind: run.dryRun), \(bind: run.status), \(bind: counts)\(unsafeRaw: cast),
                    \(bind: run.error), \(bind: run.startedAt), \(bind: run.finishedAt), \(bind: run.recipe), \(bind: run.workflow),
                    \(bind: run.cohort))
                """
            ).run()
        }
    }

    public func commitRun(
        runID: String, alerts: [AlertRecord], suppressions: [AlertSuppressionRecord], webhooks: [String: [WebhookTarget]],
        counts: [String: Int], finishedAt: Int64
    ) async throws -> RunCommit {
        let cast = store.sql.jsonCast
        let encoded = try alerts.map { (try AlertRows.encode($0.plan), try AlertRows.encode($0.reasons)) }
        return try await store.transaction { db in
            var inserted: [String] = []
            var duplicates: [String] = []
            var duplicateIDs: [String] = []
            var deliveries = 0
            for (a, (plan, reasons)) in zip(alerts, encoded) {
                // DO NOTHING keeps a PostgreSQL transaction alive on a duplicate (a failed INSERT would abort it).
                let row = try await db.raw(
                    """
                    INSERT INTO sc.alerts (id, run_id, model_spec_id, pack_id, user_id, symbol, market, instrument, timeframe, bar_time, side,
                        score, threshold, regime, plan, reasons, explanation, disclaimer, created_at, expected_return_pct, expected_r)
                    VALUES (\(bind: a.id), \(bind: a.runID), \(bind: a.modelSpecID.uuidString), \(bind: a.packID?.uuidString),
                        \(bind: a.userID), \(bind: a.symbol), \(bind: a.market.rawValue), \(bind: a.instrument.rawValue),
                        \(bind: a.timeframe.rawValue), \(bind: a.barTime), \(bind: a.side.rawValue), \(bind: a.score), \(bind: a.threshold),
                        \(bind: a.regime), \(bind: plan)\(unsafeRaw: cast), \(bind: reasons)\(unsafeRaw: cast), \(bind: a.explanation),
                        \(bind: a.disclaimer), \(bind: a.createdAt), \(bind: a.expectedReturnPct), \(bind: a.expectedR))
                    ON CONFLICT DO NOTHING RETURNING id
                    """
                ).first()
                guard row != nil else {
                    duplicates.append(a.symbol)
                    duplicateIDs.append(a.id)
                    continue
                }
                inserted.append(a.id)
                try await db.raw(
                    """
                    INSERT INTO sc.alert_delivery (alert_id, channel, endpoint_id, status, attempts, created_at, delivered_at)
                    VALUES (\(bind: a.id), 'feed', NULL, 'delivered', 1, \(bind: finishedAt), \(bind: finishedAt))
                    """
                ).run()
                deliveries += 1
                // One delivery (one webhook-id) per alert and endpoint, however many of the user's subscriptions matched it.
                var endpoints = Set<String>()
                for target in webhooks[a.id] ?? [] where endpoints.insert(target.endpointID).inserted {
                    let made = try await db.raw(
                        """
                        INSERT INTO sc.alert_delivery (alert_id, channel, endpoint_id, status, attempts, created_at)
                        VALUES (\(bind: a.id), 'webhook', \(bind: target.endpointID), 'pending', 0, \(bind: finishedAt))
                        ON CONFLICT DO NOTHING RETURNING id
                        """
                    ).first()
                    if made != nil { deliveries += 1 }
                }
            }
            for s in suppressions {
                try await db.raw(
                    """
                    INSERT INTO sc.alert_suppressions (run_id, symbol, guardrail, detail, score, silence_id, user_id)
                    VALUES (\(bind: runID), \(bind: s.symbol), \(bind: s.guardrail), \(bind: s.detail), \(bind: s.score), \(bind: s.silenceID),
                        \(bind: s.userID))
                    """
                ).run()
            }
            var final = counts
            final["alerted"] = inserted.count
            final["duplicate", default: 0] += duplicates.count
            let countsText = try AlertRows.encode(final)
            try await db.raw(
                """
                UPDATE sc.alert_runs SET status = 'succeeded', counts = \(bind: countsText)\(unsafeRaw: cast), finished_at = \(bind: finishedAt)
                WHERE id = \(bind: runID)
                """
            ).run()
            return RunCommit(inserted: inserted, duplicates: duplicates, duplicateIDs: duplicateIDs, deliveries: deliveries)
        }
    }

    public func failRun(runID: String, error: String, counts: [String: Int], finishedAt: Int64) async throws {
        let cast = store.sql.jsonCast
        let countsText = try AlertRows.encode(counts)
        try await store.withConnection { db in
            try await db.raw(
                """
                UPDATE sc.alert_runs SET status = 'failed', error = \(bind: error), counts = \(bind: countsText)\(unsafeRaw: cast),
                    finished_at = \(bind: finishedAt)
                WHERE id = \(bind: runID)
                """
            ).run()
        }
    }

    public func run(id: String) async throws -> AlertRunRecord {
        let counts = store.sql.jsonText("counts")
        let found: AlertRunRecord? = try await store.withConnection { db in
            try await db.raw(
                """
                SELECT id, model_spec_id, pack_id, universe, user_id, as_of, CASE WHEN dry_run THEN 1 ELSE 0 END AS dry_run, status,
                    \(unsafeRaw: counts), error, started_at, finished_at, recipe_name, workflow_name, cohort_name
                FROM sc.alert_runs WHERE id = \(bind: id)
                """
            ).first().map { row in
                AlertRunRecord(
                    id: try row.decode(column: "id", as: String.self),
                    modelSpecID: try row.decode(column: "model_spec_id", as: String?.self).flatMap(UUID.init(uuidString:)),
                    packID: try row.decode(column: "pack_id", as: String?.self).flatMap(UUID.init(uuidString:)),
                    universe: try row.decode(column: "universe", as: String.self),
                    userID: try row.decode(column: "user_id", as: String?.self),
                    asOf: try row.decode(column: "as_of", as: Int64.self),
                    dryRun: try row.decode(column: "dry_run", as: Int.self) != 0,
                    status: try row.decode(column: "status", as: String.self),
                    counts: try SQLModelRegistry.decode([String: Int].self, try row.decode(column: "counts", as: String.self), column: "counts"),
                    error: try row.decode(column: "error", as: String?.self),
                    startedAt: try row.decode(column: "started_at", as: Int64.self),
                    finishedAt: try row.decode(column: "finished_at", as: Int64?.self),
                    recipe: try row.decode(column: "recipe_name", as: String?.self),
                    workflow: try row.decode(column: "workflow_name", as: String?.self),
                    cohort: try row.decode(column: "cohort_name", as: String?.self))
            }
        }
        guard let found else { throw StorageError.notFound("no alert run with id '\(id)'") }
        return found
    }
}

extension SQLAlertRunRepository {
    /// Runs left `running` by a process that died (started before `startedBefore`, never finished) are marked failed with
    /// an `abandoned:` error; their bar is run again by whoever queued it, and the alerts' unique index keeps a rerun from
    /// writing any alert twice. Returns how many. (`sc.alert_runs.status` keeps its three values: see DECISIONS.md.)
    public func abandonStaleRuns(startedBefore: Int64, now: Int64) async throws -> Int {
        try await store.withConnection { db in
            try await db.raw(
                """
                UPDATE sc.alert_runs SET status = 'failed', finished_at = \(bind: now),
                    error = 'abandoned: the process running it stopped before it finished (still running after the run timeout)'
                WHERE status = 'running' AND started_at < \(bind: startedBefore)
                RETURNING id
                """
            ).all().count
        }
    }
}

extension SQLAlertRunRepository {
    /// The runs of one queued bar (model or pack, universe, instant, user or cohort) still `running` when its job is taken again
    /// after its lease ran out: the process that held it died, so they are marked failed with an `abandoned:` error at
    /// once instead of after the run timeout. Returns how many. (A holder that was only slow and is still writing loses
    /// nothing: its alerts are kept, and the rerun's duplicates are no-ops.)
    public func abandonRuns(
        modelSpecID: UUID?, packID: UUID?, universe: String, asOf: Int64, userID: String?, cohort: String? = nil, startedBefore: Int64,
        now: Int64
    ) async throws -> Int {
        guard modelSpecID != nil || packID != nil else { return 0 }
        return try await store.withConnection { db in
            let target: SQLQueryString
            if let packID {
                target = "pack_id = \(bind: packID.uuidString)"
            } else {
                target = "model_spec_id = \(bind: modelSpecID?.uuidString) AND pack_id IS NULL"
            }
            let user: SQLQueryString
            if let userID { user = "user_id = \(bind: userID)" } else { user = "user_id IS NULL" }
            let audience: SQLQueryString = "COALESCE(cohort_name, '') = \(bind: cohort ?? "")"
            return try await db.raw(
                """
                UPDATE sc.alert_runs SET status = 'failed', finished_at = \(bind: now),
                    error = 'abandoned: the process running it stopped before it finished (its job was taken again)'
                WHERE status = 'running' AND NOT dry_run AND \(target) AND \(user) AND \(audience) AND universe = \(bind: universe)
                    AND as_of = \(bind: asOf) AND started_at < \(bind: startedBefore)
                RETURNING id
                """
            ).all().count
        }
    }
}
