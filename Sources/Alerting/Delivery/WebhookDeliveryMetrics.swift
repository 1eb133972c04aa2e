extension AlertingMetricName {
    /// Webhook delivery attempts by outcome: `delivered`, `retried` (failed, tried again after a backoff), `failed`
    /// (failed for the last time).
    public static let webhookDeliveries = "alertsai_webhook_deliveries_total"
}
