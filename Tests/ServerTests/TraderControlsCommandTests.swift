import Foundation
import Testing

/// `alertsai users settings`, `alertsai watchlists …`, `alertsai silences …` through the built binary.
@Suite("alertsai settings, watchlists and silences")
struct TraderControlsCommandTests {
    func lines(_ stderr: String) -> [Substring] {
        stderr.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    /// Refused with one `Error:` line naming `named`.
    func refused(_ arguments: [String], named: String) throws {
        let r = try runAlertsAI(arguments)
        #expect(r.status != 0, "\(arguments) succeeded: \(r.stdout)")
        #expect(lines(r.stderr).first?.hasPrefix("Error: ") == true && r.stderr.contains(named), "\(arguments) stderr: \(r.stderr)")
    }

    func settingsJSON(_ user: String, _ db: [String]) throws -> [String: Any] {
        let r = try runAlertsAI(["users", "settings", "--user", user, "--json"] + db)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        return try #require(doc["settings"] as? [String: Any])
    }

    @Test("users settings: --set changes the named keys and keeps the others; a bad key or value is named and nothing is written")
    func settings() throws {
        let (config, dir) = temporaryConfig()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = ["--database-url", config.databaseURL]
        let ana = try runAlertsAI(["users", "create", "--email", "ana@example.com"] + db).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let fresh = try settingsJSON(ana, db)
        #expect(fresh.values.allSatisfy { $0 is NSNull } && fresh.count == 13)
        let set = try runAlertsAI(
            [
                "users", "settings", "--user", ana, "--set", "daily_budget=1", "--set", "quiet_hours=22:00-07:00,12:00-13:00", "--set",
                "time_zone=Europe/Berlin", "--set", "market_hours_only=true",
            ] + db)
        #expect(set.status == 0, "stderr: \(set.stderr)")
        #expect(set.stdout.contains("daily_budget") && set.stdout.contains("22:00-07:00,12:00-13:00") && set.stdout.contains("(model default)"))
        _ = try runAlertsAI(["users", "settings", "--user", ana, "--set", "min_expected_return_pct=0.4"] + db)
        let stored = try settingsJSON(ana, db)
        #expect(stored["daily_budget"] as? Int == 1 && stored["quiet_hours"] as? [String] == ["22:00-07:00", "12:00-13:00"])
        #expect(stored["time_zone"] as? String == "Europe/Berlin" && stored["market_hours_only"] as? Bool == true)
        #expect(stored["min_expected_return_pct"] as? Double == 0.4)
        for (assignment, named) in [
            ("daily_budget=-1", "daily_budget"), ("daily_budget=lots", "daily_budget"), ("budget=1", "budget"), ("quiet_hours=22-07", "quiet_hours"),
            ("time_zone=Mars/Base", "time_zone"), ("options_max_dte=5000", "options_max_dte"), ("daily_budget", "KEY=VALUE"),
        ] {
            try refused(["users", "settings", "--user", ana, "--set", "cooldown_bars=4", "--set", assignment] + db, named: named)
        }
        try refused(
            ["users", "settings", "--user", ana, "--set", "options_max_dte=30", "--set", "options_min_dte=90"] + db, named: "options_min_dte")
        let after = try settingsJSON(ana, db)
        #expect(after["cooldown_bars"] is NSNull && after["daily_budget"] as? Int == 1, "a refused command writes nothing")
        _ = try runAlertsAI(["users", "settings", "--user", ana, "--set", "daily_budget=null"] + db)
        #expect(try settingsJSON(ana, db)["daily_budget"] is NSNull)
        try refused(["users", "settings", "--user", "no-such-user"] + db, named: "no-such-user")
    }

    @Test("watchlists and silences: create, list, change, delete or expire; another user's watchlist is refused")
    func watchlistsAndSilences() throws {
        let (config, dir) = temporaryConfig()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = ["--database-url", config.databaseURL]
        let ana = try runAlertsAI(["users", "create", "--email", "ana@example.com"] + db).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let bob = try runAlertsAI(["users", "create", "--email", "bob@example.com"] + db).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let made = try runAlertsAI(["watchlists", "create", "--user", ana, "--name", "chips", "--symbols", "nvda,AMD", "--json"] + db)
        #expect(made.status == 0, "stderr: \(made.stderr)")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(made.stdout.utf8)) as? [String: Any])
        let id = try #require(list["id"] as? String)
        #expect(list["symbols"] as? [String] == ["NVDA", "AMD"] && list["universe"] as? String == "watchlist:\(id)")
        let listed = try runAlertsAI(["watchlists", "list", "--user", ana] + db)
        #expect(listed.stdout.contains(id) && listed.stdout.contains("NVDA,AMD"))
        #expect(try runAlertsAI(["watchlists", "list", "--user", bob] + db).stdout.contains("no watchlists"))
        try refused(["watchlists", "create", "--user", ana, "--name", "chips", "--symbols", "C"] + db, named: "name")
        try refused(["watchlists", "create", "--user", ana, "--name", "x", "--symbols", ","] + db, named: "symbols")
        try refused(["watchlists", "create", "--user", ana, "--name", "x", "--symbols", "A", "--market", "MARS"] + db, named: "--market")
        try refused(["watchlists", "update", id, "--user", bob, "--name", "mine"] + db, named: "of yours")
        try refused(["watchlists", "delete", id, "--user", bob] + db, named: "of yours")
        let updated = try runAlertsAI(["watchlists", "update", id, "--user", ana, "--symbols", "NVDA,AVGO"] + db)
        #expect(updated.status == 0 && updated.stdout.contains("NVDA,AVGO"), "stderr: \(updated.stderr)")
        // A schedule over the watchlist resolves it (the same resolution a run uses).
        let schedule = try runAlertsAI(["schedules", "create", "--model", "none", "--universe", "watchlist:\(id)", "--user", ana] + db)
        #expect(!schedule.stderr.contains("--universe"), "the watchlist resolves: \(schedule.stderr)")

        let silence = try runAlertsAI(
            ["silences", "create", "--user", ana, "--universe", "watchlist:\(id)", "--duration", "2h", "--comment", "earnings week"] + db)
        #expect(silence.status == 0, "stderr: \(silence.stderr)")
        let silenceID = silence.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let everyone = try runAlertsAI(["silences", "create", "--model", "swing", "--regime", "high_vol", "--duration", "30m"] + db)
        #expect(everyone.status == 0, "stderr: \(everyone.stderr)")
        let all = try runAlertsAI(["silences", "list", "--active"] + db)
        #expect(all.stdout.contains(silenceID) && all.stdout.contains("everyone") && all.stdout.contains("earnings week"), "\(all.stdout)")
        let bobs = try runAlertsAI(["silences", "list", "--user", bob] + db)
        #expect(!bobs.stdout.contains(silenceID) && bobs.stdout.contains("everyone"))
        try refused(["silences", "create", "--duration", "1h"] + db, named: "matchers")
        try refused(["silences", "create", "--symbol", "A", "--duration", "soon"] + db, named: "--duration")
        try refused(["silences", "create", "--regime", "stormy", "--duration", "1h"] + db, named: "regime")
        try refused(["silences", "create", "--symbol", "A"] + db, named: "--duration")
        try refused(["silences", "expire", "nope"] + db, named: "nope")
        let expired = try runAlertsAI(["silences", "expire", silenceID] + db)
        #expect(expired.status == 0 && expired.stdout.contains(silenceID), "stderr: \(expired.stderr)")
        #expect(!(try runAlertsAI(["silences", "list", "--active"] + db)).stdout.contains(silenceID))

        let deleted = try runAlertsAI(["watchlists", "delete", id, "--user", ana] + db)
        #expect(deleted.status == 0, "stderr: \(deleted.stderr)")
        #expect(try runAlertsAI(["watchlists", "list", "--user", ana] + db).stdout.contains("no watchlists"))
    }
}
