import Alerting
import ArgumentParser
import Foundation
import Storage

/// `alertsai recipes create|list|show|delete|run`: named bindings of a published model (or pack) to a default universe, sizing overrides and a candidate filter (`sc.recipes`).
struct RecipesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recipes", abstract: "Store and run recipes: a published model or pack with a universe, sizing overrides and a filter.",
        discussion: """
            A recipe binds one published model (model: NAME) or pack (pack: NAME) to a default universe, plan overrides \
            and a candidate filter. features: or strategy: state the set the model must score; they must be the model's own (a \
            model scores only the features it was trained on). plan: changes sizing only (risk_pct, max_position_pct): the \
            barriers (stop, take_profit, max_hold) are the model's, because its calibrated probability and expected return after \
            costs hold only for them — train a model with other barriers instead. filter: holds back candidates by min_score, \
            min_expected_return_pct, sides and regimes before the guardrails. docs/ALERTING.md "Recipes and workflows".

            Examples:
              alertsai recipes create examples/recipes/mega-oversold.yaml
              alertsai recipes create examples/recipes/mega-oversold.yaml --user 3f2a…
              alertsai recipes list
              alertsai recipes show mega-oversold
              alertsai recipes run mega-oversold --as-of 2024-06-28 --preview
              alertsai recipes run mega-oversold --universe AAPL,MSFT,NVDA --user 3f2a… --json
              alertsai recipes delete mega-oversold
            """,
        subcommands: [Create.self, List.self, Show.self, Delete.self, Run.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Check a recipe file (YAML or JSON) against the registry and store it.",
            discussion: """
                The model or pack must be published, a features: or strategy: binding must be the model's own, the universe \
                must resolve, and plan: may change sizing only (risk_pct, max_position_pct). Without --user the recipe is \
                shared: every user sees and runs it.

                Examples:
                  alertsai recipes create examples/recipes/mega-oversold.yaml
                  alertsai recipes create my.yaml --user 3f2a… --json
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The recipe file (.yaml, .yml or .json).") var file: String
        @Option(help: "The owner (sc.users id); default: shared, an operator's.") var user: String?
        @Flag(help: "Print the stored recipe as JSON.") var json = false

        func run() async throws {
            try await PipelineCommands.create(.recipe, file: file, user: user, json: json, global: global)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List recipes by name (with --user: that user's own and the shared ones).",
            discussion: """
                Examples:
                  alertsai recipes list
                  alertsai recipes list --user 3f2a… --json
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only what this user sees: their own and the shared ones.") var user: String?
        @Flag(help: "Print them as JSON.") var json = false

        func run() async throws {
            try await PipelineCommands.list(.recipe, user: user, json: json, global: global)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Print one recipe as YAML (or JSON).",
            discussion: """
                Examples:
                  alertsai recipes show mega-oversold
                  alertsai recipes show mega-oversold --user 3f2a… --json
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The recipe's name.") var name: String
        @Option(help: "As this user sees it (another user's answers as absent).") var user: String?
        @Flag(help: "Print it as JSON.") var json = false

        func run() async throws {
            try await PipelineCommands.show(.recipe, name: name, user: user, json: json, global: global)
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete", abstract: "Delete a recipe (with --user: only that user's own).",
            discussion: """
                Runs keep its name as their lineage (recipe_name / workflow_name on sc.alert_runs).

                Examples:
                  alertsai recipes delete mega-oversold
                  alertsai recipes delete mega-oversold --user 3f2a…
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The recipe's name.") var name: String
        @Option(help: "The owner; a shared recipe is deleted without --user.") var user: String?

        func run() async throws {
            try await PipelineCommands.delete(.recipe, name: name, user: user, global: global)
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run", abstract: "Run a stored recipe: one alert run with its model, universe, filter and sizing.",
            discussion: """
                The recipe's universe unless --universe is given; its alerts go to the feed and to matching webhook \
                subscriptions, like `alertsai alerts run`. The run is an ordinary alert run (same guardrails, duplicate rules and single transaction as \
                `alertsai alerts run`), its row carrying the recipe's name (recipe_name on sc.alert_runs) and its alerts the \
                model and pack ids. Candidates the filter holds back are counted as `filtered` and listed as held by `filter`. \
                --dry-run records the run and its counts but no alert; --preview writes nothing.

                Examples:
                  alertsai recipes run mega-oversold
                  alertsai recipes run mega-oversold --as-of 2024-06-28 --dry-run
                  alertsai recipes run mega-oversold --universe watchlist:7c1e… --user 3f2a… --preview --json
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The recipe's name.") var name: String
        @Option(help: "preset:NAME, watchlist:ID or AAPL,MSFT; default: the recipe's.") var universe: String?
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
                .recipe, name: name, universe: universe, asOf: asOf, user: user, mode: preview ? .preview : dryRun ? .dryRun : .commit, json: json,
                quiet: progressOptions.quiet, global: global)
        }
    }
}
