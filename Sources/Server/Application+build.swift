import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Storage

/// Everything the routes need, built once per application and passed in (never reached for globally).
public struct AppServices: Sendable {
    public let config: AppConfig
    public let store: any Store
    public let registry: any ModelRegistry
    public let users: any UserStore
    public let artifacts: any ArtifactStore
    public let metrics: AppMetrics

    public init(config: AppConfig, store: any Store, metrics: AppMetrics = AppMetrics()) {
        self.config = config
        self.store = store
        registry = SQLModelRegistry(store: store)
        users = SQLUserStore(store: store)
        artifacts = DirectoryArtifactStore(path: config.artifactsPath)
        self.metrics = metrics
    }
}

/// Opens the store, applies pending migrations and builds the HTTP application; used by `serve` and by tests.
public func buildApplication(_ config: AppConfig, metrics: AppMetrics = AppMetrics()) async throws -> some ApplicationProtocol {
    var logger = Logger(label: "alertsai.server")
    logger.logLevel = config.logLevel
    let url = try DatabaseURL(config.databaseURL)
    let store = try await StoreFactory.open(url: url, logger: logger)
    do {
        try await Migrator(store: store, logger: logger).migrate()
    } catch {
        await store.shutdown()
        throw error
    }
    let services = AppServices(config: config, store: store, metrics: metrics)
    return Application(
        router: buildRouter(services),
        configuration: .init(address: .hostname(config.httpHost, port: config.httpPort), serverName: "alertsai"),
        services: [StoreLifecycle(store: store)],
        logger: logger)
}

/// The routes, separate from the application so that tests can build them alone.
public func buildRouter(_ services: AppServices) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestMetricsMiddleware(metrics: services.metrics))
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: JSONErrorMiddleware())
    router.addRoutes(HealthController(store: services.store).endpoints)
    router.addRoutes(MetricsController(metrics: services.metrics).endpoints)
    return router
}

/// Closes the store when the application shuts down (SIGTERM/SIGINT trigger a graceful shutdown).
struct StoreLifecycle: Service {
    let store: any Store

    func run() async throws {
        try? await gracefulShutdown()
        await store.shutdown()
    }
}
