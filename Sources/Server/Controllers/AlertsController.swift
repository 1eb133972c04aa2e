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

    /// Bars, feature sets and the clock come from `services` (`data.provider`, the stored catalog, the app's clock).
    init(services: AppServices, models: ModelCache) {
        let explainer: any Explainer = services.config.llmBaseURL.flatMap(URL.init(string:)).map { LLMExplainer(baseURL: $0) } ?? TemplateExplainer()
        runner = AlertRunner(
            registry: services.registry, alerts: SQLAlertStore(store: services.store), settings: SQLUserSettingsStore(store: services.store),
            models: models, provider: services.bars, catalog: services.catalog, explainer: CheckedExplainer(primary: explainer),
            clock: services.features.clock)
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

    /// `as_of` as milliseconds or an ISO-8601 instant.
    struct AsOf: Decodable {
        var millis: Int64

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let n = try? c.decode(Int64.self) {
                millis = n
                return
            }
            let text = try c.decode(String.self)
            guard let date = ISO8601DateFormatter().date(from: text) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "'\(text)' is not an ISO-8601 instant like 2024-06-28T20:00:00Z")
            }
            millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        }
    }

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.post("/alerts/preview") { request, context -> Response in
            let body = try await request.decode(as: PreviewRequest.self, context: context)
            guard (body.model == nil) != (body.pack == nil) else {
                throw HTTPError(.badRequest, message: "give exactly one of \"model\" and \"pack\"")
            }
            let target: ModelTarget = body.model.map { .model($0) } ?? .pack(body.pack ?? "")
            let report = try await withAlertingErrors {
                do {
                    return try await runner.run(
                        AlertRunRequest(target: target, universe: body.universe, asOf: body.asOf?.millis, userID: body.userID, mode: .preview))
                } catch let e as MarketDataError {
                    throw HTTPError(.badRequest, message: "\(e)")
                }
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(report))))
        }
        return routes
    }
}
