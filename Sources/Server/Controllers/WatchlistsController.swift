import AlertsCore
import Foundation
import Hummingbird
import MarketData
import Storage

/// `POST /watchlists`, `GET /watchlists`, `GET/PUT/DELETE /watchlists/{id}`: the caller's own lists of symbols, usable
/// as `watchlist:ID` in previews, runs, schedules, subscriptions and silences. Another user's id answers 404.
struct WatchlistsController {
    let users: any UserStore
    let watchlists: any WatchlistStore

    struct CreateRequest: Decodable {
        var name: String
        var symbols: [String]
        var market: String?
        var instrument: String?
    }

    struct UpdateRequest: Decodable {
        var name: String?
        var symbols: [String]?
    }

    struct WatchlistBody: ResponseEncodable {
        var id: String
        var name: String
        var market: String
        var instrument: String
        var symbols: [String]
        /// What to give as a universe.
        var universe: String

        init(_ w: StoredWatchlist) {
            id = w.id
            name = w.name
            market = w.market.rawValue
            instrument = w.kind.rawValue
            symbols = w.symbols
            universe = "watchlist:\(w.id)"
        }
    }

    struct WatchlistList: ResponseEncodable {
        var watchlists: [WatchlistBody]
    }

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.add(middleware: APIKeyAuthenticator(users: users))
        routes.post("/watchlists") { request, context -> Response in
            let user = try context.requireUser()
            let body = try await request.decode(as: CreateRequest.self, context: context)
            let market = try Self.parse(body.market ?? "US", as: Market.self, field: "market")
            let kind = try Self.parse(body.instrument ?? "equity", as: InstrumentKind.self, field: "instrument")
            let list = try await Self.refusing {
                try await watchlists.create(userID: user.id, name: body.name, market: market, kind: kind, symbols: body.symbols)
            }
            return try jsonResponse(WatchlistBody(list), status: .created)
        }
        routes.get("/watchlists") { _, context -> WatchlistList in
            let user = try context.requireUser()
            return WatchlistList(watchlists: try await watchlists.watchlists(userID: user.id).map(WatchlistBody.init))
        }
        routes.get("/watchlists/:id") { _, context -> WatchlistBody in
            let user = try context.requireUser()
            let id = try context.parameters.require("id")
            guard let list = try await watchlists.watchlist(id: id), list.userID == user.id else { throw Self.notFound(id) }
            return WatchlistBody(list)
        }
        routes.put("/watchlists/:id") { request, context -> WatchlistBody in
            let user = try context.requireUser()
            let id = try context.parameters.require("id")
            let body = try await request.decode(as: UpdateRequest.self, context: context)
            guard body.name != nil || body.symbols != nil else {
                throw HTTPError(.badRequest, message: "give \"name\", \"symbols\" or both")
            }
            guard let list = try await watchlists.watchlist(id: id), list.userID == user.id else { throw Self.notFound(id) }
            return WatchlistBody(
                try await Self.refusing { try await watchlists.update(id: list.id, userID: user.id, name: body.name, symbols: body.symbols) })
        }
        routes.delete("/watchlists/:id") { _, context -> Response in
            let user = try context.requireUser()
            let id = try context.parameters.require("id")
            guard let list = try await watchlists.watchlist(id: id), list.userID == user.id else { throw Self.notFound(id) }
            try await watchlists.delete(id: list.id, userID: user.id)
            return Response(status: .noContent)
        }
        return routes
    }

    /// Someone else's watchlist answers exactly like a missing one.
    static func notFound(_ id: String) -> HTTPError {
        HTTPError(.notFound, message: "no watchlist '\(id.prefix(80))' of yours; GET /watchlists lists them")
    }

    static func parse<T: RawRepresentable & CaseIterable>(_ text: String, as type: T.Type, field: String) throws -> T where T.RawValue == String {
        guard let value = T(rawValue: text) ?? T(rawValue: text.uppercased()) ?? T(rawValue: text.lowercased()) else {
            throw HTTPError(
                .unprocessableContent, message: "\(field): '\(text.prefix(40))' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    /// The store's checks (name, symbols; a second list of one name) as 422 and 409 naming the field.
    static func refusing<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch StorageError.constraint(let message) {
            throw HTTPError(.unprocessableContent, message: message)
        } catch StorageError.duplicate(let message) {
            throw HTTPError(.conflict, message: message)
        }
    }
}
