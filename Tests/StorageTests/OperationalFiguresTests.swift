import AlertsCore
import Foundation
import SQLKit
import Storage
import Testing

/// The figures `/metrics` reads from the tables, on both engines.
@Suite("operational figures")
struct OperationalFiguresTests {
    @Test("alerts, suppressions by guardrail, deliveries, runs by status, latency and duration summaries", arguments: TestEngines.all)
    func figures(engine: DatabaseEngine) async throws {
        let db = try await TestDatabase.make(engine)
        defer { Task { await db.cleanup() } }
        let empty = try await OperationalFigures.read(from: db.store, since: 0)
        #expect(empty.alerts == 0 && empty.suppressedByGuardrail.isEmpty && empty.deliveryLatencyMs == nil && empty.runDurationMs == nil)
        let spec = try await SQLModelRegistry(store: db.store).register(sampleSpec(), run: nil, actor: "test").id
        try await db.store.withConnection { sql in
            // Three runs: two finished (1 s and 3 s), one still running.
            for (id, started, finished, status) in [
                ("r1", 1_000, 2_000, "succeeded"), ("r2", 10_000, 13_000, "failed"), ("r3", 20_000, nil, "running"),
            ] {
                try await sql.raw(
                    """
                    INSERT INTO sc.alert_runs (id, model_spec_id, universe, as_of, status, counts, started_at, finished_at)
                    VALUES (\(bind: id), \(bind: spec.uuidString), 'AAPL', 0, \(bind: status), '{}', \(bind: Int64(started)), \(bind: finished.map(Int64.init)))
                    """
                ).run()
            }
            for (id, guardrail) in [(1, "cooldown"), (2, "cooldown"), (3, "daily_budget")] {
                try await sql.raw(
                    "INSERT INTO sc.alert_suppressions (run_id, symbol, guardrail, detail, score) VALUES ('r1', \(bind: "S\(id)"), \(bind: guardrail), 'x', 0.5)"
                ).run()
            }
        }
        let f = try await OperationalFigures.read(from: db.store, since: 0)
        #expect(f.suppressedByGuardrail == ["cooldown": 2, "daily_budget": 1])
        #expect(f.runsByStatus == ["succeeded": 1, "failed": 1, "running": 1])
        #expect(f.runDurationMs == OperationalFigures.Summary([1_000, 3_000]))
        #expect(f.runDurationMs?.p50 == 1_000 && f.runDurationMs?.max == 3_000 && f.runDurationMs?.count == 2)
        // The window leaves out runs that finished before it.
        #expect(try await OperationalFigures.read(from: db.store, since: 5_000).runDurationMs?.count == 1)
    }

    @Test("nearest-rank quantiles")
    func summary() {
        let s = OperationalFigures.Summary((1...100).map(Double.init))!
        #expect(s.p50 == 50 && s.p95 == 95 && s.max == 100 && s.count == 100)
        #expect(OperationalFigures.Summary([]) == nil)
        #expect(OperationalFigures.Summary([7])?.p95 == 7)
    }
}
