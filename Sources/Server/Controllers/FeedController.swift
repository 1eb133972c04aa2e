import Alerting
import Foundation
import Hummingbird
import MarketData
import Storage

/// `GET /alerts/feed?limit=50&before=…`: the caller's alerts, newest first (API key required).
///
/// Each item is the webhook body of the alert (`WebhookPayload`, schema `alertsai.alert.v1`, disclaimer always present)
/// plus `outcome` (null until the alert's hold is over), so a feed reader and a webhook receiver parse one shape.
/// `delivery_id` is the alert's feed row. Pages: pass the answer's `next_before` as `before` for the next, older page.
struct FeedController {
    let alerts: any AlertRepository
    let users: any UserStore
    static let limits = 1...500
    static let defaultLimit = 50

    /// How one alert's plan played out.
    struct OutcomeBody: Encodable {
        var exitReason: String
        var exitTime: String
        var exitPrice: Double
        var realizedReturn: Double
        var mfe: Double
        var mae: Double
        var label: Int
        var resolvedAt: String
        /// Net of the plan's costs (null on outcomes resolved before costs were recorded).
        @ExplicitNull var netReturnPct: Double?
        @ExplicitNull var netR: Double?
        /// The actual entry and the absolute levels the outcome was resolved against.
        @ExplicitNull var entryPrice: Double?
        @ExplicitNull var stopLevel: Double?
        @ExplicitNull var takeProfitLevel: Double?

        enum CodingKeys: String, CodingKey {
            case exitReason = "exit_reason", exitTime = "exit_time", exitPrice = "exit_price", realizedReturn = "realized_return"
            case mfe, mae, label, resolvedAt = "resolved_at"
            case netReturnPct = "net_return_pct", netR = "net_r", entryPrice = "entry_price", stopLevel = "stop_level"
            case takeProfitLevel = "take_profit_level"
        }

        init(_ o: AlertOutcomeRecord) {
            exitReason = o.exitReason.rawValue
            exitTime = Timestamps.iso8601(o.exitTime)
            exitPrice = o.exitPrice
            realizedReturn = o.realizedReturn
            mfe = o.mfe
            mae = o.mae
            label = o.label
            resolvedAt = Timestamps.iso8601(o.resolvedAt)
            netReturnPct = o.netReturnPct
            netR = o.netR
            entryPrice = o.entryPrice
            stopLevel = o.stopLevel
            takeProfitLevel = o.takeProfitLevel
        }
    }

    /// A webhook body with the alert's outcome beside it.
    struct FeedItem: Encodable {
        var payload: WebhookPayload
        var outcome: OutcomeBody?

        enum CodingKeys: String, CodingKey { case outcome }

        init(_ entry: FeedEntry) {
            payload = WebhookPayload(
                alert: entry.alert, modelName: entry.modelName, modelVersion: entry.modelVersion, packName: entry.packName,
                deliveryID: entry.feedDeliveryID ?? 0)
            outcome = entry.outcome.map(OutcomeBody.init)
        }

        func encode(to encoder: any Encoder) throws {
            // Both write into the same JSON object: the payload's keys, then `outcome`.
            try payload.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(outcome, forKey: .outcome)
        }
    }

    struct FeedPage: Encodable {
        var alerts: [FeedItem]
        /// `created_at` (ms) to pass as `before` for the next page; null when this page is the last.
        @ExplicitNull var nextBefore: Int64?

        enum CodingKeys: String, CodingKey { case alerts, nextBefore = "next_before" }
    }

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.add(middleware: APIKeyAuthenticator(users: users))
        routes.get("/alerts/feed") { request, context -> Response in
            let user = try context.requireUser()
            let query = request.uri.queryParameters
            let limit = try Self.limit(query.get("limit"))
            let before = try query.get("before").map(Self.instant)
            // One more than asked tells whether an older page exists and whether the page ends inside a run's alerts.
            let entries = try await alerts.feedEntries(userID: user.id, limit: limit + 1, before: before)
            let page = Self.page(entries, limit: limit)
            return try jsonResponse(FeedPage(alerts: page.entries.map(FeedItem.init), nextBefore: page.nextBefore))
        }
        return routes
    }

    static func limit(_ text: String?) throws -> Int {
        guard let text else { return defaultLimit }
        guard let n = Int(text), limits.contains(n) else {
            throw HTTPError(
                .unprocessableContent, message: "limit: '\(text.prefix(40))' is not a whole number from \(limits.lowerBound) to \(limits.upperBound)")
        }
        return n
    }

    /// `before` as milliseconds since 1970 UTC or an ISO-8601 instant (`2024-07-01T20:05:04Z`, fractions allowed).
    static func instant(_ text: String) throws -> Int64 {
        try InputBounds.instant(text: text, field: "before")
    }

    /// At most `limit` entries, never ending part-way through a group that shares one `created_at` (a run's alerts do),
    /// so that `before = next_before` on the next page skips nothing. A single group larger than the page is cut.
    static func page(_ entries: [FeedEntry], limit: Int) -> (entries: [FeedEntry], nextBefore: Int64?) {
        guard entries.count > limit else { return (entries, nil) }
        var kept = Array(entries.prefix(limit))
        let cut = entries[limit].alert.createdAt
        if kept.last?.alert.createdAt == cut, let firstOfGroup = kept.firstIndex(where: { $0.alert.createdAt == cut }), firstOfGroup > 0 {
            kept.removeSubrange(firstOfGroup...)
        }
        return (kept, kept.last?.alert.createdAt)
    }
}
