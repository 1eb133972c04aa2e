import Hummingbird
import Storage

/// `GET /health`: the process is up and the store answers.
struct HealthController {
    let store: any Store

    struct Health: ResponseEncodable {
        let status: String
        let database: String
    }

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("/health") { _, context -> Health in
            do {
                _ = try await store.withConnection { db in try await db.raw("SELECT 1 AS one").first() }
            } catch {
                context.logger.warning("health check: store unavailable: \(error)")
                throw HTTPError(.serviceUnavailable, message: "the store is unavailable")
            }
            return Health(status: "ok", database: store.engine.rawValue)
        }
        return routes
    }
}
