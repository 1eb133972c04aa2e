import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import Storage
import Testing

/// `POST /alerts/subscribe`, `GET /alerts/subscriptions`, `DELETE /alerts/subscriptions/{id}`.
@Suite("webhook subscriptions over HTTP")
struct SubscriptionsEndpointTests {
    struct Subscription: Decodable {
        struct Webhook: Decodable { let url: String; let endpoint_id: String; let secret: String? }
        let id: String
        let channel: String
        let model: String?
        let pack: String?
        let universe: String
        let webhook: Webhook
        let active: Bool
    }

    struct List: Decodable { let subscriptions: [Subscription] }

    @Test("subscribe (201, secret made and shown once), the same again (200, one subscription), list, and switch off")
    func lifecycle() async throws {
        let fixture = try await UserAPIFixture.make()
        defer { fixture.cleanup() }
        let (ana, anaKey) = try await fixture.user("ana")
        let (_, bobKey) = try await fixture.user("bob")
        let app = try await buildApplication(fixture.config)
        try await app.test(.live) { client in
            let body = #"{"model":"swing","universe":"preset:us-mega-30","webhook":{"url":"https://hooks.example.com/a"}}"#
            var first: Subscription?
            try await client.execute(uri: "/alerts/subscribe", method: .post, headers: .api(key: anaKey), body: ByteBuffer(string: body)) {
                #expect($0.status == .created)
                #expect(try jsonObject($0.body)["secret"] == nil, "the secret is in webhook.secret only")
                first = try JSONDecoder().decode(Subscription.self, from: Data(buffer: $0.body))
            }
            let created = try #require(first)
            let firstSecret = try #require(created.webhook.secret)
            #expect(created.model == "swing" && created.pack == nil && created.channel == "webhook")
            #expect(created.universe == "preset:us-mega-30" && created.webhook.url == "https://hooks.example.com/a" && created.active)
            try await client.execute(uri: "/alerts/subscribe", method: .post, headers: .api(key: anaKey), body: ByteBuffer(string: body)) {
                let again = try JSONDecoder().decode(Subscription.self, from: Data(buffer: $0.body))
                #expect($0.status == .ok && again.id == created.id && again.webhook.secret == nil)
            }
            // Another URL: another endpoint, with a secret of its own, shown in this answer only.
            let noSecret = #"{"model":"swing","webhook":{"url":"https://hooks.example.org/b"}}"#
            var second: Subscription?
            try await client.execute(uri: "/alerts/subscribe", method: .post, headers: .api(key: anaKey), body: ByteBuffer(string: noSecret)) {
                #expect($0.status == .created)
                second = try JSONDecoder().decode(Subscription.self, from: Data(buffer: $0.body))
            }
            let other = try #require(second)
            let generated = try #require(other.webhook.secret)
            #expect(generated != firstSecret && other.webhook.endpoint_id != created.webhook.endpoint_id)
            // A Standard Webhooks secret: whsec_ and the base64 of 24 random bytes.
            #expect(generated.hasPrefix("whsec_") && Data(base64Encoded: String(generated.dropFirst(6)))?.count == 24 && other.universe == "*")
            try await client.execute(uri: "/alerts/subscriptions", method: .get, headers: .api(key: anaKey)) {
                #expect($0.status == .ok)
                let text = String(buffer: $0.body)
                #expect(!text.contains(generated) && !text.contains(firstSecret))
                let list = try JSONDecoder().decode(List.self, from: Data(buffer: $0.body))
                #expect(list.subscriptions.map(\.id) == [created.id, other.id])
            }
            // Bob sees none of Ana's and cannot switch them off.
            try await client.execute(uri: "/alerts/subscriptions", method: .get, headers: .api(key: bobKey)) {
                let list = try JSONDecoder().decode(List.self, from: Data(buffer: $0.body))
                #expect(list.subscriptions.isEmpty)
            }
            try await client.execute(uri: "/alerts/subscriptions/\(created.id)", method: .delete, headers: .api(key: bobKey)) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/alerts/subscriptions/\(created.id)", method: .delete, headers: .api(key: anaKey)) {
                #expect($0.status == .ok)
                let off = try JSONDecoder().decode(Subscription.self, from: Data(buffer: $0.body))
                #expect(off.id == created.id && !off.active)
            }
            try await client.execute(uri: "/alerts/subscriptions/no-such-id", method: .delete, headers: .api(key: anaKey)) {
                let error = try JSONDecoder().decode(APIErrorBody.self, from: Data(buffer: $0.body))
                #expect($0.status == .notFound && error.error.message.contains("no-such-id"))
            }
            try await client.execute(uri: "/alerts/subscriptions", method: .get, headers: .api(key: anaKey)) {
                let list = try JSONDecoder().decode(List.self, from: Data(buffer: $0.body))
                #expect(list.subscriptions.map(\.active) == [false, true])
            }
        }
        // What the store holds agrees: Ana's two, the first switched off; new alerts are queued only for the second.
        let stored = try await fixture.withStore { try await SQLWebhookSubscriptionRepository(store: $0).webhookSubscriptions(userID: nil) }
        #expect(stored.count == 2 && stored.allSatisfy { $0.userID == ana.id })
        #expect(stored.map(\.active) == [false, true])
        let targets = try await fixture.withStore {
            try await SQLWebhookSubscriptionRepository(store: $0).webhookTargets(userID: ana.id, modelName: "swing", packName: nil)
        }
        #expect(targets.map(\.subscriptionID) == [stored[1].id])
    }

    @Test("bad input is refused with the status and a message naming the field, and nothing is written")
    func refusals() async throws {
        let fixture = try await UserAPIFixture.make()
        defer { fixture.cleanup() }
        let (_, anaKey) = try await fixture.user("ana")
        let (bob, _) = try await fixture.user("bob")
        let bobsList = try await fixture.withStore {
            try await SQLWatchlistStore(store: $0).create(userID: bob.id, name: "bob's", market: .us, kind: .equity, symbols: ["AAPL"]).id
        }
        let hook = #""webhook":{"url":"https://hooks.example.com/a"}"#
        var cases0: [(String, HTTPResponse.Status, String)] = [
            (#"{"model":"swing","webhook":{"url":"ftp://hooks.example.com/a"}}"#, .unprocessableContent, "ftp://hooks.example.com/a"),
            (#"{"model":"swing","webhook":{"url":"not a url"}}"#, .unprocessableContent, "URL"),
            // A client-chosen secret is refused, whatever it is: the server makes them.
            (
                #"{"model":"swing","webhook":{"url":"https://hooks.example.com/a","secret":"whsec-0123456789abcdef"}}"#, .unprocessableContent,
                "webhook.secret"
            ),
            (#"{"model":"swing","webhook":{"url":"https://hooks.example.com/a","secret":"short"}}"#, .unprocessableContent, "webhook.secret"),
            (#"{"model":"nope",\#(hook)}"#, .notFound, "nope"),
            (#"{"pack":"no-pack",\#(hook)}"#, .notFound, "no-pack"),
            (#"{"model":"swing","pack":"p",\#(hook)}"#, .badRequest, "\"model\" and \"pack\""),
            (#"{\#(hook)}"#, .badRequest, "\"model\" and \"pack\""),
            (#"{"model":"swing"}"#, .badRequest, "webhook"),
            (#"{"model":"swing","webhook":{}}"#, .badRequest, "url"),
            (#"{"model":"swing","universe":"preset:nowhere",\#(hook)}"#, .notFound, "nowhere"),
            (#"{"model":"swing","universe":"watchlist:\#(bobsList)",\#(hook)}"#, .notFound, bobsList),
            (#"{"model":"swing","channel":"feed",\#(hook)}"#, .unprocessableContent, "channel"),
            (#"{"model":"swing","channel":"sms",\#(hook)}"#, .unprocessableContent, "sms"),
            (#"{"model":"swing","#, .badRequest, "not valid"),
        ]
        // SSRF: every spelling of a loopback, private, link-local or metadata address is refused (docs/SECURITY.md).
        let internalURLs = [
            "http://127.0.0.1/x", "http://localhost:8080/x", "http://0.0.0.0/x", "http://[::1]/x", "http://169.254.169.254/latest/meta-data",
            "http://10.1.2.3/x", "http://172.16.0.1/x", "http://192.168.1.1/x", "http://2130706433/x", "http://0x7f000001/x",
            "http://0177.0.0.1/x", "http://127.1/x", "http://[::ffff:127.0.0.1]/x", "http://[fd00::1]/x", "http://[fe80::1]/x",
            "http://100.64.0.1/x", "http://224.0.0.1/x",
        ].map { (#"{"model":"swing","webhook":{"url":"\#($0)"}}"#, HTTPResponse.Status.unprocessableContent, "webhook.url") }
        cases0 += internalURLs
        let cases = cases0
        let app = try await buildApplication(fixture.config)
        try await app.test(.live) { client in
            for (body, status, named) in cases {
                try await client.execute(uri: "/alerts/subscribe", method: .post, headers: .api(key: anaKey), body: ByteBuffer(string: body)) {
                    #expect($0.status == status, "\(body)")
                    let message = try JSONDecoder().decode(APIErrorBody.self, from: Data(buffer: $0.body)).error.message
                    #expect(message.contains(named), "\(body) → \(message)")
                }
            }
        }
        #expect(try await fixture.count("alert_subscriptions") == 0)
        #expect(try await fixture.count("webhook_endpoints") == 0)
    }
}
