import Alerting
import Foundation
import Hummingbird
import MarketData
import Storage

/// `POST /alerts/subscribe`, `GET /alerts/subscriptions`, `DELETE /alerts/subscriptions/{id}`: the caller's webhook
/// subscriptions (API key required).
///
/// Only the webhook channel is offered: every alert of a run made for a user is already in that user's feed
/// (`GET /alerts/feed`), and the runner does not read `channel = 'feed'` subscriptions, so one would change nothing.
struct SubscriptionsController {
    let alerts: any WebhookSubscriptionRepository
    let users: any UserStore
    let watchlists: any WatchlistStore
    /// Where webhooks may go; checked here and again at every send (docs/SECURITY.md, "SSRF policy").
    var addresses = WebhookAddressPolicy()

    struct SubscribeRequest: Decodable {
        struct Webhook: Decodable {
            var url: String
            /// Refused: secrets are made by the server (Standard Webhooks `whsec_`), so none is chosen or reused by a client.
            var secret: String?
        }

        var model: String?
        var pack: String?
        var universe: String?
        var channel: String?
        var webhook: Webhook?
    }

    /// A subscription as the API shows it: the endpoint's URL, never its secret (except `webhook.secret` once, in the
    /// answer of the subscribe that made the endpoint).
    struct SubscriptionBody: ResponseEncodable {
        struct Webhook: Encodable {
            var url: String
            var endpointID: String
            /// Only in the answer that made the endpoint (absent otherwise, never null).
            var secret: String?

            enum CodingKeys: String, CodingKey { case url, endpointID = "endpoint_id", secret }
        }

        var id: String
        var channel = "webhook"
        @ExplicitNull var model: String?
        @ExplicitNull var pack: String?
        var universe: String
        var webhook: Webhook
        var active: Bool
        var createdAt: String

        enum CodingKeys: String, CodingKey {
            case id, channel, model, pack, universe, webhook, active, createdAt = "created_at"
        }

        init(_ s: WebhookSubscription, secret: String? = nil) {
            id = s.id
            model = s.modelName
            pack = s.packName
            universe = s.universe
            webhook = Webhook(url: s.url, endpointID: s.endpointID, secret: secret)
            active = s.active
            createdAt = Timestamps.iso8601(s.createdAt)
        }

    }

    struct SubscriptionList: ResponseEncodable {
        var subscriptions: [SubscriptionBody]
    }

    struct RotateRequest: Decodable {
        /// Hours the previous secret is still signed with, beside the new one (0…168; default 24).
        var overlapHours: Double?

        enum CodingKeys: String, CodingKey { case overlapHours = "overlap_hours" }
    }

    /// The answer of a rotation: the new secret, shown this once.
    struct RotateBody: ResponseEncodable {
        var endpointID: String
        var url: String
        var secret: String
        @ExplicitNull var previousSecretValidUntil: String?

        enum CodingKeys: String, CodingKey {
            case endpointID = "endpoint_id", url, secret, previousSecretValidUntil = "previous_secret_valid_until"
        }
    }

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.add(middleware: APIKeyAuthenticator(users: users))
        routes.post("/alerts/subscribe") { request, context -> Response in
            let user = try context.requireUser()
            let body = try await request.decode(as: SubscribeRequest.self, context: context)
            return try await subscribe(body, user: user)
        }
        routes.get("/alerts/subscriptions") { _, context -> SubscriptionList in
            let user = try context.requireUser()
            return SubscriptionList(subscriptions: try await alerts.webhookSubscriptions(userID: user.id).map { SubscriptionBody($0) })
        }
        routes.post("/alerts/webhooks/:id/rotate_secret") { request, context -> RotateBody in
            let user = try context.requireUser()
            let id = try context.parameters.require("id")
            // The body is optional: an empty one keeps the default overlap.
            let buffer = try await request.body.collect(upTo: context.maxUploadSize)
            var body = RotateRequest()
            if buffer.readableBytes > 0 {
                do {
                    body = try JSONDecoder().decode(RotateRequest.self, from: Data(buffer: buffer))
                } catch {
                    throw HTTPError(.badRequest, message: "the body is not {\"overlap_hours\": hours}: \(error)")
                }
            }
            return try await rotate(endpointID: id, overlapHours: body.overlapHours ?? 24, user: user)
        }
        routes.delete("/alerts/subscriptions/:id") { _, context -> SubscriptionBody in
            let user = try context.requireUser()
            let id = try context.parameters.require("id")
            // Someone else's subscription answers exactly like a missing one: ids are not to be probed.
            guard try await alerts.webhookSubscriptions(userID: user.id).contains(where: { $0.id == id }) else {
                throw HTTPError(.notFound, message: "no subscription '\(id)' of yours; GET /alerts/subscriptions lists them")
            }
            return SubscriptionBody(try await alerts.setWebhookSubscription(id: id, active: false))
        }
        return routes
    }

    func subscribe(_ body: SubscribeRequest, user: User) async throws -> Response {
        guard (body.model == nil) != (body.pack == nil) else {
            throw HTTPError(.badRequest, message: "give exactly one of \"model\" and \"pack\"")
        }
        switch body.channel?.lowercased() {
        case nil, "webhook": break
        case "feed":
            throw HTTPError(
                .unprocessableContent,
                message: "channel: 'feed' subscriptions are not offered — every alert of a run for you is already in GET /alerts/feed;"
                    + " subscribe a webhook to have alerts pushed")
        case let other?:
            throw HTTPError(.unprocessableContent, message: "channel: '\(other)' is not a channel; use \"webhook\"")
        }
        guard let webhook = body.webhook else {
            throw HTTPError(.badRequest, message: "missing field 'webhook': {\"url\": \"https://…\"}")
        }
        guard webhook.url.utf8.count <= 2048 else { throw HTTPError(.unprocessableContent, message: "webhook.url: at most 2048 characters") }
        guard webhook.secret == nil else {
            throw HTTPError(
                .unprocessableContent,
                message: "webhook.secret: secrets are made by the server and returned once in the answer's webhook.secret; leave it out"
                    + " (POST /alerts/webhooks/{endpoint_id}/rotate_secret makes a new one)")
        }
        if let url = URL(string: webhook.url) {
            do {
                _ = try addresses.check(url)
            } catch .refused(let why) {
                throw HTTPError(.unprocessableContent, message: "webhook.url: \(why)")
            } catch {
                // A host that does not resolve yet is accepted; every send resolves and checks it again.
            }
        }
        let universe = (body.universe ?? "*").trimmingCharacters(in: .whitespaces)
        if universe != "*" {
            // The same resolution a run uses, with only the caller's own watchlists visible.
            do {
                _ = try await UniverseResolver(watchlists: OwnWatchlists(store: watchlists, userID: user.id)).resolve(universe)
            } catch let error as MarketDataError {
                if case .unknownUniverse = error { throw HTTPError(.notFound, message: "universe: \(error)") }
                throw HTTPError(.unprocessableContent, message: "universe: \(error)")
            }
        }
        let generated = Self.randomSecret()
        let at = Clock.nowMillis()
        let subscription: WebhookSubscription
        do {
            subscription = try await alerts.subscribeWebhook(
                userID: user.id, modelName: body.model, packName: body.pack, universe: universe, url: webhook.url, secret: generated, at: at)
        } catch StorageError.constraint(let message) {
            // The store's own checks (URL, one of model and pack); each message names the field.
            throw HTTPError(.unprocessableContent, message: message)
        }
        // The store returns an identical existing subscription rather than a second one; that is not a creation. The secret
        // is shown only by the subscribe that made the endpoint: a second subscription to the same URL signs with it too.
        let created = subscription.createdAt == at
        return try jsonResponse(
            SubscriptionBody(subscription, secret: subscription.endpointCreated ? generated : nil), status: created ? .created : .ok)
    }

    func rotate(endpointID: String, overlapHours: Double, user: User) async throws -> RotateBody {
        guard overlapHours.isFinite, (0...168).contains(overlapHours) else {
            throw HTTPError(.unprocessableContent, message: "overlap_hours: 0 to 168 hours, got \(overlapHours)")
        }
        let secret = Self.randomSecret()
        let until = Clock.nowMillis() + Int64((overlapHours * 3_600_000).rounded())
        do {
            let endpoint = try await alerts.rotateWebhookSecret(endpointID: endpointID, userID: user.id, secret: secret, previousUntil: until)
            return RotateBody(
                endpointID: endpoint.id, url: endpoint.url, secret: secret,
                previousSecretValidUntil: overlapHours > 0 ? Timestamps.iso8601(until) : nil)
        } catch StorageError.notFound(let message) {
            throw HTTPError(.notFound, message: message)
        }
    }

    /// A Standard Webhooks secret: `whsec_` and the base64 of 24 random bytes.
    static func randomSecret() -> String { WebhookSignature.generateSecret() }
}

/// The caller's own watchlists: another user's `watchlist:ID` resolves as unknown.
private struct OwnWatchlists: WatchlistSource {
    let store: any WatchlistStore
    let userID: String

    func watchlist(id: String) async throws -> Watchlist? {
        guard let list = try await store.watchlist(id: id), list.userID == userID else { return nil }
        return Watchlist(id: list.id, name: list.name, market: list.market, kind: list.kind, symbols: list.symbols)
    }
}
