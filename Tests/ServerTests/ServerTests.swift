import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Server
import Storage
import Testing

/// A temporary SQLite file and artifacts directory for one application.
func temporaryConfig() -> (AppConfig, URL) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("alertsai-server-\(UUID().uuidString)")
    let config = AppConfig(
        httpHost: "127.0.0.1", httpPort: 0, databaseURL: "sqlite:\(dir.path)/alertsai.sqlite",
        artifactsPath: dir.appendingPathComponent("artifacts").path, logLevel: .warning)
    return (config, dir)
}

/// A service key with every service scope, issued straight into the config's store (migrated first): the key a
/// scoring gateway or an operator would hold (docs/SECURITY.md).
func serviceKey(_ config: AppConfig, scopes: Set<APIScope> = [.score, .registry, .metrics, .admin]) async throws -> String {
    var logger = Logger(label: "test")
    logger.logLevel = .warning
    let store = try await StoreFactory.open(url: try DatabaseURL(config.databaseURL), logger: logger)
    do {
        try await Migrator(store: store, logger: logger).migrate()
        let key = try await SQLUserStore(store: store).issueServiceKey(service: "tests", scopes: scopes, label: nil).key
        await store.shutdown()
        return key
    } catch {
        await store.shutdown()
        throw error
    }
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
        let key = try await serviceKey(config, scopes: [.metrics])
        let app = try await buildApplication(config)
        try await app.test(.live) { client in
            for _ in 0..<3 { try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) } }
            try await client.execute(uri: "/metrics", method: .get, headers: .api(key: key)) { response in
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

    @Test("an unknown route answers 401 without a key (nothing revealed) and 404 in the JSON error shape with one")
    func notFound() async throws {
        let (config, dir) = temporaryConfig()
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = try await serviceKey(config, scopes: [.registry])
        let app = try await buildApplication(config)
        try await app.test(.live) { client in
            try await client.execute(uri: "/no/such/route", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/no/such/route", method: .get, headers: [.authorization: "Bearer \(key)"]) { response in
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

/// The key a shared test helper sends, for suites whose helper runs the whole application.
enum TestKeys {
    @TaskLocal static var service: String?
}
