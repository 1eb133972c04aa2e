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
        discussion: """
            Pending migrations are applied at start and the published models are loaded before the first request (a \
            progress line on a terminal). GET /health checks the store; GET /metrics is Prometheus text.

            Examples:
              alertsai serve
              alertsai serve --port 9000 --config app.yaml
              ALERTSAI_DATABASE_URL=postgres://alertsai:pw@db:5432/alertsai alertsai serve --host 0.0.0.0
            """
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
        var progress: (@Sendable (String) -> Void)? = nil
        if line.enabled { progress = { line.note($0) } }
        let app = try await buildApplication(config, metrics: metrics, progress: progress)
        line.finish()
        try await app.runService()
    }
}
