import AlertsCore
import Features
import Foundation
import MarketData
import SQLKit
import Storage
import Testing

@testable import Alerting

/// Runs reading a user's settings beyond the model's guardrails, and silences.
@Suite("alert runs: settings and silences", .serialized)
struct TraderControlsRunTests {
    func runner(_ f: ModelFixture) -> AlertRunner {
        AlertRunner(store: f.store, artifacts: f.artifacts, provider: SyntheticMarket(), catalog: InMemoryFeatureSetCatalog.builtIn())
    }

    func suppressions(_ f: ModelFixture) async throws -> [(String, String, String?)] {
        try await f.store.withConnection { db in
            try await db.raw("SELECT symbol, guardrail, silence_id FROM sc.alert_suppressions ORDER BY symbol").all().map {
                (
                    try $0.decode(column: "symbol", as: String.self), try $0.decode(column: "guardrail", as: String.self),
                    try $0.decode(column: "silence_id", as: String?.self)
                )
            }
        }
    }

    @Test("a user's silence mutes their matching candidates (recorded with its id); an operator's mutes everyone's; expired ones nothing")
    func silences() async throws {
        let f = try await ModelFixture.make()
        defer { Task { await f.cleanup() } }
        try await f.publish(
            name: "swing", features: try await AlertRunnerTests.coreDaily(), threshold: 0, perRegime: AlertRunnerTests.everyone)
        let users = SQLUserStore(store: f.store)
        let ana = try await users.createUser(name: "ana", email: nil)
        let bob = try await users.createUser(name: "bob", email: nil)
        let at = AlertRunnerTests.friday
        let store = SQLSilenceStore(store: f.store)
        let mine = try await store.create(Silence(userID: ana.id, createdBy: ana.id, symbol: "NVDA", startsAt: at - 3_600_000, endsAt: at + 1))
        let lists = SQLWatchlistStore(store: f.store)
        let banks = try await lists.create(userID: ana.id, name: "banks", market: .us, kind: .equity, symbols: ["JPM"])
        let listed = try await store.create(
            Silence(userID: ana.id, createdBy: ana.id, universe: "watchlist:\(banks.id)", startsAt: at - 1, endsAt: at + 1))
        _ = try await store.create(Silence(userID: ana.id, createdBy: ana.id, symbol: "AAPL", startsAt: at - 10, endsAt: at - 1))
        let report = try await runner(f).run(AlertRunRequest(target: .model("swing"), universe: AlertRunnerTests.universe, asOf: at, userID: ana.id))
        #expect(report.counts["suppressed.silence"] == 2, "\(report.counts)")
        let muted = report.suppressed.filter { $0.guardrail == "silence" }
        #expect(Set(muted.map(\.symbol)) == ["NVDA", "JPM"])
        #expect(muted.first { $0.symbol == "NVDA" }?.silenceID == mine.id && muted.first { $0.symbol == "JPM" }?.silenceID == listed.id)
        #expect(!report.alerts.contains { $0.symbol == "NVDA" || $0.symbol == "JPM" } && report.alerts.contains { $0.symbol == "AAPL" })
        let rows = try await suppressions(f).filter { $0.1 == "silence" }
        #expect(rows.map(\.0) == ["JPM", "NVDA"] && rows.map(\.2) == [listed.id, mine.id])

        // Bob is not muted by Ana's silences; an operator's silence of the model mutes his (and the shared feed's).
        let bobs = try await runner(f).run(AlertRunRequest(target: .model("swing"), universe: AlertRunnerTests.universe, asOf: at, userID: bob.id))
        #expect(bobs.counts["suppressed.silence"] == nil && bobs.counts["alerted"] == 6)
        let ops = try await store.create(Silence(userID: nil, createdBy: "service:ops", modelName: "swing", startsAt: at - 1, endsAt: at + 10))
        let later = at + 5
        // (Bob's alerts of this bar exist now; a third user and the shared feed have none.)
        let cy = try await users.createUser(name: "cy", email: nil)
        for audience in [cy.id, nil] {
            let r = try await runner(f).run(
                AlertRunRequest(target: .model("swing"), universe: "MSFT,UNH", asOf: later, userID: audience, mode: .preview))
            #expect(r.counts["suppressed.silence"] == 2 && r.alerts.isEmpty && r.suppressed.allSatisfy { $0.silenceID == ops.id })
        }
        _ = try await store.expire(id: ops.id, at: later)
        let after = try await runner(f).run(
            AlertRunRequest(target: .model("swing"), universe: "MSFT,UNH", asOf: later, userID: nil, mode: .preview))
        #expect(after.counts["suppressed.silence"] == nil && after.alerts.count == 2)
    }

    @Test("quiet hours and alert windows in the user's time zone hold back a run's candidates; outside them nothing changes")
    func timeWindows() async throws {
        let f = try await ModelFixture.make()
        defer { Task { await f.cleanup() } }
        try await f.publish(
            name: "swing", features: try await AlertRunnerTests.coreDaily(), threshold: 0, perRegime: AlertRunnerTests.everyone)
        let ana = try await SQLUserStore(store: f.store).createUser(name: "ana", email: nil)
        let settings = SQLUserSettingsStore(store: f.store)
        // 23:59:59 UTC on Friday is 19:59:59 in New York (EDT).
        let at = AlertRunnerTests.friday
        func preview() async throws -> AlertRunReport {
            try await runner(f).run(AlertRunRequest(target: .model("swing"), universe: "AAPL,MSFT", asOf: at, userID: ana.id, mode: .preview))
        }
        try await settings.save(
            UserAlertSettings(userID: ana.id, quietHours: [try #require(DailyWindow("19:00-07:00"))], timeZone: "America/New_York"))
        let quiet = try await preview()
        #expect(quiet.alerts.isEmpty && quiet.counts["suppressed.time_window"] == 2)
        #expect(quiet.suppressed.first?.detail?.contains("19:59 America/New_York") == true, "\(quiet.suppressed.first?.detail ?? "")")
        // The same clock time in UTC (23:59) lies outside 01:00-07:00.
        try await settings.save(UserAlertSettings(userID: ana.id, quietHours: [try #require(DailyWindow("01:00-07:00"))], timeZone: "UTC"))
        #expect(try await preview().alerts.count == 2)
        try await settings.save(
            UserAlertSettings(userID: ana.id, alertWindows: [try #require(DailyWindow("09:30-16:00"))], timeZone: "America/New_York"))
        #expect(try await preview().counts["suppressed.time_window"] == 2)
        try await settings.save(
            UserAlertSettings(userID: ana.id, alertWindows: [try #require(DailyWindow("19:30-20:00"))], timeZone: "America/New_York"))
        #expect(try await preview().alerts.count == 2)
        // A minimum expected return: this model has no expected-return mapping, so nothing can show it.
        try await settings.save(UserAlertSettings(userID: ana.id, minExpectedReturnPct: 0.1))
        let minimum = try await preview()
        #expect(minimum.alerts.isEmpty && minimum.counts["suppressed.min_expected_return"] == 2)
    }

    @Test("the minimum expected return holds back candidates below it and those with none")
    func minimumExpectedReturn() async throws {
        var low = candidate("AAA", score: 0.9)
        low.score.expectedReturnPct = 0.2
        var high = candidate("BBB", score: 0.8)
        high.score.expectedReturnPct = 0.6
        let none = candidate("CCC", score: 0.7)
        let chain = GuardrailChain([MinimumExpectedReturnGuardrail(minimumPct: 0.5)])
        let (accepted, suppressed) = try await chain.apply([low, high, none])
        #expect(accepted.map(\.instrument.symbol) == ["BBB"])
        #expect(suppressed.map(\.candidate.instrument.symbol) == ["AAA", "CCC"] && suppressed.allSatisfy { $0.guardrail == "min_expected_return" })
    }
}
