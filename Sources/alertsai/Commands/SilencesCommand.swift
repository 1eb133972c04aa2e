import AlertsCore
import ArgumentParser
import Foundation
import MarketData
import Server
import Storage

/// `alertsai silences create|list|expire`: mute candidates by model, symbol, universe or regime for a time window — a
/// user's own alerts (`--user ID`) or, without `--user`, everyone's (an operator's silence).
struct SilencesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "silences", abstract: "Mute alerts by model, symbol, universe or regime for a while (a user's or everyone's).",
        discussion: """
            A candidate matching every matcher of a silence in force at the run's instant is not alerted; it is recorded \
            as suppressed by `silence` with the silence's id. Expiring a silence ends it now; it stays listed.

            Examples:
              alertsai silences create --symbol TSLA --duration 3d --comment "earnings week"
              alertsai silences list --active
              alertsai silences expire 2c7e…
            """,
        subcommands: [Create.self, List.self, Expire.self])

    static let header = ["id", "for", "matchers", "from", "until", "state", "comment"]

    static func row(_ s: Silence, now: Int64) -> [String] {
        let matchers = [("model", s.modelName), ("symbol", s.symbol), ("universe", s.universe), ("regime", s.regime)]
            .compactMap { k, v in v.map { "\(k)=\($0)" } }.joined(separator: " ")
        let state = s.active(at: now) ? "active" : (s.startsAt > now ? "pending" : "expired")
        return [s.id, s.userID ?? "everyone", matchers, Timestamps.iso8601(s.startsAt), Timestamps.iso8601(s.endsAt), state, s.comment ?? ""]
    }

    /// `90m`, `2h`, `3d` or plain minutes.
    static func minutes(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        let factor: Double = t.hasSuffix("d") ? 1440 : t.hasSuffix("h") ? 60 : 1
        let digits = t.hasSuffix("d") || t.hasSuffix("h") || t.hasSuffix("m") ? String(t.dropLast()) : t
        guard let n = Double(digits), n.isFinite, n > 0 else { return nil }
        return n * factor
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Create a silence and print its id.",
            discussion: """
                Give at least one matcher (--model, --symbol, --universe, --regime); a candidate must match all of them. \
                The silence lasts from --from (default now) for --duration, or until --until.

                Examples:
                  alertsai silences create --model demo-swing-daily-us --duration 2h
                  alertsai silences create --user 3f9c… --symbol TSLA --duration 3d --comment "earnings week"
                  alertsai silences create --universe preset:us-mega-30 --regime high_vol --from 2025-07-01T13:30:00Z --until 2025-07-02T20:00:00Z
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "Mute this user's alerts only; without it, everyone's.") var user: String?
        @Option(help: "Match alerts of this model (or pack component) name.") var model: String?
        @Option(help: "Match this symbol.") var symbol: String?
        @Option(help: "Match symbols of this universe: preset:NAME, watchlist:ID or AAPL,MSFT.") var universe: String?
        @Option(help: "Match this regime: low_vol, normal_vol or high_vol.") var regime: String?
        @Option(help: "How long from --from: 90m, 2h, 3d.") var duration: String?
        @Option(help: "When it starts (ISO-8601 or ms; default now).") var from: String?
        @Option(help: "When it ends (ISO-8601 or ms); instead of --duration.") var until: String?
        @Option(help: "Why, for the record.") var comment: String?

        func validate() throws {
            guard (duration == nil) != (until == nil) else { throw ValidationError("give exactly one of --duration and --until") }
        }

        func run() async throws {
            let now = Clock.nowMillis()
            let starts = try from.map { try parseAsOf($0) } ?? now
            let ends: Int64
            if let duration {
                guard let m = SilencesCommand.minutes(duration) else { throw CommandFailure("--duration: '\(duration)' is not like 90m, 2h or 3d") }
                ends = starts + Int64((m * 60_000).rounded())
            } else {
                ends = try parseAsOf(until ?? "")
            }
            try await withStore(global) { _, store in
                if let user {
                    _ = try await WatchlistsCommand.refusing { try await SQLUserStore(store: store).user(id: user) }
                }
                if let universe {
                    do {
                        _ = try await UniverseResolver(watchlists: StoredWatchlists(store: SQLWatchlistStore(store: store))).resolve(universe)
                    } catch {
                        throw CommandFailure("--universe: \(error)")
                    }
                }
                let silence = Silence(
                    userID: user, createdBy: user ?? "operator", modelName: model, symbol: symbol?.uppercased(), universe: universe, regime: regime,
                    startsAt: starts, endsAt: ends, comment: comment, createdAt: now)
                let made = try await WatchlistsCommand.refusing { try await SQLSilenceStore(store: store).create(silence) }
                print(made.id)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List silences, newest first.",
            discussion: """
                Each silence's state is active, pending (it starts later) or expired.

                Examples:
                  alertsai silences list
                  alertsai silences list --user 3f9c… --active
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only those applying to this user (theirs and everyone's).") var user: String?
        @Flag(help: "Only those in force now.") var active = false

        func run() async throws {
            let now = Clock.nowMillis()
            try await withStore(global) { _, store in
                let list = try await SQLSilenceStore(store: store).silences(visibleTo: user, activeAt: active ? now : nil)
                guard !list.isEmpty else {
                    print("no silences; create one with `alertsai silences create --model NAME --duration 2h`")
                    return
                }
                print(Table.render(header: SilencesCommand.header, rows: list.map { SilencesCommand.row($0, now: now) }))
            }
        }
    }

    struct Expire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "expire", abstract: "End a silence now (it stays listed).",
            discussion: """
                The id is the one `alertsai silences create` printed (`alertsai silences list` shows them all).

                Examples:
                  alertsai silences expire 2c7e…
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The silence's id.") var id: String

        func run() async throws {
            try await withStore(global) { _, store in
                let s = try await WatchlistsCommand.refusing { try await SQLSilenceStore(store: store).expire(id: id, at: Clock.nowMillis()) }
                print("silence \(s.id) ends \(Timestamps.iso8601(s.endsAt))")
            }
        }
    }
}
