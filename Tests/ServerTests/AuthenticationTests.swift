import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import Storage
import Testing

/// `Authorization: Bearer <api key>` on every endpoint but /health (docs/SECURITY.md).
@Suite("API key authentication")
struct AuthenticationTests {
    static let userRoutes: [(String, HTTPRequest.Method)] = [
        ("/alerts/subscriptions", .get), ("/alerts/feed", .get), ("/alerts/subscribe", .post), ("/alerts/subscriptions/some-id", .delete),
    ]

    @Test("a missing, malformed, unknown or revoked key answers 401 in the JSON error shape, never echoing the key")
    func refusals() async throws {
        let fixture = try await UserAPIFixture.make()
        defer { fixture.cleanup() }
        let (ana, key) = try await fixture.user("ana")
        let revoked = try await fixture.withStore { store in
            let users = SQLUserStore(store: store)
            let issued = try await users.issueKey(userID: ana.id, label: "old")
            try await users.revokeKey(prefix: issued.prefix)
            return issued.key
        }
        // Well formed (prefix of 12) but never issued.
        let unknown = "aai_abcdefghijkl_" + String(key.split(separator: "_")[2])
        let headers: [(String, String?, String)] = [
            ("missing", nil, "Authorization"),
            ("other scheme", "Basic \(Data("ana:pw".utf8).base64EncodedString())", "Bearer"),
            ("no key", "Bearer", "Bearer"),
            ("unknown", "Bearer \(unknown)", "unknown or revoked"),
            ("revoked", "Bearer \(revoked)", "unknown or revoked"),
            ("not a key", "Bearer hunter2-not-a-key", "unknown or revoked"),
        ]
        let body = #"{"model":"swing","universe":"*","webhook":{"url":"https://example.com/hook"}}"#
        // 24 failed tries from one address: above the default slow-down, which its own test checks.
        var config = fixture.config
        config.limits.authFailuresPerMinute = 1000
        let app = try await buildApplication(config)
        try await app.test(.live) { client in
            for (route, method) in Self.userRoutes {
                for (label, value, expected) in headers {
                    var fields: HTTPFields = [.contentType: "application/json"]
                    if let value { fields[.authorization] = value }
                    try await client.execute(uri: route, method: method, headers: fields, body: ByteBuffer(string: body)) { response in
                        #expect(response.status == .unauthorized, "\(method) \(route) with \(label) header")
                        #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                        let text = String(buffer: response.body)
                        let error = try JSONDecoder().decode(APIErrorBody.self, from: Data(buffer: response.body))
                        #expect(error.error.message.contains(expected), "\(label): \(error.error.message)")
                        for secret in [unknown, revoked, "hunter2-not-a-key"] { #expect(!text.contains(secret)) }
                    }
                }
            }
            // The same routes with the valid key get past authentication.
            try await client.execute(uri: "/alerts/subscriptions", method: .get, headers: .api(key: key)) { #expect($0.status == .ok) }
            try await client.execute(uri: "/alerts/feed", method: .get, headers: .api(key: key)) { #expect($0.status == .ok) }
        }
        // The refused subscribe requests wrote nothing.
        #expect(try await fixture.count("alert_subscriptions") == 0)
        #expect(try await fixture.count("webhook_endpoints") == 0)
    }

    @Test("a key revoked while the server runs stops working at once")
    func revokedWhileRunning() async throws {
        let fixture = try await UserAPIFixture.make()
        defer { fixture.cleanup() }
        let (_, key) = try await fixture.user("ana")
        let app = try await buildApplication(fixture.config)
        try await app.test(.live) { client in
            try await client.execute(uri: "/alerts/feed", method: .get, headers: .api(key: key)) { #expect($0.status == .ok) }
            try await fixture.withStore { store in
                try await SQLUserStore(store: store).revokeKey(prefix: String(key.split(separator: "_")[1]))
            }
            try await client.execute(uri: "/alerts/feed", method: .get, headers: .api(key: key)) { #expect($0.status == .unauthorized) }
        }
    }

    @Test("every route but /health needs a key: without one, 401 in the JSON error shape")
    func closedEndpoints() async throws {
        let fixture = try await UserAPIFixture.make()
        defer { fixture.cleanup() }
        let app = try await buildApplication(fixture.config)
        try await app.test(.live) { client in
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
            let routes: [(String, HTTPRequest.Method)] = [
                ("/models", .get), ("/models/swing", .get), ("/models/swing/versions/1", .get), ("/packs", .get), ("/indicator_sets", .get),
                ("/metrics", .get), ("/score", .post), ("/alerts/preview", .post), ("/indicator_sets/auto_build", .post),
            ]
            for (uri, method) in routes {
                try await client.execute(uri: uri, method: method, headers: [.contentType: "application/json"], body: ByteBuffer(string: "{}")) { r in
                    let message = try JSONDecoder().decode(APIErrorBody.self, from: Data(buffer: r.body)).error.message
                    #expect(r.status == .unauthorized, "\(method) \(uri)")
                    #expect(message.contains("API key"))
                }
            }
        }
    }
}
