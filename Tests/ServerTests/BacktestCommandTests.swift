import Foundation
import Testing

/// `alertsai backtest` on a model trained by `alertsai train`: JSON on stdout, the same JSON and an SVG with --out,
/// a table without --json, and errors naming the flag.
@Suite("alertsai backtest")
struct BacktestCommandTests {
    @Test("train, then backtest after the training period: --json has the statistics, the promise and the trades; --out writes JSON and SVG")
    func trainedThenBacktested() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("alertsai-backtest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = ["--database-url", "sqlite:\(dir.path)/sc.sqlite", "--artifacts-path", "\(dir.path)/artifacts"]
        let config = """
            {"name": "edge", "seed": 7,
             "data": {"provider": "synthetic", "universe": "SYN001,SYN002,SYN003,SYN004,SYN005,SYN006", "timeframe": "1d",
                      "from": "2021-01-01", "to": "2024-12-31", "synthetic": {"seed": 7}},
             "features": {"set": "core-daily"},
             "plan": {"side": "long", "take_profit": {"atr_multiple": 2, "atr_period": 14}, "stop": {"atr_multiple": 1, "atr_period": 14},
                      "max_hold_bars": 20},
             "model": {"kind": "logistic"},
             "validation": {"method": "purged_walk_forward", "folds": 4},
             "thresholds": {"policy": "top_k", "alerts_per_day": 2}}
            """
        let file = dir.appendingPathComponent("edge.json")
        try Data(config.utf8).write(to: file)
        let train = try runAlertsAI(["train", file.path, "--quiet"] + db, timeout: 400)
        #expect(train.status == 0, "stderr: \(train.stderr)")
        let universe = ["--universe", "SYN001,SYN002,SYN003,SYN004,SYN005,SYN006"]
        let period = ["--from", "2025-01-02", "--to", "2025-03-31"]
        // A draft backtests when pinned; the name alone needs a published version.
        let unpublished = try runAlertsAI(["backtest", "--model", "edge"] + universe + period + db)
        #expect(unpublished.status != 0 && unpublished.stderr.contains("--model edge"), "\(unpublished.stderr)")

        let out = dir.appendingPathComponent("report")
        let run = try runAlertsAI(["backtest", "--model", "edge@v1", "--json", "--out", out.path] + universe + period + db, timeout: 300)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        for key in ["alerts", "win_rate", "profit_factor", "expectancy_pct", "expectancy_r", "max_drawdown_pct", "sharpe", "promise", "trades"] {
            #expect(doc.keys.contains(key), "missing \(key)")
        }
        #expect(doc["model"] as? String == "edge@v1")
        let promise = try #require(doc["promise"] as? [String: Any])
        #expect((promise["expectancy_pct"] as? [String: Any])?["value"] != nil)
        let trades = try #require(doc["trades"] as? [[String: Any]])
        #expect(!trades.isEmpty)
        let written = try Data(contentsOf: out.appendingPathComponent("backtest.json"))
        let again = try #require(try JSONSerialization.jsonObject(with: written) as? [String: Any])
        #expect((again["trades"] as? [[String: Any]])?.count == trades.count)
        let svg = try String(contentsOf: out.appendingPathComponent("equity.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("<polyline"))

        let table = try runAlertsAI(["backtest", "--model", "edge@v1"] + universe + period + db, timeout: 300)
        #expect(table.status == 0, "stderr: \(table.stderr)")
        #expect(table.stdout.contains("win rate") && table.stdout.contains("promise"))

        let backwards = try runAlertsAI(["backtest", "--model", "edge@v1", "--from", "2025-03-31", "--to", "2025-01-02"] + universe + db)
        #expect(backwards.status != 0 && backwards.stderr.contains("--to 2025-01-02 is before --from 2025-03-31"), "\(backwards.stderr)")
        let badVersion = try runAlertsAI(["backtest", "--model", "edge@v9"] + universe + period + db)
        #expect(badVersion.status != 0 && badVersion.stderr.contains("--model edge@v9"), "\(badVersion.stderr)")
        let badUniverse = try runAlertsAI(["backtest", "--model", "edge@v1", "--universe", "preset:nowhere"] + period + db)
        #expect(badUniverse.status != 0 && badUniverse.stderr.contains("--universe preset:nowhere"), "\(badUniverse.stderr)")
        let weekend = try runAlertsAI(["backtest", "--model", "edge@v1", "--from", "2025-03-01", "--to", "2025-03-02"] + universe + db)
        #expect(weekend.status != 0 && weekend.stderr.contains("no closed 1d bar"), "\(weekend.stderr)")
    }
}
