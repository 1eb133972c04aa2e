import ArgumentParser
import Foundation
import Storage

/// `alertsai cohorts create|list|show|add|remove|delete`: groups of users one alert run serves.
struct CohortsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cohorts", abstract: "Group users so that one alert run serves them all (shared scoring, own guardrails).",
        discussion: """
            A cohort run (`alertsai alerts run --cohort NAME`, or a schedule with --cohort) scores each symbol of the universe \
            once, then gives every member the candidates through their own settings (`alertsai users settings`), silences, \
            guardrails and webhooks. A member added with --watchlist only gets alerts on that watchlist's symbols (it must be \
            their own watchlist). Deleted users leave their cohorts.

            Examples:
              alertsai cohorts create desk --description "the swing desk"
              alertsai cohorts add desk --user 3f9c… --user 81ab…
              alertsai cohorts add desk --user 3f9c… --watchlist 5d2e…
              alertsai cohorts show desk --json
              alertsai alerts run --model demo-swing-daily-us --cohort desk --universe preset:us-mega-30
            """,
        subcommands: [Create.self, List.self, Show.self, Add.self, Remove.self, Delete.self])

    static func rows(_ c: Cohort) -> [[String]] {
        c.members.map { [$0.userID, $0.watchlistID ?? "(every symbol)"] }
    }

    static func describe(_ c: Cohort) -> String {
        let head = "cohort \(c.name): \(c.members.count) member(s)" + (c.description.isEmpty ? "" : " — \(c.description)")
        guard !c.members.isEmpty else { return head }
        return head + "\n" + Table.render(header: ["user", "watchlist"], rows: rows(c))
    }

    static func run(_ global: GlobalOptions, _ body: @escaping (SQLCohortStore) async throws -> Void) async throws {
        try await withStore(global) { _, store in
            do {
                try await body(SQLCohortStore(store: store))
            } catch let e as StorageError {
                throw CommandFailure("\(e)")
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Create an empty cohort.",
            discussion: "Examples:\n  alertsai cohorts create desk --description \"the swing desk\"")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The cohort's name: 1 to 100 letters, digits, - _ .") var name: String
        @Option(help: "What the cohort is for.") var description = ""

        func run() async throws {
            try await CohortsCommand.run(global) { cohorts in
                let c = try await cohorts.create(name: name, description: description)
                print("cohort \(c.name) created; `alertsai cohorts add \(c.name) --user ID` adds members")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List cohorts with their member counts.", discussion: "Examples:\n  alertsai cohorts list --json")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CohortsCommand.run(global) { cohorts in
                let all = try await cohorts.cohorts()
                if json {
                    try UsersCommand.printJSON(["cohorts": all])
                } else if all.isEmpty {
                    print("no cohorts; `alertsai cohorts create NAME` makes one")
                } else {
                    print(
                        Table.render(header: ["name", "members", "description"], rows: all.map { [$0.name, "\($0.members.count)", $0.description] }))
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show a cohort and its members.", discussion: "Examples:\n  alertsai cohorts show desk")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The cohort's name.") var name: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CohortsCommand.run(global) { cohorts in
                guard let c = try await cohorts.cohort(name: name) else {
                    throw CommandFailure("no cohort named '\(name)'; `alertsai cohorts list` shows them")
                }
                if json { try UsersCommand.printJSON(c) } else { print(CohortsCommand.describe(c)) }
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add users to a cohort (or change a member's watchlist).",
            discussion: """
                Every --user is checked first: an unknown user, or a watchlist that is not that user's, changes nothing.

                Examples:
                  alertsai cohorts add desk --user 3f9c… --user 81ab…
                  alertsai cohorts add desk --user 3f9c… --watchlist 5d2e…
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The cohort's name.") var name: String
        @Option(help: "A user id (sc.users); repeat for several.") var user: [String] = []
        @Option(help: "With one --user: only alert them on this watchlist's symbols (their own watchlist id).") var watchlist: String?

        func validate() throws {
            guard !user.isEmpty else { throw ValidationError("give at least one --user ID") }
            if watchlist != nil, user.count != 1 { throw ValidationError("--watchlist goes with exactly one --user") }
        }

        func run() async throws {
            try await CohortsCommand.run(global) { cohorts in
                let c = try await cohorts.add(cohort: name, members: user.map { CohortMember(userID: $0, watchlistID: watchlist) })
                print("cohort \(c.name): \(c.members.count) member(s)")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove", abstract: "Remove users from a cohort.", discussion: "Examples:\n  alertsai cohorts remove desk --user 81ab…")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The cohort's name.") var name: String
        @Option(help: "A user id; repeat for several.") var user: [String] = []

        func validate() throws {
            guard !user.isEmpty else { throw ValidationError("give at least one --user ID") }
        }

        func run() async throws {
            try await CohortsCommand.run(global) { cohorts in
                let c = try await cohorts.remove(cohort: name, userIDs: user)
                print("cohort \(c.name): \(c.members.count) member(s)")
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete", abstract: "Delete a cohort (its users stay; schedules naming it then fail).",
            discussion: "Examples:\n  alertsai cohorts delete desk")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The cohort's name.") var name: String

        func run() async throws {
            try await CohortsCommand.run(global) { cohorts in
                guard try await cohorts.delete(name: name) else { throw CommandFailure("no cohort named '\(name)'") }
                print("cohort \(name) deleted")
            }
        }
    }
}
