import Alerting
import AlertsCore
import Foundation
import Hummingbird
import MarketData
import Storage

/// `POST /recipes`, `GET /recipes`, `GET/DELETE /recipes/{name}`, `POST /recipes/run`, and the same for `/workflows`
/// (issue 18 point 6). A user key (scope `alerts`) stores, sees and runs its own definitions and the shared ones (an
/// operator's); another user's name answers 404. A service key with `admin` is an operator: it stores shared ones, sees
/// every one, and runs for any `user_id` or for the shared feed. A run answers the run report, like `/alerts/preview`.
struct PipelinesController {
    let service: PipelineService

    struct RunRequest: Decodable {
        var name: String?
        var universe: String?
        var asOf: AlertsController.AsOf?
        var mode: String?
        var userID: String?
        var recipe: JSONValue?
        var workflow: JSONValue?

        enum CodingKeys: String, CodingKey {
            case name, universe, mode, recipe, workflow
            case asOf = "as_of"
            case userID = "user_id"
        }
    }

    struct PipelineBody: ResponseEncodable {
        var name: String
        /// `user` (the caller's own) or `shared` (an operator's, every user sees and runs it).
        var scope: String
        @ExplicitNull var userID: String?
        var definition: JSONValue
        var createdAt: String
        var updatedAt: String

        enum CodingKeys: String, CodingKey {
            case name, scope, definition
            case userID = "user_id", createdAt = "created_at", updatedAt = "updated_at"
        }

        init(_ p: StoredPipeline) {
            name = p.name
            scope = p.userID == nil ? "shared" : "user"
            userID = p.userID
            definition = (try? JSONDecoder().decode(JSONValue.self, from: Data(p.json.utf8))) ?? .object([:])
            createdAt = Timestamps.iso8601(p.createdAt)
            updatedAt = Timestamps.iso8601(p.updatedAt)
        }
    }

    struct RecipeList: ResponseEncodable {
        var recipes: [PipelineBody]
    }

    struct WorkflowList: ResponseEncodable {
        var workflows: [PipelineBody]
    }

    /// The caller: a user (their own definitions) or an operator's service key with `admin` (nil).
    static func caller(_ context: AppRequestContext) throws -> String? {
        guard let principal = context.principal else { throw APIKeyAuthenticator.unauthorized("this endpoint needs an API key") }
        if let user = principal.user { return user.id }
        guard principal.allows(.admin) else {
            throw HTTPError(.forbidden, message: "a service key needs the 'admin' scope to manage recipes and workflows")
        }
        return nil
    }

    static func notFound(_ kind: PipelineKind, _ name: String) -> HTTPError {
        HTTPError(.notFound, message: "no \(kind.singular) '\(name.prefix(100))' of yours or shared; GET /\(kind.rawValue) lists them")
    }

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        for kind in PipelineKind.allCases {
            let base = "/\(kind.rawValue)"
            routes.post(RouterPath(base)) { request, context -> Response in
                let owner = try Self.caller(context)
                let buffer = try await request.body.collect(upTo: context.maxUploadSize)
                let parsed = try Self.definition(kind, Data(buffer: buffer))
                let stored = try await refusing { try await service.create(parsed, owner: owner) }
                return try jsonResponse(PipelineBody(stored), status: .created)
            }
            routes.get(RouterPath(base)) { _, context -> Response in
                let owner = try Self.caller(context)
                let list = try await service.pipelines.pipelines(kind, visibleTo: owner).map(PipelineBody.init)
                return kind == .recipe ? try jsonResponse(RecipeList(recipes: list)) : try jsonResponse(WorkflowList(workflows: list))
            }
            routes.get(RouterPath("\(base)/:name")) { _, context -> PipelineBody in
                let owner = try Self.caller(context)
                let name = try context.parameters.require("name")
                guard let found = try await service.pipelines.pipeline(kind, name: name, visibleTo: owner) else { throw Self.notFound(kind, name) }
                return PipelineBody(found)
            }
            routes.delete(RouterPath("\(base)/:name")) { _, context -> Response in
                let owner = try Self.caller(context)
                let name = try context.parameters.require("name")
                // A user deletes only their own; a shared one is the operator's to delete.
                guard try await service.pipelines.delete(kind, name: name, ownedBy: owner) else { throw Self.notFound(kind, name) }
                return Response(status: .noContent)
            }
            routes.post(RouterPath("\(base)/run")) { request, context -> Response in
                let caller = try Self.caller(context)
                let body = try await request.decode(as: RunRequest.self, context: context)
                return try jsonResponse(try await run(kind, body, caller: caller))
            }
        }
        return routes
    }

    /// The body of `POST /recipes`: the definition as JSON, or `{"yaml": "..."}`.
    static func definition(_ kind: PipelineKind, _ data: Data) throws -> ParsedPipeline {
        guard let object = try? JSONSerialization.jsonObject(with: data) else {
            throw HTTPError(.badRequest, message: "the body is not valid JSON; send the \(kind.singular) as JSON or {\"yaml\": \"…\"}")
        }
        guard let fields = object as? [String: Any] else {
            throw HTTPError(.badRequest, message: "the body is not a JSON object; send the \(kind.singular) as JSON or {\"yaml\": \"…\"}")
        }
        do {
            if fields.count == 1, let yaml = fields["yaml"] {
                guard let text = yaml as? String else { throw PipelineError.invalid("yaml: expected the definition as YAML text (a string)") }
                return try ParsedPipeline.parse(kind, yaml: text, source: kind.singular)
            }
            return try ParsedPipeline.parse(kind, json: data, source: kind.singular)
        } catch let e as PipelineError {
            throw HTTPError(.unprocessableContent, message: e.description)
        }
    }

    func run(_ kind: PipelineKind, _ body: RunRequest, caller: String?) async throws -> AlertRunReport {
        let inline = kind == .recipe ? body.recipe : body.workflow
        let other = kind == .recipe ? body.workflow : body.recipe
        guard other == nil else {
            throw HTTPError(
                .badRequest, message: "\"\(kind == .recipe ? "workflow" : "recipe")\" is for POST /\(kind == .recipe ? "workflows" : "recipes")/run")
        }
        guard (body.name == nil) != (inline == nil) else {
            throw HTTPError(
                .badRequest, message: "give exactly one of \"name\" (a stored \(kind.singular)) and \"\(kind.singular)\" (an inline one, previewed)")
        }
        let mode: RunMode
        switch body.mode {
        case nil: mode = inline == nil ? .commit : .preview
        case "commit": mode = .commit
        case "preview": mode = .preview
        case "dry_run": mode = .dryRun
        case let other?: throw InputBounds.invalid("mode", "preview, dry_run or commit, got '\(other.prefix(40))'")
        }
        if inline != nil, mode != .preview {
            throw InputBounds.invalid("mode", "an inline \(kind.singular) only previews; store it with POST /\(kind.rawValue) to run it")
        }
        if let u = body.universe { _ = try InputBounds.universe(u) }
        // Whom the run is for: a user key, its own user (another `user_id` answers 404); an operator, any or none.
        let userID: String?
        if let caller {
            if let requested = body.userID, requested != caller { throw HTTPError(.notFound, message: "no such user") }
            userID = caller
        } else {
            if let requested = body.userID { _ = try InputBounds.name(requested, field: "user_id") }
            userID = body.userID
        }
        let parsed: ParsedPipeline
        if let name = body.name {
            _ = try InputBounds.name(name, field: "name")
            guard let found = try await refusing({ try await service.stored(kind, name: name, visibleTo: caller) }) else {
                throw Self.notFound(kind, name)
            }
            parsed = found.1
        } else {
            let data = try JSONEncoder().encode(inline ?? .object([:]))
            parsed = try Self.definition(kind, data)
            try await refusing { try await service.check(parsed, owner: caller) }
        }
        return try await refusing {
            try await withAlertingErrors {
                do {
                    return try await service.run(parsed.steps, universe: body.universe, asOf: body.asOf?.millis, userID: userID, mode: mode)
                } catch let e as MarketDataError {
                    if case .unknownUniverse(kind: "watchlist", _, _) = e { throw HTTPError(.notFound, message: "universe: \(e)") }
                    throw HTTPError(.badRequest, message: "universe: \(e)")
                }
            }
        }
    }

    /// The definitions' and the store's refusals: 422 naming the field, 409 for a taken name.
    func refusing<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let e as PipelineError {
            throw HTTPError(.unprocessableContent, message: e.description)
        } catch StorageError.constraint(let message) {
            throw HTTPError(.unprocessableContent, message: message)
        } catch StorageError.duplicate(let message) {
            throw HTTPError(.conflict, message: message)
        }
    }
}
