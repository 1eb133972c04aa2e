import Foundation

/// The alert tables, one repository per resource, each with its SQL twin for both engines (docs/STORAGE.md):
/// runs (`sc.alert_runs` and what a run commits), alerts (`sc.alerts`: a run's alerts, the feed, the guardrails'
/// queries), deliveries (the outbox), webhook subscriptions and endpoints, and outcomes. A consumer takes only the
/// repositories it uses; this bundle is for the places that wire them up (the server, the commands, the runner).
public struct AlertRepositories: Sendable {
    public var runs: any AlertRunRepository
    public var alerts: any AlertRepository
    public var deliveries: any DeliveryRepository
    public var subscriptions: any WebhookSubscriptionRepository
    public var outcomes: any OutcomeRepository

    public init(
        runs: any AlertRunRepository, alerts: any AlertRepository, deliveries: any DeliveryRepository,
        subscriptions: any WebhookSubscriptionRepository, outcomes: any OutcomeRepository
    ) {
        self.runs = runs
        self.alerts = alerts
        self.deliveries = deliveries
        self.subscriptions = subscriptions
        self.outcomes = outcomes
    }

    /// The SQL repositories over one store.
    public init(store: any Store) {
        self.init(
            runs: SQLAlertRunRepository(store: store), alerts: SQLAlertRepository(store: store), deliveries: SQLDeliveryRepository(store: store),
            subscriptions: SQLWebhookSubscriptionRepository(store: store), outcomes: SQLOutcomeRepository(store: store))
    }
}
