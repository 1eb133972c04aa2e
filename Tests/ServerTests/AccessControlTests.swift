import Alerting
import Features
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Server
import Storage
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Scopes, callers acting only for themselves, input bounds, body limits, rate limits and Idempotency-Key
/// (docs/SECURITY.md), each through `buildApplication` over real HTTP on loopback.
@Suite("Access control and input bounds")
struct AccessControlTests {
    func error(_ response: TestResponse) throws -> String {
        try JSONDecoder().decode(APIErrorBody.self, from: Data(buffer: response.body)).error.message
    }

    func fixtureWithModel() async throws -> UserAPIFixture {
        var (config, dir) = temporaryConfig()
        config.webhookInterval = 0
        let features = try await InMemoryFeatureSetCatalog.builtIn().resolveFeatureSet("core-daily@v1").featureNames
        let spec = try await publishTestModel(config, name: "swing", features: features, threshold: 0)
        return UserAPIFixture(config: config, dir: dir, spec: spec)
    }

    @Test("a key without the route's scope answers 403 naming the scope; admin covers the service scopes")
    func scopes() async throws {
        let fixture = try await UserAPIFixture.make()
        defer { fixture.cleanup() }
        let (_, trader) = try await fixture.user("ana")
        let scorer = try await serviceKey(fixture.config, scopes: [APIScope.score])
        let admin = try await serviceKey(fixture.config, scopes: [APIScope.admin])
        let app = try await buildApplication(fixture.config)
        try await app.test(.live) { client in
            for (uri, method, scope) in [("/models", HTTPRequest.Method.get, "registry"), ("/metrics", .get, "metrics"), ("/score", .post, "score")] {
                try await client.execute(uri: uri, method: method, headers: .api(key: trader), body: ByteBuffer(string: "{}")) { r in
                    let message = try error(r)
                    #expect(r.status == .forbidden, "\(uri) with a user key")
                    #expect(message.contains("'\(scope)' scope"))
                }
            }
            try await client.execute(uri: "/models", method: .get, headers: .api(key: scorer)) { #expect($0.status == .forbidden) }
            // A service key is no user: the user's own routes refuse it.
            try await client.execute(uri: "/alerts/feed", method: .get, headers: .api(key: scorer)) { #expect($0.status == .forbidden) }
            for uri in ["/models", "/metrics", "/packs"] {
                try await client.execute(uri: uri, method: .get, headers: .api(key: admin)) { #expect($0.status == .ok, "\(uri) with admin") }
            }
            try await client.execute(uri: "/alerts/feed", method: .get, headers: .api(key: trader)) { #expect($0.status == .ok) }
        }
    }

    @Test("preview acts only for the caller: another user's id answers 404 and reveals nothing")
    func previewOwnOnly() async throws {
        let fixture = try await fixtureWithModel()
        defer { fixture.cleanup() }
        let (ana, anaKey) = try await fixture.user("ana")
        let (bob, _) = try await fixture.user("bob")
        let app = try await buildApplication(fixture.config)
        try await app.test(.live) { client in
            let other = #"{"model":"swing","universe":"AAPL","as_of":"2024-06-28T21:00:00Z","user_id":"\#(bob.id)"}"#
            try await client.execute(uri: "/alerts/preview", method: .post, headers: .api(key: anaKey), body: ByteBuffer(string: other)) {
                #expect($0.status == .notFound)
                #expect(!String(buffer: $0.body).contains(bob.id))
            }
            let own = #"{"model":"swing","universe":"AAPL","as_of":"2024-06-28T21:00:00Z","user_id":"\#(ana.id)"}"#
            try await client.execute(uri: "/alerts/preview", method: .post, headers: .api(key: anaKey), body: ByteBuffer(string: own)) {
                #expect($0.status == .ok, "\(String(buffer: $0.body))")
            }
        }
    }

    @Test("instants outside 1970…2100, absurd symbols and universes answer 422 naming the field; the server lives on")
    func bounds() async throws {
        let fixture = try await fixtureWithModel()
        defer { fixture.cleanup() }
        let key = try await serviceKey(fixture.config)
        let app = try await buildApplication(fixture.config)
        try await app.test(.live) { client in
            let asOfs = [
                "9223372036854775807", "-9223372036854775808", "-1", "4102444800000", #""0000-01-01T00:00:00Z""#,
                #""99999-01-01T00:00:00Z""#, "1.5e300", #""not a date""#,
            ]
            for asOf in asOfs {
                let body = #"{"model":"swing","universe":"AAPL","as_of":\#(asOf)}"#
                try await client.execute(uri: "/alerts/preview", method: .post, headers: .api(key: key), body: ByteBuffer(string: body)) { r in
                    let message = try error(r)
                    #expect(r.status == .unprocessableContent || r.status == .badRequest, "as_of \(asOf): \(r.status)")
                    #expect(message.contains("as_of"), "as_of \(asOf): \(message)")
                }
            }
            let universes = [String(repeating: "A", count: 100_000), "AAPL,\(String(repeating: "B", count: 30))", "ÄPFEL", "AAPL\u{0}"]
            for universe in universes {
                let json = try JSONSerialization.data(withJSONObject: ["model": "swing", "universe": universe])
                try await client.execute(uri: "/alerts/preview", method: .post, headers: .api(key: key), body: ByteBuffer(bytes: json)) {
                    #expect($0.status == .unprocessableContent || $0.status == .badRequest || $0.status == .contentTooLarge, "\(universe.prefix(20))")
                }
            }
            try await client.execute(uri: "/alerts/feed?before=9223372036854775807", method: .get, headers: .api(key: key)) {
                #expect($0.status != .internalServerError)
            }
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test("an oversized body answers 413 and a non-JSON content type 415, both in the JSON error shape")
    func limits() async throws {
        let fixture = try await UserAPIFixture.make()
        defer { fixture.cleanup() }
        let key = try await serviceKey(fixture.config)
        let app = try await buildApplication(fixture.config)
        try await app.test(.live) { client in
            let big = #"{"model":"swing","universe":"\#(String(repeating: "A,", count: 40_000))"}"#
            try await client.execute(uri: "/alerts/preview", method: .post, headers: .api(key: key), body: ByteBuffer(string: big)) { r in
                let message = try error(r)
                #expect(r.status == .contentTooLarge)
                #expect(message.contains("bytes"))
            }
            for type in ["text/plain", "application/x-www-form-urlencoded"] {
                for uri in ["/alerts/preview", "/score"] {
                    var headers = HTTPFields.api(key: key)
                    headers[.contentType] = type
                    try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: "{}")) { r in
                        let message = try error(r)
                        #expect(r.status == .unsupportedMediaType, "\(uri) as \(type)")
                        #expect(message.contains("application/json"))
                    }
                }
            }
        }
    }

    @Test("per-key rate limit answers 429 with Retry-After; repeated failed keys from one address are slowed down")
    func rateLimits() async throws {
        let fixture = try await UserAPIFixture.make()
        defer { fixture.cleanup() }
        let key = try await serviceKey(fixture.config)
        var config = fixture.config
        config.limits = RequestLimits(keyPerSecond: 0.01, keyBurst: 3, addressPerSecond: 0, authFailuresPerMinute: 3)
        let app = try await buildApplication(config)
        try await app.test(.live) { client in
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<5 {
                try await client.execute(uri: "/models", method: .get, headers: .api(key: key)) { r in
                    statuses.append(r.status)
                    if r.status == .tooManyRequests { #expect(Int(r.headers[.retryAfter] ?? "") ?? 0 >= 1) }
                }
            }
            #expect(statuses == [.ok, .ok, .ok, .tooManyRequests, .tooManyRequests])
            let wrong = "aai_abcdefghijkl_" + String(repeating: "x", count: 32)
            var failures: [HTTPResponse.Status] = []
            for _ in 0..<5 {
                try await client.execute(uri: "/packs", method: .get, headers: .api(key: wrong)) { failures.append($0.status) }
            }
            #expect(failures == [.unauthorized, .unauthorized, .unauthorized, .tooManyRequests, .tooManyRequests])
        }
    }

    @Test("/metrics opens to a configured scrape network without a key")
    func metricsNetwork() async throws {
        let fixture = try await UserAPIFixture.make()
        defer { fixture.cleanup() }
        var config = fixture.config
        config.metricsAllowedNetworks = [try IPNetwork("127.0.0.0/8"), try IPNetwork("::1/128")]
        let app = try await buildApplication(config)
        try await app.test(.live) { client in
            try await client.execute(uri: "/metrics", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/models", method: .get) { #expect($0.status == .unauthorized) }
        }
        #expect(try IPNetwork("10.0.0.0/8").contains("::ffff:10.2.3.4"))
        #expect(try !IPNetwork("10.0.0.0/8").contains("11.0.0.1"))
        #expect(throws: IPNetworkError.self) { try IPNetwork("10.0.0.0/33") }
    }

    @Test("a deleted user's keys answer 401 like any unknown key; their subscriptions stop")
    func deletedUser() async throws {
        let fixture = try await UserAPIFixture.make()
        defer { fixture.cleanup() }
        let (ana, key) = try await fixture.user("ana")
        let app = try await buildApplication(fixture.config)
        try await app.test(.live) { client in
            try await client.execute(uri: "/alerts/feed", method: .get, headers: .api(key: key)) { #expect($0.status == .ok) }
            try await fixture.withStore { try await SQLUserStore(store: $0).deleteUser(id: ana.id) }
            try await client.execute(uri: "/alerts/feed", method: .get, headers: .api(key: key)) { r in
                let message = try error(r)
                #expect(r.status == .unauthorized)
                #expect(!message.contains(ana.id))
                #expect(message.contains("unknown or revoked"))
            }
        }
        await #expect(throws: StorageError.self) { try await fixture.withStore { try await SQLUserStore(store: $0).deleteUser(id: ana.id) } }
    }

    /// One POST over a real connection (URLSession), so that many can be in flight at once.
    static func post(port: Int, path: String, key: String, body: String, idempotencyKey: String?) async throws -> (Int, String) {
        var r = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!, timeoutInterval: 30)
        r.httpMethod = "POST"
        r.httpBody = Data(body.utf8)
        r.setValue("application/json", forHTTPHeaderField: "Content-Type")
        r.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        if let idempotencyKey { r.setValue(idempotencyKey, forHTTPHeaderField: "Idempotency-Key") }
        let (data, response) = try await URLSession.shared.data(for: r)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test("20 parallel subscribes with one Idempotency-Key make one subscription; 20 without a key to one URL make one endpoint")
    func parallelSubscribes() async throws {
        let fixture = try await UserAPIFixture.make()
        defer { fixture.cleanup() }
        let (_, key) = try await fixture.user("ana")
        var config = fixture.config
        config.limits = .unlimited
        let app = try await buildApplication(config)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let body = #"{"model":"swing","universe":"preset:us-mega-30","webhook":{"url":"https://hooks.example.com/a"}}"#
            let answers = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for _ in 0..<20 {
                    group.addTask { try await Self.post(port: port, path: "/alerts/subscribe", key: key, body: body, idempotencyKey: "parallel-1") }
                }
                var out: [(Int, String)] = []
                for try await a in group { out.append(a) }
                return out
            }
            // Each answer is the first one (replayed) or "still being answered" (409); never a second subscription.
            #expect(answers.allSatisfy { $0.0 / 100 == 2 || $0.0 == 409 }, "\(answers.map(\.0))")
            #expect(Set(answers.filter { $0.0 / 100 == 2 }.map(\.1)).count == 1)
            let other = #"{"model":"swing","universe":"AAPL,MSFT","webhook":{"url":"https://hooks.example.com/b"}}"#
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await Self.post(port: port, path: "/alerts/subscribe", key: key, body: other, idempotencyKey: nil).0 }
                }
                var out: [Int] = []
                for try await s in group { out.append(s) }
                return out
            }
            #expect(statuses.allSatisfy { $0 / 100 == 2 }, "\(statuses)")
        }
        #expect(try await fixture.count("alert_subscriptions") == 2)
        #expect(try await fixture.count("webhook_endpoints") == 2)
    }

    @Test("Idempotency-Key: same key and body replay the first answer, another body 422; scoped per caller")
    func idempotency() async throws {
        let fixture = try await UserAPIFixture.make()
        defer { fixture.cleanup() }
        let (_, key) = try await fixture.user("ana")
        let app = try await buildApplication(fixture.config)
        try await app.test(.live) { client in
            let body =
                #"{"model":"swing","universe":"preset:us-mega-30","webhook":{"url":"https://hooks.example.com/a"}}"#
            var headers = HTTPFields.api(key: key)
            headers[HTTPField.Name("Idempotency-Key")!] = "sub-1"
            var first = ""
            try await client.execute(uri: "/alerts/subscribe", method: .post, headers: headers, body: ByteBuffer(string: body)) {
                #expect($0.status.code / 100 == 2, "\(String(buffer: $0.body))")
                first = String(buffer: $0.body)
            }
            try await client.execute(uri: "/alerts/subscribe", method: .post, headers: headers, body: ByteBuffer(string: body)) {
                #expect($0.status.code / 100 == 2)
                #expect(String(buffer: $0.body) == first)
                #expect($0.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            }
            let other = body.replacingOccurrences(of: "us-mega-30", with: "us-etf-10")
            try await client.execute(uri: "/alerts/subscribe", method: .post, headers: headers, body: ByteBuffer(string: other)) {
                #expect($0.status == .unprocessableContent)
            }
        }
        #expect(try await fixture.count("alert_subscriptions") == 1)
    }
}
