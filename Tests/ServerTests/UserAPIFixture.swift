import Alerting
import AlertsCore
import Foundation
import Hummingbird
import Logging
import SQLKit
import Server
import Storage

/// One application's database with a published model `swing`, for the endpoints a user calls with an API key.
/// The webhook sender is off (`webhooks.interval_seconds = 0`), so nothing is sent behind a test's back.
struct UserAPIFixture {
    let config: AppConfig
    let dir: URL
    let spec: ModelSpec

    static func make() async throws -> UserAPIFixture {
        var (config, dir) = temporaryConfig()
        config.webhookInterval = 0
        let spec = try await publishTestModel(config, name: "swing", features: ScoreEndpointTests.features)
        return UserAPIFixture(config: config, dir: dir, spec: spec)
    }

    func cleanup() {
        try? FileManager.default.removeItem(at: dir)
    }

    /// Runs `body` on the fixture's store, closing it afterwards (before or after the application runs, never during).
    func withStore<T: Sendable>(_ body: (any Store) async throws -> T) async throws -> T {
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

    /// A new user and an API key of theirs.
    func user(_ name: String) async throws -> (user: User, key: String) {
        try await withStore { store in
            let users = SQLUserStore(store: store)
            let user = try await users.createUser(name: name, email: "\(name)@example.com")
            return (user, try await users.issueKey(userID: user.id, label: "test").key)
        }
    }

    /// Rows in one `sc` table.
    func count(_ table: String) async throws -> Int {
        try await withStore { store in
            try await store.withConnection { db in
                try await db.raw("SELECT COUNT(*) AS n FROM sc.\(unsafeRaw: table)").first()?.decode(column: "n", as: Int.self) ?? -1
            }
        }
    }

    /// Commits one run of `swing` for `userID` (nil: the shared feed) whose alerts, one per symbol, were written at
    /// `createdAt`; the bars are a day apart so that every alert is distinct.
    func writeAlerts(userID: String?, symbols: [String], createdAt: Int64, store: any Store) async throws -> [AlertRecord] {
        let alerts = AlertRepositories(store: store)
        let run = AlertRunRecord(modelSpecID: spec.id, packID: nil, universe: "test", userID: userID, asOf: createdAt, startedAt: createdAt)
        try await alerts.runs.beginRun(run)
        let records = symbols.enumerated().map { i, symbol in
            let plan = TradePlan(
                side: .long, entryRule: .nextOpen, referencePrice: 100, stopPrice: 98, takeProfitPrice: 103, stopPct: 0.02,
                takeProfitPct: 0.03, maxHoldBars: 10, sizingHint: 0.25)
            return AlertRecord(
                runID: run.id, modelSpecID: spec.id, packID: nil, userID: userID, symbol: symbol, market: .us, instrument: .equity,
                timeframe: .d1, barTime: 1_719_532_800_000 - Int64(i) * 86_400_000, side: .long, score: 0.7 - Double(i) / 100,
                threshold: 0.5, regime: "normal_vol", plan: plan,
                reasons: [ScoreReason(feature: "rsi_14", value: 24.1, contribution: 0.4, text: "RSI(14) at 24.1 — oversold")],
                explanation: "\(symbol) looks oversold.", disclaimer: AlertDisclaimer.text, createdAt: createdAt)
        }
        _ = try await alerts.runs.commitRun(
            runID: run.id, alerts: records, suppressions: [], webhooks: [:], counts: ["alerted": records.count], finishedAt: createdAt)
        return records
    }
}

/// The `{"error":{"message":…}}` body every refusal has.
struct APIErrorBody: Decodable {
    struct Inner: Decodable { let message: String }
    let error: Inner
}

extension HTTPFields {
    /// JSON content with `Authorization: Bearer <key>` when a key is given.
    static func api(key: String?) -> HTTPFields {
        var fields: HTTPFields = [.contentType: "application/json"]
        if let key { fields[.authorization] = "Bearer \(key)" }
        return fields
    }
}

/// A JSON object answer, for checks on which keys are present.
func jsonObject(_ buffer: ByteBuffer) throws -> [String: Any] {
    let value = try JSONSerialization.jsonObject(with: Data(buffer: buffer))
    guard let object = value as? [String: Any] else { throw CocoaError(.coderInvalidValue) }
    return object
}
