import Features
import Foundation
import Logging
import SQLKit
import Server
import Storage
import Testing

/// `alertsai recipes …` and `alertsai workflows …` through the built binary, on the examples.
@Suite("alertsai recipes and workflows")
struct PipelineCommandTests {
    func lines(_ stderr: String) -> [Substring] {
        stderr.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    /// Refused with one `Error:` line naming each of `named`, exit 1.
    func refused(_ arguments: [String], named: [String], status: Int32 = 1) throws {
        let r = try runAlertsAI(arguments)
        #expect(r.status == status, "\(arguments) exit \(r.status): \(r.stdout) \(r.stderr)")
        #expect(lines(r.stderr).first?.hasPrefix("Error: ") == true && named.allSatisfy { r.stderr.contains($0) }, "\(arguments) stderr: \(r.stderr)")
    }

    func json(_ r: (status: Int32, stdout: String, stderr: String)) throws -> [String: Any] {
        #expect(r.status == 0, "stderr: \(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stdout)")
    }

    @Test("recipes: create the example (shared and a user's), list, show, run (preview, dry run, commit with lineage), delete; refusals exit 1")
    func recipes() async throws {
        let (config, dir) = temporaryConfig()
        defer { try? FileManager.default.removeItem(at: dir) }
        let features = try await InMemoryFeatureSetCatalog.builtIn().resolveFeatureSet("core-daily@v1").featureNames
        _ = try await publishTestModel(config, name: "demo-swing-daily-us", features: features, threshold: 0)
        let db = ["--database-url", config.databaseURL, "--artifacts-path", config.artifactsPath]
        let example = PipelinesEndpointTests.examples.appendingPathComponent("recipes/mega-oversold.yaml").path
        let ana = try runAlertsAI(["users", "create", "--email", "ana@example.com"] + db).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let bob = try runAlertsAI(["users", "create", "--email", "bob@example.com"] + db).stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        let made = try runAlertsAI(["recipes", "create", example, "--user", ana] + db)
        #expect(made.status == 0 && made.stdout.contains("created recipe mega-oversold (user \(ana))"), "\(made.stderr)")
        let file = dir.appendingPathComponent("shared.yaml")
        try "name: shared-swing\nmodel: demo-swing-daily-us\nuniverse: AAPL,MSFT\n".write(to: file, atomically: true, encoding: .utf8)
        let shared = try json(try runAlertsAI(["recipes", "create", file.path, "--json"] + db))
        #expect(shared["scope"] as? String == "shared" && shared["user_id"] is NSNull)

        let all = try runAlertsAI(["recipes", "list"] + db)
        #expect(all.stdout.contains("mega-oversold") && all.stdout.contains("shared-swing") && all.stdout.contains("preset:us-mega-30"))
        let bobs = try runAlertsAI(["recipes", "list", "--user", bob] + db)
        #expect(!bobs.stdout.contains("mega-oversold") && bobs.stdout.contains("shared-swing"))
        let shown = try runAlertsAI(["recipes", "show", "mega-oversold", "--user", ana] + db)
        #expect(shown.status == 0 && shown.stdout.contains("risk_pct: 0.5") && shown.stdout.contains("min_score: 0.55"), "\(shown.stdout)")
        try refused(["recipes", "show", "mega-oversold", "--user", bob] + db, named: ["mega-oversold"])
        try refused(["recipes", "run", "mega-oversold", "--user", bob, "--preview"] + db, named: ["mega-oversold"])
        try refused(["recipes", "delete", "mega-oversold", "--user", bob] + db, named: ["mega-oversold"])

        // Preview (writes nothing), dry run (the run row only), commit (alerts; the run names the recipe).
        let universe = ["--universe", "AAPL,MSFT,NVDA,JPM", "--as-of", "2024-06-28"]
        let preview = try json(try runAlertsAI(["recipes", "run", "mega-oversold", "--user", ana, "--preview", "--json"] + universe + db))
        #expect(preview["mode"] as? String == "preview" && preview["recipe"] as? String == "mega-oversold")
        #expect((preview["counts"] as? [String: Int])?["symbols"] == 4, "\(preview)")
        let dry = try json(try runAlertsAI(["recipes", "run", "mega-oversold", "--user", ana, "--dry-run", "--json"] + universe + db))
        #expect(dry["mode"] as? String == "dry_run")
        let text = try runAlertsAI(["recipes", "run", "shared-swing", "--user", ana, "--as-of", "2024-06-28", "--quiet"] + db)
        #expect(
            text.status == 0 && text.stdout.hasPrefix("recipe shared-swing\nrun ") && text.stdout.contains("counts: "),
            "\(text.stdout) \(text.stderr)")
        let rows = try await withTestStore(config) { store in
            try await store.withConnection { db in
                try await db.raw("SELECT recipe_name, dry_run FROM sc.alert_runs ORDER BY started_at").all().map {
                    "\(try $0.decode(column: "recipe_name", as: String?.self) ?? "-") \(try $0.decode(column: "dry_run", as: Bool.self))"
                }
            }
        }
        #expect(rows == ["mega-oversold true", "shared-swing false"])

        // Refusals: a barrier, another model's features, an unknown model, a taken name, a missing file, both modes.
        for (yaml, named) in [
            ("name: r\nmodel: demo-swing-daily-us\nplan: {stop: 0.05}\n", ["plan.stop", "train a model with those barriers instead"]),
            ("name: r\nmodel: demo-swing-daily-us\nfeatures: core-intraday\n", ["features:", "scores only the features it was trained on"]),
            ("name: r\nmodel: nope\n", ["model:", "nope"]),
            ("name: shared-swing\nmodel: demo-swing-daily-us\n", ["shared-swing"]),
        ] {
            try yaml.write(to: file, atomically: true, encoding: .utf8)
            try refused(["recipes", "create", file.path] + db, named: named)
        }
        try refused(["recipes", "create", dir.appendingPathComponent("none.yaml").path] + db, named: ["none.yaml"])
        try refused(["recipes", "create", example, "--user", "no-such-user"] + db, named: ["no-such-user"])
        try refused(["recipes", "run", "shared-swing", "--dry-run", "--preview"] + db, named: ["--dry-run"], status: 2)
        try refused(["recipes", "run", "nope"] + db, named: ["nope"])

        #expect(try runAlertsAI(["recipes", "delete", "mega-oversold", "--user", ana] + db).stdout.contains("deleted recipe mega-oversold"))
        try refused(["recipes", "show", "mega-oversold"] + db, named: ["mega-oversold"])
        let help = try runAlertsAI(["recipes", "run", "--help"])
        #expect(help.stdout.contains("Examples:") && help.stdout.contains("alertsai recipes run mega-oversold"))
    }

    @Test("workflows: create the example, list, show, run (deliver feed: commit; a deliver none one: dry run), delete; bad steps refused")
    func workflows() async throws {
        let (config, dir) = temporaryConfig()
        defer { try? FileManager.default.removeItem(at: dir) }
        let features = try await InMemoryFeatureSetCatalog.builtIn().resolveFeatureSet("core-daily@v1").featureNames
        _ = try await publishTestModel(config, name: "demo-swing-daily-us", features: features, threshold: 0)
        let db = ["--database-url", config.databaseURL, "--artifacts-path", config.artifactsPath]
        let example = PipelinesEndpointTests.examples.appendingPathComponent("workflows/mega-longs.yaml").path
        #expect(try runAlertsAI(["workflows", "create", example] + db).stdout.contains("created workflow mega-longs (shared with every user)"))
        #expect(try runAlertsAI(["workflows", "list"] + db).stdout.contains("mega-longs"))
        #expect(try runAlertsAI(["workflows", "show", "mega-longs"] + db).stdout.contains("deliver: feed"))
        let report = try json(
            try runAlertsAI(["workflows", "run", "mega-longs", "--universe", "AAPL,MSFT,NVDA", "--as-of", "2024-06-28", "--json"] + db))
        #expect(report["mode"] as? String == "commit" && report["workflow"] as? String == "mega-longs", "\(report)")
        let file = dir.appendingPathComponent("dry.yaml")
        try "name: dry\nsteps:\n  - universe: AAPL\n  - model: demo-swing-daily-us\n  - deliver: none\n".write(
            to: file, atomically: true, encoding: .utf8)
        #expect(try runAlertsAI(["workflows", "create", file.path] + db).status == 0)
        let dry = try json(try runAlertsAI(["workflows", "run", "dry", "--as-of", "2024-06-28", "--json"] + db))
        #expect(dry["mode"] as? String == "dry_run")
        for (yaml, named) in [
            ("name: w\nsteps:\n  - model: demo-swing-daily-us\n  - universe: AAPL\n", ["step 'universe' comes after 'model'"]),
            ("name: w\nsteps:\n  - universe: AAPL\n", ["step 'model' is missing"]),
            ("name: w\nsteps:\n  - universe: AAPL\n  - model: demo-swing-daily-us\n  - plan: {take_profit: 0.1}\n", ["steps[2].plan.take_profit"]),
        ] {
            try yaml.write(to: file, atomically: true, encoding: .utf8)
            try refused(["workflows", "create", file.path] + db, named: named)
        }
        #expect(try runAlertsAI(["workflows", "delete", "mega-longs"] + db).stdout.contains("deleted workflow mega-longs"))
        #expect(try runAlertsAI(["workflows", "list"] + db).stdout.contains("mega-longs") == false)
        let help = try runAlertsAI(["workflows", "--help"])
        #expect(help.stdout.contains("Examples:") && help.stdout.contains("deliver"))
    }
}

/// Runs `body` on the config's store, closing it afterwards.
func withTestStore<T: Sendable>(_ config: AppConfig, _ body: (any Store) async throws -> T) async throws -> T {
    var logger = Logger(label: "test")
    logger.logLevel = .warning
    let store = try await StoreFactory.open(url: try DatabaseURL(config.databaseURL), logger: logger)
    do {
        let value = try await body(store)
        await store.shutdown()
        return value
    } catch {
        await store.shutdown()
        throw error
    }
}
