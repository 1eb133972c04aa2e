import AlertsCore
import Features
import Foundation
import Hummingbird
import MarketData
import Storage

/// `GET/POST /schedules`, `GET/DELETE /schedules/{id}`, `POST /schedules/{id}/pause|resume`: standing alert runs
/// (docs/OPERATIONS.md), for service keys with the `admin` scope, the same rules as `alertsai schedules`.
struct SchedulesController {
    let schedules: SQLScheduleStore
    let universes: UniverseResolver

    struct CreateRequest: Decodable {
        var model: String?
        var pack: String?
        var universe: String
        var userID: String?
        var cohort: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case model, pack, universe, userID = "user_id", cohort }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            model = try c.decodeIfPresent(String.self, forKey: .model)
            pack = try c.decodeIfPresent(String.self, forKey: .pack)
            universe = try c.decode(String.self, forKey: .universe)
            userID = try c.decodeIfPresent(String.self, forKey: .userID)
            cohort = try c.decodeIfPresent(String.self, forKey: .cohort)
        }
    }

    struct ScheduleBody: Encodable {
        var id: String
        @ExplicitNull var model: String?
        @ExplicitNull var pack: String?
        var universe: String
        @ExplicitNull var userID: String?
        @ExplicitNull var cohort: String?
        var paused: Bool
        var createdBy: String
        var createdAt: String
        @ExplicitNull var lastEnqueuedAsOf: String?

        init(_ s: AlertSchedule) {
            id = s.id
            model = s.modelName
            pack = s.packName
            universe = s.universe
            userID = s.userID
            cohort = s.cohort
            paused = s.paused
            createdBy = s.createdBy
            createdAt = Timestamps.iso8601(s.createdAt)
            lastEnqueuedAsOf = s.lastEnqueuedAsOf.map(Timestamps.iso8601)
        }

        enum CodingKeys: String, CodingKey {
            case id, model, pack, universe, userID = "user_id", cohort, paused, createdBy = "created_by", createdAt = "created_at"
            case lastEnqueuedAsOf = "last_enqueued_as_of"
        }
    }

    struct ScheduleList: Encodable { var schedules: [ScheduleBody] }

    /// Schedules act for every user: a service key only (a user key, whatever its scopes, is refused).
    static func requireService(_ context: AppRequestContext) throws -> String {
        guard case .service(let name)? = context.principal?.owner else {
            throw HTTPError(.forbidden, message: "schedules are managed with a service key with the 'admin' scope")
        }
        return name
    }

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("/schedules") { _, context -> Response in
            _ = try Self.requireService(context)
            return try jsonResponse(ScheduleList(schedules: try await schedules.schedules(includePaused: true).map(ScheduleBody.init)))
        }
        routes.post("/schedules") { request, context -> Response in
            let service = try Self.requireService(context)
            let body = try await request.decode(as: CreateRequest.self, context: context)
            guard (body.model == nil) != (body.pack == nil) else {
                throw HTTPError(.unprocessableContent, message: "give exactly one of 'model' and 'pack'")
            }
            // The same resolution a run uses: an unknown preset or watchlist, or a malformed list, is named now.
            do {
                _ = try await universes.resolve(body.universe)
            } catch {
                throw HTTPError(.unprocessableContent, message: "universe: \(error)")
            }
            do {
                let made = try await schedules.create(
                    AlertSchedule(
                        modelName: body.model, packName: body.pack, universe: body.universe, userID: body.userID, cohort: body.cohort,
                        createdBy: "service:\(service)", createdAt: Clock.nowMillis()))
                return try jsonResponse(ScheduleBody(made), status: .created)
            } catch StorageError.notFound(let message) {
                // An unknown model, pack or user is a bad body, not a missing resource at this URL.
                throw HTTPError(.unprocessableContent, message: message)
            } catch StorageError.constraint(let message) {
                throw HTTPError(.unprocessableContent, message: message)
            }
        }
        routes.get("/schedules/:id") { _, context -> Response in
            _ = try Self.requireService(context)
            return try jsonResponse(ScheduleBody(try await schedules.schedule(id: try context.parameters.require("id"))))
        }
        routes.post("/schedules/:id/pause") { _, context -> Response in
            _ = try Self.requireService(context)
            return try jsonResponse(ScheduleBody(try await schedules.setPaused(id: try context.parameters.require("id"), paused: true)))
        }
        routes.post("/schedules/:id/resume") { _, context -> Response in
            _ = try Self.requireService(context)
            return try jsonResponse(ScheduleBody(try await schedules.setPaused(id: try context.parameters.require("id"), paused: false)))
        }
        routes.delete("/schedules/:id") { _, context -> Response in
            _ = try Self.requireService(context)
            let id = try context.parameters.require("id")
            let existing = try await schedules.schedule(id: id)
            try await schedules.delete(id: id)
            return try jsonResponse(ScheduleBody(existing))
        }
        return routes
    }
}
