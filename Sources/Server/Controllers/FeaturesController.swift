import Features
import Foundation
import Hummingbird

/// `POST /indicator_sets/auto_build` (latest features per symbol from closed bars) and `GET /indicator_sets`.
struct FeaturesController {
    let service: FeatureService
    let catalog: any FeatureSetCatalog

    struct SetSummary: ResponseEncodable {
        let name: String
        let version: Int
        let features: [String]
    }

    struct Catalog: ResponseEncodable {
        let sets: [SetSummary]
        let strategies: [String]
    }

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.post("/indicator_sets/auto_build") { request, context -> Response in
            let body = try await request.decode(as: AutoBuildRequest.self, context: context)
            for (i, symbol) in body.symbols.enumerated() { _ = try InputBounds.symbol(symbol, field: "symbols[\(i)]") }
            do {
                let answer = try await service.autoBuild(body)
                return try jsonResponse(answer)
            } catch let error as FeatureError {
                switch error {
                case .tooManySymbols: throw HTTPError(.contentTooLarge, message: error.description)
                case .unknownFeatureSet, .unknownStrategy: throw HTTPError(.notFound, message: error.description)
                default: throw HTTPError(.unprocessableContent, message: error.description)
                }
            }
        }
        routes.get("/indicator_sets") { _, _ -> Catalog in
            let sets = try await catalog.featureSets().compactMap { d -> SetSummary? in
                guard let set = try? FeatureSet(d) else { return nil }
                return SetSummary(name: d.name, version: d.version, features: set.featureNames)
            }
            let strategies = try await catalog.strategies().map { "\($0.name)@v\($0.version)" }
            return Catalog(sets: sets, strategies: strategies)
        }
        return routes
    }
}
