import AlertsCore
import ArgumentParser

/// The `alertsai` command: every job of the system as a subcommand sharing one configuration.
@main
struct AlertsAI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alertsai",
        abstract: "Learn which market setups tend to work and turn them into calibrated, explained, guard-railed alerts.",
        discussion: """
            Configuration: command line, then ALERTSAI_* environment variables, then --config FILE (JSON or YAML), \
            then defaults. See docs/CONFIG.md for every key.

            Each command's help ends with examples using the names `alertsai demo` makes (model demo-swing-daily-us, preset \
            us-mega-30; ids are shortened, as 3f9c…). To try them on the demo's store, add --database-url \
            sqlite:./data/demo/alertsai.sqlite --artifacts-path ./data/demo/artifacts, or export ALERTSAI_DATABASE_URL and \
            ALERTSAI_ARTIFACTS_PATH.

            Examples:
              alertsai demo
              alertsai models list --database-url sqlite:./data/demo/alertsai.sqlite
              alertsai alerts run --model demo-swing-daily-us --universe preset:us-mega-30
              alertsai serve --database-url sqlite:./data/demo/alertsai.sqlite --artifacts-path ./data/demo/artifacts
              alertsai alerts run --help
            """,
        version: AlertsAIVersion.current,
        subcommands: [
            DemoCommand.self, ServeCommand.self, MigrateCommand.self, UsersCommand.self, KeysCommand.self,
            TrainCommand.self, ModelsCommand.self, PacksCommand.self,
            AlertsCommand.self, BacktestCommand.self, OutcomesCommand.self, SchedulesCommand.self, WorkerCommand.self, JobsCommand.self,
            WatchlistsCommand.self, SilencesCommand.self, CohortsCommand.self, RecipesCommand.self, WorkflowsCommand.self,
            DataCommand.self, CalendarCommand.self, IndicatorsCommand.self, LearnCommand.self,
            VersionCommand.self,
        ]
    )

    /// Errors end every command the same way: `CommandErrors`.
    static func main() async { await CommandErrors.main(Self.self) }
}
