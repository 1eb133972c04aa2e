import Alerting
import ArgumentParser
import Foundation
import Storage

/// `alertsai workflows create|list|show|delete|run`: small YAML pipelines of steps with a model step (`sc.workflows`).
struct WorkflowsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workflows", abstract: "Store and run workflows: universe → features → model → filter → plan → explain → deliver.",
        discussion: """
            A workflow is a list of steps, each a mapping of one key, in this order: universe, features or strategy \
            (optional: must be the model's own set), the model step (model: NAME or pack: NAME), filter, plan (sizing only), \
            explain (template or llm; default as configured) and deliver (feed, the default; webhooks: the feed and the user's \
            matching webhook subscriptions; none: a dry run). Steps out of order, twice, or without the model step are \
            refused naming the step. docs/ALERTING.md "Recipes and workflows".

            Examples:
              alertsai workflows create examples/workflows/mega-longs.yaml
              alertsai workflows create examples/workflows/mega-longs.yaml --user 3f2a…
              alertsai workflows list
              alertsai workflows show mega-longs
              alertsai workflows run mega-longs --as-of 2024-06-28 --preview
              alertsai workflows run mega-longs --universe AAPL,MSFT,NVDA --user 3f2a… --json
              alertsai workflows delete mega-longs
            """,
        subcommands: [Create.self, List.self, Show.self, Delete.self, Run.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Check a workflow file (YAML or JSON) against the registry and store it.",
            discussion: """
                The model or pack must be published, a features: or strategy: binding must be the model's own, the universe \
                must resolve, and plan: may change sizing only (risk_pct, max_position_pct). Without --user the workflow is \
                shared: every user sees and runs it.

                Examples:
                  alertsai workflows create examples/workflows/mega-longs.yaml
                  alertsai workflows create my.yaml --user 3f2a… --json
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The workflow file (.yaml, .yml or .json).") var file: String
        @Option(help: "The owner (sc.users id); default: shared, an operator's.") var user: String?
        @Flag(help: "Print the stored workflow as JSON.") var json = false

        func run() async throws {
            try await PipelineCommands.create(.workflow, file: file, user: user, json: json, global: global)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List workflows by name (with --user: that user's own and the shared ones).",
            discussion: """
                Examples:
                  alertsai workflows list
                  alertsai workflows list --user 3f2a… --json
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only what this user sees: their own and the shared ones.") var user: String?
        @Flag(help: "Print them as JSON.") var json = false

        func run() async throws {
            try await PipelineCommands.list(.workflow, user: user, json: json, global: global)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Print one workflow as YAML (or JSON).",
            discussion: """
                Examples:
                  alertsai workflows show mega-longs
                  alertsai workflows show mega-longs --user 3f2a… --json
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The workflow's name.") var name: String
        @Option(help: "As this user sees it (another user's answers as absent).") var user: String?
        @Flag(help: "Print it as JSON.") var json = false

        func run() async throws {
            try await PipelineCommands.show(.workflow, name: name, user: user, json: json, global: global)
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete", abstract: "Delete a workflow (with --user: only that user's own).",
            discussion: """
                Runs keep its name as their lineage (recipe_name / workflow_name on sc.alert_runs).

                Examples:
                  alertsai workflows delete mega-longs
                  alertsai workflows delete mega-longs --user 3f2a…
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The workflow's name.") var name: String
        @Option(help: "The owner; a shared workflow is deleted without --user.") var user: String?

        func run() async throws {
            try await PipelineCommands.delete(.workflow, name: name, user: user, global: global)
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run", abstract: "Run a stored workflow: one alert run with its model, universe, filter and sizing.",
            discussion: """
                The universe step unless --universe is given; deliver: none makes every run a dry run. The run is an ordinary alert run (same guardrails, duplicate rules and single transaction as \
                `alertsai alerts run`), its row carrying the workflow's name (workflow_name on sc.alert_runs) and its alerts the \
                model and pack ids. Candidates the filter holds back are counted as `filtered` and listed as held by `filter`. \
                --dry-run records the run and its counts but no alert; --preview writes nothing.

                Examples:
                  alertsai workflows run mega-longs
                  alertsai workflows run mega-longs --as-of 2024-06-28 --dry-run
                  alertsai workflows run mega-longs --universe watchlist:7c1e… --user 3f2a… --preview --json
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The workflow's name.") var name: String
        @Option(help: "preset:NAME, watchlist:ID or AAPL,MSFT; default: the workflow's.") var universe: String?
        @Option(name: .customLong("as-of"), help: "YYYY-MM-DD (end of that day, UTC) or an ISO-8601 instant; default now.") var asOf: String?
        @Option(help: "The user the alerts are for (their settings, silences and watchlists apply); default: the shared feed.") var user: String?
        @Flag(name: .customLong("dry-run"), help: "Record the run and its counts, write no alert.") var dryRun = false
        @Flag(help: "Write nothing; print what the run would do.") var preview = false
        @Flag(help: "Print the run report as JSON.") var json = false
        @OptionGroup var progressOptions: ProgressOptions

        func validate() throws {
            if dryRun, preview { throw ValidationError("give one of --dry-run and --preview") }
            if let asOf { _ = try parseAsOf(asOf) }
        }

        func run() async throws {
            try await PipelineCommands.run(
                .workflow, name: name, universe: universe, asOf: asOf, user: user, mode: preview ? .preview : dryRun ? .dryRun : .commit, json: json,
                quiet: progressOptions.quiet, global: global)
        }
    }
}
