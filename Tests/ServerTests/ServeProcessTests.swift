import Foundation
import Logging
import Storage
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The released process itself: `alertsai serve` survives the requests that used to trap it, and the key commands
/// work end to end (docs/SECURITY.md).
@Suite("alertsai serve, the process")
struct ServeProcessTests {
    func binary() throws -> URL {
        let bundleDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [bundleDir, bundleDir.deletingLastPathComponent()].map { $0.appendingPathComponent("alertsai") }
        return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) })
    }

    func request(_ url: URL, method: String = "GET", key: String? = nil, body: String? = nil) async throws -> (Int, String) {
        var r = URLRequest(url: url, timeoutInterval: 10)
        r.httpMethod = method
        if let key { r.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
        if let body {
            r.httpBody = Data(body.utf8)
            r.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: r)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test("as_of at Int64.max and Int64.min answer 422 and the process keeps serving; a deleted user's key answers 401")
    func survivesExtremes() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("alertsai-serve-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = "sqlite:\(dir.path)/alertsai.sqlite"
        #expect(try runAlertsAI(["migrate", "--database-url", db]).status == 0)
        let admin = try runAlertsAI(["keys", "create", "--service", "ops", "--scope", "admin", "--database-url", db])
        #expect(admin.status == 0, "\(admin.stderr)")
        let serviceKey = admin.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let created = try runAlertsAI(["users", "create", "--email", "ana@example.com", "--database-url", db])
        let userID = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let userKey = try runAlertsAI(["users", "api-key", "--user", userID, "--database-url", db]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try runAlertsAI(["keys", "create", "--service", "x", "--scope", "alerts", "--database-url", db]).status != 0)

        let port = Int.random(in: 20_000...40_000)
        let process = Process()
        process.executableURL = try binary()
        process.arguments = [
            "serve", "--port", "\(port)", "--database-url", db, "--artifacts-path", dir.appendingPathComponent("artifacts").path,
            "--log-level", "error",
        ]
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ALERTSAI_") }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
        }
        let base = URL(string: "http://127.0.0.1:\(port)")!
        var up = false
        for _ in 0..<100 where !up {
            up = (try? await request(base.appendingPathComponent("health")).0) == 200
            if !up { try await Task.sleep(for: .milliseconds(100)) }
        }
        try #require(up, "alertsai serve did not answer /health on port \(port)")
        for asOf in ["9223372036854775807", "-9223372036854775808"] {
            let (status, body) = try await request(
                base.appendingPathComponent("alerts/preview"), method: "POST", key: serviceKey,
                body: #"{"model":"any","universe":"AAPL","as_of":\#(asOf)}"#)
            #expect(status == 422, "as_of \(asOf): \(status) \(body)")
            #expect(body.contains("as_of"))
        }
        #expect(try await request(base.appendingPathComponent("health")).0 == 200)
        #expect(process.isRunning)
        #expect(try await request(base.appendingPathComponent("alerts/feed"), key: userKey).0 == 200)
        let deleted = try runAlertsAI(["users", "delete", "--user", userID, "--database-url", db])
        #expect(deleted.status == 0, "\(deleted.stderr)")
        let (status, body) = try await request(base.appendingPathComponent("alerts/feed"), key: userKey)
        #expect(status == 401)
        #expect(!body.contains(userID))
        #expect(try runAlertsAI(["users", "delete", "--user", userID, "--database-url", db]).status != 0)
    }
}
