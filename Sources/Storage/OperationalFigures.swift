import Foundation
import SQLKit

/// What the store says about the alert pipeline, for every `serve`'s `/metrics` (`LiveMetricsService`): alerts
/// written, candidates suppressed by guardrail, deliveries by channel and state, and over a recent window the webhook
/// delivery latency and the alert runs' durations and states. Read from the tables, so every instance behind a proxy
/// shows the same figures, whichever process wrote the rows.
public struct OperationalFigures: Sendable, Hashable {
    public var alerts = 0
    public var suppressedByGuardrail: [String: Int] = [:]
    /// Keyed `channel/status` (`webhook/delivered`, `feed/pending`, …).
    public var deliveries: [String: Int] = [:]
    /// Alert runs by status (`running`, `succeeded`, `failed`, `abandoned`).
    public var runsByStatus: [String: Int] = [:]
    /// Milliseconds from the alert's delivery row to its webhook's acceptance, for deliveries settled in the window.
    public var deliveryLatencyMs: Summary?
    /// Milliseconds from start to finish of the alert runs finished in the window.
    public var runDurationMs: Summary?

    /// Median, 95th percentile and maximum of a sample, with its size.
    public struct Summary: Sendable, Hashable {
        public var count: Int
        public var p50: Double
        public var p95: Double
        public var max: Double

        /// Nil for an empty sample; quantiles by the nearest rank.
        public init?(_ values: [Double]) {
            guard !values.isEmpty else { return nil }
            let s = values.sorted()
            func rank(_ q: Double) -> Double { s[Swift.max(0, Int((q * Double(s.count)).rounded(.up)) - 1)] }
            count = s.count
            p50 = rank(0.5)
            p95 = rank(0.95)
            max = s[s.count - 1]
        }
    }

    public init() {}

    /// Reads the figures; the window (`since`, ms) bounds the latency and duration samples, each to its newest
    /// `limit` rows, so a refresh stays cheap on a big store.
    public static func read(from store: any Store, since: Int64, limit: Int = 10_000) async throws -> OperationalFigures {
        try await store.withConnection { db in
            var f = OperationalFigures()
            f.alerts = try await db.raw("SELECT COUNT(*) AS n FROM sc.alerts").first()?.decode(column: "n", as: Int.self) ?? 0
            for row in try await db.raw("SELECT guardrail, COUNT(*) AS n FROM sc.alert_suppressions GROUP BY guardrail").all() {
                f.suppressedByGuardrail[try row.decode(column: "guardrail", as: String.self)] = try row.decode(column: "n", as: Int.self)
            }
            for row in try await db.raw("SELECT channel, status, COUNT(*) AS n FROM sc.alert_delivery GROUP BY channel, status").all() {
                let key = "\(try row.decode(column: "channel", as: String.self))/\(try row.decode(column: "status", as: String.self))"
                f.deliveries[key] = try row.decode(column: "n", as: Int.self)
            }
            for row in try await db.raw("SELECT status, COUNT(*) AS n FROM sc.alert_runs GROUP BY status").all() {
                f.runsByStatus[try row.decode(column: "status", as: String.self)] = try row.decode(column: "n", as: Int.self)
            }
            let latency = try await db.raw(
                """
                SELECT delivered_at - created_at AS ms FROM sc.alert_delivery
                WHERE channel = 'webhook' AND status = 'delivered' AND delivered_at >= \(bind: since)
                ORDER BY delivered_at DESC LIMIT \(bind: limit)
                """
            ).all().map { Double(try $0.decode(column: "ms", as: Int64.self)) }
            f.deliveryLatencyMs = Summary(latency)
            let durations = try await db.raw(
                """
                SELECT finished_at - started_at AS ms FROM sc.alert_runs
                WHERE finished_at IS NOT NULL AND finished_at >= \(bind: since)
                ORDER BY finished_at DESC LIMIT \(bind: limit)
                """
            ).all().map { Double(try $0.decode(column: "ms", as: Int64.self)) }
            f.runDurationMs = Summary(durations)
            return f
        }
    }
}
