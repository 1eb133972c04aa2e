import ArgumentParser
import Logging
import Server
import Storage

/// `alertsai migrate`: create or upgrade the `sc` schema.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or upgrade the sc schema (idempotent: a second run changes nothing).",
        discussion: """
            Use --revert-to N to undo migrations above N (0 drops every table AlertsAI created). Every command that \
            opens the store (serve, runs, the registry) applies pending migrations too; this one does only that, or reports them.

            Examples:
              alertsai migrate
              alertsai migrate --status
              alertsai migrate --database-url postgres://alertsai:pw@db:5432/alertsai
              alertsai migrate --revert-to 17
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("revert-to"), help: "Revert applied migrations above this version instead of migrating.")
    var revertTo: Int?

    @Flag(name: .customLong("status"), help: "Only print which migrations are applied.")
    var statusOnly = false

    func run() async throws {
        let config = try await global.load()
        let url = try DatabaseURL(config.databaseURL)
        var logger = Logger(label: "alertsai.migrate")
        logger.logLevel = .warning
        let store = try await StoreFactory.open(url: url, logger: logger, secrets: try config.secretBox())
        let migrator = Migrator(store: store, logger: logger)
        do {
            if statusOnly {
                let applied = Set(try await migrator.appliedVersions())
                for m in Schema.migrations {
                    print("\(applied.contains(m.version) ? "applied" : "pending")  \(m.version)  \(m.name)")
                }
            } else if let revertTo {
                let reverted = try await migrator.revert(to: revertTo)
                print(reverted.isEmpty ? "nothing to revert" : "reverted \(reverted.map(String.init).joined(separator: ", ")) on \(url)")
            } else {
                let applied = try await migrator.migrate()
                let sealed = try await SQLWebhookSubscriptionRepository(store: store).sealPlaintextSecrets()
                if sealed > 0 { print("sealed \(sealed) webhook secret(s) stored in plain text") }
                print(
                    applied.isEmpty
                        ? "\(url): up to date (\(Schema.migrations.count) migrations)"
                        : "\(url): applied \(applied.map(String.init).joined(separator: ", "))")
            }
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
    }
}
