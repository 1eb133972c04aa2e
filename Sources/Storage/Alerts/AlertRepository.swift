import AlertsCore
import Foundation
import SQLKit

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

/// `sc.alerts` as the feed and the guardrails read them: a run's alerts, a user's feed, and the duplicate, budget and
/// cooldown queries.
public protocol AlertRepository: Sendable {
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
}

/// `AlertRepository` over the `sc` store, for both engines.
public struct SQLAlertRepository: AlertRepository {
    let store: any Store

    public init(store: any Store) {
        self.store = store
    }

    /// `column = ?` for a user, `column IS NULL` for the shared feed: both use the `alerts_audience` index (migration 20),
    /// where `COALESCE(column, '') = ?` read every alert of the store.
    static func audience(_ userID: String?, column: String) -> SQLQueryString {
        if let userID { return "\(unsafeRaw: column) = \(bind: userID)" }
        return "\(unsafeRaw: column) IS NULL"
    }

    public func alerts(runID: String) async throws -> [AlertRecord] {
        let columns = AlertRows.columns(store.sql)
        return try await store.withConnection { db in
            try await db.raw("SELECT \(unsafeRaw: columns) FROM sc.alerts WHERE run_id = \(bind: runID) ORDER BY score DESC, symbol")
                .all().map(AlertRows.alert(from:))
        }
    }

    public func feed(userID: String?, limit: Int) async throws -> [AlertRecord] {
        let columns = AlertRows.columns(store.sql)
        return try await store.withConnection { db in
            if let userID {
                return try await db.raw(
                    """
                    SELECT \(unsafeRaw: columns) FROM sc.alerts WHERE user_id = \(bind: userID)
                    ORDER BY created_at DESC, bar_time DESC, id LIMIT \(bind: limit)
                    """
                ).all().map(AlertRows.alert(from:))
            }
            return try await db.raw(
                "SELECT \(unsafeRaw: columns) FROM sc.alerts WHERE user_id IS NULL ORDER BY created_at DESC, bar_time DESC, id LIMIT \(bind: limit)"
            ).all().map(AlertRows.alert(from:))
        }
    }

    public func feedEntries(userID: String, limit: Int, before: Int64?) async throws -> [FeedEntry] {
        guard limit >= 1 else { return [] }
        let alert = AlertRows.columns(store.sql).split(separator: ",").map { "a." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")
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
                let record = try AlertRows.alert(from: row)
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
                        AND bar_time = \(bind: t) AND \(Self.audience(userID, column: "user_id"))
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
                WHERE \(Self.audience(userID, column: "a.user_id")) AND r.as_of >= \(bind: from) AND r.as_of < \(bind: to)
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
                WHERE \(Self.audience(userID, column: "user_id")) AND timeframe = \(bind: timeframe.rawValue) AND bar_time <= \(bind: before)
                GROUP BY symbol
                """
            ).all().map { (try $0.decode(column: "symbol", as: String.self), try $0.decode(column: "last_bar", as: Int64.self)) }
        }
        var out: [String: Int64] = [:]
        for (s, t) in rows where wanted.contains(s) { out[s] = t }
        return out
    }
}
