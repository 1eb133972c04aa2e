import Alerting
import AlertsCore
import Foundation
import Hummingbird
import Storage

/// `POST /score`: internal, stateless batch scoring of feature rows with one published model or pack.
///
/// Body: `{"model": NAME | "pack": NAME, "rows": [{feature: number|null|"NaN"}, …], "regime": "high_vol"?, "reasons": false?}`.
/// Answers `{"model": "name@vN", "results": [{decision, score, threshold, reasons} | {error}]}`: 200 when every row
/// scored, 422 (naming the first bad row and feature, results still per row) when a row lacks a feature or holds
/// NaN/∞, 413 above `serve.max_batch` rows, 404 for an unknown model, 400 for malformed JSON.
struct ScoreController {
    let published: PublishedModels
    let models: ModelCache
    let maxBatch: Int
    let regimes = VolatilityRegimeAdapter()

    init(services: AppServices, models: ModelCache, published: PublishedModels? = nil) {
        self.published = published ?? PublishedModels(registry: services.registry)
        self.models = models
        maxBatch = services.config.maxBatch
    }

    struct ScoreRequest: Decodable {
        var model: String?
        var pack: String?
        var rows: [[String: Double?]]
        var regime: String?
        /// false: scores and decisions only, no TreeSHAP reasons (much cheaper for tree models).
        var reasons: Bool?
    }

    /// One row's answer; `components` only for packs.
    struct RowResult: Encodable {
        var decision: Decision?
        var score: Double?
        var threshold: Double?
        var reasons: [ScoreReason]?
        var components: [String: RowResult]?
        var error: String?
    }

    struct ScoreResponse: Encodable {
        struct ErrorInfo: Encodable { var message: String }
        var error: ErrorInfo?
        var model: String
        var results: [RowResult]
    }

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.post("/score") { request, context -> Response in
            try await score(request, context: context)
        }
        return routes
    }

    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return d
    }()

    func score(_ request: Request, context: AppRequestContext) async throws -> Response {
        let limit = max(1 << 20, maxBatch * 16 << 10)
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw HTTPError(.contentTooLarge, message: "request body over \(limit) bytes; send at most \(maxBatch) rows per request")
        }
        let body: ScoreRequest
        do {
            body = try Self.decoder.decode(ScoreRequest.self, from: Data(buffer: buffer))
        } catch let e as DecodingError {
            throw HTTPError(.badRequest, message: "request body is not valid: \(JSONErrorMiddleware<AppRequestContext>.describe(e))")
        }
        guard (body.model == nil) != (body.pack == nil) else {
            throw HTTPError(.badRequest, message: "give exactly one of \"model\" and \"pack\"")
        }
        guard body.rows.count <= maxBatch else {
            throw HTTPError(.contentTooLarge, message: "\(body.rows.count) rows; at most \(maxBatch) per request (serve.max_batch)")
        }
        guard !body.rows.isEmpty else { throw HTTPError(.badRequest, message: "\"rows\" is empty") }
        let regime = try body.regime.map(Self.regime(label:))
        let withReasons = body.reasons ?? true
        let (reference, results) = try await withAlertingErrors {
            if let name = body.model {
                let spec = try await published.spec(name: name)
                let scorer = ModelScorer(model: try await models.model(for: spec), regimes: regimes)
                return (spec.reference, body.rows.enumerated().map { i, row in Self.result(scorer, row, i, regime, withReasons) })
            }
            let pack = try await published.pack(name: body.pack ?? "")
            var scorers: [(String, ModelScorer)] = []
            for c in pack.components { scorers.append((c.role, ModelScorer(model: try await models.model(for: c.spec), regimes: regimes))) }
            let results = body.rows.enumerated().map { i, row -> RowResult in
                var parts: [String: RowResult] = [:]
                for (role, scorer) in scorers { parts[role] = Self.result(scorer, row, i, regime, withReasons) }
                if let bad = scorers.lazy.compactMap({ parts[$0.0]?.error }).first { return RowResult(error: bad) }
                let best = parts.values.compactMap(\.score).max()
                let alert = parts.values.contains { $0.decision == .alert }
                return RowResult(decision: alert ? .alert : .pass, score: best, components: parts)
            }
            return ("pack \(body.pack ?? "")", results)
        }
        let firstError = results.lazy.compactMap(\.error).first
        let response = ScoreResponse(error: firstError.map { .init(message: $0) }, model: reference, results: results)
        let data = try JSONEncoder().encode(response)
        return Response(
            status: firstError == nil ? .ok : .unprocessableContent, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func result(_ scorer: ModelScorer, _ row: [String: Double?], _ index: Int, _ regime: Regime?, _ reasons: Bool) -> RowResult {
        do {
            let r = try scorer.score(features: row.mapValues { $0 ?? .nan }, regime: regime, row: index, reasons: reasons)
            return RowResult(decision: r.decision, score: r.score, threshold: r.threshold, reasons: r.reasons)
        } catch {
            return RowResult(error: error.description)
        }
    }

    static func regime(label: String) throws -> Regime {
        switch label {
        case "high_vol": return Regime(volatility: .high, trend: .flat)
        case "normal_vol": return Regime(volatility: .normal, trend: .flat)
        case "low_vol": return Regime(volatility: .low, trend: .flat)
        default: throw HTTPError(.badRequest, message: "regime '\(label)' is not high_vol, normal_vol or low_vol")
        }
    }
}

/// Runs `body`, turning the alerting library's errors into HTTP errors (unknown model 404, bad input 400/422).
func withAlertingErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let e as AlertingError {
        switch e {
        case .unknownModel(let m): throw HTTPError(.notFound, message: m)
        case .missingFeature, .nonFiniteFeature: throw HTTPError(.unprocessableContent, message: e.description)
        case .invalid(let m), .unplannable(let m): throw HTTPError(.badRequest, message: m)
        case .badArtifact, .explainer: throw e
        }
    }
}
