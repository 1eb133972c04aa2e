import Foundation

/// What a model version promises, measured walk-forward: thresholds (with the calibrator and expected-return map that
/// chose them) fitted on earlier folds' out-of-fold rows, then measured on the next fold (docs/TRAINING.md, "The
/// promise"). Intervals are 95 % bootstraps over days; the null band is the same alert rate picked at random.
public struct ModelPromise: Sendable, Hashable, Codable {
    /// Share of forward alerts whose label is a win (take-profit first).
    public var precision: Estimate
    /// Mean net return per forward alert, percent and R.
    public var expectancyPct: Estimate
    public var expectancyR: Estimate
    public var alertsPerDay: Estimate
    /// Forward alerts and the days (with at least one event) they were measured over.
    public var alerts: Int
    public var days: Int
    /// Folds measured forward (each chosen on the folds before it).
    public var foldsUsed: Int
    public var policy: String
    /// Every event of the forward folds.
    public var base: PromiseBase
    /// The same number of alerts per fold picked at random among the fold's events.
    public var nullBand: PromiseNullBand
    public var confidence: Double
    public var resamples: Int
    public var seed: UInt64
    /// Set when the model was published although the promise did not clear the bar (`models publish --force`).
    public var forcedPublish: ForcedPublish?

    public init(
        precision: Estimate, expectancyPct: Estimate, expectancyR: Estimate, alertsPerDay: Estimate, alerts: Int, days: Int,
        foldsUsed: Int, policy: String, base: PromiseBase, nullBand: PromiseNullBand, confidence: Double = 0.95, resamples: Int,
        seed: UInt64, forcedPublish: ForcedPublish? = nil
    ) {
        self.precision = precision
        self.expectancyPct = expectancyPct
        self.expectancyR = expectancyR
        self.alertsPerDay = alertsPerDay
        self.alerts = alerts
        self.days = days
        self.foldsUsed = foldsUsed
        self.policy = policy
        self.base = base
        self.nullBand = nullBand
        self.confidence = confidence
        self.resamples = resamples
        self.seed = seed
        self.forcedPublish = forcedPublish
    }

    enum CodingKeys: String, CodingKey {
        case precision
        case expectancyPct = "expectancy_pct"
        case expectancyR = "expectancy_r"
        case alertsPerDay = "alerts_per_day"
        case alerts, days
        case foldsUsed = "folds_used"
        case policy, base
        case nullBand = "null_band"
        case confidence, resamples, seed
        case forcedPublish = "forced_publish"
    }

    /// Fewer forward alerts than this and a bootstrap interval says nothing: the gate refuses.
    public static let minimumForwardAlerts = 30

    /// Why this promise does not justify publishing, or nil when it does: at least `minimumForwardAlerts` forward
    /// alerts, and the forward expectancy's interval above zero and above the null band's upper end.
    public var publishRefusal: String? {
        let e = expectancyPct
        let null = nullBand.expectancyPct
        guard alerts >= Self.minimumForwardAlerts else {
            return "only \(alerts) forward alerts (at least \(Self.minimumForwardAlerts) are needed to judge a forward expectancy)"
        }
        guard let low = e.low else { return "its forward expectancy has no confidence interval (\(alerts) forward alerts)" }
        var failures: [String] = []
        if low <= 0 { failures.append("zero") }
        if let h = null.high, low <= h { failures.append("the null band \(null.text(3)) %") }
        guard !failures.isEmpty else { return nil }
        return String(
            format: "forward expectancy %@ %% (%d alerts over %d days, %d folds) does not lie above %@",
            e.text(3), alerts, days, foldsUsed, failures.joined(separator: " and "))
    }
}

/// Every event of the forward folds: what trading all of them would have done.
public struct PromiseBase: Sendable, Hashable, Codable {
    public var events: Int
    public var precision: Double?
    public var expectancyPct: Double?
    public var expectancyR: Double?

    public init(events: Int, precision: Double?, expectancyPct: Double?, expectancyR: Double?) {
        self.events = events
        self.precision = precision
        self.expectancyPct = expectancyPct
        self.expectancyR = expectancyR
    }

    enum CodingKeys: String, CodingKey {
        case events, precision
        case expectancyPct = "expectancy_pct"
        case expectancyR = "expectancy_r"
    }
}

/// 95 % band of the forward figures when each fold's alerts are replaced by as many of its events picked at random.
public struct PromiseNullBand: Sendable, Hashable, Codable {
    public var draws: Int
    public var precision: Band
    public var expectancyPct: Band
    public var expectancyR: Band

    public init(draws: Int, precision: Band, expectancyPct: Band, expectancyR: Band) {
        self.draws = draws
        self.precision = precision
        self.expectancyPct = expectancyPct
        self.expectancyR = expectancyR
    }

    enum CodingKeys: String, CodingKey {
        case draws, precision
        case expectancyPct = "expectancy_pct"
        case expectancyR = "expectancy_r"
    }
}

/// Who published a model over a refused promise, when, and the refusal they overrode.
public struct ForcedPublish: Sendable, Hashable, Codable {
    public var by: String
    /// ISO 8601, UTC.
    public var at: String
    public var refusal: String

    public init(by: String, at: String, refusal: String) {
        self.by = by
        self.at = at
        self.refusal = refusal
    }
}

/// The publish gate shared by `alertsai models publish` and the HTTP registry (docs/TRAINING.md, "Publishing").
public enum PublishGate {
    /// Why `spec` may not be published without `--force`, or nil when it may.
    public static func refusal(_ spec: ModelSpec) -> String? {
        guard let promise = spec.promise else {
            return "refusing to publish \(spec.reference): it has no forward-validated promise (trained before promises existed, or "
                + "too few folds to measure one); retrain it, or publish with --force"
        }
        guard let why = promise.publishRefusal else { return nil }
        return "refusing to publish \(spec.reference): \(why); drift and costs alone are not an edge (publish with --force to override)"
    }
}
