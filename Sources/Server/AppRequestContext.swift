import Hummingbird
import Storage

/// The request context of every AlertsAI route.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The caller, set by `APIKeyAuthenticator` on the routes that need one; nil on open routes.
    public var user: User?

    public init(source: Source) {
        coreContext = .init(source: source)
        user = nil
    }
}
