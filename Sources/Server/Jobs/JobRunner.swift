import Alerting
import Features
import Foundation
import Logging
import MarketData
import Storage
import Training

/// Does one job of any kind against one store: the same code paths as the commands (`alerts run`, `outcomes resolve`,
/// `alerts deliver`, `train`), so a queued job and a command leave the same rows.
public struct JobRunner: Sendable {
    public let store: any Store
    public let config: AppConfig
    public let queue: any JobQueue
    let logger: Logger
    /// Wall clock, ms UTC.
    let now: @Sendable () -> Int64

    public init(
        store: any Store, config: AppConfig, logger: Logger = Logger(label: "alertsai.jobs"),
        now: @escaping @Sendable () -> Int64 = { Clock.nowMillis() }
    ) {
        self.store = store
        self.config = config
        queue = SQLJobQueue(store: store)
        self.logger = logger
        self.now = now
    }

    /// What a job did, in one line (logged, and printed by `alertsai worker`).
    public func execute(_ job: Job) async throws -> String {
        guard let kind = JobKind(rawValue: job.kind) else {
            throw JobError.badPayload("unknown job kind '\(job.kind)'; kinds: \(JobKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        switch kind {
        case .alertRun: return try await alertRun(JobJSON.decode(AlertRunJob.self, job.payload, kind: job.kind), attempt: job.attempts)
        case .outcomeResolution: return try await outcomes(JobJSON.decode(OutcomeResolutionJob.self, job.payload, kind: job.kind))
        case .webhookDelivery: return try await deliver()
        case .training: return try await train(JobJSON.decode(TrainingJob.self, job.payload, kind: job.kind))
        }
    }

    /// A runner for `target` on the target's own bars unless `data.provider` says otherwise (`ModelBars`), the same
    /// rule as `alertsai alerts run`.
    func runner(for target: ModelTarget) async throws -> AlertRunner {
        let bars = try ModelBars.resolve(config, for: await ModelBars.spec(of: target, registry: SQLModelRegistry(store: store)))
        var runner = AlertRunner(
            store: store, artifacts: try config.artifactStore(), provider: bars.provider,
            catalog: StoredFeatureSetCatalog(definitions: SQLDefinitionStore(store: store)),
            explainer: CheckedExplainer(primary: AppServices.explainer(config)))
        runner.universes = bars.universes(watchlists: StoredWatchlists(store: SQLWatchlistStore(store: store)))
        return runner
    }

    func alertRun(_ p: AlertRunJob, attempt: Int = 1) async throws -> String {
        guard (p.model == nil) != (p.pack == nil) else { throw JobError.badPayload("alert_run needs exactly one of model and pack") }
        let target: ModelTarget = p.model.map { .model($0) } ?? .pack(p.pack ?? "")
        var abandoned = 0
        if attempt > 1 {
            // Taken again: an earlier attempt whose process died may have left its run `running`; it is abandoned now.
            let registry = SQLModelRegistry(store: store)
            let specID = p.model == nil ? nil : try? await registry.published(name: p.model ?? "").id
            let packID = p.pack == nil ? nil : try? await registry.pack(name: p.pack ?? "").id
            abandoned = try await SQLAlertRunRepository(store: store).abandonRuns(
                modelSpecID: specID, packID: packID, universe: p.universe, asOf: p.asOf, userID: p.userID, cohort: p.cohort, startedBefore: now(),
                now: now())
        }
        let report = try await runner(for: target).run(
            AlertRunRequest(target: target, universe: p.universe, asOf: p.asOf, userID: p.userID, cohort: p.cohort))
        if let schedule = p.scheduleID { try? await SQLScheduleStore(store: store).markEnqueued(id: schedule, asOf: p.asOf) }
        let alerted = report.counts["alerted"] ?? 0
        if alerted > 0, let run = report.runID {
            // The run's webhook deliveries go out through the queue too (serve's own sender may take them first: claims
            // keep a delivery from being sent twice at once).
            _ = try await queue.enqueue(
                kind: JobKind.webhookDelivery.rawValue, payload: "{}", uniqueKey: "webhook_delivery|run|\(run)", runAfter: now(), maxAttempts: 5,
                now: now())
        }
        let failed = report.counts["failed"] ?? 0
        let text =
            "\(target) on \(p.universe) at \(Timestamps.iso8601(p.asOf)): alerted \(alerted), "
            + "duplicate \(report.counts["duplicate"] ?? 0), suppressed \(report.counts["suppressed"] ?? 0), failed \(failed)"
            + (abandoned > 0 ? "; \(abandoned) earlier run(s) abandoned" : "")
        // A run where every symbol failed (no bars yet, provider down) is retried; a partial failure is not.
        if failed > 0, failed == report.counts["symbols"] {
            throw JobError.failed("every symbol failed: " + (report.failures.sorted { $0.key < $1.key }.first.map { "\($0.key): \($0.value)" } ?? ""))
        }
        return text
    }

    func outcomes(_ p: OutcomeResolutionJob) async throws -> String {
        let alerts = SQLOutcomeRepository(store: store)
        let resolver = OutcomeResolver(
            alerts: alerts, provider: try AppServices.barProvider(config),
            sources: ModelBars.sources(config, registry: SQLModelRegistry(store: store)))
        let report = try await resolver.resolve(asOf: p.asOf ?? now())
        try await LivePrecisionReport.export(from: alerts, k: 10)
        return "outcomes: examined \(report.examined), resolved \(report.resolved), pending \(report.pending), failed \(report.failed.count)"
    }

    func deliver() async throws -> String {
        var quiet = logger
        quiet.logLevel = max(logger.logLevel, .notice)
        let alerts = SQLDeliveryRepository(store: store)
        let worker = WebhookDeliveryWorker(
            store: alerts, policy: config.webhookPolicy, logger: quiet, now: now,
            addresses: WebhookAddressPolicy(allowed: config.webhookAllowedNetworks))
        var total = WebhookDeliveryPass()
        // Drain what is due now (a full batch is followed at once), then queue a pass for the earliest retry.
        while true {
            let pass = try await worker.runPass()
            total.claimed += pass.claimed
            total.delivered += pass.delivered
            total.retried += pass.retried
            total.failed += pass.failed
            if pass.claimed < worker.policy.batchSize { break }
        }
        if let next = try await alerts.nextDeliveryAttempt() {
            _ = try await queue.enqueue(
                kind: JobKind.webhookDelivery.rawValue, payload: "{}", uniqueKey: "webhook_delivery|at|\(next)", runAfter: next, maxAttempts: 5,
                now: now())
        }
        return "webhooks: delivered \(total.delivered), retried \(total.retried), failed \(total.failed) (claimed \(total.claimed))"
    }

    func train(_ p: TrainingJob) async throws -> String {
        var training = try TrainingConfigFile.load(path: p.config)
        if training.name.isEmpty { training.name = URL(fileURLWithPath: p.config).deletingPathExtension().lastPathComponent }
        let polygon = try config.polygonAPIKey.map { key -> PolygonConfig in
            guard let base = URL(string: config.polygonBaseURL) else {
                throw ConfigError.invalid("polygon.base_url '\(config.polygonBaseURL)' is not a URL")
            }
            return PolygonConfig(apiKey: key, baseURL: base)
        }
        let trainer = Trainer(polygon: polygon, cache: BarCache(directory: URL(fileURLWithPath: config.cachePath)))
        let result = try await trainer.run(
            config: training, registry: SQLModelRegistry(store: store), artifacts: try config.artifactStore(),
            actor: "worker", progress: { _, _ in })
        return "trained \(result.spec.reference) (draft)"
    }
}
