import Alerting
import AlertsCore
import ArgumentParser
import Features
import Foundation
import Logging
import MarketData
import Storage
import Training

/// `alertsai demo`: the main job on the embedded default — train, publish, and replay recent sessions as if live.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Train and publish a daily US-equities model on the synthetic market, then replay recent sessions as if live.",
        discussion: """
            Everything goes under --data-dir (default ./data/demo), which each run replaces: a second run starts from an empty \
            store and gives the same alerts. The model is trained on sessions before the replay window only, so the replayed \
            alerts are out of sample; outcomes are resolved against each alert's own plan as their holds complete.

            Examples:
              alertsai demo
              alertsai demo --sessions 60 --end 2025-06-30
              alertsai demo --data-dir /tmp/alertsai-demo --seed 11
              alertsai models show demo-swing-daily-us --database-url sqlite:./data/demo/alertsai.sqlite
            """
    )

    @Option(help: "Directory the demo owns and replaces on each run.")
    var dataDir = "./data/demo"

    @Option(help: "Sessions replayed day by day after training.")
    var sessions = 120

    @Option(help: "Last replayed session (YYYY-MM-DD); the synthetic market is the same for any date.")
    var end = "2025-12-31"

    @Option(help: "Seed of the synthetic market and of the learner.")
    var seed: UInt64 = 7

    func validate() throws {
        guard (5...500).contains(sessions) else { throw ValidationError("--sessions must be 5…500, got \(sessions)") }
        guard LocalDate(end) != nil else { throw ValidationError("--end must be a date YYYY-MM-DD, got '\(end)'") }
    }

    func run() async throws {
        let started = ContinuousClock.now
        let out = DemoPrinter()
        let dir = URL(fileURLWithPath: dataDir)
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let databaseURL = "sqlite:\(dir.appendingPathComponent("alertsai.sqlite").path)"
        let artifactsPath = dir.appendingPathComponent("artifacts").path
        out.title("AlertsAI demo")
        out.line("store \(databaseURL), artifacts \(artifactsPath) (replaced on every run)")

        var logger = Logger(label: "alertsai.demo")
        logger.logLevel = .warning
        let store = try await StoreFactory.open(url: try DatabaseURL(databaseURL), logger: logger)
        do {
            try await runDemo(
                store: store, artifacts: DirectoryArtifactStore(path: artifactsPath), out: out, databaseURL: databaseURL, artifactsPath: artifactsPath
            )
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
        let elapsed = ContinuousClock.now - started
        out.line("")
        out.line(String(format: "demo finished in %.1f s", Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
    }

    func runDemo(store: any Store, artifacts: DirectoryArtifactStore, out: DemoPrinter, databaseURL: String, artifactsPath: String) async throws {
        try await Migrator(store: store).migrate()
        let registry = SQLModelRegistry(store: store)
        let calendar = ExchangeMarketAdapter.of(.us).calendar
        guard let endDate = LocalDate(end) else { throw ValidationError("--end must be a date") }
        let recent = try calendar.sessions(from: endDate.adding(days: -(sessions * 2 + 30)), to: endDate)
        guard recent.count >= sessions + 20 else { throw ValidationError("not enough sessions before \(end)") }
        let replay = Array(recent.suffix(sessions))
        // Training ends a hold plus an embargo before the first replayed session, so no label overlaps the replay.
        let trainEnd = recent[recent.count - sessions - 12].date
        let trainStart = LocalDate(endDate.year - 10, 1, 1)
        let market = SyntheticMarket(SyntheticMarket.Config(seed: seed, patternStrength: 1))
        let provider = MemoizedBarProvider(base: market, window: LocalDate(endDate.year - 13, 1, 1)...endDate.adding(days: 40))

        // 1. Train and register.
        out.section("1. Train: preset:us-mega-30, daily bars \(trainStart) … \(trainEnd), triple-barrier labels")
        let config = try TrainingConfigFile.parse(Self.trainingYAML(seed: seed, from: trainStart, to: trainEnd), source: "demo")
        let trainer = Trainer(provider: provider)
        let result = try await trainer.run(
            config: config, registry: registry, artifacts: artifacts, actor: "demo",
            progress: { stage, message in out.progress("  [\(stage.rawValue)] \(message)") })
        out.line(result.summary)

        // 2. Publish (the registry re-hashes the artifact first).
        let spec = try await registry.publish(name: result.spec.name, version: result.spec.version, actor: "demo") { spec in
            try artifacts.verify(uri: spec.modelURI, digest: spec.artifactDigest)
        }
        out.section("2. Publish: \(spec.reference) is live (artifact \(spec.artifactDigest.prefix(12))…)")

        // 3. Replay sessions as if live: one alert run after each close, outcomes resolved as holds complete.
        out.section("3. Replay \(replay.count) sessions \(replay.first!.date) … \(replay.last!.date) as if live")
        let users = SQLUserStore(store: store)
        let trader = try await users.createUser(name: "demo trader", email: nil)
        let alertsStore = SQLOutcomeRepository(store: store)
        let runner = AlertRunner(store: store, artifacts: artifacts, provider: provider, catalog: InMemoryFeatureSetCatalog.builtIn())
        let resolver = OutcomeResolver(alerts: alertsStore, provider: provider)
        var perDay: [(String, Int)] = []
        var suppressedBy: [String: Int] = [:]
        var recentAlerts: [ProposedAlert] = []
        var outcomesByExit: [String: Int] = [:]
        for (i, session) in replay.enumerated() {
            let asOf = session.close + 60_000
            let report = try await runner.run(
                AlertRunRequest(target: .model(spec.name), universe: "preset:us-mega-30", asOf: asOf, userID: trader.id))
            perDay.append((session.date, report.alerts.count))
            for s in report.suppressed { suppressedBy[s.guardrail ?? "other", default: 0] += 1 }
            recentAlerts.append(contentsOf: report.alerts)
            let outcomes = try await resolver.resolve(asOf: asOf)
            for (exit, n) in outcomes.byExit { outcomesByExit[exit, default: 0] += n }
            if (i + 1) % 20 == 0 || i + 1 == replay.count {
                out.progress("  replayed \(i + 1)/\(replay.count) sessions, \(perDay.map(\.1).reduce(0, +)) alerts so far")
            }
        }

        // 4. What happened.
        out.section("Alerts per day (\(perDay.map(\.1).reduce(0, +)) in \(perDay.count) sessions)")
        for week in stride(from: 0, to: perDay.count, by: 5) {
            let days = perDay[week..<min(week + 5, perDay.count)]
            out.line(
                "  \(days.first!.0) … \(days.last!.0)   " + days.map { String(format: "%2d", $0.1) }.joined(separator: " ")
                    + "   " + String(repeating: "▇", count: days.map(\.1).reduce(0, +)))
        }
        out.section("The five most recent alerts")
        for alert in recentAlerts.suffix(5).reversed() { out.alert(alert) }
        out.section("Suppressed by guardrail")
        if suppressedBy.isEmpty { out.line("  none") }
        for (name, n) in suppressedBy.sorted(by: { $0.value > $1.value }) {
            out.line("  \(name.padding(toLength: 22, withPad: " ", startingAt: 0)) \(n)")
        }
        out.section("Outcomes and live precision")
        out.line("  resolved by exit: " + outcomesByExit.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        let live = try await alertsStore.livePrecision(k: 1_000).filter { $0.modelVersion == spec.version }
        let estimate = result.metrics.thresholds.precision
        for row in live.sorted(by: { ($0.regime ?? "") < ($1.regime ?? "") }) {
            let label = row.regime.map { "  regime \($0)" } ?? "  all regimes"
            out.line(
                "\(label.padding(toLength: 22, withPad: " ", startingAt: 0)) precision \(Self.pct(row.precision)) (\(row.hits)/\(row.resolved) resolved alerts)"
            )
        }
        out.line(
            "  training estimate      precision \(Self.pct(estimate ?? .nan)) at threshold \(String(format: "%.3f", spec.thresholds.alert)) (out-of-fold), base rate \(Self.pct(result.metrics.baseRate ?? .nan))"
        )

        // The money: what the replayed alerts made after costs, against what the model promised (measured forward).
        out.section("Money: live alerts against the promise")
        let judged = try await LivePromiseReport.export(from: alertsStore, registry: SQLModelRegistry(store: store))
        if let mine = judged.first(where: { $0.model == spec.name && $0.version == spec.version }) {
            let s = mine.statistics
            func f(_ x: Double?, _ digits: Int = 2) -> String { x.map { String(format: "%.\(digits)f", $0) } ?? "n/a" }
            out.line("  \(mine.trades) resolved alerts over \(mine.days) days, net of costs (each alert the same size):")
            out.line("  win rate \(f(s.winRate.map { $0 * 100 }, 1)) %, average win \(f(s.averageWinPct)) %, average loss \(f(s.averageLossPct)) %")
            out.line("  profit factor \(f(s.profitFactor)), expectancy \(f(s.expectancyPct, 3)) % (\(f(s.expectancyR, 3)) R) per alert")
            out.line("  max drawdown \(f(s.maxDrawdownPct)) % of one position (\(f(s.maxDrawdownR)) R), Sharpe \(f(s.sharpe)) (daily P&L, × √252)")
            out.line("")
        }
        for line in LivePromiseReport.table(judged).split(separator: "\n") { out.line("  " + line) }

        out.section("Look further")
        out.line("  alertsai serve --database-url \(databaseURL) --artifacts-path \(artifactsPath)")
        // Keys for the demo's own throw-away store, so every endpoint can be tried at once (docs/API.md, docs/SECURITY.md).
        let key = try await users.issueKey(userID: trader.id, label: "demo", scopes: [.alerts])
        let service = try await users.issueServiceKey(service: "demo", scopes: [.score, .registry, .metrics], label: "demo")
        out.line("  export TRADER_KEY=\(key.key)   # the demo trader's key (scope alerts)")
        out.line("  export SERVICE_KEY=\(service.key)   # a service key (scopes score, registry, metrics)")
        out.line("  curl localhost:8080/health · curl -H \"Authorization: Bearer $SERVICE_KEY\" localhost:8080/metrics")
        out.line(
            "  curl -H \"Authorization: Bearer $TRADER_KEY\" -H 'Content-Type: application/json' -X POST localhost:8080/alerts/preview -d '{\"model\":\"\(spec.name)\",\"universe\":\"preset:us-mega-30\"}'"
        )
        out.line("  curl -H \"Authorization: Bearer $TRADER_KEY\" 'localhost:8080/alerts/feed?limit=5'   (the demo trader's alerts)")
        out.line("  curl -H \"Authorization: Bearer $SERVICE_KEY\" localhost:8080/models/\(spec.name) · docs/API.md lists every endpoint")
        out.line("  alertsai models show \(spec.name) --database-url \(databaseURL)")
    }

    static func pct(_ x: Double) -> String { x.isFinite ? String(format: "%.1f %%", x * 100) : "n/a" }

    /// The demo's training run: examples/daily-us-equities.yaml with the dates of this replay.
    static func trainingYAML(seed: UInt64, from: LocalDate, to: String) -> String {
        """
        name: demo-swing-daily-us
        seed: \(seed)
        data:
          provider: synthetic
          universe: preset:us-mega-30
          timeframe: 1d
          from: \(from)
          to: \(to)
          synthetic: {seed: \(seed), strength: 1}
        features:
          set: core-daily
        sampling:
          method: every_bar
        plan:
          side: long
          take_profit: {atr_multiple: 2, atr_period: 14}
          stop: {atr_multiple: 1, atr_period: 14}
          max_hold_bars: 5
          entry: next_open
        model:
          kind: gbdt
          params: {num_leaves: 15, learning_rate: 0.05, num_rounds: 100, min_data_in_leaf: 100,
                   feature_fraction: 0.8, bagging_fraction: 0.7, bagging_freq: 1, lambda_l2: 1}
        validation:
          method: purged_walk_forward
          folds: 5
          embargo_bars: 5
        calibration: isotonic
        thresholds:
          policy: top_k
          alerts_per_day: 3
          high_vol_margin: 0.05
        evaluation: {top_fraction: 0.05, top_per_day: 5}
        scope:
          allow_presets: [us-mega-30]
        guardrails:
          daily_budget: 5
          cooldown_bars: 5
          max_per_sector: 2
        """
    }
}

/// Prints the demo's report on stdout and its progress on stderr.
struct DemoPrinter: Sendable {
    func title(_ text: String) {
        print(text)
        print(String(repeating: "=", count: text.count))
    }

    func section(_ text: String) {
        print("")
        print(text)
        print(String(repeating: "-", count: min(text.count, 100)))
    }

    func line(_ text: String) { print(text) }

    func progress(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    func alert(_ a: ProposedAlert) {
        let when = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(a.barTime) / 1000))
        let p = a.plan
        print(
            "  \(a.symbol)  \(a.plan.side.rawValue)  score \(String(format: "%.3f", a.score.score)) (threshold \(String(format: "%.3f", a.score.threshold)))  regime \(a.regime?.label ?? "n/a")  bar \(when)  model \(a.model)"
        )
        print(
            String(
                format: "    plan: entry %@ ≈ %.2f, stop %.2f (−%.1f %%), take-profit %.2f (+%.1f %%), max hold %d bars, size %.1f %% of capital",
                p.entryRule.rawValue, p.referencePrice, p.stopPrice, p.stopPct * 100, p.takeProfitPrice, p.takeProfitPct * 100,
                p.maxHoldBars, p.sizingHint * 100))
        if let text = a.explanation?.text { print("    why: \(text)") }
        print("    \(a.disclaimer ?? "")")
    }
}
