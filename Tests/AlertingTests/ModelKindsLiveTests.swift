import AlertsCore
import Features
import Foundation
import MarketData
import Storage
import Testing
import Training

@testable import Alerting

/// Every kind of trained model runs live as it was trained: strategy models on their entry bars only, inline feature
/// sets without a catalog, and publishing refuses a model that cannot run.
@Suite("model kinds live", .serialized)
struct ModelKindsLiveTests {
    static let universe = "AAPL,MSFT,NVDA,JPM,XOM,UNH,PEP,KO,WMT,HD,CVX,PFE"
    static let wide = GuardrailDefaults(dailyBudget: 1000, cooldownBars: 0, maxPerSector: 1000, maxPerDirection: 1000, maxExposure: 1000)

    static func config(features: String, universe: String = universe) throws -> TrainingConfig {
        try TrainingConfigFile.parse(
            """
            name: live-kinds
            data: {provider: synthetic, universe: "\(universe)", timeframe: 1d, from: 2022-01-03, to: 2024-12-31}
            features: \(features)
            plan: {side: long, take_profit: 0.03, stop: 0.02, max_hold_bars: 10}
            model: {kind: logistic}
            """, source: "test.yaml")
    }

    /// Registers (and publishes) a model of `prepared`'s feature set and label config, threshold 0: every bar it
    /// scores is a candidate.
    static func register(_ prepared: PreparedTraining, in f: ModelFixture, name: String, publish: Bool = true) async throws -> ModelSpec {
        try await f.publish(
            name: name, features: prepared.featureSet.featureNames, threshold: 0, perRegime: AlertRunnerTests.everyone, guardrails: wide,
            featureRef: prepared.featureSetRef, labelCfg: prepared.labelConfig(timeframe: .d1), publish: publish)
    }

    func runner(_ f: ModelFixture, catalog: any FeatureSetCatalog = InMemoryFeatureSetCatalog.builtIn()) -> AlertRunner {
        AlertRunner(store: f.store, artifacts: f.artifacts, provider: SyntheticMarket(), catalog: catalog)
    }

    struct Bar: Hashable, CustomStringConvertible {
        var symbol: String
        var time: Int64
        var description: String { "\(symbol)@\(Timestamps.iso8601(time))" }
    }

    @Test("a strategy model scores only its entry bars: over a replayed quarter the live candidates are exactly the training events")
    func strategyLiveEqualsTrainingEvents() async throws {
        let f = try await ModelFixture.make()
        defer { Task { await f.cleanup() } }
        // A strategy frequent enough to fill a quarter, whose entry reads the previous bar too (a cross). The runner's
        // catalog does not know it: the model carries its entry.
        let dip = StrategyDefinition(
            name: "dip", version: 1, featureSet: "core-daily@v1", entry: "rsi_14 < 40 or cross_below(ret_5, -0.02)",
            plan: PlanSpec(takeProfit: .percent(0.03), stop: .percent(0.02), maxHoldBars: 10))
        let training = InMemoryFeatureSetCatalog.builtIn()
        try await training.register(dip)
        let prepared = try await Trainer(catalog: training, provider: SyntheticMarket()).prepare(try Self.config(features: "{strategy: dip}"))
        let spec = try await Self.register(prepared, in: f, name: "pullback")
        #expect(spec.labelCfg.strategy == "dip@v1")
        #expect(spec.labelCfg.entry == dip.entry)

        // Inside the training rows: core-daily's first defined row on bars from 2022-01-03 is in late March 2024.
        let from = LocalDate("2024-05-01")!
        let to = LocalDate("2024-07-31")!
        let instants = try RunInstants.closedBars(
            calendar: ExchangeMarketAdapter.of(.us).calendar, timeframe: .d1, from: from, to: to, now: AlertRunnerTests.parseDay("2024-12-31"))
        let r = runner(f)
        var live = Set<Bar>()
        var notEntry = 0
        for instant in instants {
            let report = try await r.run(AlertRunRequest(target: .model("pullback"), universe: Self.universe, asOf: instant.asOf, mode: .preview))
            #expect(report.failures.isEmpty, "\(report.failures)")
            notEntry += report.counts["not_entry"] ?? 0
            #expect((report.counts["scored"] ?? 0) + (report.counts["not_entry"] ?? 0) == 12, "\(report.counts)")
            for p in report.alerts + report.suppressed + report.duplicates { live.insert(Bar(symbol: p.symbol, time: p.barTime)) }
        }
        // The training events of the same bars: the cohort's signal bars dated within the period.
        let cohort = prepared.cohort
        let events = Set(
            (0..<cohort.rowCount).compactMap { i -> Bar? in
                let day = LocalDate(dayNumber: Int(cohort.t0[i] / 86_400_000))
                return day >= from && day <= to ? Bar(symbol: cohort.symbols[i], time: cohort.t0[i]) : nil
            })
        #expect(events.count >= 10, "too few entries in the period to say anything: \(events.count)")
        #expect(notEntry > 0)
        let liveOnly = live.subtracting(events).map(\.description).sorted()
        let trainingOnly = events.subtracting(live).map(\.description).sorted()
        #expect(live == events, "live only: \(liveOnly); training only: \(trainingOnly)")
    }

    @Test("a model on an inline feature set carries the set: runs, previews and backtests compute it with no catalog holding it")
    func inlineFeatureSetRunsEverywhere() async throws {
        let f = try await ModelFixture.make()
        defer { Task { await f.cleanup() } }
        let inline = """
            {inline: {name: my-light, version: 1, warmup_bars: 40, indicators: [{spec: "rsi(14)", name: rsi_14}, \
            {spec: "logret(5)", name: ret_5}, {spec: "rvol(20)", name: rvol_20}]}}
            """
        let prepared = try await Trainer(provider: SyntheticMarket()).prepare(try Self.config(features: inline))
        let spec = try await Self.register(prepared, in: f, name: "light")
        #expect(spec.featureset.definition != nil)
        #expect(spec.featureset.name == "my-light" && spec.featureset.features == ["rsi_14", "ret_5", "rvol_20"])
        // The stored spec (read back from the registry) still has it.
        #expect(try await f.registry.published(name: "light").featureset.definition == spec.featureset.definition)

        let r = runner(f)
        let friday = AlertRunnerTests.friday
        for mode in [RunMode.preview, .dryRun, .commit] {
            let report = try await r.run(AlertRunRequest(target: .model("light"), universe: Self.universe, asOf: friday, mode: mode))
            #expect(report.failures.isEmpty, "\(mode): \(report.failures)")
            #expect(report.counts["scored"] == 12, "\(mode): \(report.counts)")
        }
        let backtest = try await Backtester(runner: r).run(
            BacktestRequest(
                model: "light", version: nil, universe: Self.universe, from: LocalDate("2024-06-03")!, to: LocalDate("2024-06-07")!,
                userID: nil, resolveAsOf: AlertRunnerTests.parseDay("2024-07-31")))
        #expect(backtest.runs == 5 && backtest.failures.isEmpty, "\(backtest.failures)")
        #expect(backtest.counts["scored"] == 60, "\(backtest.counts)")
    }

    @Test("publishing dry-runs the model on its universe's last closed bar: it passes a runnable model and names the cause otherwise")
    func publishDryRun() async throws {
        let f = try await ModelFixture.make()
        defer { Task { await f.cleanup() } }
        let asOf = AlertRunnerTests.friday
        let features = try await AlertRunnerTests.coreDaily()
        let universe = ModelScope(allowSymbols: ["AAPL", "MSFT", "KO"])

        let good = try await f.publish(name: "good", features: features, scope: universe, publish: false)
        let ok = await runner(f).publishDryRun(good, asOf: asOf)
        #expect(ok.refusal == nil, "\(ok.refusal ?? "")")
        #expect(ok.universe == "AAPL,MSFT,KO" && ok.symbols == 3 && ok.served == 3 && ok.failures.isEmpty)

        // Features: a set no catalog holds (and not stored with the model).
        let lost = try await f.publish(
            name: "lost", features: ["rsi_14"], scope: universe, featureRef: FeatureSetRef(name: "my-light", version: 1, features: ["rsi_14"]),
            publish: false)
        let noSet = try #require(await runner(f).publishDryRun(lost, asOf: asOf).refusal)
        #expect(noSet.contains("refusing to publish lost@v1: its features cannot be computed") && noSet.contains("my-light"), "\(noSet)")

        // The instrument's plan: ATR barriers that no bar history of the run can size.
        let atr = PlanSpec(takeProfit: .atr(multiple: 2, period: 900), stop: .atr(multiple: 1, period: 900), maxHoldBars: 10)
        let unplannable = try await f.publish(name: "atr", features: features, plan: atr, scope: universe, publish: false)
        let noPlan = try #require(await runner(f).publishDryRun(unplannable, asOf: asOf).refusal)
        #expect(noPlan.contains("served none of the 3 symbol(s)") && noPlan.contains("ATR(900)"), "\(noPlan)")

        // The data source: every fetch fails.
        let down = AlertRunner(store: f.store, artifacts: f.artifacts, provider: DownProvider(), catalog: InMemoryFeatureSetCatalog.builtIn())
        let noData = try #require(await down.publishDryRun(good, asOf: asOf).refusal)
        #expect(noData.contains("served none") && noData.contains("bar source is down"), "\(noData)")

        // A model without any universe.
        let nowhere = try await f.publish(name: "nowhere", features: features, publish: false)
        #expect(await runner(f).publishDryRun(nowhere, asOf: asOf).refusal?.contains("names no universe") == true)
    }
}

/// A data source that is down.
struct DownProvider: BarProvider {
    struct Down: Error, CustomStringConvertible { var description: String { "bar source is down (HTTP 503)" } }
    var name: String { "down" }
    func bars(
        symbol: String, timeframe: Timeframe, market: Market, from: LocalDate, to: LocalDate, progress: FetchProgressHandler?
    ) async throws -> BarSeries {
        throw Down()
    }
}
