import AlertsCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Storage
import TestSupport
import Testing

@testable import Server

/// `GET /openapi.json` (the contract, issue 12 point 10) and the snake_case wire form of every answer.
@Suite("OpenAPI contract and wire form")
struct OpenAPITests {
    /// The served document, fetched without a key.
    func served(_ config: AppConfig) async throws -> [String: Any] {
        let app = try await buildApplication(config)
        return try await app.test(.router) { client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                return try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
            }
        }
    }

    /// `GET /models/{name}` style operations of a document: `"GET /models/{name}"`.
    static func operations(_ document: [String: Any]) -> Set<String> {
        let paths = document["paths"] as? [String: [String: Any]] ?? [:]
        return Set(paths.flatMap { path, item in item.keys.map { "\($0.uppercased()) \(path)" } })
    }

    @Test("/openapi.json is open, OpenAPI 3.1, and names exactly the routes the router serves")
    func coverage() async throws {
        let (config, dir) = temporaryConfig()
        defer { try? FileManager.default.removeItem(at: dir) }
        let document = try await served(config)
        #expect(document["openapi"] as? String == "3.1.0")

        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let store = try await StoreFactory.open(url: try DatabaseURL(config.databaseURL), logger: logger)
        let router = buildRouter(try AppServices(config: config, store: store))
        await store.shutdown()
        // `/models/:name` → `/models/{name}`.
        let served = Set(
            router.routes.map { route in
                let segments = route.path.description.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
                return "\(route.method.rawValue) /\(segments.joined(separator: "/"))"
            })
        #expect(served.count >= 15)
        let documented = Self.operations(document)
        #expect(served.subtracting(documented).isEmpty, "served but not in /openapi.json: \(served.subtracting(documented).sorted())")
        #expect(documented.subtracting(served).isEmpty, "in /openapi.json but not served: \(documented.subtracting(served).sorted())")
    }

    @Test("each operation's security names the scopes AccessMiddleware's RoutePolicy asks for; errors use the one error shape")
    func security() throws {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
        let components = try #require(document["components"] as? [String: Any])
        let schemes = try #require(components["securitySchemes"] as? [String: [String: Any]])
        #expect(schemes["api_key"]?["type"] as? String == "http" && schemes["api_key"]?["scheme"] as? String == "bearer")
        let paths = try #require(document["paths"] as? [String: [String: [String: Any]]])
        for (path, item) in paths {
            for (method, operation) in item {
                let label = "\(method.uppercased()) \(path)"
                let security = try #require(operation["security"] as? [[String: [String]]], "\(label) has no security")
                let scopes = Set(security.flatMap { $0["api_key"] ?? [] })
                let concrete = path.replacingOccurrences(of: "{name}", with: "x").replacingOccurrences(of: "{version}", with: "1")
                    .replacingOccurrences(of: "{id}", with: "x")
                let expected: Set<String>? =
                    switch RoutePolicy.of(method: HTTPRequest.Method(method.uppercased())!, path: concrete) {
                    case .open: []
                    case .scope(let scope): [scope.rawValue]
                    case .metrics: ["metrics"]
                    case .preview: ["alerts", "admin"]
                    case nil: nil
                    }
                #expect(expected == scopes, "\(label): document \(scopes.sorted()), RoutePolicy \(expected.map { $0.sorted() } ?? [])")
                let responses = try #require(operation["responses"] as? [String: [String: Any]])
                for code in responses.keys where code.hasPrefix("4") || code.hasPrefix("5") {
                    #expect(responses[code]?["$ref"] != nil, "\(label) \(code) is not one of components/responses")
                }
                if expected != [] {
                    for code in ["401", "403", "429"] { #expect(responses[code] != nil, "\(label) documents no \(code)") }
                }
            }
        }
        let errorResponses = try #require(components["responses"] as? [String: [String: Any]])
        for (name, response) in errorResponses {
            let schema = (response["content"] as? [String: [String: [String: String]]])?["application/json"]?["schema"]
            #expect(schema?["$ref"] == "#/components/schemas/Error", "\(name)")
        }
        // Every `$ref` resolves.
        let text = OpenAPIDocument.json
        for match in text.matches(of: /"\$ref": "#\/components\/(schemas|responses)\/([A-Za-z]+)"/) {
            let section = components[String(match.1)] as? [String: Any]
            #expect(section?[String(match.2)] != nil, "unresolved $ref \(match.0)")
        }
    }

    @Test("openapi-spec-validator accepts the document (skipped locally when not installed; required when CI=true)")
    func specValidator() async throws {
        let env = ProcessInfo.processInfo.environment
        if try !TestPython.canImport("openapi_spec_validator") {
            #expect(env["CI"] != "true", "CI=true but openapi-spec-validator is not importable by \(TestPython.description)")
            print("skipping: python package openapi-spec-validator not importable (pip install openapi-spec-validator, or set ALERTSAI_TEST_PYTHON)")
            return
        }
        let (config, dir) = temporaryConfig()
        defer { try? FileManager.default.removeItem(at: dir) }
        let document = try await served(config)
        let file = dir.appendingPathComponent("openapi.json")
        try JSONSerialization.data(withJSONObject: document).write(to: file)
        let script = """
            import json, sys
            from openapi_spec_validator import validate
            from openapi_spec_validator.validation.validators import OpenAPIV31SpecValidator
            validate(json.load(open(sys.argv[1])), cls=OpenAPIV31SpecValidator)
            """
        let (status, output) = try TestPython.run(["-c", script, file.path])
        #expect(status == 0, "\(output)")
    }

    @Test("a known path asked with another method answers 405 with Allow, in the error shape; without a key still 401")
    func methodNotAllowed() async throws {
        let (config, dir) = temporaryConfig()
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = try await serviceKey(config)
        let app = try await buildApplication(config)
        try await app.test(.router) { client in
            for (uri, method, allow) in [
                ("/models", HTTPRequest.Method.put, "GET"), ("/score", .get, "POST"), ("/alerts/preview", .get, "POST"),
                ("/health", .post, "GET"),
            ] {
                try await client.execute(uri: uri, method: method, headers: .api(key: key), body: ByteBuffer(string: "{}")) { response in
                    #expect(response.status == .methodNotAllowed, "\(method) \(uri)")
                    #expect(response.headers[.allow] == allow, "\(method) \(uri)")
                    let message = try JSONDecoder().decode(APIErrorBody.self, from: Data(buffer: response.body)).error.message
                    #expect(message.contains(allow))
                }
            }
            try await client.execute(uri: "/models", method: .put) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/nowhere", method: .get, headers: .api(key: key)) { #expect($0.status == .notFound) }
        }
    }

    @Test("schemathesis findings: a symbol outside the symbol rule answers 422 naming it (it used to be a 200 with a per-symbol error)")
    func autoBuildSymbols() async throws {
        let (config, dir) = temporaryConfig()
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = try await serviceKey(config)
        let app = try await buildApplication(config)
        try await app.test(.router) { client in
            for (symbols, field) in [
                (#"["AAPL", "×ø"]"#, "symbols[1]"), (#"[""]"#, "symbols[0]"), (#"["ABCDEFGHIJKLMNOPQRSTUVWXYZ"]"#, "symbols[0]"),
            ] {
                let body = ByteBuffer(string: #"{"symbols": \#(symbols), "set": "core-daily"}"#)
                try await client.execute(uri: "/indicator_sets/auto_build", method: .post, headers: .api(key: key), body: body) { response in
                    #expect(response.status == .unprocessableContent, "\(symbols)")
                    let message = try JSONDecoder().decode(APIErrorBody.self, from: Data(buffer: response.body)).error.message
                    #expect(message.hasPrefix(field), "\(message)")
                }
            }
        }
    }

    /// The keys of `WireJSON.verbatim` fields as they appear on the wire.
    static let verbatim = Set(WireJSON.verbatim.map(WireJSON.snakeCase))

    /// Every key of `value` that is a field name (outside `WireJSON.verbatim` data) and not in snake_case.
    static func camelKeys(_ value: Any, path: String = "") -> [String] {
        if let array = value as? [Any] { return array.enumerated().flatMap { camelKeys($1, path: "\(path)[\($0)]") } }
        guard let object = value as? [String: Any] else { return [] }
        return object.flatMap { key, child -> [String] in
            let here = key.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" } ? [] : ["\(path).\(key)"]
            return here + (verbatim.contains(key) ? [] : camelKeys(child, path: "\(path).\(key)"))
        }
    }

    @Test("the registry answers in snake_case, nested keys too, while training-config keys, filters and regime labels stay as written")
    func registrySnakeCase() async throws {
        let fixture = try await UserAPIFixture.make()
        defer { fixture.cleanup() }
        try await fixture.withStore { store in
            var spec = fixture.spec
            spec.id = UUID()
            spec.name = "wire"
            spec.trainingCfg = .object(["learningRate": .number(0.1), "featureSet": .object(["warmupBars": .number(3)])])
            spec.scope = ModelScope(allowPresets: ["us-mega-30"], filters: ["minPrice": .number(5)])
            spec.thresholds.perRegime = ["HighVol": 0.7]
            let run = TrainingRunRecord(
                modelName: "wire", config: .object(["numLeaves": .number(7)]), dataFingerprint: "fp", codeVersion: "test", seed: 7,
                metrics: .object(["out_of_fold": .object(["auc": .number(0.7)])]), artifactDigest: spec.artifactDigest, startedAt: 1, finishedAt: 2)
            _ = try await SQLModelRegistry(store: store).register(spec, run: run, actor: "test")
        }
        let key = try await serviceKey(fixture.config)
        let trader = try await fixture.user("trader").key
        let app = try await buildApplication(fixture.config)
        try await app.test(.router) { client in
            for (uri, key) in [
                ("/models", key), ("/models/wire", key), ("/models/wire/versions/1", key), ("/packs", key), ("/indicator_sets", key),
                ("/health", key), ("/alerts/feed", trader), ("/alerts/subscriptions", trader),
            ] {
                try await client.execute(uri: uri, method: .get, headers: .api(key: key)) { response in
                    #expect(response.status == .ok, "GET \(uri)")
                    let json = try JSONSerialization.jsonObject(with: Data(buffer: response.body))
                    #expect(Self.camelKeys(json).isEmpty, "GET \(uri): \(Self.camelKeys(json))")
                }
            }
            try await client.execute(uri: "/models/wire/versions/1", method: .get, headers: .api(key: key)) { response in
                let body = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                let spec = try #require(body["spec"] as? [String: Any])
                for key in ["label_cfg", "model_uri", "artifact_digest", "training_cfg", "created_at", "updated_at"] {
                    #expect(spec[key] != nil, "spec.\(key) missing: \(spec.keys.sorted())")
                }
                #expect((spec["guardrails"] as? [String: Any])?["daily_budget"] as? Int == 3)
                #expect(((spec["label_cfg"] as? [String: Any])?["plan"] as? [String: Any])?["max_hold_bars"] as? Int == 10)
                let training = try #require(spec["training_cfg"] as? [String: Any])
                #expect(training["learningRate"] as? Double == 0.1)
                #expect((training["featureSet"] as? [String: Any])?["warmupBars"] as? Int == 3)
                #expect(((spec["scope"] as? [String: Any])?["filters"] as? [String: Any])?["minPrice"] as? Int == 5)
                #expect((spec["scope"] as? [String: Any])?["allow_presets"] as? [String] == ["us-mega-30"])
                #expect(((spec["thresholds"] as? [String: Any])?["per_regime"] as? [String: Any])?["HighVol"] as? Double == 0.7)
                let run = try #require((body["training_runs"] as? [[String: Any]])?.first)
                #expect(run["data_fingerprint"] as? String == "fp" && run["model_name"] as? String == "wire")
                #expect((run["config"] as? [String: Any])?["numLeaves"] as? Int == 7)
            }
        }
    }

    @Test("snake_case conversion of field names")
    func snakeCase() {
        for (camel, snake) in [
            ("modelURI", "model_uri"), ("labelCfg", "label_cfg"), ("expectedR", "expected_r"), ("asOf", "as_of"), ("specID", "spec_id"),
            ("optionsMinDTE", "options_min_dte"), ("already_snake", "already_snake"), ("rsi14", "rsi14"), ("URLValue", "url_value"),
            ("promise", "promise"), ("maxHoldBars", "max_hold_bars"),
        ] {
            #expect(WireJSON.snakeCase(camel) == snake, "\(camel)")
        }
    }
}
