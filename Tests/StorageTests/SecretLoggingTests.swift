import Foundation
import Logging
import Storage
import Synchronization
import Testing

/// Secrets never reach the logs, even at `log.level: trace` (docs/SECURITY.md): the database drivers log every
/// statement with its bound values at debug level, so their logger is held at info.
@Suite("Secrets in logs")
struct SecretLoggingTests {
    final class Capture: Sendable {
        let lines = Mutex<[String]>([])
    }

    struct CapturingHandler: LogHandler {
        let capture: Capture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            capture.lines.withLock { $0.append("\(event.message) \(event.metadata ?? [:]) \(metadata)") }
        }
    }

    @Test("a webhook secret and an API key stored through a trace-level logger appear in no log line", arguments: TestEngines.all)
    func noSecretsLogged(engine: DatabaseEngine) async throws {
        let capture = Capture()
        var logger = Logger(label: "test") { _ in CapturingHandler(capture: capture) }
        logger.logLevel = .trace
        let db = try await TestDatabase.make(engine, logger: logger)
        defer { Task { await db.cleanup() } }
        _ = try await SQLModelRegistry(store: db.store).register(sampleSpec(), run: nil, actor: "test")
        let users = SQLUserStore(store: db.store)
        let user = try await users.createUser(name: "ana", email: "ana-\(UUID().uuidString.prefix(8))@example.com")
        let key = try await users.issueKey(userID: user.id, label: nil)
        _ = try await users.principal(forKey: key.key)
        let secret = "whsec_" + Data((0..<24).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        _ = try await SQLWebhookSubscriptionRepository(store: db.store).subscribeWebhook(
            userID: user.id, modelName: "swing-us", packName: nil, universe: "*", url: "https://hooks.example.com/x", secret: secret, at: 1)
        let lines = capture.lines.withLock { $0 }
        #expect(!lines.isEmpty)  // the logger is live: migrations log at info
        #expect(!lines.contains { $0.contains(secret) || $0.contains(key.key) || $0.contains(String(key.key.suffix(32))) })
    }
}
