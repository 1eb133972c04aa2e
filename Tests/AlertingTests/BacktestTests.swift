import AlertsCore
import Features
import Foundation
import MarketData
import Storage
import Testing

@testable import Alerting

@Suite("backtest", .serialized)
struct BacktestTests {
    static let universe = AlertRunnerTests.universe
    static let from = LocalDate("2024-05-06")!
    static let to = LocalDate("2024-05-24")!
    /// Every 10-bar hold of the period is over by then.
    static let resolveAt = AlertRunnerTests.parseDay("2024-06-28")
    /// The model's own guardrails are wide; the user's settings are what bind (a budget of 2 a day, a 5-bar cooldown).
    static let userSettings = (dailyBudget: 2, cooldownBars: 5)

    func runner(_ f: ModelFixture) -> AlertRunner {
        AlertRunner(store: f.store, artifacts: f.artifacts, provider: SyntheticMarket(), catalog: InMemoryFeatureSetCatalog.builtIn())
    }

    /// A fixture with the published `swing` model (every symbol a candidate) and a user whose settings bind.
    func fixture() async throws -> (ModelFixture, String) {
        let f = try await ModelFixture.make()
        try await f.publish(
            name: "swing", features: try await AlertRunnerTests.coreDaily(), threshold: 0, perRegime: AlertRunnerTests.everyone)
        let user = try await SQLUserStore(store: f.store).createUser(name: "ana", email: nil)
        try await SQLUserSettingsStore(store: f.store).save(
            UserAlertSettings(userID: user.id, dailyBudget: Self.userSettings.dailyBudget, cooldownBars: Self.userSettings.cooldownBars))
        return (f, user.id)
    }

    func backtest(_ f: ModelFixture, user: String?, model: String = "swing", version: Int? = nil) async throws -> BacktestReport {
        try await Backtester(runner: runner(f)).run(
            BacktestRequest(
                model: model, version: version, universe: Self.universe, from: Self.from, to: Self.to, userID: user, resolveAsOf: Self.resolveAt))
    }

    @Test("a backtest changes nothing in the store: alert, run, suppression, delivery and outcome rows are the same before and after")
    func storeUnchanged() async throws {
        let (f, user) = try await fixture()
        defer { Task { await f.cleanup() } }
        let before = try await f.rowCounts()
        let report = try await backtest(f, user: user)
        #expect(report.runs == 15 && report.sessions == 15)
        #expect(report.signals > 0 && report.trades.count == report.signals && report.pending.isEmpty)
        #expect(try await f.rowCounts() == before)
        #expect(before["alerts"] == 0 && before["alert_runs"] == 0 && before["alert_outcomes"] == 0)
    }

    @Test("a backtest equals a day-by-day replay of `alerts run` (commit) + `outcomes resolve` in a second store, guardrails binding")
    func equalsDayByDayReplay() async throws {
        let (f, user) = try await fixture()
        defer { Task { await f.cleanup() } }
        let report = try await backtest(f, user: user)
        // The guardrails bind: the budget within a day, the cooldown across days (through the overlay's earlier alerts).
        #expect((report.counts["suppressed.daily_budget"] ?? 0) > 0)
        #expect((report.counts["suppressed.cooldown"] ?? 0) > 0, "\(report.counts)")
        #expect(report.signals <= Self.userSettings.dailyBudget * report.sessions)

        // The same model, user settings and period in a second store, run for real bar by bar.
        let (g, otherUser) = try await fixture()
        defer { Task { await g.cleanup() } }
        let live = runner(g)
        let resolver = OutcomeResolver(alerts: SQLOutcomeRepository(store: g.store), provider: SyntheticMarket())
        let calendar = ExchangeMarketAdapter.of(.us).calendar
        let instants = try RunInstants.closedBars(calendar: calendar, timeframe: .d1, from: Self.from, to: Self.to, now: Self.resolveAt)
        #expect(instants.count == report.runs)
        for instant in instants {
            let run = try await live.run(
                AlertRunRequest(target: .model("swing"), universe: Self.universe, asOf: instant.asOf, userID: otherUser, mode: .commit))
            #expect(run.failures.isEmpty, "\(run.failures)")
            _ = try await resolver.resolve(asOf: instant.asOf)
        }
        _ = try await resolver.resolve(asOf: Self.resolveAt)
        let entries = try await SQLAlertRepository(store: g.store).feedEntries(userID: otherUser, limit: 10_000, before: nil)
        #expect(entries.count == report.signals)
        struct Row: Hashable {
            var symbol: String
            var bar: Int64
            var exit: ExitReason
            var net: Double
        }
        func rounded(_ x: Double) -> Double { (x * 1e9).rounded() / 1e9 }
        let replayed = Set(
            try entries.map { e in
                let o = try #require(e.outcome)
                return Row(symbol: e.alert.symbol, bar: e.alert.barTime, exit: o.exitReason, net: rounded(try #require(o.netReturnPct)))
            })
        let backtested = Set(report.trades.map { Row(symbol: $0.symbol, bar: $0.barTime, exit: $0.exitReason, net: rounded($0.netReturnPct)) })
        #expect(replayed.count == entries.count)
        #expect(backtested == replayed)
        // The levels too: entry, stop and take-profit as the live outcome recorded them.
        for e in entries {
            let o = try #require(e.outcome)
            let t = try #require(report.trades.first { $0.symbol == e.alert.symbol && $0.barTime == e.alert.barTime })
            #expect(abs(t.entry - (o.entryPrice ?? .nan)) < 1e-9 && abs(t.stop - (o.stopLevel ?? .nan)) < 1e-9)
            #expect(abs(t.takeProfit - (o.takeProfitLevel ?? .nan)) < 1e-9 && abs(t.exit - o.exitPrice) < 1e-9)
        }
    }

    @Test("the backtest's statistics are TradeStatistics of its trades, checked by hand; the promise is carried beside them")
    func statisticsByHand() async throws {
        let (f, user) = try await fixture()
        defer { Task { await f.cleanup() } }
        let report = try await backtest(f, user: user)
        let trades = report.trades
        let n = Double(trades.count)
        #expect(report.statistics.alerts == trades.count && trades.count > 3)
        #expect(abs((report.statistics.winRate ?? -1) - Double(trades.filter(\.win).count) / n) < 1e-12)
        #expect(abs((report.statistics.expectancyPct ?? .nan) - trades.map(\.netReturnPct).reduce(0, +) / n) < 1e-9)
        #expect(abs((report.statistics.expectancyR ?? .nan) - trades.map(\.netR).reduce(0, +) / n) < 1e-9)
        let gains = trades.map(\.netReturnPct).filter { $0 > 0 }.reduce(0, +)
        let losses = -trades.map(\.netReturnPct).filter { $0 <= 0 }.reduce(0, +)
        if losses > 0 { #expect(abs((report.statistics.profitFactor ?? .nan) - gains / losses) < 1e-9) }
        // Drawdown: trades in signal order, the running sum's deepest fall below its peak.
        var equity = 0.0
        var peak = 0.0
        var worst = 0.0
        for t in trades {
            equity += t.netReturnPct
            peak = max(peak, equity)
            worst = max(worst, peak - equity)
        }
        #expect(abs(report.statistics.maxDrawdownPct - worst) < 1e-9)
        // Sharpe: daily P&L over every session of the period (0 without an alert), annualised with √252.
        let calendar = ExchangeMarketAdapter.of(.us).calendar
        var daily: [Int: Double] = [:]
        for s in try calendar.sessionDates(from: Self.from, to: Self.to) { daily[s.dayNumber] = 0 }
        for t in trades { daily[calendar.localDate(of: t.barTime).dayNumber, default: 0] += t.netReturnPct }
        #expect(daily.count == 15)
        let values = Array(daily.values)
        let m = values.reduce(0, +) / Double(values.count)
        let sd = (values.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
        #expect(abs((report.statistics.sharpe ?? .nan) - m / sd * 252.0.squareRoot()) < 1e-9)
        #expect(abs(report.alertsPerDay - Double(report.signals) / 15) < 1e-12)
        // The fixture's spec has no promise: it is carried as such (null on the wire).
        #expect(report.promise == nil)
    }

    @Test("--json carries the statistics, the promise and every trade with its levels; the SVG is an equity curve")
    func jsonShapeAndSVG() async throws {
        let (f, user) = try await fixture()
        defer { Task { await f.cleanup() } }
        let report = try await backtest(f, user: user)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(try report.json().utf8)) as? [String: Any])
        for key in ["alerts", "win_rate", "profit_factor", "expectancy_pct", "expectancy_r", "max_drawdown_pct", "sharpe", "promise", "trades"] {
            #expect(object.keys.contains(key), "missing \(key)")
        }
        #expect(object["alerts"] as? Int == report.trades.count)
        #expect(object["promise"] is NSNull)
        let trades = try #require(object["trades"] as? [[String: Any]])
        #expect(trades.count == report.trades.count)
        for t in trades {
            for key in ["symbol", "bar", "entry", "stop", "take_profit", "exit", "exit_reason", "net_return_pct"] {
                #expect(t.keys.contains(key), "trade missing \(key)")
            }
        }
        let svg = report.equitySVG()
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("<polyline") && svg.hasSuffix("</svg>\n"))
        // One point per trade plus the start at 0.
        let line = try #require(svg.split(separator: "\n").last { $0.contains("stroke=\"#1f5fa8\"") })
        let points = try #require(line.split(separator: "\"").dropFirst().first { $0.contains(",") && !$0.contains("=") })
        #expect(points.split(separator: " ").count == report.trades.count + 1)
        #expect(report.text().contains("win rate") && report.text().contains("expectancy %"))
    }

    @Test("@vN pins a version (a draft too) while another is published; the promise on the spec is carried")
    func pinnedVersion() async throws {
        let (f, user) = try await fixture()
        defer { Task { await f.cleanup() } }
        let published = try await f.registry.published(name: "swing")
        var draft = published
        draft.id = UUID()
        draft.promise = ModelPromise(
            precision: Estimate(value: 0.4, low: 0.3, high: 0.5), expectancyPct: Estimate(value: 0.2, low: 0.1, high: 0.3),
            expectancyR: Estimate(value: 0.1, low: 0.05, high: 0.15), alertsPerDay: Estimate(value: 2, low: 1.5, high: 2.5), alerts: 100, days: 50,
            foldsUsed: 3, policy: "top_k",
            base: PromiseBase(events: 1000, precision: 0.3, expectancyPct: 0, expectancyR: 0),
            nullBand: PromiseNullBand(
                draws: 200, precision: Band(low: 0.25, high: 0.35), expectancyPct: Band(low: -0.1, high: 0.1),
                expectancyR: Band(low: -0.05, high: 0.05)),
            resamples: 200, seed: 1)
        let v2 = try await f.registry.register(draft, run: nil, actor: "test")
        #expect(v2.version == 2 && v2.status == .draft)
        let pinned = try await backtest(f, user: user, version: 2)
        #expect(pinned.model == "swing@v2" && pinned.modelStatus == .draft)
        #expect(pinned.promise?.alerts == 100)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(try pinned.json().utf8)) as? [String: Any])
        let promise = try #require(object["promise"] as? [String: Any])
        #expect((promise["expectancy_pct"] as? [String: Any])?["low"] as? Double == 0.1)
        let live = try await backtest(f, user: user)
        #expect(live.model == "swing@v1")
    }

    @Test("bad input is an error naming the flag: unknown model or version, --to before --from, no closed bar, a universe that does not resolve")
    func badInput() async throws {
        let (f, _) = try await fixture()
        defer { Task { await f.cleanup() } }
        let b = Backtester(runner: runner(f))
        func message(_ request: BacktestRequest) async -> String {
            do {
                _ = try await b.run(request)
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        let ok = BacktestRequest(model: "swing", universe: Self.universe, from: Self.from, to: Self.to)
        var r = ok
        r.model = "nope"
        #expect(await message(r).contains("--model nope"))
        r = ok
        r.version = 7
        let unknownVersion = await message(r)
        #expect(unknownVersion.contains("--model swing@v7") && unknownVersion.contains("v1"), "\(unknownVersion)")
        r = ok
        r.to = LocalDate("2024-05-01")!
        #expect(await message(r).contains("--to 2024-05-01 is before --from 2024-05-06"))
        r = ok
        r.from = LocalDate("2024-06-29")!
        r.to = LocalDate("2024-06-30")!
        #expect(await message(r).contains("no closed 1d bar"))
        r = ok
        r.universe = "preset:nowhere"
        #expect(await message(r).contains("--universe preset:nowhere"))
        #expect(throws: AlertingError.self) { try BacktestRequest.parseModel("swing@vx") }
        let pinned = try BacktestRequest.parseModel("swing@v3")
        #expect(pinned.name == "swing" && pinned.version == 3)
        #expect(try BacktestRequest.parseModel("swing").version == nil)
    }
}
