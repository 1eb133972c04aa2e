import AlertsCore
import ArgumentParser
import Foundation
import Storage

/// `alertsai watchlists create|list|update|delete`: a user's lists of symbols (`sc.watchlists`), usable as
/// `--universe watchlist:ID` by runs, previews, schedules, subscriptions and silences.
struct WatchlistsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watchlists", abstract: "Create, list, change and delete a user's watchlists (universes watchlist:ID).",
        discussion: """
            A watchlist belongs to one user (--user, its owner, in every subcommand); its id names a universe, \
            watchlist:ID, for runs, previews, backtests, schedules, subscriptions and silences.

            Examples:
              alertsai watchlists create --user 3f9c… --name tech --symbols AAPL,MSFT,NVDA
              alertsai watchlists list --user 3f9c…
              alertsai alerts run --model demo-swing-daily-us --universe watchlist:5d2e… --user 3f9c…
            """,
        subcommands: [Create.self, List.self, Update.self, Delete.self])

    static let header = ["id", "name", "market", "instrument", "symbols"]

    static func row(_ w: StoredWatchlist) -> [String] {
        [w.id, w.name, w.market.rawValue, w.kind.rawValue, w.symbols.joined(separator: ",")]
    }

    static func json(_ w: StoredWatchlist) -> JSONValue {
        .object([
            "id": .string(w.id), "user_id": .string(w.userID), "name": .string(w.name), "market": .string(w.market.rawValue),
            "instrument": .string(w.kind.rawValue), "symbols": .array(w.symbols.map { .string($0) }), "universe": .string("watchlist:\(w.id)"),
        ])
    }

    static func symbols(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
    }

    /// The store's refusals as one line naming the field.
    static func refusing<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch StorageError.constraint(let m), StorageError.duplicate(let m), StorageError.notFound(let m) {
            throw CommandFailure(m)
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Create a watchlist and print its id.",
            discussion: """
                The id printed is what --universe watchlist:ID takes.

                Examples:
                  alertsai watchlists create --user 3f9c… --name tech --symbols AAPL,MSFT,NVDA
                  alertsai watchlists create --user 3f9c… --name etfs --symbols SPY,QQQ,GLD --instrument etf --json
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "The owner's user id.") var user: String
        @Option(help: "A name, unique among the user's lists.") var name: String
        @Option(help: "Symbols separated by commas: AAPL,MSFT,NVDA.") var symbols: String
        @Option(help: "US, EU or IN (default US).") var market = "US"
        @Option(help: "equity, etf or option (default equity).") var instrument = "equity"
        @Flag(help: "Print the watchlist as JSON.") var json = false

        func run() async throws {
            guard let m = Market(rawValue: market.uppercased()) else {
                throw CommandFailure("--market: '\(market)' is not one of \(Market.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let k = InstrumentKind(rawValue: instrument.lowercased()) else {
                throw CommandFailure("--instrument: '\(instrument)' is not one of \(InstrumentKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            try await withStore(global) { _, store in
                _ = try await WatchlistsCommand.refusing { try await SQLUserStore(store: store).user(id: user) }
                let list = try await WatchlistsCommand.refusing {
                    try await SQLWatchlistStore(store: store).create(
                        userID: user, name: name, market: m, kind: k, symbols: WatchlistsCommand.symbols(symbols))
                }
                if json { try UsersCommand.printJSON(WatchlistsCommand.json(list)) } else { print(list.id) }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List a user's watchlists by name.",
            discussion: """
                One row per list: id, name, market, instrument and symbols; --json adds its universe, watchlist:ID.

                Examples:
                  alertsai watchlists list --user 3f9c…
                  alertsai watchlists list --user 3f9c… --json
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "The owner's user id.") var user: String
        @Flag(help: "Print the watchlists as JSON.") var json = false

        func run() async throws {
            try await withStore(global) { _, store in
                _ = try await WatchlistsCommand.refusing { try await SQLUserStore(store: store).user(id: user) }
                let lists = try await SQLWatchlistStore(store: store).watchlists(userID: user)
                if json {
                    try UsersCommand.printJSON(lists.map(WatchlistsCommand.json))
                } else if lists.isEmpty {
                    print("no watchlists; create one with `alertsai watchlists create --user \(user) --name N --symbols AAPL,MSFT`")
                } else {
                    print(Table.render(header: WatchlistsCommand.header, rows: lists.map(WatchlistsCommand.row)))
                }
            }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update", abstract: "Rename a watchlist or replace its symbols.",
            discussion: """
                Only its owner can change it: --user is the owner's id. The id, and so the universe watchlist:ID, stays the same.

                Examples:
                  alertsai watchlists update 5d2e… --user 3f9c… --symbols AAPL,MSFT,NVDA,AMZN
                  alertsai watchlists update 5d2e… --user 3f9c… --name megacap-tech
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The watchlist's id.") var id: String
        @Option(help: "The owner's user id.") var user: String
        @Option(help: "A new name.") var name: String?
        @Option(help: "The new symbols, separated by commas (replacing the old ones).") var symbols: String?

        func validate() throws {
            guard name != nil || symbols != nil else { throw ValidationError("give --name, --symbols or both") }
        }

        func run() async throws {
            try await withStore(global) { _, store in
                let list = try await WatchlistsCommand.refusing {
                    try await SQLWatchlistStore(store: store).update(
                        id: id, userID: user, name: name, symbols: symbols.map(WatchlistsCommand.symbols))
                }
                print(Table.render(header: WatchlistsCommand.header, rows: [WatchlistsCommand.row(list)]))
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete", abstract: "Delete a watchlist.",
            discussion: """
                Only its owner can delete it: --user is the owner's id.

                Examples:
                  alertsai watchlists delete 5d2e… --user 3f9c…
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The watchlist's id.") var id: String
        @Option(help: "The owner's user id.") var user: String

        func run() async throws {
            try await withStore(global) { _, store in
                try await WatchlistsCommand.refusing { try await SQLWatchlistStore(store: store).delete(id: id, userID: user) }
                print("deleted watchlist \(id)")
            }
        }
    }
}
