import ArgumentParser
import Hummingbird
import Logging
import Metrics
import Prometheus
import Server

/// `alertsai serve`: the HTTP API.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP API (/health, /metrics, /score, /alerts/…); SIGTERM or SIGINT shut it down gracefully.",
        discussion: "Pending migrations are applied at start. GET /health checks the store; GET /metrics is Prometheus text."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("host"), help: "http.host: address to bind (default 127.0.0.1).")
    var host: String?

    @Option(name: .customLong("port"), help: "http.port: port to listen on (default 8080; 0 picks a free port).")
    var port: Int?

    @OptionGroup var progressOptions: ProgressOptions

    func run() async throws {
        var extra: [String: String] = [:]
        if let host { extra["http.host"] = host }
        if let port { extra["http.port"] = String(port) }
        let config = try await global.load(extra: extra)
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = config.logLevel
            return handler
        }
        let metrics = AppMetrics()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: metrics.registry))
        let line = ProgressLine("serve", quiet: progressOptions.quiet)
        let app = try await buildApplication(config, metrics: metrics, progress: line.enabled ? { line.note($0) } : nil)
        line.finish()
        try await app.runService()
    }
}
