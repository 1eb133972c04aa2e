import AlertsCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import Storage
import Testing

/// `/schedules` for service keys and `GET /models/{name}/live`.
@Suite("operations endpoints")
struct OperationsEndpointTests {
    struct Schedule: Decodable {
        let id: String
        let model: String?
        let pack: String?
        let universe: String
        let user_id: String?
        let paused: Bool
        let created_by: String
    }

    struct Schedules: Decodable { let schedules: [Schedule] }

    func send(
        _ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, key: String?, body: String? = nil
    ) async throws -> (HTTPResponse.Status, ByteBuffer) {
        try await client.execute(
            uri: uri, method: method, headers: .api(key: key), body: body.map { ByteBuffer(string: $0) }
        ) { ($0.status, $0.body) }
    }

    @Test(
        "schedules over HTTP: a service key creates, lists, pauses, resumes and deletes; a user key is refused; bad bodies name the field and write nothing"
    )
    func schedules() async throws {
        let fixture = try await UserAPIFixture.make()
        defer { fixture.cleanup() }
        let service = try await serviceKey(fixture.config)
        let registryOnly = try await serviceKey(fixture.config, scopes: [.registry])
        let trader = try await fixture.user("trader")
        let app = try await buildApplication(fixture.config)
        try await app.test(.live) { client in
            // A user key, whatever it may do elsewhere, and a service key without admin are refused.
            #expect(try await send(client, .get, "/schedules", key: trader.key).0 == .forbidden)
            #expect(try await send(client, .get, "/schedules", key: registryOnly).0 == .forbidden)
            #expect(try await send(client, .get, "/schedules", key: nil).0 == .unauthorized)

            for (body, words) in [
                (#"{"model": "nosuch", "universe": "AAPL"}"#, "nosuch"),
                (#"{"model": "swing", "pack": "p", "universe": "AAPL"}"#, "exactly one"),
                (#"{"model": "swing", "universe": "preset:nosuch"}"#, "universe"),
                (#"{"model": "swing", "universe": "AAPL", "user_id": "00000000-0000-0000-0000-000000000000"}"#, "user"),
                (#"{"model": "swing", "universe": "AAPL", "cron": "* * * * *"}"#, "cron"),
            ] {
                let (status, answer) = try await send(client, .post, "/schedules", key: service, body: body)
                #expect([.unprocessableContent, .badRequest].contains(status), "\(body): \(status)")
                #expect(String(buffer: answer).contains(words), "\(body): \(String(buffer: answer))")
            }
            #expect(try await fixture.count("alert_schedules") == 0)

            let (status, made) = try await send(
                client, .post, "/schedules", key: service, body: #"{"model": "swing", "universe": "AAPL,MSFT", "user_id": "\#(trader.user.id)"}"#)
            #expect(status == .created, "\(String(buffer: made))")
            let schedule = try JSONDecoder().decode(Schedule.self, from: Data(buffer: made))
            #expect(schedule.model == "swing" && schedule.pack == nil && schedule.universe == "AAPL,MSFT" && !schedule.paused)
            #expect(schedule.user_id == trader.user.id && schedule.created_by == "service:tests")

            let list = try JSONDecoder().decode(Schedules.self, from: Data(buffer: try await send(client, .get, "/schedules", key: service).1))
            #expect(list.schedules.map(\.id) == [schedule.id])
            let paused = try await send(client, .post, "/schedules/\(schedule.id)/pause", key: service)
            #expect(paused.0 == .ok)
            #expect(try JSONDecoder().decode(Schedule.self, from: Data(buffer: paused.1)).paused)
            let resumed = try await send(client, .post, "/schedules/\(schedule.id)/resume", key: service)
            #expect(resumed.0 == .ok)
            #expect(try !JSONDecoder().decode(Schedule.self, from: Data(buffer: resumed.1)).paused)
            #expect(try await send(client, .get, "/schedules/\(schedule.id)", key: service).0 == .ok)
            #expect(try await send(client, .delete, "/schedules/\(schedule.id)", key: service).0 == .ok)
            #expect(try await send(client, .get, "/schedules/\(schedule.id)", key: service).0 == .notFound)
            #expect(try await send(client, .post, "/schedules/nosuch/pause", key: service).0 == .notFound)
        }
        #expect(try await fixture.count("alert_schedules") == 0)
    }

    @Test("GET /models/{name}/live: each version's live figures against its promise, per regime; 404 for an unknown model")
    func live() async throws {
        let fixture = try await UserAPIFixture.make()
        defer { fixture.cleanup() }
        // 30 resolved alerts of swing over 30 days: 12 take-profits at +2 %, 18 stops at −1 %.
        try await fixture.withStore { store in
            let alerts = AlertRepositories(store: store)
            var outcomes: [AlertOutcomeRecord] = []
            for day in 0..<30 {
                let records = try await fixture.writeAlerts(
                    userID: nil, symbols: ["S\(day)"], createdAt: 1_719_532_800_000 + Int64(day) * 86_400_000, store: store)
                let win = day % 5 < 2
                outcomes += records.map {
                    AlertOutcomeRecord(
                        alertID: $0.id, exitReason: win ? .takeProfit : .stop, exitTime: $0.barTime + 86_400_000, exitPrice: win ? 103 : 98,
                        realizedReturn: win ? 0.02 : -0.01, mfe: 0.02, mae: -0.01, label: win ? 1 : 0, resolvedAt: $0.barTime + 86_400_000,
                        netReturnPct: win ? 2 : -1, netR: win ? 1 : -0.5)
                }
            }
            #expect(try await alerts.outcomes.recordOutcomes(outcomes) == 30)
        }
        let key = try await serviceKey(fixture.config)
        let app = try await buildApplication(fixture.config)
        try await app.test(.live) { client in
            let (status, body) = try await send(client, .get, "/models/swing/live", key: key)
            #expect(status == .ok, "\(String(buffer: body))")
            let object = try jsonObject(body)
            #expect(object["model"] as? String == "swing" && object["published_version"] as? Int == 1)
            let versions = try #require(object["versions"] as? [[String: Any]])
            #expect(versions.count == 1)
            let live = try #require(versions[0]["live"] as? [String: Any])
            #expect(live["trades"] as? Int == 30 && live["version"] as? Int == 1)
            let precision = try #require(live["precision"] as? [String: Any])
            #expect(abs((precision["value"] as? Double ?? 0) - 0.4) < 1e-12)
            let expectancy = try #require(live["expectancy_pct"] as? [String: Any])
            #expect(abs((expectancy["value"] as? Double ?? 0) - 0.2) < 1e-12)  // (12·2 − 18·1) / 30
            #expect(["no_promise", "within", "below", "above", "too_few"].contains(live["status"] as? String ?? ""))
            let regimes = try #require(versions[0]["per_regime"] as? [String: Any])
            #expect(regimes.keys.sorted() == ["normal_vol"])
            #expect(try await send(client, .get, "/models/nosuch/live", key: key).0 == .notFound)
        }
    }
}
