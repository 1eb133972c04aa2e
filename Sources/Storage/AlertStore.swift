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

    public init(
        id: String = UUID().uuidString.lowercased(), modelSpecID: UUID?, packID: UUID?, universe: String, userID: String?,
        asOf: Int64, dryRun: Bool = false, status: String = "running", counts: [String: Int] = [:], error: String? = nil,
        startedAt: Int64, finishedAt: Int64? = nil, recipe: String? = nil, workflow: String? = nil
    ) {
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

/// One row of `sc.alerts`: what was proposed, by which model version and pack, under which regime and threshold.
public struct AlertRecord: Sendable, Hashable, Codable {
    public var id: String
    public var runID: String
    public var modelSpecID: UUID
    public var packID: UUID?
    public var userID: String?
    public var symbol: String
    public var market: Market
    public var instrument: InstrumentKind
    public var timeframe: Timeframe
    /// Start of the signal bar (ms UTC).
    public var barTime: Int64
    public var side: TradeSide
    public var score: Double
    public var threshold: Double
    /// `Regime.label` at the signal bar (`high_vol`, `normal_vol`, `low_vol`), nil during the regime warm-up.
    public var regime: String?
    public var plan: TradePlan
    public var reasons: [ScoreReason]
    public var explanation: String
    public var disclaimer: String
    public var createdAt: Int64
    /// Expected net return of the planned trade at the score (percent, and in R); nil when the model has no mapping.
    public var expectedReturnPct: Double?
    public var expectedR: Double?

    public init(
        id: String = UUID().uuidString.lowercased(), runID: String, modelSpecID: UUID, packID: UUID?, userID: String?, symbol: String,
        market: Market, instrument: InstrumentKind, timeframe: Timeframe, barTime: Int64, side: TradeSide, score: Double,
        threshold: Double, regime: String?, plan: TradePlan, reasons: [ScoreReason], explanation: String, disclaimer: String,
        createdAt: Int64, expectedReturnPct: Double? = nil, expectedR: Double? = nil
    ) {
        self.expectedReturnPct = expectedReturnPct
        self.expectedR = expectedR
        self.id = id
        self.runID = runID
        self.modelSpecID = modelSpecID
        self.packID = packID
        self.userID = userID
        self.symbol = symbol
        self.market = market
        self.instrument = instrument
        self.timeframe = timeframe
        self.barTime = barTime
        self.side = side
        self.score = score
        self.threshold = threshold
        self.regime = regime
        self.plan = plan
        self.reasons = reasons
        self.explanation = explanation
        self.disclaimer = disclaimer
        self.createdAt = createdAt
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

    public init(symbol: String, guardrail: String, detail: String, score: Double, silenceID: String? = nil) {
        self.symbol = symbol
        self.guardrail = guardrail
        self.detail = detail
        self.score = score
        self.silenceID = silenceID
    }
}

/// One row of `sc.alert_outcomes`: how an alert's own plan played out.
public struct AlertOutcomeRecord: Sendable, Hashable, Codable {
    public var alertID: String
    public var exitReason: ExitReason
    public var exitTime: Int64
    public var exitPrice: Double
    public var realizedReturn: Double
    public var mfe: Double
    public var mae: Double
    /// 1 when the take-profit was reached first (the training label), else 0.
    public var label: Int
    public var resolvedAt: Int64
    /// The return net of the plan's round-trip costs, in percent (nil on outcomes resolved before costs).
    public var netReturnPct: Double?
    /// The net return in multiples of the stop distance.
    public var netR: Double?
    /// The actual entry price and the absolute barrier levels the outcome was resolved against (entry × (1 ∓ fraction)).
    public var entryPrice: Double?
    public var stopLevel: Double?
    public var takeProfitLevel: Double?

    public init(
        alertID: String, exitReason: ExitReason, exitTime: Int64, exitPrice: Double, realizedReturn: Double, mfe: Double, mae: Double,
        label: Int, resolvedAt: Int64, netReturnPct: Double? = nil, netR: Double? = nil, entryPrice: Double? = nil,
        stopLevel: Double? = nil, takeProfitLevel: Double? = nil
    ) {
        self.netReturnPct = netReturnPct
        self.netR = netR
        self.entryPrice = entryPrice
        self.stopLevel = stopLevel
        self.takeProfitLevel = takeProfitLevel
        self.alertID = alertID
        self.exitReason = exitReason
        self.exitTime = exitTime
        self.exitPrice = exitPrice
        self.realizedReturn = realizedReturn
        self.mfe = mfe
        self.mae = mae
        self.label = label
        self.resolvedAt = resolvedAt
    }
}

/// An active webhook subscription whose endpoint is active: where a new alert must also be sent.
public struct WebhookTarget: Sendable, Hashable, Codable {
    public var subscriptionID: String
    public var userID: String
    public var endpointID: String
    public var universe: String

    public init(subscriptionID: String, userID: String, endpointID: String, universe: String) {
        self.subscriptionID = subscriptionID
        self.userID = userID
        self.endpointID = endpointID
        self.universe = universe
    }
}

/// A pending webhook delivery in the outbox: the endpoint it goes to, the key that signs it, and the alert it carries.
public struct PendingDelivery: Sendable, Hashable {
    public var id: Int64
    public var alertID: String
    public var endpointID: String
    public var url: String
    /// The endpoint's signing key (`webhook_endpoints.secret`, unsealed).
    public var secret: String
    /// The key it had before its last rotation, still signed with until `previousSecretUntil` (ms UTC).
    public var previousSecret: String? = nil
    public var previousSecretUntil: Int64? = nil
    /// Why the stored secret could not be opened (sealed with another key); the sender fails the attempt with it.
    public var secretError: String? = nil
    /// Attempts made so far.
    public var attempts: Int
    /// The earliest instant (ms UTC) it may be sent: the retry backoff, or the lease of the sender that claimed it.
    public var nextAttemptAt: Int64
    public var lastError: String?
    public var alert: AlertRecord
    /// The model version that produced the alert, and its pack when a pack ran.
    public var modelName: String
    public var modelVersion: Int
    public var packName: String?

    public init(
        id: Int64, alertID: String, endpointID: String, url: String, secret: String, attempts: Int, nextAttemptAt: Int64, lastError: String?,
        alert: AlertRecord, modelName: String, modelVersion: Int, packName: String?
    ) {
        self.id = id
        self.alertID = alertID
        self.endpointID = endpointID
        self.url = url
        self.secret = secret
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.alert = alert
        self.modelName = modelName
        self.modelVersion = modelVersion
        self.packName = packName
    }
}

/// The state of one `sc.alert_delivery` row.
public enum DeliveryStatus: String, Sendable, Hashable, Codable {
    case pending, delivered, failed
}

/// Delivery rules the store applies when a caller does not choose.
public enum DeliveryDefaults {
    /// A webhook delivery is `failed` after this many attempts.
    public static let maxAttempts = 5
}

/// A webhook subscription and its endpoint, as a user manages them (the secret is never read back).
/// A webhook endpoint as its owner sees it (never its secret).
public struct WebhookEndpointInfo: Sendable, Hashable {
    public var id: String
    public var userID: String
    public var url: String
    /// Until when (ms UTC) the previous secret is still signed with; nil when there is none.
    public var previousSecretUntil: Int64?

    public init(id: String, userID: String, url: String, previousSecretUntil: Int64?) {
        self.id = id
        self.userID = userID
        self.url = url
        self.previousSecretUntil = previousSecretUntil
    }
}

public struct WebhookSubscription: Sendable, Hashable, Codable {
    public var id: String
    public var userID: String
    /// Exactly one of model and pack name is set.
    public var modelName: String?
    public var packName: String?
    /// `*`, the universe of the runs, `preset:NAME`, or a list of symbols.
    public var universe: String
    public var endpointID: String
    public var url: String
    /// The subscription and its endpoint are both active: new alerts are queued for it.
    public var active: Bool
    public var createdAt: Int64
    /// Set by `subscribeWebhook` when it made the endpoint (and so its secret) just now; false when it reused one.
    public var endpointCreated = false

    public init(
        id: String, userID: String, modelName: String?, packName: String?, universe: String, endpointID: String, url: String, active: Bool,
        createdAt: Int64
    ) {
        self.id = id
        self.userID = userID
        self.modelName = modelName
        self.packName = packName
        self.universe = universe
        self.endpointID = endpointID
        self.url = url
        self.active = active
        self.createdAt = createdAt
    }
}

/// What committing a run wrote.
public struct RunCommit: Sendable, Hashable {
    /// Ids of the alerts inserted.
    public var inserted: [String]
    /// Symbols whose alert already existed (same model version, symbol, timeframe, bar and audience).
    public var duplicates: [String]
    public var deliveries: Int
}

/// One alert of a user's feed: the alert, the model version (and pack) behind it, its feed row, and its outcome once
/// resolved — what `GET /alerts/feed` answers with.
public struct FeedEntry: Sendable, Hashable {
    public var alert: AlertRecord
    public var modelName: String
    public var modelVersion: Int
    public var packName: String?
    /// The alert's `feed` row in `sc.alert_delivery`; nil for an alert written without one.
    public var feedDeliveryID: Int64?
    /// nil while the alert's hold is not over.
    public var outcome: AlertOutcomeRecord?

    public init(
        alert: AlertRecord, modelName: String, modelVersion: Int, packName: String?, feedDeliveryID: Int64?, outcome: AlertOutcomeRecord?
    ) {
        self.alert = alert
        self.modelName = modelName
        self.modelVersion = modelVersion
        self.packName = packName
        self.feedDeliveryID = feedDeliveryID
        self.outcome = outcome
    }
}

/// Live precision@K of one model version, overall (`regime == nil`) or in one regime.
public struct LivePrecision: Sendable, Hashable, Codable {
    public var modelSpecID: UUID
    public var modelName: String
    public var modelVersion: Int
    /// nil for all regimes together.
    public var regime: String?
    /// Resolved alerts among the K best-scored (≤ K).
    public var resolved: Int
    /// How many of them reached take-profit first.
    public var hits: Int
    public var k: Int

    public init(modelSpecID: UUID, modelName: String, modelVersion: Int, regime: String?, resolved: Int, hits: Int, k: Int) {
        self.modelSpecID = modelSpecID
        self.modelName = modelName
        self.modelVersion = modelVersion
        self.regime = regime
        self.resolved = resolved
        self.hits = hits
        self.k = k
    }

    /// hits / resolved; NaN when nothing is resolved yet.
    public var precision: Double { resolved == 0 ? .nan : Double(hits) / Double(resolved) }
}

/// The alert tables: runs, alerts, suppressions, the delivery outbox, outcomes, and the queries guardrails and
/// live metrics need.
public protocol AlertStore: Sendable {
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
    /// Alerts of one run, best score first.
    func alerts(runID: String) async throws -> [AlertRecord]
    /// The newest alerts of a user (nil: the shared feed), newest first.
    func feed(userID: String?, limit: Int) async throws -> [AlertRecord]
    /// A user's alerts written before `before` (ms UTC; all when nil), newest first (`created_at`, then bar time, then
    /// id), each with its model version, pack, feed row and outcome.
    func feedEntries(userID: String, limit: Int, before: Int64?) async throws -> [FeedEntry]
    /// Bar times among `barTimes` (symbol → bar) that already have an alert of this model version for this audience.
    func existingAlerts(modelSpecID: UUID, userID: String?, timeframe: Timeframe, barTimes: [String: Int64]) async throws -> Set<String>
    /// Alerts of this audience produced by runs whose `as_of` lies in `[from, to)` (the daily budget's count).
    func alertCount(userID: String?, asOfFrom from: Int64, to: Int64) async throws -> Int
    /// The latest alerted bar per symbol for this audience and timeframe, at or before `before` (cooldowns).
    func lastAlertBars(userID: String?, timeframe: Timeframe, symbols: [String], before: Int64) async throws -> [String: Int64]
    /// Active webhook subscriptions (with active endpoints) to a model or pack; nil `userID` means every user's.
    func webhookTargets(userID: String?, modelName: String?, packName: String?) async throws -> [WebhookTarget]
    /// Webhook deliveries pending and due at `dueAt` (their backoff over, no sender's lease on them) whose endpoint is
    /// active, oldest first. Reading them claims nothing; a sender uses `claimDeliveries`.
    func pendingDeliveries(limit: Int, dueAt: Int64) async throws -> [PendingDelivery]
    /// Takes up to `limit` due deliveries for one sender: in the same transaction that selects them, their next attempt
    /// moves to `leaseUntil`, so another sender (another process, or a concurrent pass) skips them until the lease ends.
    func claimDeliveries(limit: Int, at now: Int64, leaseUntil: Int64) async throws -> [PendingDelivery]
    /// Records one attempt of a pending delivery: `error == nil` means delivered; otherwise it is retried at `retryAt`,
    /// or `failed` when this was attempt `maxAttempts`. Returns the new status, or nil when the row was no longer
    /// pending (another sender already settled it), in which case nothing changes.
    func markDelivery(id: Int64, error: String?, at: Int64, retryAt: Int64, maxAttempts: Int) async throws -> DeliveryStatus?
    /// Subscribes a user's webhook to a model or a pack (exactly one) over a universe. The endpoint (URL and signing
    /// secret) is created, or reused when the user already has it; the same subscription twice is returned, not doubled.
    /// A bad URL, a secret under 16 characters, or an unknown user, model or pack is an error naming it, and writes nothing.
    func subscribeWebhook(
        userID: String, modelName: String?, packName: String?, universe: String, url: String, secret: String, at: Int64
    ) async throws -> WebhookSubscription
    /// Webhook subscriptions of a user (nil: everyone's), oldest first.
    func webhookSubscriptions(userID: String?) async throws -> [WebhookSubscription]
    /// Turns a subscription on or off; off stops new alerts from being queued for it (queued ones are still sent).
    func setWebhookSubscription(id: String, active: Bool) async throws -> WebhookSubscription
    /// Gives the user's endpoint a new signing secret; the old one is still signed with until `previousUntil` (ms UTC).
    func rotateWebhookSecret(endpointID: String, userID: String, secret: String, previousUntil: Int64) async throws -> WebhookEndpointInfo
    /// Seals secrets stored before sealing existed; returns how many.
    func sealPlaintextSecrets() async throws -> Int
    /// Alerts without an outcome whose signal bar is at or before `barBefore`, oldest first.
    func unresolvedAlerts(barBefore: Int64, limit: Int) async throws -> [AlertRecord]
    /// Stores outcomes; an alert already resolved keeps its first outcome. Returns how many were new.
    func recordOutcomes(_ outcomes: [AlertOutcomeRecord]) async throws -> Int
    func outcome(alertID: String) async throws -> AlertOutcomeRecord?
    /// Precision among each model version's K best-scored resolved alerts, overall and per regime.
    func livePrecision(k: Int) async throws -> [LivePrecision]
}

extension AlertStore {
    /// Webhook deliveries pending and due now, oldest first.
    public func pendingDeliveries(limit: Int) async throws -> [PendingDelivery] {
        try await pendingDeliveries(limit: limit, dueAt: Clock.nowMillis())
    }

    /// Records an attempt with no backoff and the default attempt limit; `error == nil` means delivered.
    public func markDelivery(id: Int64, error: String?, at: Int64) async throws {
        _ = try await markDelivery(id: id, error: error, at: at, retryAt: at, maxAttempts: DeliveryDefaults.maxAttempts)
    }
}

/// `AlertStore` over the `sc` store, for both engines.
public struct SQLAlertStore: AlertStore {
    let store: any Store

    public init(store: any Store) {
        self.store = store
    }

    static func encode(_ value: some Encodable) throws -> String { try SQLModelRegistry.encode(value) }

    private var alertColumns: String {
        let f = store.sql
        return [
            "id", "run_id", "model_spec_id", "pack_id", "user_id", "symbol", "market", "instrument", "timeframe", "bar_time", "side",
            "score", "threshold", "regime", f.jsonText("plan"), f.jsonText("reasons"), "explanation", "disclaimer", "created_at",
            "expected_return_pct", "expected_r",
        ].joined(separator: ", ")
    }

    static func alert(from row: any SQLRow) throws -> AlertRecord {
        func parse<T>(_ column: String, _ make: (String) -> T?) throws -> T {
            let text = try row.decode(column: column, as: String.self)
            guard let v = make(text) else { throw StorageError.database("column \(column) holds '\(text)', which this build cannot read") }
            return v
        }
        return AlertRecord(
            id: try row.decode(column: "id", as: String.self),
            runID: try row.decode(column: "run_id", as: String.self),
            modelSpecID: try parse("model_spec_id", UUID.init(uuidString:)),
            packID: try row.decode(column: "pack_id", as: String?.self).flatMap(UUID.init(uuidString:)),
            userID: try row.decode(column: "user_id", as: String?.self),
            symbol: try row.decode(column: "symbol", as: String.self),
            market: try parse("market", Market.init(rawValue:)),
            instrument: try parse("instrument", InstrumentKind.init(rawValue:)),
            timeframe: try parse("timeframe", Timeframe.init(rawValue:)),
            barTime: try row.decode(column: "bar_time", as: Int64.self),
            side: try parse("side", TradeSide.init(rawValue:)),
            score: try row.decode(column: "score", as: Double.self),
            threshold: try row.decode(column: "threshold", as: Double.self),
            regime: try row.decode(column: "regime", as: String?.self),
            plan: try SQLModelRegistry.decode(TradePlan.self, try row.decode(column: "plan", as: String.self), column: "plan"),
            reasons: try SQLModelRegistry.decode([ScoreReason].self, try row.decode(column: "reasons", as: String.self), column: "reasons"),
            explanation: try row.decode(column: "explanation", as: String.self),
            disclaimer: try row.decode(column: "disclaimer", as: String.self),
            createdAt: try row.decode(column: "created_at", as: Int64.self),
            expectedReturnPct: try row.decode(column: "expected_return_pct", as: Double?.self),
            expectedR: try row.decode(column: "expected_r", as: Double?.self))
    }

    public func beginRun(_ run: AlertRunRecord) async throws {
        let cast = store.sql.jsonCast
        let counts = try Self.encode(run.counts)
        try await store.withConnection { db in
            try await db.raw(
                """
                INSERT INTO sc.alert_runs (id, model_spec_id, pack_id, universe, user_id, as_of, dry_run, status, counts, error, started_at,
                    finished_at, recipe_name, workflow_name)
                VALUES (\(bind: run.id), \(bind: run.modelSpecID?.uuidString), \(bind: run.packID?.uuidString), \(bind: run.universe),
                    \(bind: run.userID), \(bind: run.asOf), \(bind: run.dryRun), \(bind: run.status), \(bind: counts)\(unsafeRaw: cast),
                    \(bind: run.error), \(bind: run.startedAt), \(bind: run.finishedAt), \(bind: run.recipe), \(bind: run.workflow))
                """
            ).run()
        }
    }

    public func commitRun(
        runID: String, alerts: [AlertRecord], suppressions: [AlertSuppressionRecord], webhooks: [String: [WebhookTarget]],
        counts: [String: Int], finishedAt: Int64
    ) async throws -> RunCommit {
        let cast = store.sql.jsonCast
        let encoded = try alerts.map { (try Self.encode($0.plan), try Self.encode($0.reasons)) }
        return try await store.transaction { db in
            var inserted: [String] = []
            var duplicates: [String] = []
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
                    INSERT INTO sc.alert_suppressions (run_id, symbol, guardrail, detail, score, silence_id)
                    VALUES (\(bind: runID), \(bind: s.symbol), \(bind: s.guardrail), \(bind: s.detail), \(bind: s.score), \(bind: s.silenceID))
                    """
                ).run()
            }
            var final = counts
            final["alerted"] = inserted.count
            final["duplicate", default: 0] += duplicates.count
            let countsText = try Self.encode(final)
            try await db.raw(
                """
                UPDATE sc.alert_runs SET status = 'succeeded', counts = \(bind: countsText)\(unsafeRaw: cast), finished_at = \(bind: finishedAt)
                WHERE id = \(bind: runID)
                """
            ).run()
            return RunCommit(inserted: inserted, duplicates: duplicates, deliveries: deliveries)
        }
    }

    public func failRun(runID: String, error: String, counts: [String: Int], finishedAt: Int64) async throws {
        let cast = store.sql.jsonCast
        let countsText = try Self.encode(counts)
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
                    \(unsafeRaw: counts), error, started_at, finished_at, recipe_name, workflow_name
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
                    workflow: try row.decode(column: "workflow_name", as: String?.self))
            }
        }
        guard let found else { throw StorageError.notFound("no alert run with id '\(id)'") }
        return found
    }

    public func alerts(runID: String) async throws -> [AlertRecord] {
        let columns = alertColumns
        return try await store.withConnection { db in
            try await db.raw("SELECT \(unsafeRaw: columns) FROM sc.alerts WHERE run_id = \(bind: runID) ORDER BY score DESC, symbol")
                .all().map(Self.alert(from:))
        }
    }

    public func feed(userID: String?, limit: Int) async throws -> [AlertRecord] {
        let columns = alertColumns
        return try await store.withConnection { db in
            if let userID {
                return try await db.raw(
                    """
                    SELECT \(unsafeRaw: columns) FROM sc.alerts WHERE user_id = \(bind: userID)
                    ORDER BY created_at DESC, bar_time DESC, id LIMIT \(bind: limit)
                    """
                ).all().map(Self.alert(from:))
            }
            return try await db.raw(
                "SELECT \(unsafeRaw: columns) FROM sc.alerts WHERE user_id IS NULL ORDER BY created_at DESC, bar_time DESC, id LIMIT \(bind: limit)"
            ).all().map(Self.alert(from:))
        }
    }

    public func feedEntries(userID: String, limit: Int, before: Int64?) async throws -> [FeedEntry] {
        guard limit >= 1 else { return [] }
        let alert = alertColumns.split(separator: ",").map { "a." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")
        let beforeFilter: SQLQueryString = before.map { "AND a.created_at < \(bind: $0)" } ?? ""
        let query: SQLQueryString = """
            SELECT \(unsafeRaw: alert), m.name AS model_name, m.version AS model_version, p.name AS pack_name,
                (SELECT MIN(d.id) FROM sc.alert_delivery d WHERE d.alert_id = a.id AND d.channel = 'feed') AS feed_delivery_id,
                o.exit_reason AS outcome_exit_reason, o.exit_time AS outcome_exit_time, o.exit_price AS outcome_exit_price,
                o.realized_return AS outcome_realized_return, o.mfe AS outcome_mfe, o.mae AS outcome_mae, o.label AS outcome_label,
                o.resolved_at AS outcome_resolved_at, o.net_return_pct AS outcome_net_return_pct, o.net_r AS outcome_net_r,
                o.entry_price AS outcome_entry_price, o.stop_level AS outcome_stop_level, o.take_profit_level AS outcome_take_profit_level
            FROM sc.alerts a
            JOIN sc.model_specs m ON m.id = a.model_spec_id
            LEFT JOIN sc.model_packs p ON p.id = a.pack_id
            LEFT JOIN sc.alert_outcomes o ON o.alert_id = a.id
            WHERE a.user_id = \(bind: userID)
            """ + " " + beforeFilter + " ORDER BY a.created_at DESC, a.bar_time DESC, a.id LIMIT \(bind: limit)"
        return try await store.withConnection { db in
            try await db.raw(query).all().map { row in
                let record = try Self.alert(from: row)
                var outcome: AlertOutcomeRecord?
                if let reason = try row.decode(column: "outcome_exit_reason", as: String?.self) {
                    outcome = AlertOutcomeRecord(
                        alertID: record.id, exitReason: ExitReason(rawValue: reason) ?? .timeout,
                        exitTime: try row.decode(column: "outcome_exit_time", as: Int64.self),
                        exitPrice: try row.decode(column: "outcome_exit_price", as: Double.self),
                        realizedReturn: try row.decode(column: "outcome_realized_return", as: Double.self),
                        mfe: try row.decode(column: "outcome_mfe", as: Double.self), mae: try row.decode(column: "outcome_mae", as: Double.self),
                        label: try row.decode(column: "outcome_label", as: Int.self),
                        resolvedAt: try row.decode(column: "outcome_resolved_at", as: Int64.self),
                        netReturnPct: try row.decode(column: "outcome_net_return_pct", as: Double?.self),
                        netR: try row.decode(column: "outcome_net_r", as: Double?.self),
                        entryPrice: try row.decode(column: "outcome_entry_price", as: Double?.self),
                        stopLevel: try row.decode(column: "outcome_stop_level", as: Double?.self),
                        takeProfitLevel: try row.decode(column: "outcome_take_profit_level", as: Double?.self))
                }
                return FeedEntry(
                    alert: record, modelName: try row.decode(column: "model_name", as: String.self),
                    modelVersion: try row.decode(column: "model_version", as: Int.self),
                    packName: try row.decode(column: "pack_name", as: String?.self),
                    feedDeliveryID: try row.decode(column: "feed_delivery_id", as: Int64?.self), outcome: outcome)
            }
        }
    }

    public func existingAlerts(
        modelSpecID: UUID, userID: String?, timeframe: Timeframe, barTimes: [String: Int64]
    ) async throws -> Set<String> {
        guard !barTimes.isEmpty else { return [] }
        let rows: [(String, Int64)] = try await store.withConnection { db in
            let times = Set(barTimes.values)
            var found: [(String, Int64)] = []
            for t in times {
                let symbols = try await db.raw(
                    """
                    SELECT symbol FROM sc.alerts WHERE model_spec_id = \(bind: modelSpecID.uuidString) AND timeframe = \(bind: timeframe.rawValue)
                        AND bar_time = \(bind: t) AND COALESCE(user_id, '') = \(bind: userID ?? "")
                    """
                ).all().map { try $0.decode(column: "symbol", as: String.self) }
                found += symbols.map { ($0, t) }
            }
            return found
        }
        return Set(rows.filter { barTimes[$0.0] == $0.1 }.map(\.0))
    }

    public func alertCount(userID: String?, asOfFrom from: Int64, to: Int64) async throws -> Int {
        try await store.withConnection { db in
            try await db.raw(
                """
                SELECT COUNT(*) AS n FROM sc.alerts a JOIN sc.alert_runs r ON r.id = a.run_id
                WHERE COALESCE(a.user_id, '') = \(bind: userID ?? "") AND r.as_of >= \(bind: from) AND r.as_of < \(bind: to)
                """
            ).first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    public func lastAlertBars(userID: String?, timeframe: Timeframe, symbols: [String], before: Int64) async throws -> [String: Int64] {
        guard !symbols.isEmpty else { return [:] }
        let wanted = Set(symbols)
        let rows: [(String, Int64)] = try await store.withConnection { db in
            try await db.raw(
                """
                SELECT symbol, MAX(bar_time) AS last_bar FROM sc.alerts
                WHERE COALESCE(user_id, '') = \(bind: userID ?? "") AND timeframe = \(bind: timeframe.rawValue) AND bar_time <= \(bind: before)
                GROUP BY symbol
                """
            ).all().map { (try $0.decode(column: "symbol", as: String.self), try $0.decode(column: "last_bar", as: Int64.self)) }
        }
        var out: [String: Int64] = [:]
        for (s, t) in rows where wanted.contains(s) { out[s] = t }
        return out
    }

    public func webhookTargets(userID: String?, modelName: String?, packName: String?) async throws -> [WebhookTarget] {
        // An empty string matches no subscription (names are never empty), and keeps the SQL free of typeless NULL binds.
        let user = userID ?? ""
        let model = modelName ?? ""
        let pack = packName ?? ""
        let anyUser = userID == nil
        return try await store.withConnection { db in
            try await db.raw(
                """
                SELECT s.id AS subscription_id, s.user_id, s.endpoint_id, s.universe
                FROM sc.alert_subscriptions s JOIN sc.webhook_endpoints e ON e.id = s.endpoint_id
                WHERE s.channel = 'webhook' AND s.active AND e.active
                    AND (\(unsafeRaw: anyUser ? "1 = 1" : "1 = 0") OR s.user_id = \(bind: user))
                    AND (s.model_name = \(bind: model) OR s.pack_name = \(bind: pack))
                ORDER BY s.created_at, s.id
                """
            ).all().map { row in
                WebhookTarget(
                    subscriptionID: try row.decode(column: "subscription_id", as: String.self),
                    userID: try row.decode(column: "user_id", as: String.self),
                    endpointID: try row.decode(column: "endpoint_id", as: String.self),
                    universe: try row.decode(column: "universe", as: String.self))
            }
        }
    }

    /// The delivery, endpoint, alert and model columns of a pending delivery; `filter` adds conditions on `d` and `e`.
    private func deliveries(_ db: any SQLDatabase, filter: SQLQueryString, limit: Int) async throws -> [PendingDelivery] {
        let alert = alertColumns.split(separator: ",").map { "a." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")
        let query: SQLQueryString = """
            SELECT d.id AS delivery_id, d.endpoint_id, e.url AS endpoint_url, e.secret AS endpoint_secret, e.previous_secret,
                e.previous_secret_until, d.attempts AS delivery_attempts,
                d.next_attempt_at, d.last_error, m.name AS model_name, m.version AS model_version, p.name AS pack_name, \(unsafeRaw: alert)
            FROM sc.alert_delivery d
            JOIN sc.webhook_endpoints e ON e.id = d.endpoint_id
            JOIN sc.alerts a ON a.id = d.alert_id
            JOIN sc.model_specs m ON m.id = a.model_spec_id
            LEFT JOIN sc.model_packs p ON p.id = a.pack_id
            WHERE d.channel = 'webhook' AND d.status = 'pending' AND e.active AND
            """ + " " + filter + " ORDER BY d.id LIMIT \(bind: limit)"
        let box = store.secrets
        return try await db.raw(query).all().map { row in
            var d = PendingDelivery(
                id: try row.decode(column: "delivery_id", as: Int64.self), alertID: try row.decode(column: "id", as: String.self),
                endpointID: try row.decode(column: "endpoint_id", as: String.self), url: try row.decode(column: "endpoint_url", as: String.self),
                secret: "",
                attempts: try row.decode(column: "delivery_attempts", as: Int.self),
                nextAttemptAt: try row.decode(column: "next_attempt_at", as: Int64.self),
                lastError: try row.decode(column: "last_error", as: String?.self), alert: try Self.alert(from: row),
                modelName: try row.decode(column: "model_name", as: String.self), modelVersion: try row.decode(column: "model_version", as: Int.self),
                packName: try row.decode(column: "pack_name", as: String?.self))
            // One row whose secret does not open must not stop the others: the sender fails that attempt with the reason.
            do {
                d.secret = try box.unseal(try row.decode(column: "endpoint_secret", as: String.self))
                d.previousSecret = try row.decode(column: "previous_secret", as: String?.self).map { try box.unseal($0) }
            } catch {
                d.secretError = "\(error)"
            }
            d.previousSecretUntil = try row.decode(column: "previous_secret_until", as: Int64?.self)
            return d
        }
    }

    public func pendingDeliveries(limit: Int, dueAt: Int64) async throws -> [PendingDelivery] {
        try await store.withConnection { db in
            try await deliveries(db, filter: "d.next_attempt_at <= \(bind: dueAt)", limit: limit)
        }
    }

    public func claimDeliveries(limit: Int, at now: Int64, leaseUntil: Int64) async throws -> [PendingDelivery] {
        guard limit >= 1 else { return [] }
        // PostgreSQL: SKIP LOCKED lets concurrent claimers take disjoint rows; the pick is a materialized CTE so that it runs
        // once (a LIMIT subquery inside the UPDATE's WHERE may be re-run and take more rows), and the outer conditions are
        // re-checked on a row another claimer just updated. SQLite: the transaction starts with the write lock.
        let pg = store.engine == .postgres
        let materialized = pg ? "MATERIALIZED " : ""
        let lock = pg ? " FOR UPDATE OF d SKIP LOCKED" : ""
        return try await store.transaction { db in
            let ids = try await db.raw(
                """
                WITH picked AS \(unsafeRaw: materialized)(
                    SELECT d.id FROM sc.alert_delivery d JOIN sc.webhook_endpoints e ON e.id = d.endpoint_id
                    WHERE d.channel = 'webhook' AND d.status = 'pending' AND d.next_attempt_at <= \(bind: now) AND e.active
                    ORDER BY d.next_attempt_at, d.id LIMIT \(bind: limit)\(unsafeRaw: lock))
                UPDATE sc.alert_delivery SET next_attempt_at = \(bind: leaseUntil)
                WHERE id IN (SELECT id FROM picked) AND status = 'pending' AND next_attempt_at <= \(bind: now)
                RETURNING id
                """
            ).all().map { try $0.decode(column: "id", as: Int64.self) }
            guard !ids.isEmpty else { return [] }
            return try await deliveries(db, filter: "d.id IN (\(binds: ids))", limit: ids.count)
        }
    }

    public func markDelivery(id: Int64, error: String?, at: Int64, retryAt: Int64, maxAttempts: Int) async throws -> DeliveryStatus? {
        // `status = 'pending'` keeps a late report (e.g. from a sender whose lease ran out) from undoing a settled row.
        let status: String? = try await store.withConnection { db in
            if let error {
                return try await db.raw(
                    """
                    UPDATE sc.alert_delivery SET attempts = attempts + 1, last_error = \(bind: error), last_attempt_at = \(bind: at),
                        next_attempt_at = \(bind: retryAt), status = CASE WHEN attempts + 1 >= \(bind: maxAttempts) THEN 'failed' ELSE 'pending' END
                    WHERE id = \(bind: id) AND status = 'pending'
                    RETURNING status
                    """
                ).first()?.decode(column: "status", as: String.self)
            }
            return try await db.raw(
                """
                UPDATE sc.alert_delivery SET attempts = attempts + 1, status = 'delivered', delivered_at = \(bind: at), last_attempt_at = \(bind: at),
                    last_error = NULL
                WHERE id = \(bind: id) AND status = 'pending'
                RETURNING status
                """
            ).first()?.decode(column: "status", as: String.self)
        }
        return status.flatMap(DeliveryStatus.init(rawValue:))
    }

    public func subscribeWebhook(
        userID: String, modelName: String?, packName: String?, universe: String, url: String, secret: String, at: Int64
    ) async throws -> WebhookSubscription {
        let model = modelName?.trimmingCharacters(in: .whitespaces).nonEmpty
        let pack = packName?.trimmingCharacters(in: .whitespaces).nonEmpty
        let universe = universe.trimmingCharacters(in: .whitespaces)
        try Self.validateSubscription(model: model, pack: pack, universe: universe, url: url, secret: secret)
        let sealed = try store.secrets.seal(secret)
        return try await store.transaction { db in
            guard try await db.raw("SELECT id FROM sc.users WHERE id = \(bind: userID)").first() != nil else {
                throw StorageError.notFound("no user with id '\(userID)'")
            }
            if let model, try await db.raw("SELECT name FROM sc.model_names WHERE name = \(bind: model)").first() == nil {
                throw StorageError.notFound("no model named '\(model)'; `alertsai models list` shows the registered ones")
            }
            if let pack, try await db.raw("SELECT id FROM sc.model_packs WHERE name = \(bind: pack)").first() == nil {
                throw StorageError.notFound("no model pack named '\(pack)'")
            }
            // One endpoint per user and URL: a second subscription to the same URL reuses it, and its secret.
            var endpointCreated = false
            let existing = try await db.raw(
                "SELECT id FROM sc.webhook_endpoints WHERE user_id = \(bind: userID) AND url = \(bind: url) AND active LIMIT 1"
            ).first()
            let endpointID: String
            if let existing {
                endpointID = try existing.decode(column: "id", as: String.self)
            } else {
                let id = UUID().uuidString.lowercased()
                // A concurrent subscribe that made it first wins (unique on user and URL); this one then reuses it.
                let made = try await db.raw(
                    """
                    INSERT INTO sc.webhook_endpoints (id, user_id, url, secret, active, created_at)
                    VALUES (\(bind: id), \(bind: userID), \(bind: url), \(bind: sealed), TRUE, \(bind: at))
                    ON CONFLICT DO NOTHING RETURNING id
                    """
                ).first()
                if made != nil {
                    endpointID = id
                    endpointCreated = true
                } else {
                    guard
                        let row = try await db.raw(
                            "SELECT id FROM sc.webhook_endpoints WHERE user_id = \(bind: userID) AND url = \(bind: url) AND active LIMIT 1"
                        ).first()
                    else { throw StorageError.conflict("the webhook endpoint \(url) changed while subscribing; try again") }
                    endpointID = try row.decode(column: "id", as: String.self)
                }
            }
            let same = try await Self.subscriptions(
                db,
                filter: """
                    s.user_id = \(bind: userID) AND s.endpoint_id = \(bind: endpointID) AND s.universe = \(bind: universe) AND s.active
                        AND COALESCE(s.model_name, '') = \(bind: model ?? "") AND COALESCE(s.pack_name, '') = \(bind: pack ?? "")
                    """)
            if var found = same.first {
                found.endpointCreated = endpointCreated
                return found
            }
            let id = UUID().uuidString.lowercased()
            try await db.raw(
                """
                INSERT INTO sc.alert_subscriptions (id, user_id, model_name, pack_name, universe, channel, endpoint_id, active, created_at)
                VALUES (\(bind: id), \(bind: userID), \(bind: model), \(bind: pack), \(bind: universe), 'webhook', \(bind: endpointID), TRUE,
                    \(bind: at))
                """
            ).run()
            var made = WebhookSubscription(
                id: id, userID: userID, modelName: model, packName: pack, universe: universe, endpointID: endpointID, url: url, active: true,
                createdAt: at)
            made.endpointCreated = endpointCreated
            return made
        }
    }

    public func rotateWebhookSecret(endpointID: String, userID: String, secret: String, previousUntil: Int64) async throws
        -> WebhookEndpointInfo
    {
        guard secret.count >= 16 else {
            throw StorageError.constraint("webhook secret has \(secret.count) characters; it needs at least 16")
        }
        let sealed = try store.secrets.seal(secret)
        return try await store.transaction { db in
            // Someone else's endpoint answers like a missing one.
            guard
                let row = try await db.raw(
                    """
                    UPDATE sc.webhook_endpoints SET previous_secret = secret, previous_secret_until = \(bind: previousUntil),
                        secret = \(bind: sealed)
                    WHERE id = \(bind: endpointID) AND user_id = \(bind: userID) AND active
                    RETURNING id, user_id, url
                    """
                ).first()
            else { throw StorageError.notFound("no active webhook endpoint '\(endpointID)' of yours; GET /alerts/subscriptions lists them") }
            return WebhookEndpointInfo(
                id: try row.decode(column: "id", as: String.self), userID: try row.decode(column: "user_id", as: String.self),
                url: try row.decode(column: "url", as: String.self), previousSecretUntil: previousUntil)
        }
    }

    public func sealPlaintextSecrets() async throws -> Int {
        let box = store.secrets
        return try await store.transaction { db in
            let rows = try await db.raw(
                "SELECT id, secret, previous_secret FROM sc.webhook_endpoints WHERE secret NOT LIKE 'enc:v1:%' OR previous_secret NOT LIKE 'enc:v1:%'"
            ).all()
            for row in rows {
                let id = try row.decode(column: "id", as: String.self)
                let secret = try row.decode(column: "secret", as: String.self)
                let previous = try row.decode(column: "previous_secret", as: String?.self)
                let sealedSecret = SecretBox.isSealed(secret) ? secret : try box.seal(secret)
                let sealedPrevious = try previous.map { SecretBox.isSealed($0) ? $0 : try box.seal($0) }
                try await db.raw(
                    """
                    UPDATE sc.webhook_endpoints SET secret = \(bind: sealedSecret), previous_secret = \(bind: sealedPrevious)
                    WHERE id = \(bind: id)
                    """
                ).run()
            }
            return rows.count
        }
    }

    /// The checks that need no database, each naming what is wrong.
    static func validateSubscription(model: String?, pack: String?, universe: String, url: String, secret: String) throws {
        guard (model == nil) != (pack == nil) else {
            throw StorageError.constraint("a webhook subscription needs exactly one of a model name and a pack name")
        }
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = parsed.host, !host.isEmpty, !url.contains(where: \.isWhitespace)
        else {
            throw StorageError.constraint("webhook URL '\(url)' is not an http:// or https:// URL with a host")
        }
        guard secret.count >= 16 else {
            throw StorageError.constraint("webhook secret has \(secret.count) characters; it needs at least 16")
        }
        guard !universe.isEmpty else {
            throw StorageError.constraint("a webhook subscription needs a universe: *, preset:NAME, watchlist:ID or AAPL,MSFT")
        }
    }

    static func subscriptions(_ db: any SQLDatabase, filter: SQLQueryString) async throws -> [WebhookSubscription] {
        let query: SQLQueryString = """
            SELECT s.id, s.user_id, s.model_name, s.pack_name, s.universe, s.endpoint_id, e.url,
                CASE WHEN s.active AND e.active THEN 1 ELSE 0 END AS is_active, s.created_at
            FROM sc.alert_subscriptions s JOIN sc.webhook_endpoints e ON e.id = s.endpoint_id
            WHERE s.channel = 'webhook' AND
            """ + " " + filter + " ORDER BY s.created_at, s.id"
        return try await db.raw(query).all().map { row in
            WebhookSubscription(
                id: try row.decode(column: "id", as: String.self), userID: try row.decode(column: "user_id", as: String.self),
                modelName: try row.decode(column: "model_name", as: String?.self), packName: try row.decode(column: "pack_name", as: String?.self),
                universe: try row.decode(column: "universe", as: String.self), endpointID: try row.decode(column: "endpoint_id", as: String.self),
                url: try row.decode(column: "url", as: String.self), active: try row.decode(column: "is_active", as: Int.self) != 0,
                createdAt: try row.decode(column: "created_at", as: Int64.self))
        }
    }

    public func webhookSubscriptions(userID: String?) async throws -> [WebhookSubscription] {
        try await store.withConnection { db in
            if let userID { return try await Self.subscriptions(db, filter: "s.user_id = \(bind: userID)") }
            return try await Self.subscriptions(db, filter: "1 = 1")
        }
    }

    public func setWebhookSubscription(id: String, active: Bool) async throws -> WebhookSubscription {
        try await store.transaction { db in
            let changed = try await db.raw(
                "UPDATE sc.alert_subscriptions SET active = \(bind: active) WHERE id = \(bind: id) AND channel = 'webhook' RETURNING id"
            ).first()
            guard changed != nil, let found = try await Self.subscriptions(db, filter: "s.id = \(bind: id)").first else {
                throw StorageError.notFound("no webhook subscription with id '\(id)'")
            }
            return found
        }
    }

    public func unresolvedAlerts(barBefore: Int64, limit: Int) async throws -> [AlertRecord] {
        let columns = alertColumns.split(separator: ",").map { "a." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")
        return try await store.withConnection { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: columns) FROM sc.alerts a LEFT JOIN sc.alert_outcomes o ON o.alert_id = a.id
                WHERE o.alert_id IS NULL AND a.bar_time <= \(bind: barBefore) ORDER BY a.bar_time, a.id LIMIT \(bind: limit)
                """
            ).all().map(Self.alert(from:))
        }
    }

    public func recordOutcomes(_ outcomes: [AlertOutcomeRecord]) async throws -> Int {
        guard !outcomes.isEmpty else { return 0 }
        return try await store.transaction { db in
            var added = 0
            for o in outcomes {
                let row = try await db.raw(
                    """
                    INSERT INTO sc.alert_outcomes (alert_id, exit_reason, exit_time, exit_price, realized_return, mfe, mae, label, resolved_at,
                        net_return_pct, net_r, entry_price, stop_level, take_profit_level)
                    VALUES (\(bind: o.alertID), \(bind: o.exitReason.rawValue), \(bind: o.exitTime), \(bind: o.exitPrice),
                        \(bind: o.realizedReturn), \(bind: o.mfe), \(bind: o.mae), \(bind: o.label), \(bind: o.resolvedAt),
                        \(bind: o.netReturnPct), \(bind: o.netR), \(bind: o.entryPrice), \(bind: o.stopLevel), \(bind: o.takeProfitLevel))
                    ON CONFLICT DO NOTHING RETURNING alert_id
                    """
                ).first()
                if row != nil { added += 1 }
            }
            return added
        }
    }

    public func outcome(alertID: String) async throws -> AlertOutcomeRecord? {
        try await store.withConnection { db in
            try await db.raw(
                """
                SELECT alert_id, exit_reason, exit_time, exit_price, realized_return, mfe, mae, label, resolved_at,
                    net_return_pct, net_r, entry_price, stop_level, take_profit_level
                FROM sc.alert_outcomes WHERE alert_id = \(bind: alertID)
                """
            ).first().map { row in
                let reason = try row.decode(column: "exit_reason", as: String.self)
                return AlertOutcomeRecord(
                    alertID: try row.decode(column: "alert_id", as: String.self), exitReason: ExitReason(rawValue: reason) ?? .timeout,
                    exitTime: try row.decode(column: "exit_time", as: Int64.self), exitPrice: try row.decode(column: "exit_price", as: Double.self),
                    realizedReturn: try row.decode(column: "realized_return", as: Double.self), mfe: try row.decode(column: "mfe", as: Double.self),
                    mae: try row.decode(column: "mae", as: Double.self), label: try row.decode(column: "label", as: Int.self),
                    resolvedAt: try row.decode(column: "resolved_at", as: Int64.self),
                    netReturnPct: try row.decode(column: "net_return_pct", as: Double?.self),
                    netR: try row.decode(column: "net_r", as: Double?.self), entryPrice: try row.decode(column: "entry_price", as: Double?.self),
                    stopLevel: try row.decode(column: "stop_level", as: Double?.self),
                    takeProfitLevel: try row.decode(column: "take_profit_level", as: Double?.self))
            }
        }
    }

    public func livePrecision(k: Int) async throws -> [LivePrecision] {
        guard k >= 1 else { throw StorageError.constraint("precision@K needs K ≥ 1, got \(k)") }
        // Rank resolved alerts by score within each model version (overall) and within each (version, regime).
        let sql = """
            WITH resolved AS (
                SELECT a.model_spec_id, COALESCE(a.regime, 'unknown') AS regime, a.score, o.label
                FROM sc.alerts a JOIN sc.alert_outcomes o ON o.alert_id = a.id
            ), overall AS (
                SELECT model_spec_id, NULL AS regime, label,
                    ROW_NUMBER() OVER (PARTITION BY model_spec_id ORDER BY score DESC) AS rk FROM resolved
            ), per_regime AS (
                SELECT model_spec_id, regime, label,
                    ROW_NUMBER() OVER (PARTITION BY model_spec_id, regime ORDER BY score DESC) AS rk FROM resolved
            ), ranked AS (
                SELECT model_spec_id, regime, label, rk FROM overall
                UNION ALL SELECT model_spec_id, regime, label, rk FROM per_regime
            )
            SELECT r.model_spec_id, r.regime, COUNT(*) AS resolved, SUM(r.label) AS hits, m.name, m.version
            FROM ranked r JOIN sc.model_specs m ON m.id = r.model_spec_id
            WHERE r.rk <= \(k)
            GROUP BY r.model_spec_id, r.regime, m.name, m.version
            ORDER BY m.name, m.version, r.regime
            """
        return try await store.withConnection { db in
            try await db.raw("\(unsafeRaw: sql)").all().map { row in
                LivePrecision(
                    modelSpecID: UUID(uuidString: try row.decode(column: "model_spec_id", as: String.self)) ?? UUID(),
                    modelName: try row.decode(column: "name", as: String.self), modelVersion: try row.decode(column: "version", as: Int.self),
                    regime: try row.decode(column: "regime", as: String?.self), resolved: try row.decode(column: "resolved", as: Int.self),
                    hits: try row.decode(column: "hits", as: Int.self), k: k)
            }
        }
    }
}

extension String {
    /// nil for an empty string.
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
