import Alerting
import AlertsCore
import Features
import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import Storage
import Testing

/// `GET/PUT /alerts/settings`, `/watchlists…`, `/alerts/silences…` (issue 18), and runs reading what they store.
@Suite("settings, watchlists and silences over HTTP", .serialized)
struct TraderControlsEndpointTests {
    /// After the close of Friday 28 June 2024 (US), UTC.
    static let friday: Int64 = 1_719_619_199_999
    static let universe = "AAPL,MSFT,NVDA,JPM,XOM"

    /// A fixture whose `swing` alerts on every symbol (threshold 0, the model's own daily budget 3).
    static func fixture() async throws -> UserAPIFixture {
        var (config, dir) = temporaryConfig()
        config.webhookInterval = 0
        let features = try await InMemoryFeatureSetCatalog.builtIn().resolveFeatureSet("core-daily@v1").featureNames
        let spec = try await publishTestModel(config, name: "swing", features: features, threshold: 0)
        return UserAPIFixture(config: config, dir: dir, spec: spec)
    }

    /// One committed run of `swing` for `userID` at `asOf`, as `alertsai alerts run` makes it.
    static func run(_ f: UserAPIFixture, userID: String, universe: String = universe, asOf: Int64 = friday) async throws -> AlertRunReport {
        try await f.withStore { store in
            let services = try AppServices(config: f.config, store: store)
            let runner = AlertRunner(store: store, artifacts: services.artifacts, provider: services.bars, catalog: services.catalog)
            return try await runner.run(AlertRunRequest(target: .model("swing"), universe: universe, asOf: asOf, userID: userID))
        }
    }

    static func put(_ client: some TestClientProtocol, _ uri: String, key: String, _ body: String, method: HTTPRequest.Method = .put)
        async throws -> (HTTPResponse.Status, [String: Any])
    {
        try await client.execute(uri: uri, method: method, headers: .api(key: key), body: ByteBuffer(string: body)) {
            ($0.status, (try? jsonObject($0.body)) ?? [:])
        }
    }

    static func get(_ client: some TestClientProtocol, _ uri: String, key: String, method: HTTPRequest.Method = .get)
        async throws -> (HTTPResponse.Status, [String: Any])
    {
        try await client.execute(uri: uri, method: method, headers: .api(key: key)) { ($0.status, (try? jsonObject($0.body)) ?? [:]) }
    }

    static func message(_ object: [String: Any]) -> String { ((object["error"] as? [String: Any])?["message"] as? String) ?? "" }

    @Test("settings: GET shows model defaults as null; PUT {daily_budget: 1} is read by the next run — at most one alert that day")
    func settingsAndBudget() async throws {
        let f = try await Self.fixture()
        defer { f.cleanup() }
        let (ana, anaKey) = try await f.user("ana")
        let (bob, bobKey) = try await f.user("bob")
        let app = try await buildApplication(f.config)
        try await app.test(.live) { client in
            let (status, empty) = try await Self.get(client, "/alerts/settings", key: anaKey)
            let settings = try #require(empty["settings"] as? [String: Any])
            #expect(status == .ok && empty["user_id"] as? String == ana.id)
            #expect(Set(settings.keys) == Set(UserAlertSettings.keys) && settings.values.allSatisfy { $0 is NSNull })
            let (put, stored) = try await Self.put(client, "/alerts/settings", key: anaKey, #"{"daily_budget": 1}"#)
            #expect(put == .ok && (stored["settings"] as? [String: Any])?["daily_budget"] as? Int == 1)
            let (_, again) = try await Self.get(client, "/alerts/settings", key: anaKey)
            #expect((again["settings"] as? [String: Any])?["daily_budget"] as? Int == 1)
            // Bob's are his own.
            let (_, bobs) = try await Self.get(client, "/alerts/settings", key: bobKey)
            #expect(bobs["user_id"] as? String == bob.id && (bobs["settings"] as? [String: Any])?["daily_budget"] is NSNull)
            // Refusals name the key and change nothing.
            let cases: [(String, HTTPResponse.Status, String)] = [
                (#"{"daily_budget": -1}"#, .unprocessableContent, "daily_budget"),
                (#"{"daily_budget": "many"}"#, .unprocessableContent, "daily_budget"),
                (#"{"cooldown_bars": 2.5}"#, .unprocessableContent, "cooldown_bars"),
                (#"{"max_exposure": 0}"#, .unprocessableContent, "max_exposure"),
                (#"{"market_hours_only": "yes"}"#, .unprocessableContent, "market_hours_only"),
                (#"{"quiet_hours": ["22:00"]}"#, .unprocessableContent, "quiet_hours"),
                (#"{"time_zone": "Nowhere/Land"}"#, .unprocessableContent, "time_zone"),
                (#"{"options_min_dte": 30, "options_max_dte": 7}"#, .unprocessableContent, "options_min_dte"),
                (#"{"budget": 1}"#, .unprocessableContent, "budget"),
                (#"[1]"#, .badRequest, "JSON object"),
                (#"{"daily_budget": "#, .badRequest, "not valid"),
            ]
            for (body, want, named) in cases {
                let (status, error) = try await Self.put(client, "/alerts/settings", key: anaKey, body)
                #expect(status == want && Self.message(error).contains(named), "\(body) → \(status) \(Self.message(error))")
            }
            let (_, unchanged) = try await Self.get(client, "/alerts/settings", key: anaKey)
            #expect((unchanged["settings"] as? [String: Any])?["daily_budget"] as? Int == 1)
            #expect(try await client.execute(uri: "/alerts/settings", method: .get, headers: .api(key: nil)) { $0.status } == .unauthorized)
        }
        // The run reads the setting: one alert (the model's own budget is 3), four held back by the daily budget.
        let first = try await Self.run(f, userID: ana.id)
        #expect(first.counts["alerted"] == 1 && first.counts["suppressed.daily_budget"] == 4, "\(first.counts) \(first.failures)")
        // Later that day, over other symbols: the budget is spent.
        let second = try await Self.run(f, userID: ana.id, universe: "UNH,AMZN,GOOGL", asOf: Self.friday - 3_600_000)
        #expect(second.counts["alerted"] == 0 && second.counts["suppressed.daily_budget"] == 3, "\(second.counts)")
        let anasAlerts = try await f.withStore { store in
            try await SQLAlertRepository(store: store).alertCount(userID: ana.id, asOfFrom: Self.friday - 86_399_999, to: Self.friday + 1)
        }
        #expect(anasAlerts == 1)
        // Bob has no settings: the model's budget of 3.
        #expect(try await Self.run(f, userID: bob.id).counts["alerted"] == 3)
    }

    @Test("watchlists: create, list, get, change, delete — own only (another user's id answers 404); usable in previews and subscriptions")
    func watchlists() async throws {
        let f = try await Self.fixture()
        defer { f.cleanup() }
        let (ana, anaKey) = try await f.user("ana")
        let (_, bobKey) = try await f.user("bob")
        let app = try await buildApplication(f.config)
        try await app.test(.live) { client in
            let (created, list) = try await Self.put(
                client, "/watchlists", key: anaKey, #"{"name": "chips", "symbols": ["nvda", "AMD"]}"#, method: .post)
            #expect(created == .created && list["symbols"] as? [String] == ["NVDA", "AMD"] && list["market"] as? String == "US")
            let id = try #require(list["id"] as? String)
            #expect(list["universe"] as? String == "watchlist:\(id)")
            let (_, all) = try await Self.get(client, "/watchlists", key: anaKey)
            #expect((all["watchlists"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])
            let (_, none) = try await Self.get(client, "/watchlists", key: bobKey)
            #expect((none["watchlists"] as? [[String: Any]])?.isEmpty == true)
            #expect(try await Self.get(client, "/watchlists/\(id)", key: anaKey).0 == .ok)
            // Bob: 404 for Ana's list whatever he does, and it is unchanged.
            #expect(try await Self.get(client, "/watchlists/\(id)", key: bobKey).0 == .notFound)
            #expect(try await Self.put(client, "/watchlists/\(id)", key: bobKey, #"{"name": "mine"}"#).0 == .notFound)
            #expect(try await Self.get(client, "/watchlists/\(id)", key: bobKey, method: .delete).0 == .notFound)
            // A preview over the watchlist (Ana's own), and Bob's attempt at it.
            let preview = #"{"model":"swing","universe":"watchlist:\#(id)","as_of":"2024-06-28T23:00:00Z"}"#
            let (ok, report) = try await Self.put(client, "/alerts/preview", key: anaKey, preview, method: .post)
            #expect(ok == .ok && (report["counts"] as? [String: Any])?["symbols"] as? Int == 2, "\(report)")
            let (refused, error) = try await Self.put(client, "/alerts/preview", key: bobKey, preview, method: .post)
            #expect(refused == .notFound && Self.message(error).contains(id), "\(Self.message(error))")
            let subscribe = #"{"model":"swing","universe":"watchlist:\#(id)","webhook":{"url":"https://hooks.example.com/a"}}"#
            #expect(try await Self.put(client, "/alerts/subscribe", key: anaKey, subscribe, method: .post).0 == .created)
            #expect(try await Self.put(client, "/alerts/subscribe", key: bobKey, subscribe, method: .post).0 == .notFound)
            // Changes, and refusals naming the field.
            let (changed, renamed) = try await Self.put(client, "/watchlists/\(id)", key: anaKey, #"{"name": "semis", "symbols": ["NVDA", "AVGO"]}"#)
            #expect(changed == .ok && renamed["name"] as? String == "semis" && renamed["symbols"] as? [String] == ["NVDA", "AVGO"])
            _ = try await Self.put(client, "/watchlists", key: anaKey, #"{"name": "banks", "symbols": ["JPM"]}"#, method: .post)
            let refusals: [(String, HTTPRequest.Method, String, HTTPResponse.Status, String)] = [
                ("/watchlists", .post, #"{"name": "banks", "symbols": ["C"]}"#, .conflict, "name"),
                ("/watchlists", .post, #"{"name": "", "symbols": ["C"]}"#, .unprocessableContent, "name"),
                ("/watchlists", .post, #"{"name": "x", "symbols": []}"#, .unprocessableContent, "symbols"),
                ("/watchlists", .post, #"{"name": "x", "symbols": ["A B"]}"#, .unprocessableContent, "symbols"),
                ("/watchlists", .post, #"{"name": "x", "symbols": ["A"], "market": "MARS"}"#, .unprocessableContent, "market"),
                ("/watchlists", .post, #"{"symbols": ["A"]}"#, .badRequest, "name"),
                ("/watchlists/\(id)", .put, #"{}"#, .badRequest, "name"),
                ("/watchlists/\(id)", .put, #"{"name": "banks"}"#, .conflict, "name"),
            ]
            for (uri, method, body, want, named) in refusals {
                let (status, error) = try await Self.put(client, uri, key: anaKey, body, method: method)
                #expect(status == want && Self.message(error).contains(named), "\(method) \(uri) \(body) → \(status) \(Self.message(error))")
            }
            #expect(try await Self.get(client, "/watchlists/\(id)", key: anaKey).1["name"] as? String == "semis")
            #expect(try await Self.get(client, "/watchlists/\(id)", key: anaKey, method: .delete).0 == .noContent)
            #expect(try await Self.get(client, "/watchlists/\(id)", key: anaKey).0 == .notFound)
            #expect(try await Self.get(client, "/watchlists/\(id)", key: anaKey, method: .delete).0 == .notFound)
        }
        #expect(try await f.withStore { try await SQLWatchlistStore(store: $0).watchlists(userID: ana.id).map(\.name) } == ["banks"])
    }

    @Test("silences: a user's mutes their own alerts, an operator's (service key) everyone's; another user's id answers 404")
    func silences() async throws {
        let f = try await Self.fixture()
        defer { f.cleanup() }
        let (ana, anaKey) = try await f.user("ana")
        let (bob, bobKey) = try await f.user("bob")
        let ops = try await serviceKey(f.config)
        let bobsList = try await f.withStore {
            try await SQLWatchlistStore(store: $0).create(userID: bob.id, name: "b", market: .us, kind: .equity, symbols: ["AAPL"]).id
        }
        let app = try await buildApplication(f.config)
        try await app.test(.live) { client in
            let (made, silence) = try await Self.put(
                client, "/alerts/silences", key: anaKey,
                #"{"symbol": "nvda", "starts_at": "2024-06-28T00:00:00Z", "ends_at": "2024-06-29T00:00:00Z", "comment": "earnings"}"#, method: .post)
            #expect(made == .created && silence["scope"] as? String == "user" && silence["user_id"] as? String == ana.id)
            #expect(silence["symbol"] as? String == "NVDA" && silence["model"] is NSNull && silence["comment"] as? String == "earnings")
            let anaSilence = try #require(silence["id"] as? String)
            let (opsMade, everyone) = try await Self.put(
                client, "/alerts/silences", key: ops, #"{"model": "swing", "regime": "high_vol", "duration_minutes": 60}"#, method: .post)
            #expect(opsMade == .created && everyone["scope"] as? String == "everyone" && everyone["active"] as? Bool == true)
            let opsSilence = try #require(everyone["id"] as? String)
            let (_, anas) = try await Self.get(client, "/alerts/silences", key: anaKey)
            #expect(Set((anas["silences"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }) == [anaSilence, opsSilence])
            let (_, bobs) = try await Self.get(client, "/alerts/silences", key: bobKey)
            #expect((bobs["silences"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } == [opsSilence])
            let (_, active) = try await Self.get(client, "/alerts/silences?active=true", key: anaKey)
            #expect((active["silences"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } == [opsSilence], "Ana's lies in 2024")
            let (badQuery, queryError) = try await Self.get(client, "/alerts/silences?active=maybe", key: anaKey)
            #expect(badQuery == .unprocessableContent && Self.message(queryError).hasPrefix("active:"))
            #expect(try await Self.get(client, "/alerts/silences/\(anaSilence)", key: bobKey).0 == .notFound)
            #expect(try await Self.put(client, "/alerts/silences/\(anaSilence)/expire", key: bobKey, "{}", method: .post).0 == .notFound)
            #expect(try await Self.get(client, "/alerts/silences/\(opsSilence)", key: anaKey).0 == .ok)
            #expect(try await Self.put(client, "/alerts/silences/\(opsSilence)/expire", key: anaKey, "{}", method: .post).0 == .notFound)
            #expect(try await Self.get(client, "/alerts/silences/\(anaSilence)", key: ops).0 == .ok)
            // A preview for Ana at that bar shows NVDA muted by her silence, with its id.
            let (_, report) = try await Self.put(
                client, "/alerts/preview", key: anaKey, #"{"model":"swing","universe":"NVDA,AAPL","as_of":"2024-06-28T23:00:00Z"}"#,
                method: .post)
            let muted = (report["suppressed"] as? [[String: Any]] ?? []).filter { $0["guardrail"] as? String == "silence" }
            #expect(
                muted.count == 1 && muted.first?["symbol"] as? String == "NVDA" && muted.first?["silence_id"] as? String == anaSilence, "\(report)")
            let refusals: [(String, String, HTTPResponse.Status, String)] = [
                (anaKey, #"{"duration_minutes": 60}"#, .unprocessableContent, "matchers"),
                (anaKey, #"{"symbol": "A"}"#, .badRequest, "ends_at"),
                (anaKey, #"{"symbol": "A", "duration_minutes": 5, "ends_at": "2030-01-01T00:00:00Z"}"#, .badRequest, "duration_minutes"),
                (
                    anaKey, #"{"symbol": "A", "starts_at": "2024-06-28T00:00:00Z", "ends_at": "2024-06-27T00:00:00Z"}"#, .unprocessableContent,
                    "ends_at"
                ),
                (anaKey, #"{"symbol": "A", "duration_minutes": -5}"#, .unprocessableContent, "duration_minutes"),
                (anaKey, #"{"regime": "stormy", "duration_minutes": 5}"#, .unprocessableContent, "regime"),
                (anaKey, #"{"symbol": "A B", "duration_minutes": 5}"#, .unprocessableContent, "symbol"),
                (anaKey, #"{"universe": "watchlist:\#(bobsList)", "duration_minutes": 5}"#, .notFound, bobsList),
                (anaKey, #"{"symbol": "A", "ends_at": "soon"}"#, .unprocessableContent, "ends_at"),
            ]
            for (key, body, want, named) in refusals {
                let (status, error) = try await Self.put(client, "/alerts/silences", key: key, body, method: .post)
                #expect(status == want && Self.message(error).contains(named), "\(body) → \(status) \(Self.message(error))")
            }
            #expect(try await Self.put(client, "/alerts/silences/\(anaSilence)/expire", key: anaKey, "[1]", method: .post).0 == .badRequest)
            let (ended, off) = try await Self.put(client, "/alerts/silences/\(anaSilence)/expire", key: anaKey, "{}", method: .post)
            #expect(ended == .ok && off["active"] as? Bool == false)
            #expect(try await Self.put(client, "/alerts/silences/\(opsSilence)/expire", key: ops, "{}", method: .post).1["active"] as? Bool == false)
            #expect(try await Self.get(client, "/alerts/silences/nope", key: anaKey).0 == .notFound)
        }
        #expect(try await f.count("silences") == 2)
    }
}
