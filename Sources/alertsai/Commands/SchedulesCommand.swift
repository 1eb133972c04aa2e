import ArgumentParser
import Foundation
import MarketData
import Server
import Storage

/// `alertsai schedules create|list|pause|resume|delete`: standing alert runs after every closed bar.
struct SchedulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedules", abstract: "Run a model or pack over a universe after every closed bar, by itself.",
        discussion: """
            The scheduler (inside every `alertsai serve` and `alertsai worker`; one acts at a time) queues one alert_run job \
            per schedule and closed bar — after each session close by the market's calendar for daily models, after each \
            bar for hourly ones — and an outcome_resolution after each close. `alertsai worker` does the jobs.

            Examples:
              alertsai schedules create --model demo-swing-daily-us --universe preset:us-mega-30
              alertsai schedules list
              alertsai schedules pause 6c0f…
              alertsai worker
            """,
        subcommands: [Create.self, List.self, Pause.self, Resume.self, Delete.self])

    static func render(_ s: AlertSchedule) -> [String] {
        [
            s.id, s.targetText, s.universe, s.cohort.map { "cohort \($0)" } ?? s.userID ?? "(shared feed)", s.paused ? "paused" : "active",
            s.lastEnqueuedAsOf.map(Timestamps.iso8601) ?? "-",
        ]
    }

    static let header = ["id", "target", "universe", "user", "state", "last queued bar"]

    /// `pause` and `resume`.
    static func setPaused(_ global: GlobalOptions, id: String, _ paused: Bool) async throws {
        try await withStore(global) { _, store in
            do {
                _ = try await SQLScheduleStore(store: store).setPaused(id: id, paused: paused)
                print("schedule \(id) \(paused ? "paused" : "active")")
            } catch let e as StorageError { throw CommandFailure("\(e)") }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Create a schedule (active at once).",
            discussion: """
                The universe is resolved now, so an unknown preset or watchlist is refused before anything is written. The \
                next scheduler tick queues the latest closed bar; earlier bars are not backfilled (`alertsai alerts run --from \
                … --to …` does that).

                Examples:
                  alertsai schedules create --model demo-swing-daily-us --universe preset:us-mega-30
                  alertsai schedules create --pack swing --universe watchlist:5d2e… --user 3f9c…
                  alertsai schedules create --model demo-swing-daily-us --universe preset:us-mega-30 --cohort desk
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "A registered model name (its published version runs).") var model: String?
        @Option(help: "A model pack name.") var pack: String?
        @Option(help: "preset:NAME, watchlist:ID or AAPL,MSFT.") var universe: String
        @Option(help: "The user the alerts are for; default: the shared feed.") var user: String?
        @Option(help: "A cohort to serve instead of one user (`alertsai cohorts`).") var cohort: String?

        func validate() throws {
            guard (model == nil) != (pack == nil) else { throw ValidationError("give exactly one of --model NAME and --pack NAME") }
            if user != nil, cohort != nil { throw ValidationError("give one of --user ID and --cohort NAME, not both") }
        }

        func run() async throws {
            try await withStore(global) { _, store in
                // The same resolution a run uses: an unknown preset or watchlist, or a malformed list, is named now.
                do {
                    _ = try await UniverseResolver(watchlists: StoredWatchlists(store: SQLWatchlistStore(store: store))).resolve(universe)
                } catch {
                    throw CommandFailure("--universe: \(error)")
                }
                do {
                    let s = try await SQLScheduleStore(store: store).create(
                        AlertSchedule(
                            modelName: model, packName: pack, universe: universe, userID: user, cohort: cohort,
                            createdBy: ProcessInfo.processInfo.environment["USER"] ?? "cli", createdAt: Clock.nowMillis()))
                    print(
                        "schedule \(s.id): \(s.targetText) on \(s.universe) for \(s.cohort.map { "cohort \($0)" } ?? s.userID ?? "the shared feed")")
                    print("`alertsai worker` (or `alertsai serve` + a worker) now runs it after every closed bar")
                } catch let e as StorageError {
                    throw CommandFailure("\(e)")
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List schedules, paused ones too.",
            discussion: """
                The last queued bar shows how far the scheduler has got with each schedule.

                Examples:
                  alertsai schedules list
                  alertsai schedules list --json
                """)
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await withStore(global) { _, store in
                let all = try await SQLScheduleStore(store: store).schedules(includePaused: true)
                if json {
                    try UsersCommand.printJSON(["schedules": all])
                } else if all.isEmpty {
                    print("no schedules; `alertsai schedules create --model NAME --universe preset:us-mega-30` makes one")
                } else {
                    print(Table.render(header: SchedulesCommand.header, rows: all.map(SchedulesCommand.render)))
                }
            }
        }
    }

    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pause", abstract: "Stop queuing runs for a schedule.",
            discussion: """
                Runs already queued still run. Nothing is queued while it is paused, and resuming does not make up the bars missed.

                Examples:
                  alertsai schedules pause 6c0f…
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The schedule id (`alertsai schedules list` prints it).") var id: String

        func run() async throws { try await SchedulesCommand.setPaused(global, id: id, true) }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "resume", abstract: "Queue runs for a paused schedule again.",
            discussion: """
                The next scheduler tick queues the latest closed bar; bars missed while paused are not (`alertsai alerts run \
                --from … --to …` fills the gap).

                Examples:
                  alertsai schedules resume 6c0f…
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The schedule id (`alertsai schedules list` prints it).") var id: String

        func run() async throws { try await SchedulesCommand.setPaused(global, id: id, false) }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete", abstract: "Delete a schedule (queued runs stay queued).",
            discussion: """
                To stop it for a while instead, `alertsai schedules pause ID`.

                Examples:
                  alertsai schedules delete 6c0f…
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The schedule id (`alertsai schedules list` prints it).") var id: String

        func run() async throws {
            try await withStore(global) { _, store in
                do {
                    try await SQLScheduleStore(store: store).delete(id: id)
                    print("schedule \(id) deleted")
                } catch let e as StorageError { throw CommandFailure("\(e)") }
            }
        }
    }
}
