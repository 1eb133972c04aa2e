import AlertsCore
import ArgumentParser
import Foundation
import MarketData
import Storage

/// `alertsai users …`: the people and services alerts are for (`sc.users`) and their API keys (`sc.api_keys`).
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Create and list users (who alerts and webhooks are for) and issue or revoke their API keys.",
        discussion: """
            A user is who alerts, webhooks, watchlists, silences and alert settings belong to; `alertsai users create` prints \
            the id every --user takes. A user's API key lets them call the HTTP API as themselves (docs/SECURITY.md).

            Examples:
              alertsai users create --email ana@example.com --name "Ana Ruiz"
              alertsai users list
              alertsai users api-key --user 3f9c… --label laptop
              alertsai users settings --user 3f9c… --set daily_budget=3
            """,
        subcommands: [Create.self, List.self, APIKey.self, Keys.self, RevokeKey.self, Delete.self, Settings.self])

    /// A user as `--json` prints it.
    struct UserJSON: Encodable {
        let id: String
        let name: String
        let email: String?
        let createdAt: String

        enum CodingKeys: String, CodingKey {
            case id, name, email
            case createdAt = "created_at"
        }

        init(_ u: User) {
            id = u.id
            name = u.name
            email = u.email
            createdAt = Timestamps.iso8601(u.createdAt)
        }
    }

    static func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// Opens the store for one command and closes it however the command ends.
    static func withUsers(_ global: GlobalOptions, _ body: (SQLUserStore) async throws -> Void) async throws {
        let store = try await openStore(try await global.load())
        do {
            try await body(SQLUserStore(store: store))
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
    }
}

extension UsersCommand {
    /// `alertsai users create --email E [--name N] [--json]`.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Create a user and print its id (the --user of `alerts subscribe`, `alerts run`, `users api-key`).",
            discussion: """
                The email must look like name@example.com and belong to no other user (compared case-insensitively); \
                otherwise nothing is written. The name defaults to the part of the email before the @.

                Examples:
                  alertsai users create --email ana@example.com
                  alertsai users create --email bo@example.com --name "Bo Chen" --json
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "The user's email address (unique).") var email: String
        @Option(help: "A display name, 1–200 characters (default: the email's local part).") var name: String?
        @Flag(help: "Print the user as JSON.") var json = false

        func run() async throws {
            let address = email.trimmingCharacters(in: .whitespaces)
            let display = (name ?? String(address.prefix { $0 != "@" })).trimmingCharacters(in: .whitespaces)
            try await UsersCommand.withUsers(global) { users in
                let user: User
                do {
                    user = try await users.createUser(name: display, email: address)
                } catch StorageError.constraint(let message), StorageError.duplicate(let message) {
                    throw CommandFailure(message)
                }
                if json { try UsersCommand.printJSON(UserJSON(user)) } else { print(user.id) }
            }
        }
    }

    /// `alertsai users list [--json]`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List every user, oldest first, with their active API keys.",
            discussion: """
                One row per user: id, name, email, the number of active API keys and when the user was created.

                Examples:
                  alertsai users list
                  alertsai users list --json
                """)

        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print the users as JSON.") var json = false

        func run() async throws {
            try await UsersCommand.withUsers(global) { users in
                let all = try await users.users()
                if json {
                    try UsersCommand.printJSON(all.map(UserJSON.init))
                    return
                }
                guard !all.isEmpty else {
                    print("no users yet; create one with `alertsai users create --email E [--name N]`")
                    return
                }
                let active = try await users.apiKeys(userID: nil).filter { $0.revokedAt == nil }
                let keys = Dictionary(grouping: active, by: \.userID).mapValues(\.count)
                print(
                    Table.render(
                        header: ["id", "name", "email", "api keys", "created"],
                        rows: all.map { u in
                            [u.id, u.name, u.email ?? "", "\(keys[u.id] ?? 0)", Timestamps.iso8601(u.createdAt / 1000 * 1000)]
                        }))
            }
        }
    }

    /// `alertsai users api-key --user ID [--label L] [--json]`.
    struct APIKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "api-key", abstract: "Issue an API key for a user and print it once (only its hash is stored).",
            discussion: """
                The key (aai_…) goes in an Authorization: Bearer header. It cannot be shown again: a lost key is revoked \
                (`alertsai users revoke-key PREFIX`) and a new one issued. docs/SECURITY.md lists what each scope opens.

                Examples:
                  alertsai users api-key --user 3f9c… --label laptop
                  alertsai users api-key --user 3f9c… --scope alerts,score --json
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "The user's id (see `alertsai users list`).") var user: String
        @Option(help: "What the key is for, e.g. a machine's name.") var label: String?
        @Option(help: "Comma-separated scopes among alerts, score, registry (default: alerts).") var scope = "alerts"
        @Flag(help: "Print the key, its id and prefix as JSON.") var json = false

        func run() async throws {
            try await UsersCommand.withUsers(global) { users in
                let scopes: Set<APIScope>
                do {
                    scopes = try APIScope.parseList(scope, allowed: APIScope.userScopes)
                } catch StorageError.constraint(let message) {
                    throw CommandFailure("--scope: \(message)")
                }
                let issued = try await users.issueKey(userID: user, label: label, scopes: scopes)
                if json {
                    try UsersCommand.printJSON(["id": issued.id, "user_id": issued.userID, "key": issued.key, "prefix": issued.prefix])
                } else {
                    print(issued.key)
                }
                let note = "shown once: only its hash is stored; revoke it with `alertsai users revoke-key \(issued.prefix)`\n"
                FileHandle.standardError.write(Data(note.utf8))
            }
        }
    }

    /// `alertsai users keys [--user ID]`.
    struct Keys: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keys", abstract: "List API keys by prefix and label (never the secret), revoked ones too.",
            discussion: """
                The prefix is what `alertsai users revoke-key` takes; a revoked key shows when it was revoked.

                Examples:
                  alertsai users keys
                  alertsai users keys --user 3f9c…
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this user's keys.") var user: String?

        func run() async throws {
            try await UsersCommand.withUsers(global) { users in
                if let user { _ = try await users.user(id: user) }
                let keys = try await users.apiKeys(userID: user)
                guard !keys.isEmpty else {
                    print("no API keys; issue one with `alertsai users api-key --user ID`")
                    return
                }
                print(
                    Table.render(
                        header: ["prefix", "user", "label", "created", "revoked"],
                        rows: keys.map { k in
                            [
                                k.prefix, k.userID, k.label ?? "", Timestamps.iso8601(k.createdAt / 1000 * 1000),
                                k.revokedAt.map { Timestamps.iso8601($0 / 1000 * 1000) } ?? "",
                            ]
                        }))
            }
        }
    }

    /// `alertsai users revoke-key PREFIX`.
    struct RevokeKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke-key", abstract: "Revoke an API key: it stops authenticating at once.",
            discussion: """
                A whole key pasted by mistake is read as its prefix; revoking a key already revoked changes nothing.

                Examples:
                  alertsai users revoke-key Q7x2kLm9Pz4a
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The key's prefix: the 12 characters after `aai_` (see `alertsai users keys`).") var prefix: String

        func run() async throws {
            try await UsersCommand.withUsers(global) { users in
                // A whole key pasted by mistake still names its prefix.
                let parts = prefix.split(separator: "_", omittingEmptySubsequences: false)
                let wanted = parts.count == 3 && parts[0] == "aai" ? String(parts[1]) : prefix
                guard let key = try await users.apiKeys(userID: nil).first(where: { $0.prefix == wanted }) else {
                    throw CommandFailure("no API key with prefix '\(wanted)'; `alertsai users keys` lists them")
                }
                guard key.revokedAt == nil else {
                    print("key \(wanted) of user \(key.userID) was already revoked")
                    return
                }
                try await users.revokeKey(prefix: wanted)
                print("revoked key \(wanted) of user \(key.userID)")
            }
        }
    }

    /// `alertsai users delete --user ID`.
    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete",
            abstract: "Delete a user: revoke every key, stop their subscriptions and pending webhooks; their past alerts stay.",
            discussion: """
                Their keys then answer 401 like any unknown key. Deleting cannot be undone.

                Examples:
                  alertsai users delete --user 3f9c…
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "The user's id (see `alertsai users list`).") var user: String

        func run() async throws {
            try await UsersCommand.withUsers(global) { users in
                do {
                    try await users.deleteUser(id: user)
                } catch StorageError.notFound(let message) {
                    throw CommandFailure(message)
                }
                print("deleted user \(user): keys revoked, subscriptions and webhook endpoints stopped")
            }
        }
    }
}

extension UsersCommand {
    /// `alertsai users settings --user ID [--set KEY=VALUE …] [--json]`: shows, or changes then shows, a user's settings.
    struct Settings: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "settings", abstract: "Show or change a user's alert settings (what every run for them reads).",
            discussion: """
                Keys: daily_budget, cooldown_bars, max_per_sector, max_per_direction, max_exposure, options_min_dte, \
                options_max_dte, max_leverage, market_hours_only, quiet_hours, alert_windows, time_zone, \
                min_expected_return_pct. Windows are HH:MM-HH:MM, several separated by commas (quiet_hours=22:00-07:00). \
                KEY=null returns a key to the model's default. Each --set changes one key and keeps the others; a bad \
                key or value is named and nothing is written.

                Examples:
                  alertsai users settings --user 3f9c…
                  alertsai users settings --user 3f9c… --set daily_budget=3 --set quiet_hours=22:00-07:00 --set time_zone=America/New_York
                  alertsai users settings --user 3f9c… --set cooldown_bars=null --json
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "The user's id (see `alertsai users list`).") var user: String
        @Option(name: .customLong("set"), help: "KEY=VALUE; repeat for several keys.") var assignments: [String] = []
        @Flag(help: "Print the settings as JSON.") var json = false

        /// `KEY=VALUE` as a key and a JSON value: windows as a list, `null`, booleans and numbers as such, text otherwise.
        static func parse(_ assignment: String) throws -> (String, JSONValue) {
            guard let eq = assignment.firstIndex(of: "=") else { throw CommandFailure("--set \(assignment): give KEY=VALUE") }
            let key = String(assignment[..<eq]).trimmingCharacters(in: .whitespaces)
            let text = String(assignment[assignment.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
            if text == "null" || text.isEmpty { return (key, .null) }
            if key == "quiet_hours" || key == "alert_windows" {
                return (key, .array(text.split(separator: ",").map { .string($0.trimmingCharacters(in: .whitespaces)) }))
            }
            if text == "true" || text == "false" { return (key, .bool(text == "true")) }
            if let d = Double(text) { return (key, .number(d)) }
            return (key, .string(text))
        }

        func run() async throws {
            try await withStore(global) { _, store in
                do {
                    _ = try await SQLUserStore(store: store).user(id: user)
                } catch StorageError.notFound(let message) {
                    throw CommandFailure(message)
                }
                let settings = SQLUserSettingsStore(store: store)
                var s = try await settings.settings(userID: user) ?? UserAlertSettings(userID: user)
                if !assignments.isEmpty {
                    do {
                        for a in assignments {
                            let (key, value) = try Self.parse(a)
                            try s.set(key, value)
                        }
                        try s.validate()
                    } catch StorageError.constraint(let message) {
                        throw CommandFailure(message)
                    }
                    try await settings.save(s)
                }
                let wire = s.wire
                if json {
                    try UsersCommand.printJSON(["user_id": JSONValue.string(user), "settings": .object(wire)])
                    return
                }
                print(
                    Table.render(
                        header: ["setting", "value"],
                        rows: UserAlertSettings.keys.map { key in [key, Self.show(wire[key] ?? .null)] }))
            }
        }

        static func show(_ v: JSONValue) -> String {
            switch v {
            case .null: "(model default)"
            case .bool(let b): "\(b)"
            case .number(let d): d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
            case .string(let t): t
            case .array(let items): items.compactMap(\.stringValue).joined(separator: ",")
            case .object: "{…}"
            }
        }
    }
}
