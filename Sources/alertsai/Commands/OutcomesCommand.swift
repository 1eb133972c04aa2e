import Alerting
import ArgumentParser
import Foundation
import Server
import Storage

/// `alertsai outcomes …`: resolve alerts against their plans and report live precision@K.
struct OutcomesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outcomes", abstract: "Resolve alerts whose hold has elapsed and report live precision@K.",
        discussion: """
            An alert resolves when its plan's take-profit or stop is hit or its hold runs out, on the bars of its model's \
            source; live precision and expectancy are then measured against the model's promise (docs/ALERTING.md). \
            Schedules queue an outcome_resolution job after each close; `alertsai outcomes resolve` does the same by hand.

            Examples:
              alertsai outcomes resolve
              alertsai outcomes resolve --as-of 2025-06-30 --json
            """,
        subcommands: [Resolve.self])

    /// `alertsai outcomes resolve [--as-of DATE] [--k 10]`.
    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "resolve", abstract: "Resolve every alert whose hold has elapsed (take_profit / stop / timeout) into sc.alert_outcomes.",
            discussion: """
                Then prints live precision@K, and live precision and expectancy (net, 95 % bootstrap by day) per model \
                version against its promise, flagging a version whose live figures fall outside the promised interval \
                (docs/ALERTING.md).

                Examples:
                  alertsai outcomes resolve
                  alertsai outcomes resolve --as-of 2025-06-30 --k 5 --json
                """
        )

        @OptionGroup var global: GlobalOptions
        @Option(name: .customLong("as-of"), help: "YYYY-MM-DD (end of that day, UTC) or an ISO-8601 instant; default now.") var asOf: String?
        @Option(help: "K of precision@K: the K best-scored resolved alerts per model version and regime.") var k = 10
        @Flag(help: "Print live figures against each version's promise as JSON (after the text lines).") var json = false
        @OptionGroup var progressOptions: ProgressOptions

        func validate() throws {
            guard k >= 1 else { throw ValidationError("--k must be ≥ 1, got \(k)") }
            if let asOf { _ = try parseAsOf(asOf) }
        }

        func run() async throws {
            let config = try await global.load()
            let at = try asOf.map(parseAsOf) ?? Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
            let store = try await openStore(config)
            do {
                let alerts = SQLOutcomeRepository(store: store)
                // Each alert resolves on its model's bars (ModelBars), as its run scored them.
                var resolver = OutcomeResolver(
                    alerts: alerts, provider: try AppServices.barProvider(config),
                    sources: ModelBars.sources(config, registry: SQLModelRegistry(store: store)))
                let line = ProgressLine("resolving", quiet: progressOptions.quiet)
                resolver.progress = line.handler
                let report = try await resolver.resolve(asOf: at)
                line.finish()
                let exits = report.byExit.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
                print("examined \(report.examined), resolved \(report.resolved) (\(exits.isEmpty ? "none" : exits)), pending \(report.pending)")
                for (symbol, error) in report.failed.sorted(by: { $0.key < $1.key }) { print("fail  \(symbol): \(error)") }
                print(LivePrecisionReport.table(try await LivePrecisionReport.export(from: alerts, k: k)))
                print("")
                let live = try await LivePromiseReport.export(from: alerts, registry: SQLModelRegistry(store: store))
                if json {
                    try UsersCommand.printJSON(["live": live])
                } else {
                    print(LivePromiseReport.table(live))
                }
            } catch {
                await store.shutdown()
                throw error
            }
            await store.shutdown()
        }
    }
}
