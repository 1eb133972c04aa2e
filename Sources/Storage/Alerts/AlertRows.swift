import AlertsCore
import Foundation
import SQLKit

/// The `sc.alerts` columns and row decoding the alert repositories share.
enum AlertRows {
    static func encode(_ value: some Encodable) throws -> String { try SQLModelRegistry.encode(value) }

    static func columns(_ f: SQLDialectFragments) -> String {
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
}
