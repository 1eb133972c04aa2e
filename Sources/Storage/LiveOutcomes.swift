import AlertsCore
import Foundation
import SQLKit

/// The resolved alerts of one model version as trades (net of costs), for live-against-promise figures.
public struct LiveTrades: Sendable, Hashable {
    public var modelSpecID: UUID
    public var modelName: String
    public var modelVersion: Int
    public var trades: [Trade]
}

extension SQLOutcomeRepository {
    /// Every resolved alert with a net return, grouped by model version (oldest version first). Outcomes stored
    /// before net returns existed (no `net_return_pct`) are left out.
    public func liveTrades() async throws -> [LiveTrades] {
        try await store.withConnection { db in
            let rows = try await db.raw(
                """
                SELECT a.model_spec_id, m.name, m.version, a.bar_time, a.regime, o.label, o.net_return_pct, o.net_r
                FROM sc.alerts a JOIN sc.alert_outcomes o ON o.alert_id = a.id JOIN sc.model_specs m ON m.id = a.model_spec_id
                WHERE o.net_return_pct IS NOT NULL
                ORDER BY m.name, m.version, a.bar_time, a.id
                """
            ).all()
            var out: [LiveTrades] = []
            for row in rows {
                let idText = try row.decode(column: "model_spec_id", as: String.self)
                guard let id = UUID(uuidString: idText) else { continue }
                let trade = Trade(
                    day: try row.decode(column: "bar_time", as: Int64.self) / 86_400_000,
                    netReturnPct: try row.decode(column: "net_return_pct", as: Double.self),
                    netR: try row.decode(column: "net_r", as: Double?.self) ?? 0, win: try row.decode(column: "label", as: Int.self) == 1,
                    regime: try row.decode(column: "regime", as: String?.self))
                if out.last?.modelSpecID == id {
                    out[out.count - 1].trades.append(trade)
                } else {
                    out.append(
                        LiveTrades(
                            modelSpecID: id, modelName: try row.decode(column: "name", as: String.self),
                            modelVersion: try row.decode(column: "version", as: Int.self), trades: [trade]))
                }
            }
            return out
        }
    }
}
