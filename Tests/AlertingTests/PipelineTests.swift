import AlertsCore
import Features
import Foundation
import MarketData
import SQLKit
import Storage
import Testing

@testable import Alerting

/// Recipes and workflows (issue 18 point 6): definitions read from YAML, their refusals naming the field, the
/// registry checks (published, the model's own features or strategy, universe), the filter and the sizing overrides,
/// and runs carrying their lineage.
@Suite("recipes and workflows: definitions, checks, filter, overrides, runs", .serialized)
struct PipelineTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples")

    static func recipe(_ yaml: String) throws(PipelineError) -> Recipe {
        try PipelineDefinitions.decode(Recipe.self, yaml: yaml, source: "test.yaml")
    }

    static func workflow(_ yaml: String) throws(PipelineError) -> Workflow {
        try PipelineDefinitions.decode(Workflow.self, yaml: yaml, source: "test.yaml")
    }

    /// The refusal's text (nil when it was accepted).
    static func refusal(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test("the examples read: a recipe binds model, features, universe, sizing and filter; a workflow's steps make the same kind of run")
    func examplesRead() throws {
        let r = try PipelineDefinitions.load(Recipe.self, path: Self.examples.appendingPathComponent("recipes/mega-oversold.yaml").path)
        #expect(r.name == "mega-oversold" && r.model == "demo-swing-daily-us" && r.pack == nil && r.features == "core-daily@v1")
        #expect(r.universe == "preset:us-mega-30" && r.plan == PlanOverrides(riskPct: 0.5, maxPositionPct: 20))
        #expect(r.filter == RunFilter(minScore: 0.55, sides: [.long]))
        let steps = r.pipeline
        #expect(steps.target == .model("demo-swing-daily-us") && steps.recipe == "mega-oversold" && steps.workflow == nil && steps.deliver == nil)
        // Stored as JSON, read back the same.
        let json = PipelineDefinitions.json(r)
        #expect(try PipelineDefinitions.decode(Recipe.self, json: Data(json.utf8), source: "row") == r)
        #expect(json.contains("\"risk_pct\":0.5") && json.contains("\"min_score\":0.55"))

        let w = try PipelineDefinitions.load(Workflow.self, path: Self.examples.appendingPathComponent("workflows/mega-longs.yaml").path)
        #expect(w.steps.map(\.key) == ["universe", "features", "model", "filter", "plan", "explain", "deliver"])
        let ws = w.pipeline
        #expect(ws.target == .model("demo-swing-daily-us") && ws.universe == "preset:us-mega-30" && ws.features == "core-daily")
        #expect(ws.filter == RunFilter(minScore: 0.5, regimes: ["low_vol", "normal_vol"]) && ws.plan == PlanOverrides(riskPct: 0.75))
        #expect(ws.explain == .template && ws.deliver == .feed && ws.workflow == "mega-longs" && ws.recipe == nil)
        #expect(try PipelineDefinitions.decode(Workflow.self, json: Data(PipelineDefinitions.json(w).utf8), source: "row") == w)
        // A workflow without deliver delivers to the feed.
        let bare = try Self.workflow("name: w\nsteps:\n  - universe: AAPL\n  - pack: swing\n")
        #expect(bare.pipeline.deliver == .feed && bare.pipeline.target == .pack("swing"))
    }

    @Test("refusals name the field: unknown keys with the nearest one, model xor pack, barriers (train a model instead), ranges, names")
    func recipeRefusals() {
        let cases: [(String, [String])] = [
            ("name: r\nmodle: swing\n", ["modle", "did you mean 'model'"]),
            ("name: r\nmodel: a\npack: b\n", ["exactly one of model: NAME and pack: NAME"]),
            ("name: r\nuniverse: AAPL\n", ["model", "exactly one"]),
            ("model: swing\n", ["name: missing"]),
            ("name: run\nmodel: swing\n", ["name:", "reserved"]),
            ("name: a b\nmodel: swing\n", ["name:", "'a b'"]),
            ("name: r\nmodel: swing\nfeatures: core-daily\nstrategy: pullback\n", ["strategy", "not both"]),
            ("name: r\nmodel: swing\nplan: {stop: 0.05}\n", ["plan.stop", PlanOverrides.barrierRefusal]),
            ("name: r\nmodel: swing\nplan: {take_profit: {atr_multiple: 3}}\n", ["plan.take_profit", PlanOverrides.barrierRefusal]),
            ("name: r\nmodel: swing\nplan: {risk_pct: 1, max_hold: 20}\n", ["plan.max_hold", PlanOverrides.barrierRefusal]),
            ("name: r\nmodel: swing\nplan: {risk_pct: 0}\n", ["plan.risk_pct", "more than 0"]),
            ("name: r\nmodel: swing\nplan: {risk_pct: 25}\n", ["plan.risk_pct", "at most 10"]),
            ("name: r\nmodel: swing\nplan: {max_position_pct: 150}\n", ["plan.max_position_pct"]),
            ("name: r\nmodel: swing\nplan: {risk: 1}\n", ["risk", "did you mean 'plan.risk_pct'"]),
            ("name: r\nmodel: swing\nplan: {risk_pct: lots}\n", ["plan.risk_pct", "expected a number"]),
            ("name: r\nmodel: swing\nfilter: {min_score: 1.5}\n", ["filter.min_score", "0 to 1"]),
            ("name: r\nmodel: swing\nfilter: {min_scor: 0.5}\n", ["min_scor", "did you mean 'filter.min_score'"]),
            ("name: r\nmodel: swing\nfilter: {sides: [up]}\n", ["filter.sides", "'up'"]),
            ("name: r\nmodel: swing\nfilter: {sides: []}\n", ["filter.sides"]),
            ("name: r\nmodel: swing\nfilter: {regimes: [stormy]}\n", ["filter.regimes", "'stormy'", "low_vol"]),
            ("- name: r\n", ["a mapping of keys"]),
            ("name: [r\n", ["not valid YAML"]),
        ]
        for (yaml, named) in cases {
            let message = Self.refusal { _ = try Self.recipe(yaml) }
            #expect(message != nil && named.allSatisfy { message?.contains($0) == true }, "\(yaml) → \(message ?? "accepted")")
        }
    }

    @Test("workflow steps: in order, each once, the model step required; unknown steps and values named")
    func workflowRefusals() {
        let cases: [(String, [String])] = [
            ("name: w\nsteps:\n  - model: swing\n  - universe: AAPL\n", ["steps[1]", "step 'universe' comes after 'model'"]),
            ("name: w\nsteps:\n  - universe: AAPL\n  - filter: {min_score: 0.5}\n", ["step 'model' is missing"]),
            ("name: w\nsteps:\n  - model: swing\n", ["step 'universe' is missing"]),
            ("name: w\nsteps:\n  - universe: AAPL\n  - model: a\n  - pack: b\n", ["steps[2]", "second model/pack step"]),
            ("name: w\nsteps:\n  - universe: AAPL\n  - modl: swing\n", ["steps[1]", "unknown step 'modl'", "did you mean 'model'"]),
            ("name: w\nsteps:\n  - universe: AAPL\n    model: swing\n", ["steps[0]", "one key"]),
            ("name: w\nsteps:\n  - universe: AAPL\n  - model: swing\n  - explain: poetry\n", ["steps[2].explain", "template, llm"]),
            ("name: w\nsteps:\n  - universe: AAPL\n  - model: swing\n  - deliver: email\n", ["steps[2].deliver", "feed, webhooks, none"]),
            (
                "name: w\nsteps:\n  - universe: AAPL\n  - model: swing\n  - plan: {stop: 0.02}\n",
                ["steps[2].plan.stop", PlanOverrides.barrierRefusal]
            ),
            (
                "name: w\nsteps:\n  - universe: AAPL\n  - model: swing\n  - deliver: none\n  - plan: {risk_pct: 1}\n",
                ["step 'plan' comes after 'deliver'"]
            ),
            ("name: w\nstep:\n  - universe: AAPL\n", ["step", "did you mean 'steps'"]),
        ]
        for (yaml, named) in cases {
            let message = Self.refusal { _ = try Self.workflow(yaml) }
            #expect(message != nil && named.allSatisfy { message?.contains($0) == true }, "\(yaml) → \(message ?? "accepted")")
        }
    }

    @Test("plan overrides change sizing only: risk_pct and max_position_pct as fractions, the rest kept")
    func overrides() {
        let base = PlanSizing(riskPerTrade: 0.01, maxPosition: 0.25)
        #expect(PlanOverrides(riskPct: 0.5).applied(to: base) == PlanSizing(riskPerTrade: 0.005, maxPosition: 0.25))
        #expect(PlanOverrides(maxPositionPct: 10).applied(to: base) == PlanSizing(riskPerTrade: 0.01, maxPosition: 0.1))
        #expect(PlanOverrides().applied(to: base) == base && PlanOverrides().isEmpty)
    }

    @Test("the filter: each rule holds back a failing candidate with the rule in the detail; an empty filter keeps all")
    func filterRules() {
        var rich = candidate("AAPL", score: 0.8, regime: Regime(volatility: .normal, trend: .up))
        rich.score.expectedReturnPct = 0.6
        var poor = candidate("MSFT", score: 0.52, side: .short, regime: Regime(volatility: .high, trend: .down))
        poor.score.expectedReturnPct = 0.1
        let unknown = candidate("NVDA", score: 0.9)
        #expect(RunFilter(minScore: 0.6).failure(poor)?.hasPrefix("min_score: score 0.520") == true)
        #expect(RunFilter(minScore: 0.6).failure(rich) == nil)
        #expect(RunFilter(minExpectedReturnPct: 0.5).failure(poor)?.hasPrefix("min_expected_return_pct: expected return 0.10 %") == true)
        #expect(RunFilter(minExpectedReturnPct: 0.5).failure(unknown)?.contains("no expected return") == true)
        #expect(RunFilter(minExpectedReturnPct: 0.5).failure(rich) == nil)
        #expect(RunFilter(sides: [.long]).failure(poor) == "sides: short is not among the filter's long")
        #expect(RunFilter(regimes: ["low_vol", "normal_vol"]).failure(poor)?.hasPrefix("regimes: high_vol") == true)
        #expect(RunFilter(regimes: ["normal_vol"]).failure(unknown)?.contains("no regime is known") == true)
        let (kept, filtered) = RunFilter(minScore: 0.6, sides: [.long]).apply([rich, poor, unknown])
        #expect(kept.map(\.instrument.symbol) == ["AAPL", "NVDA"] && filtered.map(\.candidate.instrument.symbol) == ["MSFT"])
        #expect(filtered.allSatisfy { $0.guardrail == "filter" })
        #expect(RunFilter().apply([rich, poor, unknown]).kept.count == 3)
    }

    @Test("checks against the registry: published model or pack, the model's own features or strategy (say so), the universe")
    func registryChecks() async throws {
        let f = try await ModelFixture.make()
        defer { Task { await f.cleanup() } }
        let features = try await AlertRunnerTests.coreDaily()
        try await f.publish(name: "swing", features: features)
        try await f.publish(name: "draft", features: features, publish: false)
        try await f.publish(
            name: "pull", features: features,
            labelCfg: LabelConfig(
                instrument: .equity, timeframe: .d1, plan: PlanSpec(takeProfit: .percent(0.03), stop: .percent(0.02), maxHoldBars: 10),
                strategy: "trend-pullback@v1", entry: "rsi_14 < 40"))
        _ = try await f.registry.createPack(name: "unready", description: "", actor: "test")
        let lists = SQLWatchlistStore(store: f.store)
        let ana = try await SQLUserStore(store: f.store).createUser(name: "ana", email: nil)
        let chips = try await lists.create(userID: ana.id, name: "chips", market: .us, kind: .equity, symbols: ["NVDA"])
        let checker = PipelineChecker(registry: f.registry, universes: UniverseResolver(watchlists: WatchlistsInStore(store: lists)))
        func steps(_ target: ModelTarget, features: String? = nil, strategy: String? = nil, universe: String? = nil) -> PipelineSteps {
            PipelineSteps(target: target, features: features, strategy: strategy, universe: universe, recipe: "r")
        }
        func refused(_ s: PipelineSteps) async -> String? {
            do {
                try await checker.check(s)
                return nil
            } catch {
                return "\(error)"
            }
        }
        #expect(try await checker.check(steps(.model("swing"), features: "core-daily", universe: "preset:us-mega-30")).map(\.name) == ["swing"])
        #expect(await refused(steps(.model("swing"), features: "core-daily@v1", universe: "watchlist:\(chips.id)")) == nil)
        #expect(await refused(steps(.model("pull"), strategy: "trend-pullback")) == nil)
        let cases: [(PipelineSteps, [String])] = [
            (steps(.model("nope")), ["model:", "nope"]),
            (steps(.model("draft")), ["model:", "draft"]),
            (steps(.pack("nope")), ["pack:"]),
            (steps(.pack("unready")), ["pack:", "not published"]),
            (
                steps(.model("swing"), features: "core-daily@v2"),
                ["features:", "trained on core-daily@v1", "a model scores only the features it was trained on"]
            ),
            (steps(.model("swing"), features: "trend-pullback"), ["features:", "scores only the features it was trained on"]),
            (steps(.model("swing"), strategy: "trend-pullback"), ["strategy:", "not trained on a strategy"]),
            (steps(.model("pull"), strategy: "oversold-rebound"), ["strategy:", "trained on trend-pullback@v1"]),
            (steps(.model("swing"), universe: "preset:nowhere"), ["universe:", "nowhere"]),
            (steps(.model("swing"), universe: "watchlist:nope"), ["universe:", "nope"]),
            (steps(.model("swing"), universe: "A B!"), ["universe:", "not a symbol"]),
        ]
        for (s, named) in cases {
            let message = await refused(s)
            #expect(message != nil && named.allSatisfy { message?.contains($0) == true }, "\(s) → \(message ?? "accepted")")
        }
    }

    @Test("a recipe run: the filter holds back before the budget (counted as filtered), sizing overridden, barriers the model's, lineage stored")
    func recipeRun() async throws {
        let f = try await ModelFixture.make()
        defer { Task { await f.cleanup() } }
        let spec = try await f.publish(
            name: "swing", features: try await AlertRunnerTests.coreDaily(), threshold: 0, perRegime: AlertRunnerTests.everyone,
            guardrails: GuardrailDefaults(dailyBudget: 2, cooldownBars: 0, maxPerSector: 100, maxPerDirection: 100, maxExposure: 100))
        let runner = AlertRunner(store: f.store, artifacts: f.artifacts, provider: SyntheticMarket(), catalog: InMemoryFeatureSetCatalog.builtIn())
        let at = AlertRunnerTests.friday
        let look = try await runner.run(AlertRunRequest(target: .model("swing"), universe: AlertRunnerTests.universe, asOf: at, mode: .preview))
        let candidates = look.alerts + look.suppressed
        #expect(candidates.count == 6, "\(look.counts) \(look.failures)")
        // The filter keeps the commonest regimes until three candidates are kept, leaving at least one regime out: two
        // kept fit the budget of 2, a third is held by it, the rest are filtered and never budgeted. (With one regime
        // only, `sides: [short]` filters every candidate of this long-only model.)
        var byRegime: [String: Int] = [:]
        for c in candidates { if let label = c.regime?.label { byRegime[label, default: 0] += 1 } }
        var keep: [String] = []
        for (label, n) in byRegime.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) where keep.count < byRegime.count - 1 {
            if keep.map({ byRegime[$0] ?? 0 }).reduce(0, +) >= 3 { break }
            keep.append(label)
            _ = n
        }
        let filter = keep.isEmpty ? RunFilter(sides: [.short]) : RunFilter(regimes: keep)
        let rule = keep.isEmpty ? "sides:" : "regimes:"
        let kept = candidates.filter { filter.failure(AlertCandidate(proposal: $0)) == nil }.count
        #expect(kept == keep.map { byRegime[$0] ?? 0 }.reduce(0, +))
        let recipe = Recipe(
            name: "best3", model: "swing", universe: AlertRunnerTests.universe, plan: PlanOverrides(riskPct: 0.5, maxPositionPct: 20),
            filter: filter)
        let report = try await runner.run(recipe.pipeline, asOf: at)
        #expect(report.recipe == "best3" && report.mode == .commit)
        #expect(report.counts["filtered"] == 6 - kept && report.counts["suppressed.filter"] == 6 - kept, "\(report.counts)")
        #expect(report.counts["alerted"] == min(2, kept) && (report.counts["suppressed.daily_budget"] ?? 0) == max(0, kept - 2), "\(report.counts)")
        let filtered = report.suppressed.filter { $0.guardrail == "filter" }
        #expect(filtered.allSatisfy { $0.detail?.hasPrefix(rule) == true }, "\(filtered.map(\.detail))")
        #expect(report.alerts.allSatisfy { a in keep.contains(a.regime?.label ?? "-") })
        for a in report.alerts {
            // Sizing: 0.5 % risk over the 2 % stop is 25 %, capped at 20 %; the barriers are the model's own.
            #expect(a.plan.stopPct == 0.02 && a.plan.takeProfitPct == 0.03 && a.plan.maxHoldBars == 10)
            #expect(abs(a.plan.sizingHint - 0.2) < 1e-12 && a.plan.hints["risk_per_trade"]?.doubleValue == 0.005)
        }
        // Lineage: the run row names the recipe; its alerts carry the model version; filtered ones are stored suppressions.
        let (recipeName, workflowName, modelID) = try await f.store.withConnection { db in
            let row = try await db.raw("SELECT recipe_name, workflow_name, model_spec_id FROM sc.alert_runs WHERE id = \(bind: report.runID ?? "")")
                .first()
            return (
                try row?.decode(column: "recipe_name", as: String?.self), try row?.decode(column: "workflow_name", as: String?.self),
                try row?.decode(column: "model_spec_id", as: String?.self)
            )
        }
        #expect(recipeName == "best3" && workflowName == nil && modelID?.lowercased() == spec.id.uuidString.lowercased())
        let alertModels = try await f.store.withConnection { db in
            try await db.raw("SELECT model_spec_id FROM sc.alerts WHERE run_id = \(bind: report.runID ?? "")").all()
                .map { try $0.decode(column: "model_spec_id", as: String.self).lowercased() }
        }
        #expect(alertModels == [String](repeating: spec.id.uuidString.lowercased(), count: min(2, kept)))
        let stored = try await f.store.withConnection { db in
            try await db.raw("SELECT COUNT(*) AS n FROM sc.alert_suppressions WHERE run_id = \(bind: report.runID ?? "") AND guardrail = 'filter'")
                .first()?.decode(column: "n", as: Int.self)
        }
        #expect(stored == 6 - kept)
        // Running it again writes no second alert (the same duplicate rule as any run).
        let again = try await runner.run(recipe.pipeline, asOf: at)
        #expect(again.counts["alerted"] == 0 && again.counts["duplicate"] == min(2, kept), "\(again.counts)")
    }

    @Test("a workflow run: deliver none is a dry run, feed queues no webhook, webhooks does; lineage; refusals at run time")
    func workflowRuns() async throws {
        let f = try await ModelFixture.make()
        defer { Task { await f.cleanup() } }
        try await f.publish(name: "swing", features: try await AlertRunnerTests.coreDaily(), threshold: 0, perRegime: AlertRunnerTests.everyone)
        let runner = AlertRunner(store: f.store, artifacts: f.artifacts, provider: SyntheticMarket(), catalog: InMemoryFeatureSetCatalog.builtIn())
        let alerts = AlertRepositories(store: f.store)
        let ana = try await SQLUserStore(store: f.store).createUser(name: "ana", email: nil)
        _ = try await alerts.subscriptions.subscribeWebhook(
            userID: ana.id, modelName: "swing", packName: nil, universe: "*", url: "https://hooks.example.com/a",
            secret: "whsec_dGVzdGluZ3NlY3JldDEyMw==", at: 0)
        func workflow(_ deliver: String, universe: String = "AAPL,MSFT") throws -> Workflow {
            try Self.workflow(
                "name: w-\(deliver)\nsteps:\n  - universe: \(universe)\n  - model: swing\n  - explain: template\n  - deliver: \(deliver)\n")
        }
        func webhookRows() async throws -> Int {
            try await f.store.withConnection { db in
                try await db.raw("SELECT COUNT(*) AS n FROM sc.alert_delivery WHERE channel = 'webhook'").first()?.decode(column: "n", as: Int.self)
                    ?? -1
            }
        }
        let at = AlertRunnerTests.friday
        let dry = try await runner.run(try workflow("none").pipeline, asOf: at, userID: ana.id)
        #expect(dry.mode == .dryRun && dry.counts["would_alert"] == 2 && dry.workflow == "w-none", "\(dry.counts)")
        #expect(try await alerts.alerts.alertCount(userID: ana.id, asOfFrom: 0, to: at + 1) == 0)
        let feed = try await runner.run(try workflow("feed").pipeline, asOf: at, userID: ana.id)
        #expect(feed.counts["alerted"] == 2 && feed.alerts.allSatisfy { $0.explanation?.source == "template" })
        #expect(try await webhookRows() == 0)
        let hooks = try await runner.run(try workflow("webhooks", universe: "NVDA,JPM").pipeline, asOf: at, userID: ana.id)
        let hookRows = try await webhookRows()
        #expect(hooks.counts["alerted"] == 2 && hookRows == 2, "\(hooks.counts)")
        let names = try await f.store.withConnection { db in
            try await db.raw("SELECT workflow_name, dry_run FROM sc.alert_runs ORDER BY started_at").all().map {
                try $0.decode(column: "workflow_name", as: String?.self) ?? "-"
            }
        }
        #expect(names == ["w-none", "w-feed", "w-webhooks"])

        // At run time: an LLM asked of a template-only runner, no universe at all, a binding the model does not have.
        let llm = try Self.workflow("name: w\nsteps:\n  - universe: AAPL\n  - model: swing\n  - explain: llm\n")
        let cases: [(PipelineSteps, String)] = [
            (llm.pipeline, "explain: llm needs an LLM"),
            (Recipe(name: "nowhere", model: "swing").pipeline, "universe: the recipe 'nowhere' names no universe"),
            (Recipe(name: "v2", model: "swing", features: "core-daily@v2", universe: "AAPL").pipeline, "features:"),
        ]
        for (s, named) in cases {
            let message: String?
            do {
                _ = try await runner.run(s, asOf: at, mode: .preview)
                message = nil
            } catch {
                message = "\(error)"
            }
            #expect(message?.contains(named) == true, "\(message ?? "accepted")")
        }
    }
}

extension AlertCandidate {
    /// The candidate a proposal was made from (what a filter looks at: score, side, regime).
    init(proposal p: ProposedAlert) {
        self.init(
            instrument: Instrument(symbol: p.symbol, market: p.market, kind: p.instrument), timeframe: p.timeframe, barTime: p.barTime,
            modelName: p.model, modelVersion: 1, score: p.score, plan: p.plan, regime: p.regime)
    }
}
