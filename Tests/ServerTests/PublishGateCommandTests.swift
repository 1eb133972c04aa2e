import Foundation
import Testing

/// `alertsai train` stores the promise, `models show --json` carries it, and `models publish` refuses a model whose
/// forward expectancy does not clear zero and the null band unless `--force`, which is recorded on the spec.
@Suite("alertsai publish gate")
struct PublishGateCommandTests {
    @Test("a no-edge model is refused at publish; --force publishes it and records who overrode the gate")
    func refusedThenForced() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("alertsai-gate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = ["--database-url", "sqlite:\(dir.path)/sc.sqlite", "--artifacts-path", "\(dir.path)/artifacts"]
        let config = """
            {"name": "nulledge", "seed": 7,
             "data": {"provider": "synthetic", "universe": "SYN001,SYN002,SYN003,SYN004,SYN005,SYN006", "timeframe": "1d",
                      "from": "2021-01-01", "to": "2024-12-31", "synthetic": {"seed": 7, "strength": 0}},
             "features": {"set": "core-daily"},
             "plan": {"side": "long", "take_profit": {"atr_multiple": 2, "atr_period": 14}, "stop": {"atr_multiple": 1, "atr_period": 14},
                      "max_hold_bars": 40},
             "model": {"kind": "logistic"},
             "validation": {"method": "purged_walk_forward", "folds": 4},
             "thresholds": {"policy": "top_k", "alerts_per_day": 2}}
            """
        let file = dir.appendingPathComponent("null.json")
        try Data(config.utf8).write(to: file)
        let train = try runAlertsAI(["train", file.path, "--quiet"] + db, timeout: 300)
        #expect(train.status == 0, "stderr: \(train.stderr)")
        #expect(train.stdout.contains("promise") && train.stdout.contains("expectancy"))

        let shown = try runAlertsAI(["models", "show", "nulledge", "--json"] + db)
        #expect(shown.status == 0, "stderr: \(shown.stderr)")
        let doc = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any]
        let promise = try #require((doc?["spec"] as? [String: Any])?["promise"] as? [String: Any])
        for key in ["precision", "expectancy_pct", "expectancy_r", "alerts_per_day"] {
            let e = promise[key] as? [String: Any]
            #expect(e?["value"] != nil && e?["low"] != nil && e?["high"] != nil, "promise.\(key) = \(String(describing: e))")
        }

        let refused = try runAlertsAI(["models", "publish", "nulledge", "1", "--actor", "carol"] + db)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("refusing to publish nulledge@v1") && refused.stderr.contains("forward expectancy"), "\(refused.stderr)")

        let forced = try runAlertsAI(["models", "publish", "nulledge", "1", "--force", "--actor", "carol"] + db)
        #expect(forced.status == 0, "stderr: \(forced.stderr)")
        #expect(forced.stderr.contains("--force"))
        let after = try runAlertsAI(["models", "show", "nulledge", "--json"] + db)
        let spec = (try JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [String: Any])?["spec"] as? [String: Any]
        #expect(spec?["status"] as? String == "published")
        let override = ((spec?["promise"] as? [String: Any])?["forced_publish"] as? [String: Any])
        #expect(override?["by"] as? String == "carol")
        #expect((override?["refusal"] as? String)?.contains("forward expectancy") == true)
    }
}
