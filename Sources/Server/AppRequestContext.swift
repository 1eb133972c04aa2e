import Foundation
import Hummingbird
import NIOCore
import Storage

/// The request context of every AlertsAI route.
public struct AppRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The caller, set by `AccessMiddleware` (or `APIKeyAuthenticator`) for a user key; nil for service keys and `/health`.
    public var user: User?
    /// The authenticated key's owner and scopes; nil on `/health`.
    public var principal: Principal?
    /// The peer of the connection (nil in router tests, which have no socket).
    public let remoteAddress: SocketAddress?
    /// Largest body `request.decode` collects; `AccessMiddleware` sets it per route from `serve.max_body_bytes`.
    public var maxUploadSize: Int

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        user = nil
        principal = nil
        remoteAddress = source.channel.remoteAddress
        maxUploadSize = 65536
    }

    /// Routes that return a `ResponseEncodable` answer in the wire form too (`WireJSON`).
    public var responseEncoder: JSONEncoder { WireJSON.encoder() }
}
