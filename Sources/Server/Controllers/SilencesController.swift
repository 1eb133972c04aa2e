import Alerting
import AlertsCore
import Foundation
import Hummingbird
import MarketData
import Storage

/// `POST /alerts/silences`, `GET /alerts/silences`, `GET /alerts/silences/{id}`, `POST /alerts/silences/{id}/expire`
/// (Alertmanager's silences): mute
/// candidates by model, symbol, universe or regime for a time window. A user key mutes the user's own alerts; a
/// service key with `admin` (an operator) mutes everyone's. Muted candidates are recorded as suppressed by `silence`
/// with the silence's id. Expiring ends a silence now; it stays listed, as the record of what it muted (so there is no
/// DELETE).
struct SilencesController {
    let silences: any SilenceStore
    let watchlists: any WatchlistStore

    struct CreateRequest: Decodable {
        var model: String?
        var symbol: String?
        var universe: String?
        var regime: String?
        var startsAt: Instant?
        var endsAt: Instant?
        var durationMinutes: Double?
        var comment: String?

        enum CodingKeys: String, CodingKey {
            case model, symbol, universe, regime, comment
            case startsAt = "starts_at"
            case endsAt = "ends_at"
            case durationMinutes = "duration_minutes"
        }
    }

    /// An instant as milliseconds or ISO-8601 text (checked by `InputBounds` with the field's name later).
    enum Instant: Decodable {
        case millis(Int64)
        case text(String)

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let n = try? c.decode(Int64.self) { self = .millis(n) } else { self = .text(try c.decode(String.self)) }
        }

        func value(field: String) throws -> Int64 {
            switch self {
            case .millis(let n): try InputBounds.instant(n, field: field)
            case .text(let t): try InputBounds.instant(text: t, field: field)
            }
        }
    }

    struct SilenceBody: ResponseEncodable {
        var id: String
        /// `user` (the caller's own alerts) or `everyone` (an operator's).
        var scope: String
        @ExplicitNull var userID: String?
        var createdBy: String
        @ExplicitNull var model: String?
        @ExplicitNull var symbol: String?
        @ExplicitNull var universe: String?
        @ExplicitNull var regime: String?
        var startsAt: String
        var endsAt: String
        var active: Bool
        @ExplicitNull var comment: String?

        enum CodingKeys: String, CodingKey {
            case id, scope, model, symbol, universe, regime, active, comment
            case userID = "user_id", createdBy = "created_by", startsAt = "starts_at", endsAt = "ends_at"
        }

        init(_ s: Silence, now: Int64 = Clock.nowMillis()) {
            id = s.id
            scope = s.userID == nil ? "everyone" : "user"
            userID = s.userID
            createdBy = s.createdBy
            model = s.modelName
            symbol = s.symbol
            universe = s.universe
            regime = s.regime
            startsAt = Timestamps.iso8601(s.startsAt)
            endsAt = Timestamps.iso8601(s.endsAt)
            active = s.active(at: now)
            comment = s.comment
        }
    }

    struct SilenceList: ResponseEncodable {
        var silences: [SilenceBody]
    }

    /// The caller: a user (their own alerts) or an operator's service key with `admin` (everyone's).
    static func caller(_ context: AppRequestContext) throws -> (userID: String?, createdBy: String) {
        guard let principal = context.principal else { throw APIKeyAuthenticator.unauthorized("this endpoint needs an API key") }
        if let user = principal.user { return (user.id, user.id) }
        guard principal.allows(.admin) else {
            throw HTTPError(.forbidden, message: "a service key needs the 'admin' scope to manage silences")
        }
        return (nil, principal.id)
    }

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.post("/alerts/silences") { request, context -> Response in
            let (userID, createdBy) = try Self.caller(context)
            let body = try await request.decode(as: CreateRequest.self, context: context)
            let silence = try await make(body, userID: userID, createdBy: createdBy)
            do {
                return try jsonResponse(SilenceBody(try await silences.create(silence)), status: .created)
            } catch StorageError.constraint(let message) {
                throw HTTPError(.unprocessableContent, message: message)
            }
        }
        routes.get("/alerts/silences") { request, context -> SilenceList in
            let (userID, _) = try Self.caller(context)
            let activeOnly: Bool
            switch request.uri.queryParameters.get("active") {
            case nil, "false": activeOnly = false
            case "true": activeOnly = true
            case let other?: throw InputBounds.invalid("active", "true or false, got '\(other.prefix(40))'")
            }
            let now = Clock.nowMillis()
            let list = try await silences.silences(visibleTo: userID, activeAt: activeOnly ? now : nil)
            return SilenceList(silences: list.map { SilenceBody($0, now: now) })
        }
        routes.get("/alerts/silences/:id") { _, context -> SilenceBody in
            let (userID, _) = try Self.caller(context)
            let id = try context.parameters.require("id")
            guard let s = try await silences.silence(id: id), userID == nil || s.userID == nil || s.userID == userID else {
                throw Self.notFound(id)
            }
            return SilenceBody(s)
        }
        routes.post("/alerts/silences/:id/expire") { request, context -> SilenceBody in
            let (userID, _) = try Self.caller(context)
            // Nothing to give: an empty body or `{}` (anything in the object is ignored), never another JSON value.
            let buffer = try await request.body.collect(upTo: context.maxUploadSize)
            if buffer.readableBytes > 0, (try? JSONDecoder().decode([String: JSONValue].self, from: Data(buffer: buffer))) == nil {
                throw HTTPError(.badRequest, message: "the body is not a JSON object; send {} or nothing")
            }
            let id = try context.parameters.require("id")
            // A user ends only their own silences; an operator's is theirs to end.
            guard let s = try await silences.silence(id: id), userID == nil || s.userID == userID else { throw Self.notFound(id) }
            return SilenceBody(try await silences.expire(id: s.id, at: Clock.nowMillis()))
        }
        return routes
    }

    static func notFound(_ id: String) -> HTTPError {
        HTTPError(.notFound, message: "no silence '\(id.prefix(80))' of yours; GET /alerts/silences lists them")
    }

    func make(_ body: CreateRequest, userID: String?, createdBy: String) async throws -> Silence {
        let now = Clock.nowMillis()
        let starts = try body.startsAt?.value(field: "starts_at") ?? now
        let ends: Int64
        switch (body.endsAt, body.durationMinutes) {
        case (let e?, nil): ends = try e.value(field: "ends_at")
        case (nil, let m?):
            guard m.isFinite, m > 0, m <= 525_600 else { throw InputBounds.invalid("duration_minutes", "more than 0 and at most 525600 (a year)") }
            ends = starts + Int64((m * 60_000).rounded())
        case (nil, nil): throw HTTPError(.badRequest, message: "give \"ends_at\" or \"duration_minutes\"")
        case (_?, _?): throw HTTPError(.badRequest, message: "give one of \"ends_at\" and \"duration_minutes\", not both")
        }
        guard ends > starts else { throw InputBounds.invalid("ends_at", "must be after starts_at (\(Timestamps.iso8601(starts)))") }
        if let m = body.model { _ = try InputBounds.name(m, field: "model") }
        let symbol = try body.symbol.map { try InputBounds.symbol($0.uppercased(), field: "symbol") }
        if let u = body.universe {
            _ = try InputBounds.universe(u)
            // The same resolution a run uses; a user names only their own watchlists.
            do {
                _ = try await UniverseResolver(watchlists: WatchlistsInStore(store: watchlists, ownerID: userID)).resolve(u)
            } catch let error as MarketDataError {
                if case .unknownUniverse = error { throw HTTPError(.notFound, message: "universe: \(error)") }
                throw HTTPError(.unprocessableContent, message: "universe: \(error)")
            }
        }
        if let c = body.comment, c.count > 500 { throw InputBounds.invalid("comment", "at most 500 characters") }
        return Silence(
            userID: userID, createdBy: createdBy, modelName: body.model, symbol: symbol, universe: body.universe, regime: body.regime,
            startsAt: starts, endsAt: ends, comment: body.comment, createdAt: now)
    }
}
