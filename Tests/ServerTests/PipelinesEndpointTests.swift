import Alerting
import AlertsCore
import Features
import Foundation
import Hummingbird
import HummingbirdTesting
import SQLKit
import Server
import Storage
import Testing

/// `POST/GET /recipes`, `GET/DELETE /recipes/{name}`, `POST /recipes/run` and the same for `/workflows` (issue 18
/// point 6), through `buildApplication`: the examples stored and run, another user's names answering 404, bad
/// definitions refused naming the field, and the lineage of a committed run.
@Suite("recipes and workflows over HTTP", .serialized)
struct PipelinesEndpointTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples")
    static let asOf = "2024-06-28T23:00:00Z"
    static let universe = "AAPL,MSFT,NVDA,JPM,XOM"

    /// A fixture whose `demo-swing-daily-us` (the examples' model, on core-daily@v1) alerts on every symbol.
    static func fixture() async throws -> UserAPIFixture {
        var (config, dir) = temporaryConfig()
        config.webhookInterval = 0
        let features = try await InMemoryFeatureSetCatalog.builtIn().resolveFeatureSet("core-daily@v1").featureNames
        let spec = try await publishTestModel(config, name: "demo-swing-daily-us", features: features, threshold: 0)
        return UserAPIFixture(config: config, dir: dir, spec: spec)
    }

    static func example(_ path: String) throws -> String {
        try String(contentsOf: examples.appendingPathComponent(path), encoding: .utf8)
    }

    /// `{"yaml": TEXT}`.
    static func yamlBody(_ text: String) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: ["yaml": text]), as: UTF8.self)
    }

    typealias Answer = (HTTPResponse.Status, [String: Any])

    static func call(_ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, key: String, _ body: String? = nil)
        async throws -> Answer
    {
        try await client.execute(uri: uri, method: method, headers: .api(key: key), body: body.map { ByteBuffer(string: $0) }) {
            ($0.status, (try? jsonObject($0.body)) ?? [:])
        }
    }

    static func names(_ answer: Answer, _ key: String) -> [String] {
        (answer.1[key] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
    }

    @Test("recipes: store the example, list, get, run (commit, dry run, preview, inline); another user's name is 404; lineage on the run")
    func recipes() async throws {
        let f = try await Self.fixture()
        defer { f.cleanup() }
        let (ana, anaKey) = try await f.user("ana")
        let (_, bobKey) = try await f.user("bob")
        let ops = try await serviceKey(f.config)
        let scoreOnly = try await serviceKey(f.config, scopes: [.score])
        let app = try await buildApplication(f.config)
        let runID: String = try await app.test(.live) { client in
            let (created, stored) = try await Self.call(
                client, .post, "/recipes", key: anaKey, try Self.yamlBody(try Self.example("recipes/mega-oversold.yaml")))
            #expect(created == .created && stored["name"] as? String == "mega-oversold" && stored["scope"] as? String == "user", "\(stored)")
            #expect(stored["user_id"] as? String == ana.id)
            let definition = try #require(stored["definition"] as? [String: Any])
            #expect(definition["model"] as? String == "demo-swing-daily-us" && (definition["plan"] as? [String: Any])?["risk_pct"] as? Double == 0.5)
            // An operator's shared recipe, given as JSON.
            let shared = #"{"name": "shared-swing", "model": "demo-swing-daily-us", "universe": "AAPL,MSFT", "filter": {"sides": ["long"]}}"#
            let (sharedMade, sharedBody) = try await Self.call(client, .post, "/recipes", key: ops, shared)
            #expect(sharedMade == .created && sharedBody["scope"] as? String == "shared" && sharedBody["user_id"] is NSNull)

            #expect(Self.names(try await Self.call(client, .get, "/recipes", key: anaKey), "recipes") == ["mega-oversold", "shared-swing"])
            #expect(Self.names(try await Self.call(client, .get, "/recipes", key: bobKey), "recipes") == ["shared-swing"])
            #expect(Self.names(try await Self.call(client, .get, "/recipes", key: ops), "recipes") == ["mega-oversold", "shared-swing"])
            #expect(try await Self.call(client, .get, "/recipes/mega-oversold", key: anaKey).0 == .ok)
            #expect(try await Self.call(client, .get, "/recipes/shared-swing", key: bobKey).0 == .ok)
            // Bob: Ana's recipe answers 404 whatever he does; he cannot delete the shared one either.
            #expect(try await Self.call(client, .get, "/recipes/mega-oversold", key: bobKey).0 == .notFound)
            #expect(try await Self.call(client, .delete, "/recipes/mega-oversold", key: bobKey).0 == .notFound)
            #expect(try await Self.call(client, .post, "/recipes/run", key: bobKey, #"{"name": "mega-oversold"}"#).0 == .notFound)
            #expect(try await Self.call(client, .delete, "/recipes/shared-swing", key: bobKey).0 == .notFound)
            #expect(try await Self.call(client, .get, "/recipes", key: scoreOnly).0 == .forbidden)

            // A committed run for Ana: the report names the recipe; the filter (min_score 0.55, longs) is counted.
            let run = #"{"name": "mega-oversold", "universe": "\#(Self.universe)", "as_of": "\#(Self.asOf)"}"#
            let (ran, report) = try await Self.call(client, .post, "/recipes/run", key: anaKey, run)
            let counts = try #require(report["counts"] as? [String: Int], "\(report)")
            #expect(ran == .ok && report["mode"] as? String == "commit" && report["recipe"] as? String == "mega-oversold", "\(report)")
            let id = try #require(report["run_id"] as? String)
            let alerts = report["alerts"] as? [[String: Any]] ?? []
            let filtered = (report["suppressed"] as? [[String: Any]] ?? []).filter { $0["guardrail"] as? String == "filter" }
            #expect(counts["symbols"] == 5 && (counts["filtered"] ?? 0) == filtered.count && counts["alerted"] == alerts.count, "\(counts)")
            #expect(alerts.allSatisfy { (($0["score"] as? [String: Any])?["score"] as? Double ?? 0) >= 0.55 })
            #expect(filtered.allSatisfy { ($0["detail"] as? String)?.hasPrefix("min_score:") == true })
            #expect(alerts.allSatisfy { (($0["plan"] as? [String: Any])?["hints"] as? [String: Any])?["risk_per_trade"] as? Double == 0.005 })
            // Bob may not run for Ana; an operator may, and may dry-run the shared recipe for the shared feed.
            let forAna = #"{"name": "shared-swing", "user_id": "\#(ana.id)", "as_of": "\#(Self.asOf)", "mode": "preview"}"#
            #expect(try await Self.call(client, .post, "/recipes/run", key: bobKey, forAna).0 == .notFound)
            let (opsRan, opsReport) = try await Self.call(client, .post, "/recipes/run", key: ops, forAna)
            #expect(opsRan == .ok && opsReport["mode"] as? String == "preview" && opsReport["run_id"] == nil)
            let dry = #"{"name": "shared-swing", "as_of": "\#(Self.asOf)", "mode": "dry_run"}"#
            let (dryRan, dryReport) = try await Self.call(client, .post, "/recipes/run", key: ops, dry)
            #expect(dryRan == .ok && dryReport["mode"] as? String == "dry_run" && dryReport["run_id"] is String)
            // Bob previews the shared recipe over his own symbols.
            let bobs = #"{"name": "shared-swing", "universe": "JPM", "as_of": "\#(Self.asOf)", "mode": "preview"}"#
            let (bobRan, bobReport) = try await Self.call(client, .post, "/recipes/run", key: bobKey, bobs)
            #expect(bobRan == .ok && (bobReport["counts"] as? [String: Int])?["symbols"] == 1)
            // An inline recipe previews, and only previews.
            let inline = #"{"recipe": {"name": "try", "model": "demo-swing-daily-us", "universe": "AAPL,MSFT"}, "as_of": "\#(Self.asOf)"}"#
            let (inlineRan, inlineReport) = try await Self.call(client, .post, "/recipes/run", key: anaKey, inline)
            #expect(inlineRan == .ok && inlineReport["mode"] as? String == "preview" && inlineReport["recipe"] as? String == "try")
            let inlineCommit = #"{"recipe": {"name": "try", "model": "demo-swing-daily-us", "universe": "AAPL"}, "mode": "commit"}"#
            let (refused, refusal) = try await Self.call(client, .post, "/recipes/run", key: anaKey, inlineCommit)
            #expect(refused == .unprocessableContent && TraderControlsEndpointTests.message(refusal).hasPrefix("mode:"))

            #expect(try await Self.call(client, .delete, "/recipes/mega-oversold", key: anaKey).0 == .noContent)
            #expect(try await Self.call(client, .get, "/recipes/mega-oversold", key: anaKey).0 == .notFound)
            #expect(try await Self.call(client, .post, "/recipes/run", key: anaKey, run).0 == .notFound)
            #expect(try await Self.call(client, .delete, "/recipes/shared-swing", key: ops).0 == .noContent)
            return id
        }
        // Lineage: the run row names the recipe (it outlives the deleted recipe); its alerts carry the model version.
        let (recipe, alertModels) = try await f.withStore { store in
            try await store.withConnection { db in
                let name = try await db.raw("SELECT recipe_name FROM sc.alert_runs WHERE id = \(bind: runID)").first()?
                    .decode(column: "recipe_name", as: String?.self)
                let models = try await db.raw("SELECT model_spec_id FROM sc.alerts WHERE run_id = \(bind: runID)").all()
                    .map { try $0.decode(column: "model_spec_id", as: String.self).lowercased() }
                return (name, models)
            }
        }
        #expect(recipe == "mega-oversold" && alertModels.allSatisfy { $0 == f.spec.id.uuidString.lowercased() })
        #expect(try await f.count("recipes") == 0)
    }

    @Test("bad definitions and run bodies are refused naming the field (422 / 400 / 409), and nothing is stored")
    func refusals() async throws {
        let f = try await Self.fixture()
        defer { f.cleanup() }
        let (_, anaKey) = try await f.user("ana")
        let (bob, _) = try await f.user("bob")
        let bobsList = try await f.withStore {
            try await SQLWatchlistStore(store: $0).create(userID: bob.id, name: "b", market: .us, kind: .equity, symbols: ["AAPL"]).id
        }
        let app = try await buildApplication(f.config)
        try await app.test(.live) { client in
            _ = try await Self.call(client, .post, "/recipes", key: anaKey, #"{"name": "taken", "model": "demo-swing-daily-us", "universe": "AAPL"}"#)
            let m = "demo-swing-daily-us"
            let cases: [(String, String, HTTPResponse.Status, [String])] = [
                (
                    "/recipes", #"{"name": "r", "model": "\#(m)", "plan": {"stop": 0.05}}"#, .unprocessableContent,
                    ["plan.stop", "train a model with those barriers instead"]
                ),
                ("/recipes", #"{"name": "r", "model": "\#(m)", "plan": {"max_hold": 3}}"#, .unprocessableContent, ["plan.max_hold", "barriers"]),
                (
                    "/recipes", #"{"name": "r", "model": "\#(m)", "features": "core-intraday"}"#, .unprocessableContent,
                    ["features:", "scores only the features it was trained on"]
                ),
                ("/recipes", #"{"name": "r", "model": "nope"}"#, .unprocessableContent, ["model:", "nope"]),
                ("/recipes", #"{"name": "r", "model": "\#(m)", "pack": "p"}"#, .unprocessableContent, ["exactly one"]),
                ("/recipes", #"{"name": "r", "modle": "\#(m)"}"#, .unprocessableContent, ["modle", "did you mean 'model'"]),
                ("/recipes", #"{"name": "r", "model": "\#(m)", "universe": "preset:nowhere"}"#, .unprocessableContent, ["universe:", "nowhere"]),
                ("/recipes", #"{"name": "r", "model": "\#(m)", "universe": "watchlist:\#(bobsList)"}"#, .unprocessableContent, ["universe:"]),
                ("/recipes", #"{"name": "r", "model": "\#(m)", "filter": {"min_score": 3}}"#, .unprocessableContent, ["filter.min_score"]),
                ("/recipes", #"{"name": "taken", "model": "\#(m)"}"#, .conflict, ["taken"]),
                ("/recipes", #"{"name": "run", "model": "\#(m)"}"#, .unprocessableContent, ["name:", "reserved"]),
                ("/recipes", #"{"yaml": "name: r\nmodel: [\n"}"#, .unprocessableContent, ["not valid YAML"]),
                ("/recipes", #"{"yaml": 5}"#, .unprocessableContent, ["yaml:"]),
                ("/recipes", #"[1]"#, .badRequest, ["JSON object"]),
                ("/recipes", #"{"name": "#, .badRequest, ["not valid JSON"]),
                (
                    "/workflows", #"{"name": "w", "steps": [{"model": "\#(m)"}, {"universe": "AAPL"}]}"#, .unprocessableContent,
                    ["step 'universe' comes after 'model'"]
                ),
                (
                    "/workflows", #"{"name": "w", "steps": [{"universe": "AAPL"}, {"filter": {}}]}"#, .unprocessableContent,
                    ["step 'model' is missing"]
                ),
                (
                    "/workflows", #"{"name": "w", "steps": [{"universe": "AAPL"}, {"model": "\#(m)"}, {"deliver": "fax"}]}"#, .unprocessableContent,
                    ["steps[2].deliver"]
                ),
                ("/recipes/run", #"{}"#, .badRequest, ["name"]),
                ("/recipes/run", #"{"name": "taken", "mode": "sometimes"}"#, .unprocessableContent, ["mode:"]),
                ("/recipes/run", #"{"name": "taken", "workflow": {"name": "w"}}"#, .badRequest, ["workflows/run"]),
                ("/recipes/run", #"{"name": "nope"}"#, .notFound, ["nope"]),
                ("/recipes/run", #"{"name": "taken", "universe": "preset:nowhere", "mode": "preview"}"#, .badRequest, ["universe", "nowhere"]),
                ("/recipes/run", #"{"name": "taken", "as_of": "tomorrow"}"#, .unprocessableContent, ["as_of"]),
                ("/workflows/run", #"{"name": "nope"}"#, .notFound, ["nope"]),
            ]
            for (uri, body, want, named) in cases {
                let (status, error) = try await Self.call(client, .post, uri, key: anaKey, body)
                let message = TraderControlsEndpointTests.message(error)
                #expect(status == want && named.allSatisfy { message.contains($0) }, "\(uri) \(body) → \(status) \(message)")
            }
        }
        let (recipes, workflows, runs) = (try await f.count("recipes"), try await f.count("workflows"), try await f.count("alert_runs"))
        #expect(recipes == 1 && workflows == 0 && runs == 0)
    }

    @Test("workflows: store the example (an operator's, shared), run it for a user, delete; another user's name is 404")
    func workflows() async throws {
        let f = try await Self.fixture()
        defer { f.cleanup() }
        let (ana, anaKey) = try await f.user("ana")
        let (_, bobKey) = try await f.user("bob")
        let ops = try await serviceKey(f.config)
        let app = try await buildApplication(f.config)
        try await app.test(.live) { client in
            let (made, body) = try await Self.call(
                client, .post, "/workflows", key: ops, try Self.yamlBody(try Self.example("workflows/mega-longs.yaml")))
            #expect(made == .created && body["scope"] as? String == "shared", "\(body)")
            #expect(((body["definition"] as? [String: Any])?["steps"] as? [Any])?.count == 7)
            let own = #"{"name": "anas-dry", "steps": [{"universe": "AAPL,MSFT"}, {"model": "demo-swing-daily-us"}, {"deliver": "none"}]}"#
            #expect(try await Self.call(client, .post, "/workflows", key: anaKey, own).0 == .created)
            #expect(Self.names(try await Self.call(client, .get, "/workflows", key: anaKey), "workflows") == ["anas-dry", "mega-longs"])
            #expect(Self.names(try await Self.call(client, .get, "/workflows", key: bobKey), "workflows") == ["mega-longs"])
            #expect(try await Self.call(client, .get, "/workflows/anas-dry", key: bobKey).0 == .notFound)
            #expect(try await Self.call(client, .delete, "/workflows/anas-dry", key: bobKey).0 == .notFound)
            #expect(try await Self.call(client, .post, "/workflows/run", key: bobKey, #"{"name": "anas-dry"}"#).0 == .notFound)
            #expect(try await Self.call(client, .get, "/workflows/mega-longs", key: bobKey).0 == .ok)
            // Ana runs the shared workflow (commit: deliver feed) over five symbols, and her own (deliver none: a dry run).
            let run = #"{"name": "mega-longs", "universe": "\#(Self.universe)", "as_of": "\#(Self.asOf)"}"#
            let (ran, report) = try await Self.call(client, .post, "/workflows/run", key: anaKey, run)
            #expect(ran == .ok && report["mode"] as? String == "commit" && report["workflow"] as? String == "mega-longs", "\(report)")
            #expect(
                ((report["alerts"] as? [[String: Any]]) ?? []).allSatisfy {
                    ($0["explanation"] as? [String: Any])?["source"] as? String == "template"
                })
            let (dryRan, dry) = try await Self.call(client, .post, "/workflows/run", key: anaKey, #"{"name": "anas-dry", "as_of": "\#(Self.asOf)"}"#)
            #expect(dryRan == .ok && dry["mode"] as? String == "dry_run" && (dry["counts"] as? [String: Int])?["alerted"] == 0, "\(dry)")
            // Inline, previewed.
            let inline =
                #"{"workflow": {"name": "try", "steps": [{"universe": "NVDA"}, {"model": "demo-swing-daily-us"}]}, "as_of": "\#(Self.asOf)"}"#
            let (inlineRan, inlineReport) = try await Self.call(client, .post, "/workflows/run", key: bobKey, inline)
            #expect(inlineRan == .ok && inlineReport["mode"] as? String == "preview" && inlineReport["workflow"] as? String == "try")
            #expect(try await Self.call(client, .delete, "/workflows/mega-longs", key: anaKey).0 == .notFound)
            #expect(try await Self.call(client, .delete, "/workflows/anas-dry", key: anaKey).0 == .noContent)
            #expect(try await Self.call(client, .delete, "/workflows/mega-longs", key: ops).0 == .noContent)
            #expect(Self.names(try await Self.call(client, .get, "/workflows", key: anaKey), "workflows").isEmpty)
        }
        let rows = try await f.withStore { store in
            try await store.withConnection { db in
                try await db.raw("SELECT workflow_name, user_id, dry_run FROM sc.alert_runs ORDER BY started_at").all().map {
                    "\(try $0.decode(column: "workflow_name", as: String?.self) ?? "-") \(try $0.decode(column: "user_id", as: String?.self) == ana.id)"
                }
            }
        }
        #expect(rows == ["mega-longs true", "anas-dry true"])
    }
}
