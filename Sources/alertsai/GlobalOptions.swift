import ArgumentParser
import Foundation
import Server

/// Options every subcommand that touches configuration accepts; they override environment and file.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: "A JSON or YAML config file (also ALERTSAI_CONFIG).")
    var configFile: String?

    @Option(name: .customLong("database-url"), help: "database.url: sqlite:PATH or postgres://user:pass@host:port/db.")
    var databaseURL: String?

    @Option(name: .customLong("artifacts-path"), help: "artifacts.path: directory of the model artifact store.")
    var artifactsPath: String?

    @Option(name: .customLong("log-level"), help: "log.level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String?

    /// Values given on the command line, as config keys.
    var overrides: [String: String] {
        var o: [String: String] = [:]
        if let databaseURL { o["database.url"] = databaseURL }
        if let artifactsPath { o["artifacts.path"] = artifactsPath }
        if let logLevel { o["log.level"] = logLevel }
        return o
    }

    func load(extra: [String: String] = [:]) async throws -> AppConfig {
        try await AppConfig.load(overrides: overrides.merging(extra) { _, new in new }, configFile: configFile)
    }
}
