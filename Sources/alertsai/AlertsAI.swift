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
            """,
        version: AlertsAIVersion.current,
        subcommands: [
            DemoCommand.self, ServeCommand.self, MigrateCommand.self, UsersCommand.self, KeysCommand.self,
            TrainCommand.self, ModelsCommand.self, PacksCommand.self,
            AlertsCommand.self, BacktestCommand.self, OutcomesCommand.self, SchedulesCommand.self, WorkerCommand.self, JobsCommand.self,
            WatchlistsCommand.self, SilencesCommand.self, RecipesCommand.self, WorkflowsCommand.self,
            DataCommand.self, CalendarCommand.self, IndicatorsCommand.self, LearnCommand.self,
            VersionCommand.self,
        ]
    )

    /// Errors end every command the same way: `CommandErrors`.
    static func main() async { await CommandErrors.main(Self.self) }
}
