import AlertsCore
import Foundation
import SQLKit

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

/// `sc.alert_outcomes`: the alerts still waiting for their hold to end, the outcomes resolved against their plans, and
/// live precision.
public protocol OutcomeRepository: Sendable {
    /// Alerts without an outcome whose signal bar is at or before `barBefore`, oldest first.
    func unresolvedAlerts(barBefore: Int64, limit: Int) async throws -> [AlertRecord]
    /// Stores outcomes; an alert already resolved keeps its first outcome. Returns how many were new.
    func recordOutcomes(_ outcomes: [AlertOutcomeRecord]) async throws -> Int
    func outcome(alertID: String) async throws -> AlertOutcomeRecord?
    /// Precision among each model version's K best-scored resolved alerts, overall and per regime.
    func livePrecision(k: Int) async throws -> [LivePrecision]
}

/// `OutcomeRepository` over the `sc` store, for both engines.
public struct SQLOutcomeRepository: OutcomeRepository {
    let store: any Store

    public init(store: any Store) {
        self.store = store
    }

    public func unresolvedAlerts(barBefore: Int64, limit: Int) async throws -> [AlertRecord] {
        let columns = AlertRows.columns(store.sql).split(separator: ",").map { "a." + $0.trimmingCharacters(in: .whitespaces) }.joined(
            separator: ", ")
        return try await store.withConnection { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: columns) FROM sc.alerts a LEFT JOIN sc.alert_outcomes o ON o.alert_id = a.id
                WHERE o.alert_id IS NULL AND a.bar_time <= \(bind: barBefore) ORDER BY a.bar_time, a.id LIMIT \(bind: limit)
                """
            ).all().map(AlertRows.alert(from:))
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
