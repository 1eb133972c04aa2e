import AlertsCore
import Foundation
import Storage

/// The run, alert and subscription repositories a backtest runs `AlertRunner` against: it answers the queries the guardrails ask about earlier
/// alerts (the daily budget's `alertCount`, the cooldown's `lastAlertBars`, the duplicate check's `existingAlerts`)
/// from the alerts the backtest itself has produced so far, and never from the store, so that a replay is what a
/// day-by-day `alerts run` would have produced on that period (docs/DECISIONS.md, the backtest overlay).
///
/// Nothing here reaches a database: webhook targets are empty, feed queries answer with nothing, and every write a
/// preview run never makes (`beginRun`, `commitRun`, subscriptions) is refused.
public actor BacktestAlertOverlay: AlertRunRepository, AlertRepository, WebhookSubscriptionRepository {
    /// One alert the backtest produced: what the guardrail queries need of it.
    public struct Entry: Sendable, Hashable {
        public var modelSpecID: UUID
        public var userID: String?
        public var symbol: String
        public var timeframe: Timeframe
        public var barTime: Int64
        /// The `as_of` of the run that produced it (the daily budget counts by run instant).
        public var runAsOf: Int64

        public init(modelSpecID: UUID, userID: String?, symbol: String, timeframe: Timeframe, barTime: Int64, runAsOf: Int64) {
            self.modelSpecID = modelSpecID
            self.userID = userID
            self.symbol = symbol
            self.timeframe = timeframe
            self.barTime = barTime
            self.runAsOf = runAsOf
        }
    }

    public private(set) var entries: [Entry] = []

    public init() {}

    /// Records the alerts of one replayed run, as a committed run would have written them.
    public func record(_ new: [Entry]) {
        entries += new
    }

    static func refused(_ what: String) -> StorageError {
        .conflict("a backtest writes nothing: \(what) is not available on the backtest overlay")
    }

    // MARK: The queries guardrails ask, answered from the backtest's own alerts.

    public func existingAlerts(modelSpecID: UUID, userID: String?, timeframe: Timeframe, barTimes: [String: Int64]) async throws -> Set<String> {
        Set(
            entries.filter { $0.modelSpecID == modelSpecID && $0.userID == userID && $0.timeframe == timeframe && barTimes[$0.symbol] == $0.barTime }
                .map(\.symbol))
    }

    public func alertCount(userID: String?, asOfFrom from: Int64, to: Int64) async throws -> Int {
        entries.filter { $0.userID == userID && $0.runAsOf >= from && $0.runAsOf < to }.count
    }

    public func lastAlertBars(userID: String?, timeframe: Timeframe, symbols: [String], before: Int64) async throws -> [String: Int64] {
        let wanted = Set(symbols)
        var out: [String: Int64] = [:]
        for e in entries where e.userID == userID && e.timeframe == timeframe && e.barTime <= before && wanted.contains(e.symbol) {
            out[e.symbol] = max(out[e.symbol] ?? e.barTime, e.barTime)
        }
        return out
    }

    /// A backtest sends nothing.
    public func webhookTargets(userID: String?, modelName: String?, packName: String?) async throws -> [WebhookTarget] { [] }

    // MARK: Reads with nothing to answer.

    public func feed(userID: String?, limit: Int) async throws -> [AlertRecord] { [] }
    public func feedEntries(userID: String, limit: Int, before: Int64?) async throws -> [FeedEntry] { [] }
    public func alerts(runID: String) async throws -> [AlertRecord] { [] }
    public func webhookSubscriptions(userID: String?) async throws -> [WebhookSubscription] { [] }

    public func run(id: String) async throws -> AlertRunRecord {
        throw StorageError.notFound("a backtest has no stored run \(id)")
    }

    // MARK: Writes: refused (a preview run makes none of them).

    public func beginRun(_ run: AlertRunRecord) async throws { throw Self.refused("beginRun") }

    public func commitRun(
        runID: String, alerts: [AlertRecord], suppressions: [AlertSuppressionRecord], webhooks: [String: [WebhookTarget]],
        counts: [String: Int], finishedAt: Int64
    ) async throws -> RunCommit {
        throw Self.refused("commitRun")
    }

    public func failRun(runID: String, error: String, counts: [String: Int], finishedAt: Int64) async throws { throw Self.refused("failRun") }

    public func subscribeWebhook(
        userID: String, modelName: String?, packName: String?, universe: String, url: String, secret: String, at: Int64
    ) async throws -> WebhookSubscription {
        throw Self.refused("subscribeWebhook")
    }

    public func setWebhookSubscription(id: String, active: Bool) async throws -> WebhookSubscription {
        throw Self.refused("setWebhookSubscription")
    }

    public func rotateWebhookSecret(endpointID: String, userID: String, secret: String, previousUntil: Int64) async throws -> WebhookEndpointInfo {
        throw Self.refused("rotateWebhookSecret")
    }

    public func sealPlaintextSecrets() async throws -> Int { throw Self.refused("sealPlaintextSecrets") }

}
