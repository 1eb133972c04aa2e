import Alerting
import Foundation
import HTTPTypes
import Hummingbird
import Storage

/// What a route needs: no key (`/health`), or a key with one scope. Routes not listed still need a valid key.
enum RoutePolicy {
    case open
    case scope(APIScope)
    /// `/metrics`: a `metrics` key, or a client address in `metrics.allowed_networks`.
    case metrics
    /// `/alerts/preview`: a user key with `alerts` (for their own alerts) or a service key with `admin` (any user's).
    case preview

    static func of(method: HTTPRequest.Method, path: String) -> RoutePolicy? {
        switch (method, path) {
        case (_, "/health"), (_, "/openapi.json"): return .open
        case (_, "/metrics"): return .metrics
        case (_, "/score"), (_, "/indicator_sets/auto_build"): return .scope(.score)
        case (_, "/models"), (_, "/packs"), (_, "/indicator_sets"): return .scope(.registry)
        case _ where path.hasPrefix("/models/"): return .scope(.registry)
        case (_, "/schedules"): return .scope(.admin)
        case _ where path.hasPrefix("/schedules/"): return .scope(.admin)
        case (_, "/alerts/preview"): return .preview
        // Silences: a user's own (alerts scope) or an operator's for everyone (service key with admin).
        case _ where path == "/alerts/silences" || path.hasPrefix("/alerts/silences/"): return .preview
        case _ where path == "/watchlists" || path.hasPrefix("/watchlists/"): return .scope(.alerts)
        // Recipes and workflows: a user's own (alerts scope) or an operator's shared ones (service key with admin).
        case _ where path == "/recipes" || path.hasPrefix("/recipes/") || path == "/workflows" || path.hasPrefix("/workflows/"): return .preview
        case _ where path.hasPrefix("/alerts/"): return .scope(.alerts)
        default: return nil
        }
    }
}

/// The gate in front of every route (docs/SECURITY.md): per-address rate limit, a slow-down after repeated failed
/// authentications from one address, the API key and its scope, the per-key rate limit, JSON content types and the
/// body size. Refusals are `{"error":{"message":…}}` like every error; nothing about a key or user leaks.
struct AccessMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let users: SQLUserStore
    let limiter: RateLimiter
    let limits: RequestLimits
    let metricsNetworks: [IPNetwork]

    init(users: SQLUserStore, limits: RequestLimits, metricsNetworks: [IPNetwork]) {
        self.users = users
        self.limiter = RateLimiter(limits)
        self.limits = limits
        self.metricsNetworks = metricsNetworks
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        let policy = RoutePolicy.of(method: request.method, path: path)
        if case .open = policy { return try await next(request, context) }
        let address = context.remoteAddress?.ipAddress ?? "local"
        if let wait = limiter.perAddress.take("addr:\(address)") { throw Self.tooMany(wait, "too many requests from this address") }
        if case .metrics = policy, metricsNetworks.contains(where: { $0.contains(address) }) {
            return try await next(request, context)
        }
        if let wait = limiter.authFailures.wouldAllow("auth:\(address)") {
            throw Self.tooMany(wait, "too many failed authentications from this address; wait before trying again")
        }
        let principal: Principal
        do {
            let key = try APIKeyAuthenticator.bearerKey(request.headers[.authorization])
            guard key.utf8.count <= 128, let found = try await users.principal(forKey: key) else {
                throw APIKeyAuthenticator.unauthorized("the API key is unknown or revoked")
            }
            principal = found
        } catch let error as HTTPError where error.status == .unauthorized {
            _ = limiter.authFailures.take("auth:\(address)")
            throw error
        }
        if let wait = limiter.perKey.take("key:\(principal.keyPrefix)") { throw Self.tooMany(wait, "too many requests with this API key") }
        switch policy {
        case .scope(let scope) where !principal.allows(scope):
            throw HTTPError(.forbidden, message: "this API key lacks the '\(scope.rawValue)' scope (it has: \(APIScope.list(principal.scopes)))")
        case .metrics where !principal.allows(.metrics):
            throw HTTPError(.forbidden, message: "this API key lacks the 'metrics' scope (it has: \(APIScope.list(principal.scopes)))")
        case .preview where !(principal.allows(.alerts) || principal.allows(.admin)):
            throw HTTPError(.forbidden, message: "previews need a user key with the 'alerts' scope or a service key with 'admin'")
        default: break
        }
        if [.post, .put, .patch].contains(request.method), OpenAPIDocument.methods(matching: path)?.contains(request.method.rawValue) == true {
            let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
            guard let type, type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json")) else {
                throw HTTPError(
                    .unsupportedMediaType,
                    message: "send the body as JSON with 'Content-Type: application/json' (got \(type.map { "'\($0.prefix(60))'" } ?? "none"))")
            }
        }
        var context = context
        context.principal = principal
        context.user = principal.user
        context.maxUploadSize = limits.maxBodyBytes
        return try await next(request, context)
    }

    static func tooMany(_ wait: Double, _ message: String) -> HTTPError {
        let seconds = max(1, Int(wait.rounded(.up)))
        return HTTPError(.tooManyRequests, headers: [.retryAfter: "\(seconds)"], message: "\(message) (retry after \(seconds) s)")
    }
}
