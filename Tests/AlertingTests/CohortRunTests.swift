import AlertsCore
import Features
import Foundation
import MarketData
import Storage
import Testing

@testable import Alerting

/// Cohort fan-out: one run scores each symbol once and serves every member through their own settings, watchlist,
/// duplicates and guardrails — what each member's own run would have given them.
@Suite("cohort runs", .serialized)
struct CohortRunTests {
    static let universe = AlertRunnerTests.universe
    static let friday = AlertRunnerTests.friday

    /// Three traders: `budget` may get one alert a day, `listed` only alerts on MSFT and NVDA (their watchlist),
    /// `plain` takes the model's defaults. Returns their ids by name.
    static func traders(_ f: ModelFixture) async throws -> (ids: [String: String], watchlist: String) {
        let users = SQLUserStore(store: f.store)
        var ids: [String: String] = [:]
        for name in ["budget", "listed", "plain"] { ids[name] = try await users.createUser(name: name, email: nil).id }
        try await SQLUserSettingsStore(store: f.store).save(UserAlertSettings(userID: ids["budget"]!, dailyBudget: 1))
        let list = try await SQLWatchlistStore(store: f.store).create(
            userID: ids["listed"]!, name: "two", market: .us, kind: .equity, symbols: ["MSFT", "NVDA"])
        return (ids, list.id)
    }

    func runner(_ f: ModelFixture) -> AlertRunner {
        AlertRunner(store: f.store, artifacts: f.artifacts, provider: SyntheticMarket(), catalog: InMemoryFeatureSetCatalog.builtIn())
    }

    /// (user name, symbol, score, stop) of each alert; (user name, symbol, guardrail) of each suppression.
    static func outcome(_ reports: [AlertRunReport], names: [String: String]) -> (alerts: Set<String>, suppressed: Set<String>) {
        let byID = Dictionary(uniqueKeysWithValues: names.map { ($0.value, $0.key) })
        var alerts = Set<String>()
        var suppressed = Set<String>()
        for r in reports {
            for a in r.alerts { alerts.insert("\(byID[a.userID ?? ""] ?? "?") \(a.symbol) \(a.score.score) \(a.plan.stopPrice)") }
            for s in r.suppressed { suppressed.insert("\(byID[s.userID ?? ""] ?? "?") \(s.symbol) \(s.guardrail ?? "")") }
        }
        return (alerts, suppressed)
    }

    @Test("a cohort run gives each member exactly what their own run gives them, scoring each symbol once")
    func equalsOwnRuns() async throws {
        let together = try await ModelFixture.make()
        let apart = try await ModelFixture.make()
        defer {
            Task {
                await together.cleanup()
                await apart.cleanup()
            }
        }
        for f in [together, apart] {
            try await f.publish(
                name: "swing", features: try await AlertRunnerTests.coreDaily(), threshold: 0, perRegime: AlertRunnerTests.everyone)
        }
        let (a, _) = try await Self.traders(together)
        let (b, bList) = try await Self.traders(apart)
        let cohorts = SQLCohortStore(store: together.store)
        _ = try await cohorts.create(name: "desk", description: "three traders")
        let listID = try await SQLWatchlistStore(store: together.store).watchlists(userID: a["listed"]!).first!.id
        _ = try await cohorts.add(
            cohort: "desk",
            members: [CohortMember(userID: a["budget"]!), CohortMember(userID: a["listed"]!, watchlistID: listID), CohortMember(userID: a["plain"]!)])

        var cohortRunner = runner(together)
        let counter = ScoreCounter()
        cohortRunner.progress = { _, _, _ in counter.add() }
        let shared = try await cohortRunner.run(AlertRunRequest(target: .model("swing"), universe: Self.universe, asOf: Self.friday, cohort: "desk"))
        #expect(counter.count == 6, "each of the 6 symbols is scored once for 3 users")
        #expect(shared.counts["users"] == 3)
        #expect(shared.counts["scored"] == 6)

        let r = runner(apart)
        var own: [AlertRunReport] = []
        for name in ["budget", "plain"] {
            own.append(try await r.run(AlertRunRequest(target: .model("swing"), universe: Self.universe, asOf: Self.friday, userID: b[name])))
        }
        own.append(try await r.run(AlertRunRequest(target: .model("swing"), universe: "watchlist:\(bList)", asOf: Self.friday, userID: b["listed"])))

        let mine = Self.outcome([shared], names: a)
        let theirs = Self.outcome(own, names: b)
        #expect(mine.alerts == theirs.alerts)
        #expect(mine.suppressed == theirs.suppressed)
        #expect(mine.alerts.filter { $0.hasPrefix("budget ") }.count == 1, "daily_budget 1")
        #expect(mine.alerts.filter { $0.hasPrefix("listed ") }.allSatisfy { $0.hasPrefix("listed MSFT") || $0.hasPrefix("listed NVDA") })
        #expect(mine.alerts.filter { $0.hasPrefix("plain ") }.count == 6)

        // Stored: one run row naming the cohort, each alert and suppression under its member.
        let run = try await SQLAlertRunRepository(store: together.store).run(id: try #require(shared.runID))
        #expect(run.cohort == "desk" && run.userID == nil)
        let stored = try await SQLAlertRepository(store: together.store).alerts(runID: run.id)
        #expect(stored.count == shared.alerts.count)
        #expect(Set(stored.compactMap(\.userID)) == Set(a.values))
        let suppressedUsers = try await together.store.withConnection { db in
            try await db.raw("SELECT user_id FROM sc.alert_suppressions WHERE run_id = \(bind: run.id)").all()
                .map { try $0.decode(column: "user_id", as: String?.self) }
        }
        #expect(suppressedUsers.count == shared.suppressed.count && suppressedUsers.allSatisfy { $0 == a["budget"] })

        // The same bar again: every member's alerts are duplicates, nothing new is written.
        let again = try await runner(together).run(
            AlertRunRequest(target: .model("swing"), universe: Self.universe, asOf: Self.friday, cohort: "desk"))
        #expect(again.counts["alerted"] == 0)
        #expect(again.counts["duplicate"] == shared.alerts.count)
    }

    @Test("an unknown cohort, or a cohort with a user, is refused before any run row is written")
    func refused() async throws {
        let f = try await ModelFixture.make()
        defer { Task { await f.cleanup() } }
        try await f.publish(name: "swing", features: try await AlertRunnerTests.coreDaily(), threshold: 0, perRegime: AlertRunnerTests.everyone)
        let before = try await f.rowCounts()
        await #expect(throws: AlertingError.self) {
            _ = try await runner(f).run(AlertRunRequest(target: .model("swing"), universe: Self.universe, asOf: Self.friday, cohort: "nobody"))
        }
        _ = try await SQLCohortStore(store: f.store).create(name: "desk", description: "")
        await #expect(throws: AlertingError.self) {
            _ = try await runner(f).run(
                AlertRunRequest(target: .model("swing"), universe: Self.universe, asOf: Self.friday, userID: "someone", cohort: "desk"))
        }
        #expect(try await f.rowCounts()["alert_runs"] == before["alert_runs"])
        // An empty cohort runs, scores, and writes nothing but its run.
        let empty = try await runner(f).run(AlertRunRequest(target: .model("swing"), universe: Self.universe, asOf: Self.friday, cohort: "desk"))
        #expect(empty.counts["users"] == 0 && empty.alerts.isEmpty && empty.counts["scored"] == 6)
    }
}

/// Counts progress callbacks (one per symbol scored) across the runner's tasks.
final class ScoreCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func add() { lock.withLock { n += 1 } }
    var count: Int { lock.withLock { n } }
}
