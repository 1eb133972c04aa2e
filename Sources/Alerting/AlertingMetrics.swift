import Metrics

/// Every metric name the alerting library records (swift-metrics; `serve` exports them on `/metrics`).
public enum AlertingMetricName {
    /// Alerts written, by model.
    public static let alerts = "alertsai_alerts_total"
    /// Candidates held back, by guardrail.
    public static let suppressions = "alertsai_alert_suppressions_total"
    /// Explanations refused by the phrasing policy and replaced by the template, by reason.
    public static let explanationsRejected = "alertsai_explanations_rejected_total"
    /// Candidates per run stage (`scored`, `above_threshold`, `duplicate`, …), by stage.
    public static let runStages = "alertsai_alert_run_candidates_total"
    /// Outcomes resolved, by exit reason.
    public static let outcomes = "alertsai_alert_outcomes_total"
    /// Live precision@K per model version and regime.
    public static let livePrecision = "alertsai_live_precision_at_k"
}
