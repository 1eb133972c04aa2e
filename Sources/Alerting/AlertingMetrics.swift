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
    /// Live precision, expectancy (net %) and resolved alerts per model version, beside the promise's interval.
    public static let liveWinRate = "alertsai_live_precision"
    public static let liveExpectancy = "alertsai_live_expectancy_pct"
    public static let liveTrades = "alertsai_live_resolved_alerts"
    public static let promiseLow = "alertsai_promise_expectancy_pct_low"
    public static let promiseHigh = "alertsai_promise_expectancy_pct_high"
    /// 1 when a version's live figures fall outside its promised interval (`LiveAgainstPromise`), else 0.
    public static let promiseBreach = "alertsai_live_outside_promise"
}
