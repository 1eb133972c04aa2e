import Features
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Server
import SQLKit
import Storage
import Testing

@Suite("POST /alerts/preview")
struct AlertsEndpointTests {
    struct Report: Decodable {
        struct Proposed: Decodable {
            struct Plan: Decodable { let stop_price: Double; let take_profit_price: Double }
            struct Explanation: Decodable { let text: String }
            let symbol: String
            let status: String
            let guardrail: String?
            let plan: Plan
            let explanation: Explanation?
            let disclaimer: String?
        }
        let run_id: String?
        let alerts: [Proposed]
        let suppressed: [Proposed]
        let counts: [String: Int]
    }

    func rowCounts(_ config: AppConfig) async throws -> [Int] {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let store = try await StoreFactory.open(url: try DatabaseURL(config.databaseURL), logger: logger)
        var out: [Int] = []
        for t in ["alert_runs", "alerts", "alert_suppressions", "alert_delivery", "alert_outcomes"] {
            out.append(
                try await store.withConnection { db in
                    try await db.raw("SELECT COUNT(*) AS n FROM sc.\(unsafeRaw: t)").first()?.decode(column: "n", as: Int.self) ?? -1
                })
        }
        await store.shutdown()
        return out
    }

    @Test("answers the alerts a model would produce now, with plans, explanations and suppressions, and writes nothing")
    func preview() async throws {
        let (config, dir) = temporaryConfig()
        defer { try? FileManager.default.removeItem(at: dir) }
        let features = try await InMemoryFeatureSetCatalog.builtIn().resolveFeatureSet("core-daily@v1").featureNames
        _ = try await publishTestModel(config, name: "swing", features: features, threshold: 0)
        let before = try await rowCounts(config)
        let key = try await serviceKey(config)
        let app = try await buildApplication(config)
        try await app.test(.live) { client in
            let body = #"{"model":"swing","universe":"AAPL,MSFT,NVDA,JPM,XOM","as_of":"2024-06-28T21:00:00Z"}"#
            try await client.execute(
                uri: "/alerts/preview", method: .post, headers: .api(key: key), body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .ok)
                let r = try JSONDecoder().decode(Report.self, from: Data(buffer: response.body))
                #expect(r.run_id == nil)
                #expect(r.alerts.count == 3)  // the model's daily budget
                #expect(r.suppressed.count == 2 && r.suppressed.allSatisfy { $0.guardrail == "daily_budget" })
                #expect(r.alerts.allSatisfy { $0.explanation?.text.isEmpty == false && $0.disclaimer?.isEmpty == false })
                #expect(r.alerts.allSatisfy { $0.plan.stop_price < $0.plan.take_profit_price })
                // snake_case throughout (`bar_time`, `as_of`, `score.expected_return_pct`, …), symbols and counts as written.
                let json = try JSONSerialization.jsonObject(with: Data(buffer: response.body))
                #expect(OpenAPITests.camelKeys(json).isEmpty, "\(OpenAPITests.camelKeys(json))")
                #expect(String(buffer: response.body).contains(#""as_of":1719608400000"#))
            }
            try await client.execute(
                uri: "/alerts/preview", method: .post, headers: .api(key: key),
                body: ByteBuffer(string: #"{"model":"nope","universe":"AAPL"}"#)
            ) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("nope"))
            }
            try await client.execute(
                uri: "/alerts/preview", method: .post, headers: .api(key: key),
                body: ByteBuffer(string: #"{"model":"swing","universe":"preset:nowhere"}"#)
            ) { response in
                #expect(response.status == .badRequest)
            }
        }
        #expect(try await rowCounts(config) == before)
    }
}
