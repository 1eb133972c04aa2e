import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import Testing

/// A temporary SQLite file and artifacts directory for one application.
func temporaryConfig() -> (AppConfig, URL) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("alertsai-server-\(UUID().uuidString)")
    let config = AppConfig(
        httpHost: "127.0.0.1", httpPort: 0, databaseURL: "sqlite:\(dir.path)/alertsai.sqlite",
        artifactsPath: dir.appendingPathComponent("artifacts").path, logLevel: .warning)
    return (config, dir)
}

@Suite("HTTP server")
struct ServerTests {
    struct ErrorBody: Decodable {
        struct Inner: Decodable { let message: String }
        let error: Inner
    }

    @Test("GET /health answers 200 and names the engine, over real HTTP on loopback")
    func health() async throws {
        let (config, dir) = temporaryConfig()
        defer { try? FileManager.default.removeItem(at: dir) }
        let app = try await buildApplication(config)
        try await app.test(.live) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                let body = String(buffer: response.body)
                #expect(body.contains("\"status\":\"ok\""))
                #expect(body.contains("\"database\":\"sqlite\""))
            }
        }
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("alertsai.sqlite").path))
    }

    @Test("GET /metrics answers Prometheus text that counts the requests served")
    func metrics() async throws {
        let (config, dir) = temporaryConfig()
        defer { try? FileManager.default.removeItem(at: dir) }
        let app = try await buildApplication(config)
        try await app.test(.live) { client in
            for _ in 0..<3 { try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) } }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                let text = String(buffer: response.body)
                #expect(text.contains("# TYPE alertsai_http_requests_total counter"))
                #expect(text.contains("# HELP alertsai_http_requests_total HTTP requests by method, route and status"))
                let line = text.split(separator: "\n").first {
                    $0.hasPrefix("alertsai_http_requests_total") && $0.contains("route=\"/health\"") && $0.contains("status=\"200\"")
                }
                #expect(line?.hasSuffix(" 3") == true, "counter line: \(line ?? "missing")")
            }
        }
    }

    @Test("an unknown route answers 404 in the JSON error shape")
    func notFound() async throws {
        let (config, dir) = temporaryConfig()
        defer { try? FileManager.default.removeItem(at: dir) }
        let app = try await buildApplication(config)
        try await app.test(.live) { client in
            try await client.execute(uri: "/no/such/route", method: .get) { response in
                #expect(response.status == .notFound)
                let body = try JSONDecoder().decode(ErrorBody.self, from: Data(buffer: response.body))
                #expect(body.error.message.contains("/no/such/route"))
            }
        }
    }

    @Test("a bad database.url fails the build of the application with a message naming it")
    func badDatabaseURL() async throws {
        var (config, _) = temporaryConfig()
        config.databaseURL = "mysql://localhost/x"
        await #expect {
            _ = try await buildApplication(config)
        } throws: { error in
            String(describing: error).contains("mysql://localhost/x")
        }
    }
}
