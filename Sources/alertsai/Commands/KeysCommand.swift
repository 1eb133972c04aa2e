import ArgumentParser
import Foundation
import MarketData
import Storage

/// `alertsai keys …`: service keys (`sc.service_keys`), for systems that score, read the registry, scrape metrics or
/// administer — not tied to a user. docs/SECURITY.md lists what each scope opens.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Create, list and revoke service API keys (scopes: score, registry, metrics, admin).",
        discussion: """
            Service keys (aais_…) are for systems rather than people: a scoring gateway, a registry reader, a metrics \
            scraper, an operator's tools. User keys are `alertsai users api-key`; docs/SECURITY.md lists what each scope opens.

            Examples:
              alertsai keys create --service scoring-gateway --scope score
              alertsai keys list
              alertsai keys revoke Q7x2kLm9Pz4a
            """,
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Issue a service key and print it once (only its hash is stored).",
            discussion: """
                The key goes in an Authorization: Bearer header. It cannot be shown again: a lost key is revoked \
                (`alertsai keys revoke PREFIX`) and a new one created.

                Examples:
                  alertsai keys create --service scoring-gateway --scope score
                  alertsai keys create --service prometheus --scope metrics --label "scraper on mon-1"
                  alertsai keys create --service ops --scope registry,metrics,admin --json
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "The service's name, e.g. scoring-gateway (1–64 visible ASCII characters).") var service: String
        @Option(help: "Comma-separated scopes among score, registry, metrics, admin.") var scope: String
        @Option(help: "What the key is for.") var label: String?
        @Flag(help: "Print the key, its id, prefix and scopes as JSON.") var json = false

        func run() async throws {
            try await UsersCommand.withUsers(global) { users in
                let issued: IssuedServiceKey
                do {
                    let scopes = try APIScope.parseList(scope, allowed: APIScope.serviceScopes)
                    issued = try await users.issueServiceKey(service: service, scopes: scopes, label: label)
                } catch StorageError.constraint(let message) {
                    throw CommandFailure(message)
                }
                if json {
                    try UsersCommand.printJSON([
                        "id": issued.id, "service": issued.service, "key": issued.key, "prefix": issued.prefix,
                        "scopes": APIScope.list(issued.scopes),
                    ])
                } else {
                    print(issued.key)
                }
                let note = "shown once: only its hash is stored; revoke it with `alertsai keys revoke \(issued.prefix)`\n"
                FileHandle.standardError.write(Data(note.utf8))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List service keys (never the secret), revoked ones too.",
            discussion: """
                One row per key: prefix (what `alertsai keys revoke` takes), service, scopes, label, when it was created and revoked.

                Examples:
                  alertsai keys list
                """)

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await UsersCommand.withUsers(global) { users in
                let keys = try await users.serviceKeys()
                guard !keys.isEmpty else {
                    print("no service keys; create one with `alertsai keys create --service NAME --scope score`")
                    return
                }
                print(
                    Table.render(
                        header: ["prefix", "service", "scopes", "label", "created", "revoked"],
                        rows: keys.map { k in
                            [
                                k.prefix, k.service, k.scopes.joined(separator: ","), k.label ?? "", Timestamps.iso8601(k.createdAt / 1000 * 1000),
                                k.revokedAt.map { Timestamps.iso8601($0 / 1000 * 1000) } ?? "",
                            ]
                        }))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke", abstract: "Revoke a service key: it stops authenticating at once.",
            discussion: """
                A whole key pasted by mistake is read as its prefix.

                Examples:
                  alertsai keys revoke Q7x2kLm9Pz4a
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The key's prefix: the 12 characters after `aais_` (see `alertsai keys list`).") var prefix: String

        func run() async throws {
            let parts = prefix.split(separator: "_", omittingEmptySubsequences: false)
            let wanted = parts.count == 3 && parts[0] == "aais" ? String(parts[1]) : prefix
            try await UsersCommand.withUsers(global) { users in
                guard try await users.revokeServiceKey(prefix: wanted) else {
                    throw CommandFailure("no active service key with prefix '\(wanted)'; `alertsai keys list` lists them")
                }
                print("revoked service key \(wanted)")
            }
        }
    }
}
