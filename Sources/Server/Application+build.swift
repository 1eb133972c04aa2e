import Alerting
import AlertsCore
import Features
import Foundation
import Hummingbird
import Logging
import MarketData
import Metrics
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
    public let definitions: any DefinitionStore
    public let catalog: StoredFeatureSetCatalog
    public let bars: any BarProvider
    public let features: BarFeatureSource

    public init(config: AppConfig, store: any Store, metrics: AppMetrics = AppMetrics(), clock: any WallClock = SystemClock()) throws {
        self.config = config
        self.store = store
        registry = SQLModelRegistry(store: store)
        users = SQLUserStore(store: store)
        artifacts = try config.artifactStore()
        self.metrics = metrics
        definitions = SQLDefinitionStore(store: store)
        catalog = StoredFeatureSetCatalog(definitions: definitions)
        bars = try Self.barProvider(config)
        features = BarFeatureSource(provider: bars, catalog: catalog, clock: clock)
    }

    /// The LLM explainer when `llm.base_url` is set (with `llm.model`, `llm.api_key`, `llm.timeout_seconds`), else the template.
    public static func explainer(_ config: AppConfig) -> any Explainer {
        guard let base = config.llmBaseURL, let url = URL(string: base) else { return TemplateExplainer() }
        return LLMExplainer(baseURL: url, model: config.llmModel, apiKey: config.llmAPIKey, timeout: config.llmTimeout)
    }

    /// The bar source named by `data.provider`.
    public static func barProvider(_ config: AppConfig) throws -> any BarProvider {
        switch config.dataProvider {
        case "polygon":
            guard let key = config.polygonAPIKey else {
                throw ConfigError.invalid("data.provider is polygon but polygon.api_key is empty (set ALERTSAI_POLYGON_API_KEY)")
            }
            guard let base = URL(string: config.polygonBaseURL), base.scheme != nil else {
                throw ConfigError.invalid("polygon.base_url '\(config.polygonBaseURL)' is not a URL")
            }
            return PolygonProvider(
                config: PolygonConfig(apiKey: key, baseURL: base),
                cache: BarCache(directory: URL(fileURLWithPath: config.cachePath).appendingPathComponent("polygon")))
        case "csv":
            return try CSVBarProvider(path: URL(fileURLWithPath: config.csvPath ?? "."))
        default:
            return SyntheticMarket(SyntheticMarket.Config(seed: config.syntheticSeed, patternStrength: config.syntheticStrength))
        }
    }
}

/// A model cache holding every published version's model, so that the first requests do not wait for artifact reads;
/// a version whose artifact cannot be read is left to fail on its own request, as before.
func warmModelCache(_ services: AppServices, progress: (@Sendable (String) -> Void)?) async -> ModelCache {
    let models = ModelCache(artifacts: services.artifacts)
    let published = (try? await services.registry.listPublished()) ?? []
    for (i, spec) in published.enumerated() {
        progress?("warming the model cache: \(i + 1)/\(published.count) \(spec.reference)")
        _ = try? await models.model(for: spec)
    }
    return models
}

/// Opens the configured store with its secrets key (`secrets.key`, `secrets.key_file` or the default file), applies
/// pending migrations, and seals webhook secrets stored before sealing existed. Every command that reads or writes
/// webhook secrets opens the store this way.
public func openConfiguredStore(_ config: AppConfig, logger: Logger) async throws -> any Store {
    let url = try DatabaseURL(config.databaseURL)
    let store = try await StoreFactory.open(url: url, logger: logger, secrets: try config.secretBox())
    do {
        try await Migrator(store: store, logger: logger).migrate()
        let sealed = try await SQLWebhookSubscriptionRepository(store: store).sealPlaintextSecrets()
        if sealed > 0 { logger.notice("sealed \(sealed) webhook secret(s) stored in plain text") }
    } catch {
        await store.shutdown()
        throw error
    }
    return store
}

/// Opens the store, applies pending migrations and builds the HTTP application; used by `serve` and by tests.
///
/// `progress` hears each start-up step (migrations, the model cache warm-up) for a progress line.
public func buildApplication(
    _ config: AppConfig, metrics: AppMetrics = AppMetrics(), clock: any WallClock = SystemClock(),
    progress: (@Sendable (String) -> Void)? = nil
) async throws -> some ApplicationProtocol {
    var logger = Logger(label: "alertsai.server")
    logger.logLevel = config.logLevel
    progress?("opening the store and applying pending migrations")
    let store = try await openConfiguredStore(config, logger: logger)
    let services: AppServices
    do {
        services = try AppServices(config: config, store: store, metrics: metrics, clock: clock)
    } catch {
        await store.shutdown()
        throw error
    }
    // Services shut down in reverse order: the webhook sender stops before the store closes.
    var lifecycle: [any Service] = [StoreLifecycle(store: store)]
    if config.webhookInterval > 0 {
        var webhookLogger = Logger(label: "alertsai.webhooks")
        webhookLogger.logLevel = config.logLevel
        lifecycle.append(
            WebhookDeliveryService(
                worker: WebhookDeliveryWorker(
                    store: SQLDeliveryRepository(store: store), policy: config.webhookPolicy, logger: webhookLogger,
                    addresses: WebhookAddressPolicy(allowed: config.webhookAllowedNetworks)),
                interval: .milliseconds(Int64(config.webhookInterval * 1000))))
    }
    if config.scheduleInterval > 0 {
        var schedulerLogger = Logger(label: "alertsai.scheduler")
        schedulerLogger.logLevel = config.logLevel
        lifecycle.append(
            SchedulerService(
                scheduler: AlertScheduler(store: store, logger: schedulerLogger),
                interval: .milliseconds(Int64(config.scheduleInterval * 1000)), logger: schedulerLogger))
    }
    if config.metricsRefreshInterval > 0 {
        lifecycle.append(LiveMetricsService(store: store, interval: .milliseconds(Int64(config.metricsRefreshInterval * 1000)), logger: logger))
    }
    return Application(
        router: buildRouter(services, models: await warmModelCache(services, progress: progress)),
        configuration: .init(address: .hostname(config.httpHost, port: config.httpPort), serverName: "alertsai"),
        services: lifecycle,
        logger: logger)
}

/// The routes, separate from the application so that tests can build them alone.
public func buildRouter(_ services: AppServices, models: ModelCache? = nil) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestMetricsMiddleware(metrics: services.metrics))
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: JSONErrorMiddleware())
    router.add(
        middleware: AccessMiddleware(
            users: SQLUserStore(store: services.store), limits: services.config.limits, metricsNetworks: services.config.metricsAllowedNetworks))
    router.add(middleware: MethodNotAllowedMiddleware())
    router.add(
        middleware: IdempotencyMiddleware(
            store: SQLIdempotencyStore(store: services.store), paths: ["/alerts/subscribe", "/alerts/webhooks/:id/rotate_secret"]))
    router.addRoutes(HealthController(store: services.store).endpoints)
    router.addRoutes(OpenAPIController().endpoints)
    router.addRoutes(MetricsController(metrics: services.metrics).endpoints)
    let models = models ?? ModelCache(artifacts: services.artifacts)
    router.addRoutes(ScoreController(services: services, models: models).endpoints)
    router.addRoutes(AlertsController(services: services, models: models).endpoints)
    // Every route but /health needs a key with the route's scope (`AccessMiddleware`, docs/SECURITY.md).
    let outcomes = SQLOutcomeRepository(store: services.store)
    router.addRoutes(
        SubscriptionsController(
            alerts: SQLWebhookSubscriptionRepository(store: services.store), users: services.users,
            watchlists: SQLWatchlistStore(store: services.store),
            addresses: WebhookAddressPolicy(allowed: services.config.webhookAllowedNetworks)
        ).endpoints)
    router.addRoutes(FeedController(alerts: SQLAlertRepository(store: services.store), users: services.users).endpoints)
    router.addRoutes(SettingsController(users: services.users, settings: SQLUserSettingsStore(store: services.store)).endpoints)
    router.addRoutes(WatchlistsController(users: services.users, watchlists: SQLWatchlistStore(store: services.store)).endpoints)
    router.addRoutes(
        SilencesController(silences: SQLSilenceStore(store: services.store), watchlists: SQLWatchlistStore(store: services.store)).endpoints)
    router.addRoutes(
        PipelinesController(service: PipelineService(config: services.config, store: services.store, models: models, clock: services.features.clock))
            .endpoints)
    router.addRoutes(RegistryController(registry: services.registry, liveTrades: { try await outcomes.liveTrades() }).endpoints)
    router.addRoutes(
        SchedulesController(
            schedules: SQLScheduleStore(store: services.store),
            universes: UniverseResolver(watchlists: StoredWatchlists(store: SQLWatchlistStore(store: services.store)))
        ).endpoints)
    router.addRoutes(
        FeaturesController(
            service: FeatureService(source: services.features, maxSymbols: services.config.maxBatch), catalog: services.catalog
        ).endpoints)
    return router
}

/// Sends queued webhook alerts while the server runs (`webhooks.interval_seconds`); stops at graceful shutdown.
struct WebhookDeliveryService: Service {
    let worker: WebhookDeliveryWorker
    let interval: Duration

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await worker.run(every: interval)
        }
    }
}

/// Refreshes the figures `/metrics` reads from the store (not per-process counters): live precision@K, live precision and
/// expectancy per model version against its promise, alerts written, suppressions by guardrail, deliveries by state,
/// webhook latency and alert-run durations over the last 24 hours, and the job queue's depth, oldest wait and dead jobs
/// by kind.
/// Every `serve` behind a proxy shows the same numbers.
struct LiveMetricsService: Service {
    let store: any Store
    let interval: Duration
    let logger: Logger

    func refresh() async throws {
        let outcomes = SQLOutcomeRepository(store: store)
        try await LivePrecisionReport.export(from: outcomes, k: 10)
        try await LivePromiseReport.export(from: outcomes, registry: SQLModelRegistry(store: store))
        let now = Clock.nowMillis()
        let figures = try await OperationalFigures.read(from: store, since: now - 86_400_000)
        Gauge(label: "alertsai_store_alerts").record(Double(figures.alerts))
        for (guardrail, n) in figures.suppressedByGuardrail {
            Gauge(label: "alertsai_store_suppressed", dimensions: [("guardrail", guardrail)]).record(Double(n))
        }
        for (key, n) in figures.deliveries {
            let parts = key.split(separator: "/").map(String.init)
            Gauge(label: "alertsai_store_deliveries", dimensions: [("channel", parts[0]), ("status", parts.last ?? "")]).record(Double(n))
        }
        for (status, n) in figures.runsByStatus {
            Gauge(label: "alertsai_store_alert_runs", dimensions: [("status", status)]).record(Double(n))
        }
        for (label, summary) in [
            ("alertsai_webhook_delivery_latency_seconds", figures.deliveryLatencyMs), ("alertsai_alert_run_duration_seconds", figures.runDurationMs),
        ] {
            guard let summary else { continue }
            for (q, v) in [("0.5", summary.p50), ("0.95", summary.p95), ("1", summary.max)] {
                Gauge(label: label, dimensions: [("quantile", q), ("window", "24h")]).record(v / 1000)
            }
        }
        for s in try await SQLJobQueue(store: store).status(now: now) {
            for (state, n) in [("queued", s.queued), ("running", s.running), ("dead", s.dead)] {
                Gauge(label: "alertsai_jobs", dimensions: [("kind", s.kind), ("state", state)]).record(Double(n))
            }
            Gauge(label: "alertsai_jobs_oldest_waiting_seconds", dimensions: [("kind", s.kind)]).record(Double(s.oldestWaitingMillis ?? 0) / 1000)
        }
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await refresh()
                } catch {
                    logger.warning("refreshing live metrics failed: \(error)")
                }
                do { try await Task.sleep(for: interval) } catch { return }
            }
        }
    }
}

/// Closes the store when the application shuts down (SIGTERM/SIGINT trigger a graceful shutdown).
struct StoreLifecycle: Service {
    let store: any Store

    func run() async throws {
        try? await gracefulShutdown()
        await store.shutdown()
    }
}
