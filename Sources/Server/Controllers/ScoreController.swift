import Alerting
import AlertsCore
import Foundation
import Hummingbird
import Storage

/// `POST /score`: internal, stateless batch scoring of feature rows with one published model or pack.
///
/// Body: `{"model": NAME | "pack": NAME, "rows": [{feature: number|null|"NaN"}, …], "regime": "high_vol"?, "reasons": false?}`,
/// read by `ScoreBody` in one pass over the bytes; rows are scored together (`ModelScorer.score(rows:)`) and the answer
/// is written by `JSONOutput` — the three things that make a 100-row batch cheap.
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

    /// One row's answer; `components` only for packs.
    struct RowResult {
        var decision: Decision?
        var score: Double?
        var threshold: Double?
        var reasons: [ScoreReason]?
        /// Present (maybe null) on model rows: the expected net return at the score.
        var expected: (pct: Double?, r: Double?)?
        var components: [(role: String, result: RowResult)]?
        var error: String?

        init(_ r: ScoreResult) {
            decision = r.decision
            score = r.score
            threshold = r.threshold
            reasons = r.reasons
            expected = (r.expectedReturnPct, r.expectedR)
        }

        init(decision: Decision?, score: Double?, components: [(role: String, result: RowResult)]) {
            self.decision = decision
            self.score = score
            self.components = components
        }

        init(error: String) { self.error = error }
    }

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.post("/score") { request, context -> Response in
            try await score(request, context: context)
        }
        return routes
    }

    func score(_ request: Request, context: AppRequestContext) async throws -> Response {
        let limit = max(1 << 20, maxBatch * 16 << 10)
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw HTTPError(.contentTooLarge, message: "request body over \(limit) bytes; send at most \(maxBatch) rows per request")
        }
        let body: ScoreBody
        do {
            body = try buffer.withUnsafeReadableBytes { try ScoreBody.read($0) }
        } catch {
            throw HTTPError(.badRequest, message: "request body is not valid: \(error)")
        }
        guard body.hasRows else { throw HTTPError(.badRequest, message: "request body is not valid: \"rows\" is missing") }
        guard (body.model == nil) != (body.pack == nil) else {
            throw HTTPError(.badRequest, message: "give exactly one of \"model\" and \"pack\"")
        }
        guard body.rowCount <= maxBatch else {
            throw HTTPError(.contentTooLarge, message: "\(body.rowCount) rows; at most \(maxBatch) per request (serve.max_batch)")
        }
        guard body.rowCount > 0 else { throw HTTPError(.badRequest, message: "\"rows\" is empty") }
        let regime = try body.regime.map(Self.regime(label:))
        let withReasons = body.reasons ?? true
        let (reference, results) = try await withAlertingErrors {
            if let name = body.model {
                let spec = try await published.spec(name: name)
                let scorer = ModelScorer(model: try await models.model(for: spec), regimes: regimes)
                return (spec.reference, Self.results(scorer, body, regime, withReasons))
            }
            let pack = try await published.pack(name: body.pack ?? "")
            var parts: [(role: String, results: [RowResult])] = []
            for c in pack.components {
                let scorer = ModelScorer(model: try await models.model(for: c.spec), regimes: regimes)
                parts.append((c.role, Self.results(scorer, body, regime, withReasons)))
            }
            let results = (0..<body.rowCount).map { r -> RowResult in
                let components = parts.map { (role: $0.role, result: $0.results[r]) }
                if let bad = components.lazy.compactMap(\.result.error).first { return RowResult(error: bad) }
                let best = components.compactMap(\.result.score).max()
                let alert = components.contains { $0.result.decision == .alert }
                return RowResult(decision: alert ? .alert : .pass, score: best, components: components)
            }
            return ("pack \(body.pack ?? "")", results)
        }
        let firstError = results.lazy.compactMap(\.error).first
        var out = JSONOutput(capacity: 256 + results.count * (withReasons ? 640 : 96))
        out.raw("{")
        if let firstError {
            out.raw(#""error":{"message":"#)
            out.string(firstError)
            out.raw("},")
        }
        out.raw(#""model":"#)
        out.string(reference)
        out.raw(#","results":["#)
        for (i, r) in results.enumerated() {
            if i > 0 { out.raw(",") }
            Self.write(r, to: &out)
        }
        out.raw("]}")
        return Response(
            status: firstError == nil ? .ok : .unprocessableContent, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: out.bytes)))
    }

    /// Every row of `body` scored by one model: rows with a problem answer it, the others are scored together.
    static func results(_ scorer: ModelScorer, _ body: ScoreBody, _ regime: Regime?, _ reasons: Bool) -> [RowResult] {
        let width = scorer.model.featureNames.count
        var (values, problems) = body.matrix(features: scorer.model.featureNames)
        let valid = problems.indices.filter { problems[$0] == nil }
        if valid.count < body.rowCount {
            values = valid.flatMap { values[($0 * width)..<(($0 + 1) * width)] }
        }
        let scored = values.withUnsafeBufferPointer { scorer.score(rows: $0, count: valid.count, regime: regime, reasons: reasons) }
        var results = problems.map { $0.map { RowResult(error: $0.description) } ?? RowResult(error: "") }
        for (k, r) in valid.enumerated() { results[r] = RowResult(scored[k]) }
        return results
    }

    /// One row's answer as JSON (absent fields left out).
    static func write(_ r: RowResult, to out: inout JSONOutput) {
        out.raw("{")
        var first = true
        func key(_ k: StaticString) {
            if !first { out.raw(",") }
            first = false
            out.raw(k)
        }
        if let error = r.error {
            key(#""error":"#)
            out.string(error)
        }
        if let d = r.decision {
            key(#""decision":"#)
            out.raw(d == .alert ? #""alert""# : #""pass""#)
        }
        if let s = r.score {
            key(#""score":"#)
            out.number(s)
        }
        if let t = r.threshold {
            key(#""threshold":"#)
            out.number(t)
        }
        if let e = r.expected {
            key(#""expected_return_pct":"#)
            if let v = e.pct { out.number(v) } else { out.raw("null") }
            key(#""expected_r":"#)
            if let v = e.r { out.number(v) } else { out.raw("null") }
        }
        if let reasons = r.reasons {
            key(#""reasons":["#)
            for (i, reason) in reasons.enumerated() {
                out.raw(i == 0 ? #"{"feature":"# : #",{"feature":"#)
                out.string(reason.feature)
                out.raw(#","value":"#)
                out.number(reason.value)
                out.raw(#","contribution":"#)
                out.number(reason.contribution)
                out.raw(#","text":"#)
                out.string(reason.text)
                out.raw("}")
            }
            out.raw("]")
        }
        if let components = r.components {
            key(#""components":{"#)
            for (i, c) in components.enumerated() {
                if i > 0 { out.raw(",") }
                out.string(c.role)
                out.raw(":")
                write(c.result, to: &out)
            }
            out.raw("}")
        }
        out.raw("}")
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
