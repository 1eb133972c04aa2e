import Alerting
import AlertsCore
import Features
import Foundation
import Hummingbird
import MarketData
import Storage

/// `POST /alerts/preview`: the alerts a model or pack would produce now over a universe — plans, explanations, and
/// which guardrail would hold back which candidate — without writing anything.
///
/// Body: `{"model": NAME | "pack": NAME, "universe": "preset:us-mega-30", "user_id": ID?, "as_of": ms-or-ISO-8601?}`.
struct AlertsController {
    let runner: AlertRunner
    let watchlists: any WatchlistStore
    let config: AppConfig

    /// Bars, feature sets and the clock come from `services` (`data.provider`, the stored catalog, the app's clock);
    /// a model trained on another source previews on that source unless data.provider was set (`ModelBars`).
    init(services: AppServices, models: ModelCache) {
        config = services.config
        let explainer: any Explainer = services.config.llmBaseURL.flatMap(URL.init(string:)).map { LLMExplainer(baseURL: $0) } ?? TemplateExplainer()
        var runner = AlertRunner(
            registry: services.registry, runs: SQLAlertRunRepository(store: services.store), alerts: SQLAlertRepository(store: services.store),
            subscriptions: SQLWebhookSubscriptionRepository(store: services.store), settings: SQLUserSettingsStore(store: services.store),
            models: models, provider: services.bars, catalog: services.catalog, explainer: CheckedExplainer(primary: explainer),
            clock: services.features.clock)
        runner.silences = SQLSilenceStore(store: services.store)
        self.runner = runner
        watchlists = SQLWatchlistStore(store: services.store)
    }

    struct PreviewRequest: Decodable {
        var model: String?
        var pack: String?
        var universe: String
        var userID: String?
        var asOf: AsOf?

        enum CodingKeys: String, CodingKey {
            case model, pack, universe
            case userID = "user_id"
            case asOf = "as_of"
        }
    }

    /// `as_of` as milliseconds or an ISO-8601 instant, within 1970…2100 (`InputBounds`).
    struct AsOf: Decodable {
        var millis: Int64

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let n = try? c.decode(Int64.self) {
                millis = try InputBounds.instant(n, field: "as_of")
                return
            }
            if (try? c.decode(Double.self)) != nil {
                throw InputBounds.invalid("as_of", "give whole milliseconds since 1970 (within 1970…2100) or an ISO-8601 instant")
            }
            millis = try InputBounds.instant(text: try c.decode(String.self), field: "as_of")
        }
    }

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.post("/alerts/preview") { request, context -> Response in
            let body = try await request.decode(as: PreviewRequest.self, context: context)
            guard (body.model == nil) != (body.pack == nil) else {
                throw HTTPError(.badRequest, message: "give exactly one of \"model\" and \"pack\"")
            }
            if let name = body.model ?? body.pack { _ = try InputBounds.name(name, field: body.model != nil ? "model" : "pack") }
            _ = try InputBounds.universe(body.universe)
            let userID = try Self.actingUser(requested: body.userID, context: context)
            let target: ModelTarget = body.model.map { .model($0) } ?? .pack(body.pack ?? "")
            // `watchlist:ID`: the acting user's own lists (an operator previewing for nobody sees every list).
            var scoped = try await runner(for: body)
            scoped.universes.watchlists = WatchlistsInStore(store: watchlists, ownerID: userID)
            let runner = scoped
            let report = try await withAlertingErrors {
                do {
                    return try await runner.run(
                        AlertRunRequest(target: target, universe: body.universe, asOf: body.asOf?.millis, userID: userID, mode: .preview))
                } catch let e as MarketDataError {
                    // Another user's watchlist answers like a missing one: 404.
                    if case .unknownUniverse(kind: "watchlist", _, _) = e { throw HTTPError(.notFound, message: "universe: \(e)") }
                    throw HTTPError(.badRequest, message: "\(e)")
                }
            }
            return try jsonResponse(report)
        }
        return routes
    }

    /// The runner over the bars the previewed model was trained on, when they are not the configured ones.
    func runner(for body: PreviewRequest) async throws -> AlertRunner {
        var spec: ModelSpec? = nil
        if let model = body.model {
            spec = try? await runner.registry.published(name: model)
        } else if let pack = body.pack, let p = try? await runner.registry.pack(name: pack), let first = p.components.keys.sorted().first,
            let id = p.components[first]
        {
            spec = try? await runner.registry.spec(id: id)
        }
        let bars = try ModelBars.resolve(config, for: spec)
        guard bars.source != BarSource(config: config) else { return runner }
        var other = runner
        other.provider = bars.provider
        other.universes = bars.universes(watchlists: runner.universes.watchlists)
        return other
    }

    /// Whom a preview acts for: a user key acts only for its own user (another `user_id` answers 404, revealing
    /// nothing); a service key with `admin` may name any user, or none.
    static func actingUser(requested: String?, context: AppRequestContext) throws -> String? {
        guard let principal = context.principal else { throw APIKeyAuthenticator.unauthorized("this endpoint needs an API key") }
        if let user = principal.user {
            if let requested, requested != user.id { throw HTTPError(.notFound, message: "no such user") }
            return user.id
        }
        guard principal.allows(.admin) else {
            throw HTTPError(.forbidden, message: "a service key needs the 'admin' scope to preview alerts")
        }
        if let requested { _ = try InputBounds.name(requested, field: "user_id") }
        return requested
    }
}
