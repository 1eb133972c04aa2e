import Alerting
import AlertsCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import Storage
import Testing

/// `GET /alerts/feed`: the caller's alerts, newest first, in the webhook body's shape plus the outcome.
@Suite("GET /alerts/feed")
struct FeedEndpointTests {
    struct Page: Decodable {
        struct Item: Decodable {
            struct Model: Decodable { let name: String; let version: Int; let reference: String }
            struct Outcome: Decodable { let exit_reason: String; let exit_price: Double; let label: Int }
            let schema: String
            let alert_id: String
            let delivery_id: Int64
            let symbol: String
            let model: Model
            let score: Double
            let threshold: Double
            let regime: String?
            let explanation: String
            let disclaimer: String
            let created_at: String
            let outcome: Outcome?
        }
        let alerts: [Item]
        let next_before: Int64?
    }

    /// Noon UTC, 1 July 2024: when Ana's first run wrote its alert.
    static let t0: Int64 = 1_719_835_200_000

    /// Ana: AAPL at t0, MSFT and NVDA together at t0+60 s, JPM at t0+120 s (AAPL resolved at its take-profit).
    /// Bob: XOM at t0+90 s. The shared feed: KO at t0+100 s. Returns Ana's key and Bob's key.
    func seed(_ fixture: UserAPIFixture) async throws -> (ana: String, bob: String) {
        let (ana, anaKey) = try await fixture.user("ana")
        let (bob, bobKey) = try await fixture.user("bob")
        try await fixture.withStore { store in
            let aapl = try await fixture.writeAlerts(userID: ana.id, symbols: ["AAPL"], createdAt: Self.t0, store: store)
            _ = try await fixture.writeAlerts(userID: ana.id, symbols: ["MSFT", "NVDA"], createdAt: Self.t0 + 60_000, store: store)
            _ = try await fixture.writeAlerts(userID: ana.id, symbols: ["JPM"], createdAt: Self.t0 + 120_000, store: store)
            _ = try await fixture.writeAlerts(userID: bob.id, symbols: ["XOM"], createdAt: Self.t0 + 90_000, store: store)
            _ = try await fixture.writeAlerts(userID: nil, symbols: ["KO"], createdAt: Self.t0 + 100_000, store: store)
            let outcome = AlertOutcomeRecord(
                alertID: aapl[0].id, exitReason: .takeProfit, exitTime: Self.t0 + 86_400_000, exitPrice: 103, realizedReturn: 0.03, mfe: 0.031,
                mae: -0.004, label: 1, resolvedAt: Self.t0 + 90_000_000)
            #expect(try await SQLOutcomeRepository(store: store).recordOutcomes([outcome]) == 1)
        }
        return (anaKey, bobKey)
    }

    func page(_ client: some TestClientProtocol, key: String, query: String = "") async throws -> Page {
        try await client.execute(uri: "/alerts/feed\(query)", method: .get, headers: .api(key: key)) { response in
            #expect(response.status == .ok, "\(query): \(String(buffer: response.body))")
            return try JSONDecoder().decode(Page.self, from: Data(buffer: response.body))
        }
    }

    @Test("only the caller's alerts, newest first, each with model, disclaimer and (when resolved) outcome")
    func callersAlerts() async throws {
        let fixture = try await UserAPIFixture.make()
        defer { fixture.cleanup() }
        let keys = try await seed(fixture)
        let app = try await buildApplication(fixture.config)
        try await app.test(.live) { client in
            let ana = try await page(client, key: keys.ana)
            #expect(ana.alerts.map(\.symbol) == ["JPM", "MSFT", "NVDA", "AAPL"])
            #expect(ana.next_before == nil)
            try await client.execute(uri: "/alerts/feed", method: .get, headers: .api(key: keys.ana)) { response in
                #expect(String(buffer: response.body).contains(#""next_before":null"#), "the last page says null, not nothing")
            }
            for item in ana.alerts {
                #expect(item.schema == WebhookPayload.currentSchema)
                #expect(item.disclaimer == AlertDisclaimer.text)
                #expect(item.model.reference == "swing@v1" && item.model.name == "swing" && item.model.version == 1)
                #expect(item.delivery_id > 0 && item.regime == "normal_vol" && item.threshold == 0.5)
                #expect(item.explanation.hasPrefix(item.symbol))
            }
            #expect(Set(ana.alerts.map(\.delivery_id)).count == 4)
            #expect(ana.alerts.last?.outcome?.exit_reason == "take_profit" && ana.alerts.last?.outcome?.label == 1)
            #expect(ana.alerts.dropLast().allSatisfy { $0.outcome == nil })
            let bob = try await page(client, key: keys.bob)
            #expect(bob.alerts.map(\.symbol) == ["XOM"])
        }
    }

    @Test("a feed item has every key of a webhook body, plus outcome (null while pending)")
    func sameShapeAsWebhook() async throws {
        let fixture = try await UserAPIFixture.make()
        defer { fixture.cleanup() }
        let keys = try await seed(fixture)
        // A webhook body of one of the seeded alerts, built the way the sender builds it.
        let webhookKeys = try await fixture.withStore { store -> Set<String> in
            let alerts = AlertRepositories(store: store)
            let user = try await SQLUserStore(store: store).authenticate(key: keys.ana)
            let alert = try #require(try await alerts.alerts.feed(userID: user?.id, limit: 1).first)
            let delivery = PendingDelivery(
                id: 1, alertID: alert.id, endpointID: "e", url: "https://example.com", secret: "s", attempts: 0, nextAttemptAt: 0, lastError: nil,
                alert: alert, modelName: "swing", modelVersion: 1, packName: nil)
            let object = try JSONSerialization.jsonObject(with: try WebhookPayload(delivery).body()) as? [String: Any]
            return Set(try #require(object).keys)
        }
        let app = try await buildApplication(fixture.config)
        try await app.test(.live) { client in
            try await client.execute(uri: "/alerts/feed?limit=1", method: .get, headers: .api(key: keys.ana)) { response in
                let page = try jsonObject(response.body)
                let item = try #require((page["alerts"] as? [[String: Any]])?.first)
                #expect(Set(item.keys) == webhookKeys.union(["outcome"]))
                #expect(item["outcome"] is NSNull)
            }
        }
    }

    @Test("limit and before page through the feed without skipping or repeating, even inside one run's alerts")
    func paging() async throws {
        let fixture = try await UserAPIFixture.make()
        defer { fixture.cleanup() }
        let keys = try await seed(fixture)
        let app = try await buildApplication(fixture.config)
        try await app.test(.live) { client in
            let one = try await page(client, key: keys.ana, query: "?limit=1")
            #expect(one.alerts.map(\.symbol) == ["JPM"])
            #expect(one.next_before == Self.t0 + 120_000)
            // Two would split MSFT and NVDA (one run, one created_at): the page stops before them.
            var seen: [String] = []
            var before: Int64?
            var pages = 0
            repeat {
                let p = try await page(client, key: keys.ana, query: "?limit=2" + (before.map { "&before=\($0)" } ?? ""))
                #expect(!p.alerts.isEmpty && p.alerts.count <= 2)
                seen += p.alerts.map(\.symbol)
                before = p.next_before
                pages += 1
            } while before != nil && pages < 10
            #expect(seen == ["JPM", "MSFT", "NVDA", "AAPL"])
            #expect(pages == 3)
            // `before` is exclusive and takes milliseconds or ISO-8601.
            let ms = try await page(client, key: keys.ana, query: "?before=\(Self.t0 + 60_000)")
            #expect(ms.alerts.map(\.symbol) == ["AAPL"])
            let iso = try await page(client, key: keys.ana, query: "?before=2024-07-01T12:01:00.001Z")
            #expect(iso.alerts.map(\.symbol) == ["MSFT", "NVDA", "AAPL"])
            let none = try await page(client, key: keys.ana, query: "?before=\(Self.t0)")
            #expect(none.alerts.isEmpty && none.next_before == nil)
        }
    }

    @Test("limit outside 1…500 and a before that is not an instant are refused with 422 naming them")
    func badQuery() async throws {
        let fixture = try await UserAPIFixture.make()
        defer { fixture.cleanup() }
        let keys = try await seed(fixture)
        let app = try await buildApplication(fixture.config)
        try await app.test(.live) { client in
            for (query, named) in [
                ("limit=0", "limit"), ("limit=501", "limit"), ("limit=ten", "limit"), ("limit=-1", "limit"),
                ("before=yesterday", "before"), ("before=2024-13-01T00:00:00Z", "before"),
                ("before=9223372036854775807", "before"), ("before=-5", "before"), ("before=99999-01-01T00:00:00Z", "before"),
            ] {
                try await client.execute(uri: "/alerts/feed?\(query)", method: .get, headers: .api(key: keys.ana)) { response in
                    #expect(response.status == .unprocessableContent, "\(query)")
                    let message = try JSONDecoder().decode(APIErrorBody.self, from: Data(buffer: response.body)).error.message
                    #expect(message.hasPrefix(named), "\(query) → \(message)")
                }
            }
            for query in ["limit=1", "limit=500"] {
                try await client.execute(uri: "/alerts/feed?\(query)", method: .get, headers: .api(key: keys.ana)) { #expect($0.status == .ok) }
            }
        }
    }
}
