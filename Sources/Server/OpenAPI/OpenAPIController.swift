import Foundation
import HTTPTypes
import Hummingbird

/// `GET /openapi.json`: the API's contract (`OpenAPIDocument`), open like `/health` (docs/SECURITY.md).
struct OpenAPIController {
    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("/openapi.json") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
        return routes
    }
}

extension OpenAPIDocument {
    /// Path template (`/models/{name}`) → the methods the document declares for it (`GET`, `POST`, …).
    static let operations: [String: Set<String>] = {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
            let paths = object["paths"] as? [String: [String: Any]]
        else { return [:] }
        let verbs: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        return paths.mapValues { Set($0.keys.filter(verbs.contains).map { $0.uppercased() }) }
    }()

    /// The methods declared for the template `path` matches (a `{name}` segment matches any one segment), or nil when
    /// the document has no such path.
    static func methods(matching path: String) -> Set<String>? {
        let segments = path.split(separator: "/")
        // The template with the most literal segments wins: `/recipes/run` is not `/recipes/{name}`, as in the router.
        var best: (literals: Int, methods: Set<String>)?
        for (template, methods) in operations {
            let parts = template.split(separator: "/")
            guard parts.count == segments.count, zip(parts, segments).allSatisfy({ $0.hasPrefix("{") || $0 == $1 }) else { continue }
            let literals = parts.filter { !$0.hasPrefix("{") }.count
            if best.map({ literals > $0.literals }) ?? true { best = (literals, methods) }
        }
        return best?.methods
    }
}

/// A known path asked with a method it does not serve answers 405 with `Allow` (RFC 9110 §15.5.6), in the JSON error
/// shape; behind `AccessMiddleware`, so that without a key it is a 401 like every other route.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let methods = OpenAPIDocument.methods(matching: request.uri.path), !methods.contains(request.method.rawValue) {
            let allow = methods.sorted().joined(separator: ", ")
            throw HTTPError(
                .methodNotAllowed, headers: [.allow: allow],
                message: "\(request.method.rawValue.prefix(20)) is not served on \(request.uri.path.prefix(200)); use \(allow)")
        }
        return try await next(request, context)
    }
}
