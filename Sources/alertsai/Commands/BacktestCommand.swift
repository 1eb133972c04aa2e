import Alerting
import AlertsCore
import ArgumentParser
import Foundation
import MarketData
import Server
import Storage

/// `alertsai backtest --model NAME[@vN] --universe U --from D1 --to D2 [--user ID] [--json] [--out DIR]`.
struct BacktestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest", abstract: "Replay a model over a period through the live alert path and measure its trades; writes nothing.",
        discussion: """
            For every closed bar between the sessions --from and --to (session closes for daily models, bar ends for \
            intraday ones) the model runs as `alerts run` would (preview mode), with the user's guardrail settings; the \
            daily budget and cooldowns see the backtest's own earlier alerts, not the store's. Each alert is resolved \
            with the live outcome barriers, net of costs, using the bars closed by now; the trade statistics are \
            printed beside the model's promise. --out DIR writes backtest.json and equity.svg. See docs/ALERTING.md, \
            "Backtest".

            Examples:
              alertsai backtest --model demo-swing-daily-us --universe preset:us-mega-30 --from 2025-01-02 --to 2025-06-30
              alertsai backtest --model demo-swing-daily-us@v2 --universe AAPL,MSFT --from 2025-01-02 --to 2025-03-31 --json
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var progressOptions: ProgressOptions
    @Option(help: "NAME (its published version) or NAME@vN (that registered version, published or not).") var model: String
    @Option(help: "preset:NAME, watchlist:ID or AAPL,MSFT.") var universe: String
    @Option(help: "First session (YYYY-MM-DD).") var from: String
    @Option(help: "Last session (YYYY-MM-DD), inclusive.") var to: String
    @Option(help: "The user whose guardrail settings apply; default: the shared feed's (the model's own guardrails).") var user: String?
    @Flag(help: "Print the report as one JSON object.") var json = false
    @Option(help: "Write backtest.json and equity.svg into this directory (created if missing).") var out: String?

    func validate() throws {
        _ = try parsedModel()
        guard let f = LocalDate(from) else { throw ValidationError("--from: '\(from)' is not YYYY-MM-DD") }
        guard let t = LocalDate(to) else { throw ValidationError("--to: '\(to)' is not YYYY-MM-DD") }
        if t < f { throw ValidationError("--to \(t) is before --from \(f)") }
    }

    func parsedModel() throws -> (name: String, version: Int?) {
        do {
            return try BacktestRequest.parseModel(model)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    func run() async throws {
        try await CommandFailure.oneLine {
            let config = try await global.load()
            let store = try await openStore(config)
            do {
                try await backtest(config: config, store: store)
            } catch {
                await store.shutdown()
                throw error
            }
            await store.shutdown()
        }
    }

    func backtest(config: AppConfig, store: any Store) async throws {
        let (name, version) = try parsedModel()
        guard let f = LocalDate(from), let t = LocalDate(to) else { throw CommandFailure("--from/--to must be YYYY-MM-DD") }
        // The live runner's parts; the template explainer (an explanation changes no alert, and a replay asks thousands).
        // Bars from the model's own source unless data.provider says otherwise (ModelBars).
        let registry = SQLModelRegistry(store: store)
        var spec: ModelSpec? = nil
        if let version { spec = try? await registry.spec(name: name, version: version) } else { spec = try? await registry.published(name: name) }
        let bars = try ModelBars.resolve(config, for: spec)
        if let note = bars.note { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
        var runner = AlertRunner(
            store: store, artifacts: DirectoryArtifactStore(path: config.artifactsPath), provider: bars.provider,
            catalog: StoredFeatureSetCatalog(definitions: SQLDefinitionStore(store: store)))
        runner.universes = bars.universes(watchlists: StoredWatchlists(store: SQLWatchlistStore(store: store)))
        if let user {
            guard (try? await SQLUserStore(store: store).user(id: user)) != nil else { throw CommandFailure("--user: no user '\(user)'") }
        }
        var backtester = Backtester(runner: runner)
        let line = ProgressLine("replaying", quiet: progressOptions.quiet)
        backtester.progress = line.handler
        let report = try await backtester.run(BacktestRequest(model: name, version: version, universe: universe, from: f, to: t, userID: user))
        line.finish()
        let text = try report.json()
        if let out {
            let dir = URL(fileURLWithPath: out, isDirectory: true)
            do {
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                try Data((text + "\n").utf8).write(to: dir.appendingPathComponent("backtest.json"))
                try Data(report.equitySVG().utf8).write(to: dir.appendingPathComponent("equity.svg"))
            } catch {
                throw CommandFailure("--out \(out): \(error.localizedDescription)")
            }
        }
        if json {
            print(text)
        } else {
            print(report.text())
            if let out { print("\nwrote \(out)/backtest.json and \(out)/equity.svg") }
        }
    }
}
