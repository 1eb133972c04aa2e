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

/// Where the alerts of each model version find their bars: `source` maps a model spec id to a provider and a key
/// naming it (alerts with equal keys share one fetch per symbol).
public struct BarSources: Sendable {
    public struct Source: Sendable {
        public var key: String
        public var provider: any BarProvider
        public init(key: String, provider: any BarProvider) {
            self.key = key
            self.provider = provider
        }
    }
    public var source: @Sendable (_ modelSpecID: UUID) async throws -> Source
    public init(source: @escaping @Sendable (_ modelSpecID: UUID) async throws -> Source) { self.source = source }
}

/// Resolves every alert whose hold has elapsed against its own plan and stores the outcome in `sc.alert_outcomes`.
public struct OutcomeResolver: Sendable {
    public let alerts: any OutcomeRepository
    public let provider: any BarProvider
    /// How many alerts one pass looks at, at most.
    public var batchLimit: Int
    /// Hears each symbol's bars resolved: (done, total, symbol), for a progress line.
    public var progress: (@Sendable (_ done: Int, _ total: Int, _ symbol: String) -> Void)? = nil
    /// The bars an alert resolves on, by the model version that made it: a model trained on CSV bars resolves its
    /// alerts on those bars, not on `provider`. Nil: every alert resolves on `provider`.
    public var sources: BarSources?

    public init(alerts: any OutcomeRepository, provider: any BarProvider, batchLimit: Int = 10_000, sources: BarSources? = nil) {
        self.alerts = alerts
        self.provider = provider
        self.batchLimit = batchLimit
        self.sources = sources
    }

    /// Resolves what can be resolved with bars closed at `asOf` (ms UTC).
    public func resolve(asOf: Int64) async throws -> OutcomeReport {
        let open = try await alerts.unresolvedAlerts(barBefore: asOf, limit: batchLimit)
        let resolution = await Self.outcomes(
            of: open, asOf: asOf, provider: provider, sources: sources, resolvedAt: Clock.nowMillis(), progress: progress)
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
        of alerts: [AlertRecord], asOf: Int64, provider: any BarProvider, sources: BarSources? = nil, resolvedAt: Int64,
        progress: (@Sendable (Int, Int, String) -> Void)? = nil
    ) async -> Resolution {
        var resolution = Resolution(outcomes: [], pending: [], failed: [:])
        // Each model version's bar source, looked up once; a version whose source cannot be opened fails its symbols.
        var sourceOf: [UUID: Result<BarSources.Source, any Error>] = [:]
        if let sources {
            for id in Set(alerts.map(\.modelSpecID)) {
                do { sourceOf[id] = .success(try await sources.source(id)) } catch { sourceOf[id] = .failure(error) }
            }
        }
        func source(of alert: AlertRecord) -> Result<BarSources.Source, any Error> {
            sourceOf[alert.modelSpecID] ?? .success(BarSources.Source(key: "", provider: provider))
        }
        // One fetch per bar source, symbol, timeframe and market covers all of its alerts.
        let groups = Dictionary(grouping: alerts) { alert -> String in
            let key = (try? source(of: alert).get().key) ?? "unavailable \(alert.modelSpecID)"
            return "\(alert.symbol)|\(alert.timeframe.rawValue)|\(alert.market.rawValue)|\(key)"
        }
        for (done, key) in groups.keys.sorted().enumerated() {
            guard let group = groups[key], let first = group.first else { continue }
            progress?(done, groups.count, first.symbol)
            let provider: any BarProvider
            switch source(of: first) {
            case .success(let s): provider = s.provider
            case .failure(let error):
                resolution.failed[first.symbol] = "\(error)"
                continue
            }
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
    public static func export(from alerts: any OutcomeRepository, k: Int) async throws -> [LivePrecision] {
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

/// Live figures per model version against the version's promise: the query, the gauges, and a table for people.
public enum LivePromiseReport {
    /// Measures every version with resolved alerts and sets `alertsai_live_precision`, `alertsai_live_expectancy_pct`,
    /// `alertsai_live_resolved_alerts`, the promise's expectancy interval and `alertsai_live_outside_promise`.
    @discardableResult
    public static func export(from alerts: SQLOutcomeRepository, registry: any ModelRegistry, minTrades: Int = 20) async throws
        -> [LiveAgainstPromise]
    {
        var out: [LiveAgainstPromise] = []
        for group in try await alerts.liveTrades() {
            let promise = try? await registry.spec(id: group.modelSpecID).promise
            let judged = LiveAgainstPromise.judge(
                model: group.modelName, version: group.modelVersion, trades: group.trades, promise: promise ?? nil, minTrades: minTrades)
            out.append(judged)
            let dims = [("model", judged.model), ("version", String(judged.version))]
            Gauge(label: AlertingMetricName.liveTrades, dimensions: dims).record(Double(judged.trades))
            if let p = judged.precision.value { Gauge(label: AlertingMetricName.liveWinRate, dimensions: dims).record(p) }
            if let e = judged.expectancyPct.value { Gauge(label: AlertingMetricName.liveExpectancy, dimensions: dims).record(e) }
            if let lo = judged.promise?.expectancyPct.low { Gauge(label: AlertingMetricName.promiseLow, dimensions: dims).record(lo) }
            if let hi = judged.promise?.expectancyPct.high { Gauge(label: AlertingMetricName.promiseHigh, dimensions: dims).record(hi) }
            Gauge(label: AlertingMetricName.promiseBreach, dimensions: dims).record(["below", "above"].contains(judged.status) ? 1 : 0)
        }
        return out
    }

    /// A plain-text table (what `outcomes resolve` prints).
    public static func table(_ rows: [LiveAgainstPromise]) -> String {
        guard !rows.isEmpty else { return "live against the promise: no resolved alerts with net returns yet" }
        var lines = ["model@version          resolved  live precision         live expectancy %         promised expectancy %   status"]
        for r in rows {
            let name = "\(r.model)@v\(r.version)".padding(toLength: 22, withPad: " ", startingAt: 0)
            let promised = r.promise.map { $0.expectancyPct.text() } ?? "—"
            lines.append(
                name + String(format: " %8d  ", r.trades) + r.precision.text().padding(toLength: 23, withPad: " ", startingAt: 0)
                    + r.expectancyPct.text().padding(toLength: 26, withPad: " ", startingAt: 0)
                    + promised.padding(toLength: 24, withPad: " ", startingAt: 0)
                    + r.status + (r.significant ? " (intervals apart)" : ""))
            if r.status != "within" { lines.append("    \(r.detail)") }
        }
        return lines.joined(separator: "\n")
    }
}
