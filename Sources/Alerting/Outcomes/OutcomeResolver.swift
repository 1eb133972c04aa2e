import AlertsCore
import Features
import Foundation
import MarketData
import Metrics
import Storage

/// What one pass of outcome resolution did.
public struct OutcomeReport: Sendable, Hashable, Codable {
    public var asOf: Int64
    /// Alerts looked at (no outcome yet, signal bar before `asOf`).
    public var examined: Int
    public var resolved: Int
    /// Alerts whose hold is not over yet.
    public var pending: Int
    /// Alerts whose bars could not be loaded (symbol → error).
    public var failed: [String: String]
    /// Resolved outcomes by exit reason.
    public var byExit: [String: Int]
}

/// Resolves every alert whose hold has elapsed against its own plan and stores the outcome in `sc.alert_outcomes`.
public struct OutcomeResolver: Sendable {
    public let alerts: any AlertStore
    public let provider: any BarProvider
    /// How many alerts one pass looks at, at most.
    public var batchLimit: Int

    public init(alerts: any AlertStore, provider: any BarProvider, batchLimit: Int = 10_000) {
        self.alerts = alerts
        self.provider = provider
        self.batchLimit = batchLimit
    }

    /// Resolves what can be resolved with bars closed at `asOf` (ms UTC).
    public func resolve(asOf: Int64) async throws -> OutcomeReport {
        let open = try await alerts.unresolvedAlerts(barBefore: asOf, limit: batchLimit)
        let resolution = await Self.outcomes(of: open, asOf: asOf, provider: provider, resolvedAt: Clock.nowMillis())
        var report = OutcomeReport(
            asOf: asOf, examined: open.count, resolved: 0, pending: resolution.pending.count, failed: resolution.failed, byExit: [:])
        report.resolved = try await alerts.recordOutcomes(resolution.outcomes)
        for o in resolution.outcomes {
            report.byExit[o.exitReason.rawValue, default: 0] += 1
            Counter(label: AlertingMetricName.outcomes, dimensions: [("exit", o.exitReason.rawValue)]).increment()
        }
        return report
    }

    /// What resolving a set of alerts at one instant gives, before anything is stored.
    public struct Resolution: Sendable, Hashable {
        /// One per alert whose trade is over, in the order of the alerts' groups (symbol, timeframe, market).
        public var outcomes: [AlertOutcomeRecord]
        /// Ids of the alerts whose hold is not over yet (or whose signal bar is not in the bars).
        public var pending: [String]
        /// Symbol → why its bars could not be loaded.
        public var failed: [String: String]
    }

    /// Resolves `alerts` against their own plans on bars closed at `asOf`, writing nothing: what `resolve(asOf:)`
    /// stores, and what a backtest resolves its alerts with (the same barriers, entry and costs).
    public static func outcomes(
        of alerts: [AlertRecord], asOf: Int64, provider: any BarProvider, resolvedAt: Int64
    ) async -> Resolution {
        var resolution = Resolution(outcomes: [], pending: [], failed: [:])
        // One fetch per symbol, timeframe and market covers all of its alerts.
        let groups = Dictionary(grouping: alerts) { "\($0.symbol)|\($0.timeframe.rawValue)|\($0.market.rawValue)" }
        for key in groups.keys.sorted() {
            guard let group = groups[key], let first = group.first else { continue }
            let calendar = ExchangeMarketAdapter.of(first.market).calendar
            let earliest = group.map(\.barTime).min() ?? first.barTime
            let from = calendar.localDate(of: earliest).adding(days: -1)
            let to = calendar.localDate(of: asOf).adding(days: 1)
            let series: BarSeries
            do {
                let raw = try await provider.bars(symbol: first.symbol, timeframe: first.timeframe, market: first.market, from: from, to: to)
                series = ClosedBars.trim(raw, asOf: asOf, market: first.market)
            } catch {
                resolution.failed[first.symbol] = "\(error)"
                continue
            }
            for alert in group {
                let i = series.firstIndex(atOrAfter: alert.barTime)
                guard i < series.count, series.timestamps[i] == alert.barTime,
                    let meta = TripleBarrierResolver.resolve(series: series, signalIndex: i, plan: alert.plan)
                else {
                    resolution.pending.append(alert.id)
                    continue
                }
                resolution.outcomes.append(
                    AlertOutcomeRecord(
                        alertID: alert.id, exitReason: meta.exitReason, exitTime: meta.t1, exitPrice: meta.exitPrice,
                        realizedReturn: meta.realizedReturn, mfe: meta.mfe, mae: meta.mae, label: meta.exitReason == .takeProfit ? 1 : 0,
                        resolvedAt: resolvedAt, netReturnPct: meta.netReturn * 100, netR: meta.netR, entryPrice: meta.entryPrice,
                        stopLevel: TripleBarrierResolver.stopLevel(entry: meta.entryPrice, plan: alert.plan),
                        takeProfitLevel: TripleBarrierResolver.takeProfitLevel(entry: meta.entryPrice, plan: alert.plan)))
            }
        }
        return resolution
    }
}

/// Live precision@K per model version and regime: the query, the gauges, and a table for people.
public enum LivePrecisionReport {
    /// Reads precision@K from the store and sets `alertsai_live_precision_at_k{model,version,regime,k}`.
    @discardableResult
    public static func export(from alerts: any AlertStore, k: Int) async throws -> [LivePrecision] {
        let rows = try await alerts.livePrecision(k: k)
        for r in rows where r.resolved > 0 {
            Gauge(
                label: AlertingMetricName.livePrecision,
                dimensions: [("model", r.modelName), ("version", String(r.modelVersion)), ("regime", r.regime ?? "all"), ("k", String(k))]
            ).record(r.precision)
        }
        return rows
    }

    /// A plain-text table (what `outcomes resolve` and the demo print).
    public static func table(_ rows: [LivePrecision]) -> String {
        guard let k = rows.first?.k else { return "live precision@K: no resolved alerts yet" }
        var lines = ["model            version  regime       resolved  hits  precision@\(k)"]
        for r in rows {
            let name = r.modelName.padding(toLength: 16, withPad: " ", startingAt: 0)
            let regime = (r.regime ?? "all").padding(toLength: 11, withPad: " ", startingAt: 0)
            let counts = String(format: " %9d %5d  %11.3f", r.resolved, r.hits, r.precision)
            lines.append(name + " " + String(format: "%7d  ", r.modelVersion) + regime + counts)
        }
        return lines.joined(separator: "\n")
    }
}
