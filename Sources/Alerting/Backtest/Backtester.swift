import AlertsCore
import Foundation
import MarketData
import Storage

/// One backtest to do: a model (its published version, or a pinned one) over a universe and a period of sessions.
public struct BacktestRequest: Sendable, Hashable {
    public var model: String
    /// nil: the published version (what a live run would score with).
    public var version: Int?
    /// `preset:NAME`, `watchlist:ID` or `AAPL,MSFT`.
    public var universe: String
    /// First and last session of the period (inclusive).
    public var from: LocalDate
    public var to: LocalDate
    /// The audience whose guardrail settings apply; nil for the shared feed.
    public var userID: String?
    /// Outcomes are resolved with the bars closed by this instant (ms UTC); nil = now. A trade whose hold is not over
    /// by then is reported as pending and left out of the statistics.
    public var resolveAsOf: Int64?

    public init(
        model: String, version: Int? = nil, universe: String, from: LocalDate, to: LocalDate, userID: String? = nil, resolveAsOf: Int64? = nil
    ) {
        self.model = model
        self.version = version
        self.universe = universe
        self.from = from
        self.to = to
        self.userID = userID
        self.resolveAsOf = resolveAsOf
    }

    /// `NAME` or `NAME@vN` (also `NAME@N`) → name and version.
    public static func parseModel(_ text: String) throws -> (name: String, version: Int?) {
        let parts = text.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let name = parts.first, !name.isEmpty else { throw AlertingError.invalid("--model: give NAME or NAME@vN, not '\(text)'") }
        guard parts.count == 2 else { return (name, nil) }
        let v = parts[1].hasPrefix("v") ? String(parts[1].dropFirst()) : parts[1]
        guard let version = Int(v), version >= 1 else {
            throw AlertingError.invalid("--model: '\(text)' has no version number after '@' (NAME@vN, N ≥ 1)")
        }
        return (name, version)
    }
}

/// One alert of a backtest with how its trade played out: the levels it was resolved against and its net return.
public struct BacktestTrade: Sendable, Hashable, Codable {
    public var symbol: String
    public var market: Market
    public var timeframe: Timeframe
    /// Start of the signal bar (ms UTC).
    public var barTime: Int64
    /// The run instant that produced the alert (ms UTC).
    public var runAsOf: Int64
    public var side: TradeSide
    public var score: Double
    public var regime: String?
    /// The actual entry price and the absolute stop and take-profit levels from it (what the outcome is resolved against).
    public var entry: Double
    public var stop: Double
    public var takeProfit: Double
    public var exit: Double
    public var exitTime: Int64
    public var exitReason: ExitReason
    public var netReturnPct: Double
    public var netR: Double
    /// The label: take-profit first.
    public var win: Bool

    enum CodingKeys: String, CodingKey {
        case symbol, market, timeframe, bar
        case barTime = "bar_time"
        case runAsOf = "run_as_of"
        case side, score, regime, entry, stop
        case takeProfit = "take_profit"
        case exit
        case exitTime = "exit_time"
        case exitReason = "exit_reason"
        case netReturnPct = "net_return_pct"
        case netR = "net_r"
        case win
    }

    public init(
        symbol: String, market: Market, timeframe: Timeframe, barTime: Int64, runAsOf: Int64, side: TradeSide, score: Double, regime: String?,
        entry: Double, stop: Double, takeProfit: Double, exit: Double, exitTime: Int64, exitReason: ExitReason, netReturnPct: Double,
        netR: Double, win: Bool
    ) {
        self.symbol = symbol
        self.market = market
        self.timeframe = timeframe
        self.barTime = barTime
        self.runAsOf = runAsOf
        self.side = side
        self.score = score
        self.regime = regime
        self.entry = entry
        self.stop = stop
        self.takeProfit = takeProfit
        self.exit = exit
        self.exitTime = exitTime
        self.exitReason = exitReason
        self.netReturnPct = netReturnPct
        self.netR = netR
        self.win = win
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            symbol: try c.decode(String.self, forKey: .symbol), market: try c.decode(Market.self, forKey: .market),
            timeframe: try c.decode(Timeframe.self, forKey: .timeframe), barTime: try c.decode(Int64.self, forKey: .barTime),
            runAsOf: try c.decode(Int64.self, forKey: .runAsOf), side: try c.decode(TradeSide.self, forKey: .side),
            score: try c.decode(Double.self, forKey: .score), regime: try c.decodeIfPresent(String.self, forKey: .regime),
            entry: try c.decode(Double.self, forKey: .entry), stop: try c.decode(Double.self, forKey: .stop),
            takeProfit: try c.decode(Double.self, forKey: .takeProfit), exit: try c.decode(Double.self, forKey: .exit),
            exitTime: try c.decode(Int64.self, forKey: .exitTime), exitReason: try c.decode(ExitReason.self, forKey: .exitReason),
            netReturnPct: try c.decode(Double.self, forKey: .netReturnPct), netR: try c.decode(Double.self, forKey: .netR),
            win: try c.decode(Bool.self, forKey: .win))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(symbol, forKey: .symbol)
        try c.encode(market, forKey: .market)
        try c.encode(timeframe, forKey: .timeframe)
        try c.encode(Timestamps.iso8601(barTime), forKey: .bar)
        try c.encode(barTime, forKey: .barTime)
        try c.encode(runAsOf, forKey: .runAsOf)
        try c.encode(side, forKey: .side)
        try c.encode(score, forKey: .score)
        try c.encode(regime, forKey: .regime)
        try c.encode(entry, forKey: .entry)
        try c.encode(stop, forKey: .stop)
        try c.encode(takeProfit, forKey: .takeProfit)
        try c.encode(exit, forKey: .exit)
        try c.encode(exitTime, forKey: .exitTime)
        try c.encode(exitReason, forKey: .exitReason)
        try c.encode(netReturnPct, forKey: .netReturnPct)
        try c.encode(netR, forKey: .netR)
        try c.encode(win, forKey: .win)
    }

    /// The trade as `TradeStatistics` counts it: day of the signal bar's session.
    public func statisticsTrade(day: Int64) -> Trade {
        Trade(day: day, netReturnPct: netReturnPct, netR: netR, win: win, regime: regime)
    }
}

/// An alert of the backtest whose hold was not over by the resolution instant (not in the statistics).
public struct BacktestPending: Sendable, Hashable, Codable {
    public var symbol: String
    public var barTime: Int64

    enum CodingKeys: String, CodingKey {
        case symbol
        case barTime = "bar_time"
    }
}

/// What a backtest found: the replayed runs' counts, every resolved trade, their statistics and the spec's promise.
public struct BacktestReport: Sendable, Hashable, Encodable {
    /// `name@vN` and its registry status.
    public var model: String
    public var modelStatus: ModelStatus
    public var universe: String
    public var userID: String?
    public var from: LocalDate
    public var to: LocalDate
    /// Closed bars replayed (one preview run each) and the sessions they fall in.
    public var runs: Int
    public var sessions: Int
    /// Alerts the replay produced (resolved or not).
    public var signals: Int
    public var resolveAsOf: Int64
    public var pending: [BacktestPending]
    /// Counts summed over the runs (`scored`, `above_threshold`, `suppressed.<guardrail>`, `would_alert`, `failed`, …).
    public var counts: [String: Int]
    /// Symbol → the last reason it could not be scored or resolved.
    public var failures: [String: String]
    /// The resolved trades, signal bar order (then symbol).
    public var trades: [BacktestTrade]
    public var statistics: TradeStatistics
    /// Alerts per session of the period (every alert, pending ones too): the promise's `alerts_per_day`.
    public var alertsPerDay: Double
    public var promise: ModelPromise?

    enum CodingKeys: String, CodingKey {
        case model
        case modelStatus = "model_status"
        case universe
        case userID = "user_id"
        case from, to, runs, sessions, signals
        case resolveAsOf = "resolve_as_of"
        case pending, counts, failures, trades
        case alerts
        case winRate = "win_rate"
        case averageWinPct = "average_win_pct"
        case averageLossPct = "average_loss_pct"
        case profitFactor = "profit_factor"
        case expectancyPct = "expectancy_pct"
        case expectancyR = "expectancy_r"
        case maxDrawdownPct = "max_drawdown_pct"
        case maxDrawdownR = "max_drawdown_r"
        case sharpe
        case alertsPerDay = "alerts_per_day"
        case promise
    }

    /// The promise as `models show --json` carries it: `{value, low, high}` per figure, nulls kept.
    struct PromiseWire: Encodable {
        var promise: ModelPromise
        enum Keys: String, CodingKey {
            case precision
            case expectancyPct = "expectancy_pct"
            case expectancyR = "expectancy_r"
            case alertsPerDay = "alerts_per_day"
            case alerts, days, policy
        }
        enum EstimateKeys: String, CodingKey { case value, low, high }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            for (key, e) in [
                (Keys.precision, promise.precision), (.expectancyPct, promise.expectancyPct), (.expectancyR, promise.expectancyR),
                (.alertsPerDay, promise.alertsPerDay),
            ] {
                var n = c.nestedContainer(keyedBy: EstimateKeys.self, forKey: key)
                try n.encode(e.value, forKey: .value)
                try n.encode(e.low, forKey: .low)
                try n.encode(e.high, forKey: .high)
            }
            try c.encode(promise.alerts, forKey: .alerts)
            try c.encode(promise.days, forKey: .days)
            try c.encode(promise.policy, forKey: .policy)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(model, forKey: .model)
        try c.encode(modelStatus, forKey: .modelStatus)
        try c.encode(universe, forKey: .universe)
        try c.encode(userID, forKey: .userID)
        try c.encode(from.description, forKey: .from)
        try c.encode(to.description, forKey: .to)
        try c.encode(runs, forKey: .runs)
        try c.encode(sessions, forKey: .sessions)
        try c.encode(signals, forKey: .signals)
        try c.encode(resolveAsOf, forKey: .resolveAsOf)
        try c.encode(pending, forKey: .pending)
        try c.encode(counts, forKey: .counts)
        try c.encode(failures, forKey: .failures)
        let s = statistics
        try c.encode(s.alerts, forKey: .alerts)
        try c.encode(s.winRate, forKey: .winRate)
        try c.encode(s.averageWinPct, forKey: .averageWinPct)
        try c.encode(s.averageLossPct, forKey: .averageLossPct)
        try c.encode(s.profitFactor, forKey: .profitFactor)
        try c.encode(s.expectancyPct, forKey: .expectancyPct)
        try c.encode(s.expectancyR, forKey: .expectancyR)
        try c.encode(s.maxDrawdownPct, forKey: .maxDrawdownPct)
        try c.encode(s.maxDrawdownR, forKey: .maxDrawdownR)
        try c.encode(s.sharpe, forKey: .sharpe)
        try c.encode(alertsPerDay, forKey: .alertsPerDay)
        try c.encode(promise.map(PromiseWire.init), forKey: .promise)
        try c.encode(trades, forKey: .trades)
    }

    /// The report as pretty, key-sorted JSON (what `--json` prints and `--out` writes).
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

/// The instants a replay runs at: every closed bar between two sessions — the session close for daily models, each
/// bar's end for intraday ones (cut at an early close) — that is closed by `now`. `alerts run --from/--to` (a real
/// backfill) and `alertsai backtest` enumerate with this one function.
public enum RunInstants {
    public struct Instant: Sendable, Hashable {
        /// The session the bar belongs to.
        public var session: LocalDate
        /// The run's `as_of` (ms UTC).
        public var asOf: Int64
    }

    public static func closedBars(
        calendar: ExchangeCalendar, timeframe: Timeframe, from: LocalDate, to: LocalDate, now: Int64
    ) throws -> [Instant] {
        let step = Int64(timeframe.seconds) * 1000
        var out: [Instant] = []
        for session in try calendar.sessions(from: from, to: to) {
            let date = LocalDate(session.date) ?? calendar.localDate(of: session.open)
            if timeframe.isIntraday {
                out += calendar.barStarts(of: session, timeframe: timeframe).map { Instant(session: date, asOf: min($0 + step, session.close)) }
            } else {
                out.append(Instant(session: date, asOf: session.close))
            }
        }
        return out.filter { $0.asOf <= now }
    }
}

/// Replays a model over a period through the live code path, writing nothing: for every closed bar, an `AlertRunner`
/// preview run with the audience's guardrail settings, its guardrails asking a `BacktestAlertOverlay` that holds the
/// backtest's own earlier alerts; then every alert resolved by `OutcomeResolver.outcomes` (the live barriers, entry and
/// costs), and the trades measured by `TradeStatistics` (docs/ALERTING.md, "Backtest").
public struct Backtester: Sendable {
    /// The live runner (registry, settings, models, bars, feature sets, regimes, sizing, universes of the real store);
    /// its alert store is never used: each backtest runs a copy over a fresh overlay.
    public let runner: AlertRunner
    /// Hears each replayed bar: (done, total, the bar's session), for a progress line.
    public var progress: (@Sendable (_ done: Int, _ total: Int, _ session: String) -> Void)? = nil

    public init(runner: AlertRunner) {
        self.runner = runner
    }

    /// The spec `request` names, or an error naming `--model`.
    public func spec(for request: BacktestRequest) async throws -> ModelSpec {
        do {
            if let v = request.version { return try await runner.registry.spec(name: request.model, version: v) }
            return try await runner.registry.published(name: request.model)
        } catch let StorageError.notFound(m) {
            let known = (try? await runner.registry.list(name: request.model).map(\.version).sorted()) ?? []
            let hint =
                request.version != nil && !known.isEmpty
                ? " (registered versions: \(known.map { "v\($0)" }.joined(separator: ", ")))" : ""
            throw AlertingError.unknownModel("--model \(request.model)\(request.version.map { "@v\($0)" } ?? ""): \(m)\(hint)")
        }
    }

    // swiftlint:disable:next function_body_length
    public func run(_ request: BacktestRequest, now: Int64 = Clock.nowMillis()) async throws -> BacktestReport {
        guard request.to >= request.from else { throw AlertingError.invalid("--to \(request.to) is before --from \(request.from)") }
        let spec = try await spec(for: request)
        let instruments: [Instrument]
        do {
            instruments = try await runner.universes.resolve(request.universe)
        } catch {
            throw AlertingError.invalid("--universe \(request.universe): \(error)")
        }
        guard let first = instruments.first else { throw AlertingError.invalid("--universe \(request.universe) holds no symbol") }
        let calendar = ExchangeMarketAdapter.of(first.market).calendar
        let timeframe = spec.labelCfg.timeframe
        let instants: [RunInstants.Instant]
        do {
            instants = try RunInstants.closedBars(calendar: calendar, timeframe: timeframe, from: request.from, to: request.to, now: now)
        } catch {
            throw AlertingError.invalid("--from \(request.from) --to \(request.to): \(error)")
        }
        guard !instants.isEmpty else {
            throw AlertingError.invalid("--from \(request.from) --to \(request.to): no closed \(timeframe.rawValue) bar in that period")
        }

        let overlay = BacktestAlertOverlay()
        let r = runner
        let replay = AlertRunner(
            registry: r.registry, runs: overlay, alerts: overlay, subscriptions: overlay, settings: r.settings, models: r.models,
            provider: r.provider, catalog: r.catalog,
            explainer: r.explainer, clock: r.clock, regimes: r.regimes, sizing: r.sizing, universes: r.universes, concurrency: r.concurrency)
        let target: ModelTarget = .modelVersion(spec.name, spec.version)
        var counts: [String: Int] = [:]
        var failures: [String: String] = [:]
        var records: [AlertRecord] = []
        var sessionOf: [String: LocalDate] = [:]
        var runAsOf: [String: Int64] = [:]
        for (done, instant) in instants.enumerated() {
            progress?(done, instants.count, instant.session.description)
            let report = try await replay.run(
                AlertRunRequest(target: target, universe: request.universe, asOf: instant.asOf, userID: request.userID, mode: .preview))
            for (k, v) in report.counts { counts[k, default: 0] += v }
            for (k, v) in report.failures { failures[k] = v }
            var entries: [BacktestAlertOverlay.Entry] = []
            for p in report.alerts {
                entries.append(
                    .init(
                        modelSpecID: spec.id, userID: request.userID, symbol: p.symbol, timeframe: p.timeframe, barTime: p.barTime,
                        runAsOf: instant.asOf))
                let record = AlertRecord(
                    runID: "backtest", modelSpecID: spec.id, packID: nil, userID: request.userID, symbol: p.symbol, market: p.market,
                    instrument: p.instrument, timeframe: p.timeframe, barTime: p.barTime, side: p.plan.side, score: p.score.score,
                    threshold: p.score.threshold, regime: p.regime?.label, plan: p.plan, reasons: p.score.reasons,
                    explanation: p.explanation?.text ?? "", disclaimer: p.disclaimer ?? "", createdAt: now,
                    expectedReturnPct: p.score.expectedReturnPct,
                    expectedR: p.score.expectedR)
                records.append(record)
                sessionOf[record.id] = calendar.localDate(of: p.barTime)
                runAsOf[record.id] = instant.asOf
            }
            await overlay.record(entries)
        }

        let resolveAt = request.resolveAsOf ?? now
        let resolution = await OutcomeResolver.outcomes(of: records, asOf: resolveAt, provider: runner.provider, resolvedAt: now)
        for (symbol, error) in resolution.failed { failures["\(symbol) (outcome)"] = error }
        let byID = Dictionary(uniqueKeysWithValues: records.map { ($0.id, $0) })
        var trades: [(trade: BacktestTrade, day: Int64)] = []
        for o in resolution.outcomes {
            guard let a = byID[o.alertID], let entry = o.entryPrice else { continue }
            let trade = BacktestTrade(
                symbol: a.symbol, market: a.market, timeframe: a.timeframe, barTime: a.barTime, runAsOf: runAsOf[a.id] ?? a.barTime, side: a.side,
                score: a.score, regime: a.regime, entry: entry, stop: o.stopLevel ?? TripleBarrierResolver.stopLevel(entry: entry, plan: a.plan),
                takeProfit: o.takeProfitLevel ?? TripleBarrierResolver.takeProfitLevel(entry: entry, plan: a.plan), exit: o.exitPrice,
                exitTime: o.exitTime, exitReason: o.exitReason, netReturnPct: o.netReturnPct ?? o.realizedReturn * 100,
                netR: o.netR ?? o.realizedReturn / a.plan.stopPct, win: o.label == 1)
            trades.append((trade, Int64(sessionOf[a.id]?.dayNumber ?? Int(a.barTime / 86_400_000))))
        }
        trades.sort { ($0.trade.barTime, $0.trade.symbol) < ($1.trade.barTime, $1.trade.symbol) }
        let pending = Set(resolution.pending)
        let sessions = Set(instants.map { Int64($0.session.dayNumber) })
        let statistics = TradeStatistics.measure(trades.map { $0.trade.statisticsTrade(day: $0.day) }, sessions: sessions)
        return BacktestReport(
            model: spec.reference, modelStatus: spec.status, universe: request.universe, userID: request.userID, from: request.from,
            to: request.to, runs: instants.count, sessions: sessions.count, signals: records.count, resolveAsOf: resolveAt,
            pending: records.filter { pending.contains($0.id) }.map { BacktestPending(symbol: $0.symbol, barTime: $0.barTime) },
            counts: counts, failures: failures, trades: trades.map(\.trade), statistics: statistics,
            alertsPerDay: sessions.isEmpty ? 0 : Double(records.count) / Double(sessions.count), promise: spec.promise)
    }
}
