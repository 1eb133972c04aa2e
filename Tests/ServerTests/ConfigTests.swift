import Alerting
import Foundation
import Server
import Testing

@Suite("Configuration")
struct ConfigTests {
    @Test("command line beats environment beats file beats defaults")
    func precedence() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("alertsai-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("config.yaml")
        try "http:\n  port: 9001\n  host: 0.0.0.0\nartifacts:\n  path: /from/file\nlog:\n  level: debug\n".write(
            to: file, atomically: true, encoding: .utf8)
        let defaults = try await AppConfig.load(overrides: [:], environment: [:])
        #expect(defaults.httpPort == 8080)
        #expect(defaults.databaseURL == "sqlite:./data/alertsai.sqlite")
        let fromFile = try await AppConfig.load(overrides: [:], environment: [:], configFile: file.path)
        #expect(fromFile.httpPort == 9001)
        #expect(fromFile.httpHost == "0.0.0.0")
        #expect(fromFile.logLevel == .debug)
        let fromEnv = try await AppConfig.load(
            overrides: [:], environment: ["ALERTSAI_HTTP_PORT": "9002", "HTTP_PORT": "1"], configFile: file.path)
        #expect(fromEnv.httpPort == 9002)
        #expect(fromEnv.artifactsPath == "/from/file")
        let fromCLI = try await AppConfig.load(
            overrides: ["http.port": "9003"], environment: ["ALERTSAI_HTTP_PORT": "9002"], configFile: file.path)
        #expect(fromCLI.httpPort == 9003)
    }

    @Test("bad values are refused with the key named")
    func badValues() async throws {
        await #expect {
            try await AppConfig.load(overrides: ["log.level": "loud"], environment: [:])
        } throws: { String(describing: $0).contains("log.level") }
        await #expect {
            try await AppConfig.load(overrides: ["http.port": "70000"], environment: [:])
        } throws: { String(describing: $0).contains("http.port") }
        await #expect {
            try await AppConfig.load(overrides: [:], environment: [:], configFile: "/no/such/file.yaml")
        } throws: { String(describing: $0).contains("/no/such/file.yaml") }
    }
}

extension ConfigTests {
    @Test("webhook pacing: batch, timeout and first retry from the environment reach the sender's policy; out of range is refused")
    func webhookPacing() async throws {
        let defaults = try await AppConfig.load(overrides: [:], environment: [:])
        #expect(defaults.webhookPolicy == WebhookDeliveryPolicy())
        let c = try await AppConfig.load(
            overrides: [:],
            environment: ["ALERTSAI_WEBHOOKS_BATCH_SIZE": "10", "ALERTSAI_WEBHOOKS_TIMEOUT_SECONDS": "2", "ALERTSAI_WEBHOOKS_RETRY_SECONDS": "1"])
        #expect(c.webhookPolicy.batchSize == 10 && c.webhookPolicy.timeout == 2 && c.webhookPolicy.firstRetryDelay == 1)
        // A sender killed mid-pass frees its rows after ⌈10 ÷ 4⌉ timeouts and a margin of 5 timeouts.
        #expect(c.webhookPolicy.lease == 3 * 2 + 10)
        for (key, value) in [("webhooks.batch_size", "0"), ("webhooks.timeout_seconds", "500"), ("webhooks.retry_seconds", "-1")] {
            await #expect {
                try await AppConfig.load(overrides: [key: value], environment: [:])
            } throws: { String(describing: $0).contains(key) }
        }
    }

    @Test("webhooks.interval_seconds: read from each source; a negative value is refused with the key named")
    func webhookInterval() async throws {
        #expect(try await AppConfig.load(overrides: [:], environment: [:]).webhookInterval == 5)
        #expect(try await AppConfig.load(overrides: ["webhooks.interval_seconds": "0.25"], environment: [:]).webhookInterval == 0.25)
        #expect(try await AppConfig.load(overrides: [:], environment: ["ALERTSAI_WEBHOOKS_INTERVAL_SECONDS": "0"]).webhookInterval == 0)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("alertsai-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("config.yaml")
        try "webhooks:\n  interval_seconds: -1\n".write(to: file, atomically: true, encoding: .utf8)
        await #expect {
            try await AppConfig.load(overrides: ["webhooks.interval_seconds": "-1"], environment: [:])
        } throws: { String(describing: $0).contains("webhooks.interval_seconds") && String(describing: $0).contains("-1") }
        // Whole numbers for real-valued keys, and an all-digit API key, survive the command line's typing.
        let typed = try await AppConfig.load(
            overrides: ["data.synthetic_strength": "0", "webhooks.interval_seconds": "2", "polygon.api_key": "12345"], environment: [:])
        #expect(typed.syntheticStrength == 0 && typed.webhookInterval == 2 && typed.polygonAPIKey == "12345")
        await #expect {
            try await AppConfig.load(overrides: [:], environment: ["ALERTSAI_WEBHOOKS_INTERVAL_SECONDS": "-1"])
        } throws: { String(describing: $0).contains("webhooks.interval_seconds") && String(describing: $0).contains("-1") }
        await #expect {
            try await AppConfig.load(overrides: [:], environment: [:], configFile: file.path)
        } throws: { String(describing: $0).contains("webhooks.interval_seconds") }
    }

    /// The message `AppConfig.load` throws for a config file with `text`, or "no error".
    func fileError(_ text: String, name: String = "config.yaml") async throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("alertsai-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        do {
            _ = try await AppConfig.load(overrides: [:], environment: [:], configFile: file.path)
            return "no error"
        } catch {
            return String(describing: error)
        }
    }

    @Test(
        "a misspelt key in the config file is refused, naming it and the nearest known key",
        arguments: [
            ("databse:\n  url: sqlite:/tmp/x.sqlite\n", "config.yaml", "'databse.url' (did you mean 'database.url'?)"),
            ("http:\n  prot: 9000\n", "config.yaml", "'http.prot' (did you mean 'http.port'?)"),
            ("{\"data\": {\"provder\": \"csv\"}}", "config.json", "'data.provder' (did you mean 'data.provider'?)"),
            ("log:\n  level: debug\nserve:\n  max_bach: 5\n", "config.yaml", "'serve.max_bach' (did you mean 'serve.max_batch'?)"),
        ])
    func unknownKeysAreRefused(text: String, name: String, says: String) async throws {
        let message = try await fileError(text, name: name)
        #expect(message.contains("unknown key") && message.contains(says), "\(message)")
    }

    @Test("every key docs/CONFIG.md lists is known: a file setting all of them loads")
    func everyListedKeyIsKnown() async throws {
        // Values that pass validation for each key; the keys themselves come from AppConfig.defaults.
        let special = ["log.level": "info", "data.provider": "synthetic", "secrets.key": "", "artifacts.url": ""]
        // A flat JSON object of dotted keys; numeric values bare, the others as strings.
        let json =
            "{"
            + AppConfig.defaults.map { key, value, _ in
                let v = special[key] ?? value
                return Double(v) != nil ? "\"\(key)\": \(v)" : "\"\(key)\": \"\(v)\""
            }.joined(separator: ", ") + "}"
        #expect(try await fileError(json, name: "config.json") == "no error")
    }

    @Test(
        "an empty config file, a list or a lone value: plain words",
        arguments: [("", "is empty"), ("# nothing\n", "is empty"), ("- a\n- b\n", "holds a list"), ("8080\n", "holds a single value")])
    func wrongShapes(text: String, says: String) async throws {
        let message = try await fileError(text)
        #expect(message.contains(says) && message.contains("mapping of keys"), "\(message)")
    }
}
