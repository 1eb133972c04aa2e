import AlertsCore
import Foundation

/// What an alert run scores: one published model, one registered version of a model (a backtest pinning `@vN`), or
/// every component of a published pack.
public enum ModelTarget: Sendable, Hashable, Codable, CustomStringConvertible {
    case model(String)
    case pack(String)
    /// One version of a model, published or not (`alertsai backtest --model NAME@vN`).
    case modelVersion(String, Int)

    public var description: String {
        switch self {
        case .model(let n): "model \(n)"
        case .pack(let n): "pack \(n)"
        case .modelVersion(let n, let v): "model \(n)@v\(v)"
        }
    }
}

/// How much a run writes.
public enum RunMode: String, Sendable, Hashable, Codable {
    /// Writes the run, its alerts, suppressions and deliveries (one transaction).
    case commit
    /// Writes only the run row (`dry_run = true`) with its counts.
    case dryRun = "dry_run"
    /// Writes nothing (`POST /alerts/preview`).
    case preview
}

/// One alert run to do.
public struct AlertRunRequest: Sendable, Hashable {
    public var target: ModelTarget
    /// `preset:NAME`, `watchlist:ID` or `AAPL,MSFT`.
    public var universe: String
    /// The instant to score at (ms UTC); nil means the runner's clock. Only bars closed by then are used.
    public var asOf: Int64?
    /// The audience: a user id, or nil for the shared feed.
    public var userID: String?
    public var mode: RunMode
    /// A cohort to serve instead of one user (`userID` must be nil): its symbols are scored once, and each member gets
    /// the candidates through their own settings, silences, guardrails and watchlist.
    public var cohort: String?
    /// A recipe's or workflow's sizing (`PlanOverrides`), in place of the runner's; the barriers stay the model's.
    public var sizing: PlanSizing?
    /// A recipe's or workflow's candidate filter (`RunFilter`), applied before silences and guardrails.
    public var filter: RunFilter?
    /// The recipe or workflow the run comes from, written to the run row (`recipe_name`, `workflow_name`).
    public var recipe: String?
    public var workflow: String?
    /// Whether committed alerts are queued for matching webhook subscriptions (a workflow's `deliver: feed`: no).
    public var webhooks: Bool

    public init(
        target: ModelTarget, universe: String, asOf: Int64? = nil, userID: String? = nil, mode: RunMode = .commit, cohort: String? = nil,
        sizing: PlanSizing? = nil, filter: RunFilter? = nil, recipe: String? = nil, workflow: String? = nil, webhooks: Bool = true
    ) {
        self.cohort = cohort
        self.target = target
        self.universe = universe
        self.asOf = asOf
        self.userID = userID
        self.mode = mode
        self.sizing = sizing
        self.filter = filter
        self.recipe = recipe
        self.workflow = workflow
        self.webhooks = webhooks
    }
}

/// A candidate above its threshold, with what became of it.
public struct ProposedAlert: Sendable, Hashable, Codable {
    public var symbol: String
    public var market: Market
    public var instrument: InstrumentKind
    public var timeframe: Timeframe
    /// Start of the signal bar (ms UTC).
    public var barTime: Int64
    /// `name@vN` of the model that scored it, and its role in the pack.
    public var model: String
    public var role: String?
    public var score: ScoreResult
    public var regime: Regime?
    public var plan: TradePlan
    /// `alert`, `suppressed` or `duplicate`.
    public var status: String
    public var guardrail: String?
    public var detail: String?
    /// The silence that muted it (guardrail `silence`).
    public var silenceID: String?
    public var explanation: Explanation?
    public var disclaimer: String?
    /// The stored alert's id (committed runs).
    public var alertID: String?
    /// Option alerts: the listed contract's strike, expiry (session date) and days to expiry; nil otherwise.
    public var strike: Double?
    public var expiry: String?
    public var dte: Int?
    /// The audience it is for: the run's user, or the cohort member; nil for the shared feed.
    public var userID: String? = nil
}

/// The listed contract of an option plan (`InstrumentPlanGenerator`), as an alert's top-level `strike`, `expiry`, `dte`.
public struct OptionTerms: Sendable, Hashable {
    public var strike: Double?
    public var expiry: String?
    public var dte: Int?

    public init(kind: InstrumentKind, plan: TradePlan) {
        guard kind == .option else { return }
        strike = plan.hints["strike"]?.doubleValue
        expiry = plan.hints["expiry"]?.stringValue
        dte = plan.hints["dte"]?.doubleValue.map { Int($0) }
    }
}

/// What a run did: counts by stage, the alerts, the suppressed candidates and the symbols that failed.
public struct AlertRunReport: Sendable, Hashable, Codable {
    public var runID: String?
    public var mode: RunMode
    public var asOf: Int64
    public var universe: String
    public var models: [String]
    /// `symbols`, `scored`, `failed`, `out_of_scope`, `above_threshold`, `duplicate`, `suppressed`, `suppressed.<guardrail>`,
    /// `alerted` (committed runs) or `would_alert` (dry runs and previews).
    public var counts: [String: Int]
    public var alerts: [ProposedAlert]
    public var suppressed: [ProposedAlert]
    public var duplicates: [ProposedAlert]
    /// Symbol (with model) → why it could not be scored.
    public var failures: [String: String]
    /// The recipe or workflow the run came from (`POST /recipes/run`, `alertsai workflows run`); absent otherwise.
    public var recipe: String? = nil
    public var workflow: String? = nil
}
