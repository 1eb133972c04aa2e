import Hummingbird
import Storage

/// Resolves `Authorization: Bearer <api key>` to a user (`UserStore.authenticate`) and answers 401 without calling the
/// route when the header is missing or malformed or the key is unknown or revoked.
///
/// The key is never logged or echoed: it is a secret, and a wrong one may be another system's secret pasted by mistake.
struct APIKeyAuthenticator: RouterMiddleware {
    typealias Context = AppRequestContext

    let users: any UserStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // Behind `AccessMiddleware` the key is checked already; these routes act for a user, so a service key is refused.
        if let principal = context.principal {
            guard principal.user != nil else {
                throw HTTPError(.forbidden, message: "this endpoint acts for a user: use a user's API key (`alertsai users api-key`)")
            }
            return try await next(request, context)
        }
        let key = try Self.bearerKey(request.headers[.authorization])
        guard let user = try await users.authenticate(key: key) else {
            throw Self.unauthorized("the API key is unknown or revoked; `alertsai users api-key --user ID` issues a new one")
        }
        var context = context
        context.user = user
        return try await next(request, context)
    }

    /// The key of a `Bearer` header; the scheme is case-insensitive (RFC 9110 §11.1).
    static func bearerKey(_ header: String?) throws -> String {
        guard let header, !header.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw unauthorized("this endpoint needs an API key: send the header 'Authorization: Bearer <api key>'")
        }
        let parts = header.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw unauthorized("the Authorization header must be 'Bearer <api key>' (one space, no other scheme)")
        }
        return String(parts[1])
    }

    static func unauthorized(_ message: String) -> HTTPError {
        HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer realm=\"alertsai\""], message: message)
    }
}

extension AppRequestContext {
    /// The authenticated caller; a route reached without `APIKeyAuthenticator` in front answers 401 rather than crash.
    func requireUser() throws -> User {
        guard let user else { throw APIKeyAuthenticator.unauthorized("this endpoint needs an API key: send 'Authorization: Bearer <api key>'") }
        return user
    }
}
