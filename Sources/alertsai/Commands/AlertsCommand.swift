import Alerting
import AlertsCore
import ArgumentParser
import Features
import Foundation
import Logging
import MarketData
import Server
import Storage

/// `alertsai alerts …`: alert runs over a universe.
struct AlertsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts", abstract: "Run a published model or pack over a universe and write alerts.", subcommands: [Run.self])

    /// `alertsai alerts run --model NAME | --pack NAME --universe preset:us-mega-30 [--as-of DATE] [--user ID] [--dry-run]`.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run", abstract: "Score every symbol, apply guardrails, and write the run, its alerts and deliveries.",
            discussion: """
                Bars come from data.provider (synthetic by default). Only bars closed at the run's instant are scored
                (--as-of DATE means the end of that day, UTC; an ISO-8601
                instant is taken as is). Running the same model, universe and bar twice writes no second alert: the repeat
                is counted as `duplicate`. --dry-run records the run and its counts but no alert.
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "A published model name.") var model: String?
        @Option(help: "A published model pack name.") var pack: String?
        @Option(help: "preset:NAME, watchlist:ID or AAPL,MSFT.") var universe = "preset:us-mega-30"
        @Option(name: .customLong("as-of"), help: "YYYY-MM-DD (end of that day, UTC) or an ISO-8601 instant; default now.") var asOf: String?
        @Option(help: "The user the alerts are for (their guardrail settings apply); default: the shared feed.") var user: String?
        @Flag(name: .customLong("dry-run"), help: "Record the run and its counts, write no alert.") var dryRun = false
        @Flag(help: "Print the run report as JSON.") var json = false

        func validate() throws {
            guard (model == nil) != (pack == nil) else { throw ValidationError("give exactly one of --model NAME and --pack NAME") }
        }

        func run() async throws {
            let config = try await global.load()
            let at = try asOf.map(parseAsOf)
            let store = try await openStore(config)
            do {
                let explainer = CheckedExplainer(primary: makeExplainer(config))
                // Bars from `data.provider`; feature sets from the built-ins and those registered in the store.
                let runner = AlertRunner(
                    store: store, artifacts: DirectoryArtifactStore(path: config.artifactsPath), provider: try AppServices.barProvider(config),
                    catalog: StoredFeatureSetCatalog(definitions: SQLDefinitionStore(store: store)), explainer: explainer)
                let target: ModelTarget = model.map { .model($0) } ?? .pack(pack ?? "")
                let report = try await runner.run(
                    AlertRunRequest(target: target, universe: universe, asOf: at, userID: user, mode: dryRun ? .dryRun : .commit))
                if json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                    print(String(decoding: try encoder.encode(report), as: UTF8.self))
                } else {
                    print(AlertRunText.render(report))
                }
            } catch {
                await store.shutdown()
                throw error
            }
            await store.shutdown()
        }
    }
}

/// `YYYY-MM-DD` → the end of that day (UTC), so that the day's bars are closed; an ISO-8601 instant as is.
func parseAsOf(_ text: String) throws -> Int64 {
    if let d = LocalDate(text) { return d.adding(days: 1).utcMidnightMillis - 1 }
    let f = ISO8601DateFormatter()
    if let date = f.date(from: text) { return Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }
    throw ValidationError("--as-of: '\(text)' is neither YYYY-MM-DD nor an ISO-8601 instant like 2024-06-28T20:00:00Z")
}

/// Opens the configured store and applies pending migrations.
func openStore(_ config: AppConfig) async throws -> any Store {
    var logger = Logger(label: "alertsai.alerts")
    logger.logLevel = .warning
    let store = try await StoreFactory.open(url: try DatabaseURL(config.databaseURL), logger: logger)
    do {
        try await Migrator(store: store, logger: logger).migrate()
    } catch {
        await store.shutdown()
        throw error
    }
    return store
}

/// The LLM explainer when `llm.base_url` is set, else the template.
func makeExplainer(_ config: AppConfig) -> any Explainer {
    guard let base = config.llmBaseURL, let url = URL(string: base) else { return TemplateExplainer() }
    return LLMExplainer(baseURL: url)
}

/// A run report for people.
enum AlertRunText {
    static func render(_ r: AlertRunReport) -> String {
        var lines: [String] = []
        let mode = r.mode == .commit ? "" : " (\(r.mode.rawValue))"
        lines.append("run \(r.runID ?? "-")\(mode): \(r.models.joined(separator: ", ")) on \(r.universe) as of \(Timestamps.iso8601(r.asOf))")
        lines.append("counts: " + r.counts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
        for a in r.alerts {
            lines.append(
                "ALERT " + a.symbol.padding(toLength: 6, withPad: " ", startingAt: 0) + " \(a.model) score \(String(format: "%.3f", a.score.score))"
                    + " ≥ \(String(format: "%.3f", a.score.threshold)) \(a.regime?.label ?? "-") \(a.plan.side.rawValue)"
                    + " stop \(String(format: "%.2f", a.plan.stopPrice)) tp \(String(format: "%.2f", a.plan.takeProfitPrice))"
                    + " hold \(a.plan.maxHoldBars) size \(String(format: "%.1f%%", a.plan.sizingHint * 100))")
            if let e = a.explanation { lines.append("      \(e.text)") }
        }
        for s in r.suppressed {
            lines.append("held  \(s.symbol) \(s.model) score \(String(format: "%.3f", s.score.score)) — \(s.guardrail ?? ""): \(s.detail ?? "")")
        }
        for d in r.duplicates { lines.append("dup   \(d.symbol) \(d.model): already alerted for this bar") }
        for (k, v) in r.failures.sorted(by: { $0.key < $1.key }) { lines.append("fail  \(k): \(v)") }
        if !r.alerts.isEmpty { lines.append(AlertDisclaimer.text) }
        return lines.joined(separator: "\n")
    }
}
