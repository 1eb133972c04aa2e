import AlertsCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import Storage
import Testing

/// `GET /models`, `/models/{name}`, `/models/{name}/versions/{version}`, `/packs`: the registry, read-only.
@Suite("registry endpoints")
struct RegistryEndpointTests {
    struct Models: Decodable {
        struct Model: Decodable { let name: String; let published_version: Int?; let latest_version: Int; let versions: Int }
        let models: [Model]
    }

    struct Detail: Decodable {
        struct Version: Decodable {
            let version: Int
            let reference: String
            let status: String
            let created_at: String
            let published_at: String?
            let metrics: [String: Double]?
        }
        let name: String
        let published_version: Int?
        let latest_version: Int
        let versions: [Version]
    }

    struct VersionDetail: Decodable {
        struct Spec: Decodable { let name: String; let version: Int; let artifact_digest: String; let featureset: FeatureSetRef }
        struct Run: Decodable { let data_fingerprint: String; let model_name: String }
        let spec: Spec
        let published_at: String?
        let training_runs: [Run]
    }

    struct Packs: Decodable {
        struct Pack: Decodable {
            struct Component: Decodable { let role: String; let model: String; let version: Int; let reference: String }
            let name: String
            let status: String
            let components: [Component]
        }
        let packs: [Pack]
    }

    /// `swing` v1 published (no training run), v2 a draft with a training run; `alt` v1 a draft; pack `core` published
    /// with swing v1 as `daily`, pack `later` not published.
    func seed(_ fixture: UserAPIFixture) async throws {
        try await fixture.withStore { store in
            let registry = SQLModelRegistry(store: store)
            var next = fixture.spec
            next.id = UUID()
            let metrics: JSONValue = .object([
                "rows": .number(500), "positives": .number(180), "timings_ms": .object(["cv": .number(12)]),
                "out_of_fold": .object(["auc": .number(0.71), "brier": .number(0.2), "top_per_day": .number(3)]),
            ])
            let run = TrainingRunRecord(
                modelName: "swing", config: .object([:]), dataFingerprint: "fp-swing-2", codeVersion: "test", seed: 7, metrics: metrics,
                artifactDigest: next.artifactDigest, startedAt: 1, finishedAt: 2)
            let v2 = try await registry.register(next, run: run, actor: "test")
            #expect(v2.version == 2)
            var alt = fixture.spec
            alt.id = UUID()
            alt.name = "alt"
            _ = try await registry.register(alt, run: nil, actor: "test")
            _ = try await registry.createPack(name: "core", description: "daily swing", actor: "test")
            _ = try await registry.addToPack(pack: "core", role: "daily", name: "swing", version: 1, actor: "test")
            _ = try await registry.publishPack("core", actor: "test")
            _ = try await registry.createPack(name: "later", description: "not yet", actor: "test")
            _ = try await registry.addToPack(pack: "later", role: "daily", name: "swing", version: 2, actor: "test")
        }
    }

    func get<T: Decodable>(_ client: some TestClientProtocol, _ key: String, _ uri: String, as type: T.Type) async throws -> T {
        try await client.execute(uri: uri, method: .get, headers: .api(key: key)) { response in
            #expect(response.status == .ok, "GET \(uri): \(String(buffer: response.body))")
            return try JSONDecoder().decode(T.self, from: Data(buffer: response.body))
        }
    }

    @Test("models with their published and latest versions; one model's versions with status, times and metrics")
    func models() async throws {
        let fixture = try await UserAPIFixture.make()
        defer { fixture.cleanup() }
        try await seed(fixture)
        let key = try await serviceKey(fixture.config)
        let app = try await buildApplication(fixture.config)
        try await app.test(.live) { client in
            let list = try await get(client, key, "/models", as: Models.self)
            #expect(list.models.map(\.name) == ["alt", "swing"])
            #expect(list.models[0].published_version == nil && list.models[0].latest_version == 1)
            #expect(list.models[1].published_version == 1 && list.models[1].latest_version == 2 && list.models[1].versions == 2)
            // An absent value is written as null, not left out (docs/API.md).
            try await client.execute(uri: "/models", method: .get, headers: .api(key: key)) { response in
                #expect(String(buffer: response.body).contains(#""published_version":null"#))
            }
            try await client.execute(uri: "/models/swing", method: .get, headers: .api(key: key)) { response in
                #expect(String(buffer: response.body).contains(#""published_at":null"#))
                #expect(String(buffer: response.body).contains(#""metrics":null"#))
            }

            let swing = try await get(client, key, "/models/swing", as: Detail.self)
            #expect(swing.name == "swing" && swing.published_version == 1 && swing.latest_version == 2)
            #expect(swing.versions.map(\.version) == [2, 1])
            #expect(swing.versions.map(\.status) == ["draft", "published"])
            #expect(swing.versions.map(\.reference) == ["swing@v2", "swing@v1"])
            #expect(swing.versions[0].published_at == nil && swing.versions[1].published_at != nil)
            #expect(swing.versions[0].metrics?["oof_auc"] == 0.71 && swing.versions[0].metrics?["rows"] == 500)
            #expect(swing.versions[0].metrics?["positives"] == 180 && swing.versions[0].metrics?["oof_brier"] == 0.2)
            #expect(swing.versions[1].metrics == nil)
        }
    }

    @Test("one version in full: the spec and its training runs")
    func version() async throws {
        let fixture = try await UserAPIFixture.make()
        defer { fixture.cleanup() }
        try await seed(fixture)
        let key = try await serviceKey(fixture.config)
        let app = try await buildApplication(fixture.config)
        try await app.test(.live) { client in
            let v2 = try await get(client, key, "/models/swing/versions/2", as: VersionDetail.self)
            #expect(v2.spec.name == "swing" && v2.spec.version == 2 && v2.spec.artifact_digest == fixture.spec.artifactDigest)
            #expect(v2.spec.featureset == fixture.spec.featureset)
            #expect(v2.training_runs.map(\.data_fingerprint) == ["fp-swing-2"] && v2.published_at == nil)
            let v1 = try await get(client, key, "/models/swing/versions/v1", as: VersionDetail.self)
            #expect(v1.spec.version == 1 && v1.training_runs.isEmpty && v1.published_at != nil)
        }
    }

    @Test("published packs with their components; unpublished packs are not listed")
    func packs() async throws {
        let fixture = try await UserAPIFixture.make()
        defer { fixture.cleanup() }
        try await seed(fixture)
        let key = try await serviceKey(fixture.config)
        let app = try await buildApplication(fixture.config)
        try await app.test(.live) { client in
            let packs = try await get(client, key, "/packs", as: Packs.self)
            #expect(packs.packs.map(\.name) == ["core"])
            #expect(packs.packs.first?.status == "published")
            #expect(packs.packs.first?.components.map(\.reference) == ["swing@v1"])
            #expect(packs.packs.first?.components.first?.role == "daily")
        }
    }

    @Test("an unknown name or version answers 404 naming it; a version that is not a number, 400")
    func unknown() async throws {
        let fixture = try await UserAPIFixture.make()
        defer { fixture.cleanup() }
        try await seed(fixture)
        let key = try await serviceKey(fixture.config)
        let app = try await buildApplication(fixture.config)
        try await app.test(.live) { client in
            for (uri, status, named) in [
                ("/models/nope", HTTPResponse.Status.notFound, "nope"), ("/models/nope/versions/1", .notFound, "nope"),
                ("/models/swing/versions/9", .notFound, "9"), ("/models/swing/versions/latest", .badRequest, "latest"),
                ("/models/swing/versions/0", .badRequest, "'0'"),
            ] {
                try await client.execute(uri: uri, method: .get, headers: .api(key: key)) { response in
                    #expect(response.status == status, "GET \(uri)")
                    let message = try JSONDecoder().decode(APIErrorBody.self, from: Data(buffer: response.body)).error.message
                    #expect(message.contains(named), "GET \(uri) → \(message)")
                }
            }
        }
    }
}
