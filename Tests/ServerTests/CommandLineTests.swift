import Foundation
import Testing

/// Runs the built `alertsai` binary, which `swift test` builds next to the test bundle.
func runAlertsAI(_ arguments: [String], timeout: TimeInterval = 60, stdoutFile: URL? = nil) throws -> (status: Int32, stdout: String, stderr: String)
{
    let bundleDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let candidates = [bundleDir, bundleDir.deletingLastPathComponent()].map { $0.appendingPathComponent("alertsai") }
    let binary = try #require(
        candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }, "alertsai binary not found near \(bundleDir.path)")
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env = env.filter { !$0.key.hasPrefix("ALERTSAI_") }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    if let stdoutFile {
        FileManager.default.createFile(atPath: stdoutFile.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: stdoutFile)
    } else {
        process.standardOutput = out
    }
    process.standardError = err
    try process.run()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    if process.isRunning {
        process.terminate()
        Issue.record("alertsai \(arguments.joined(separator: " ")) did not finish within \(timeout) s")
    }
    process.waitUntilExit()
    let stdout = stdoutFile == nil ? String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) : ""
    let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    return (process.terminationStatus, stdout, stderr)
}

@Suite("alertsai command line")
struct CommandLineTests {
    @Test(
        "a bad database.url makes serve and migrate exit non-zero with one clear line",
        arguments: [
            (["migrate"], "mysql://db/x", "mysql://db/x"),
            (["serve", "--port", "0"], "mysql://db/x", "mysql://db/x"),
            (["migrate"], "postgres://user:secret@127.0.0.1:1/alertsai", "127.0.0.1:1"),
            (["serve", "--port", "0"], "postgres://user:secret@127.0.0.1:1/alertsai", "127.0.0.1:1"),
            (["migrate"], "postgres://127.0.0.1/alertsai", "no user name"),
        ])
    func badDatabaseURL(command: [String], url: String, named: String) throws {
        let result = try runAlertsAI(command + ["--database-url", url])
        #expect(result.status != 0)
        let lines = result.stderr.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        #expect(lines.count == 1, "stderr: \(result.stderr)")
        #expect(result.stderr.contains(named), "stderr: \(result.stderr)")
        #expect(!result.stderr.contains("secret"), "the password leaked: \(result.stderr)")
        #expect(!result.stderr.contains("Stack") && !result.stderr.contains("Fatal error"))
    }

    @Test("migrate creates the store and a second run is a no-op")
    func migrateTwice() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("alertsai-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = "sqlite:\(dir.path)/sc.sqlite"
        let first = try runAlertsAI(["migrate", "--database-url", url])
        #expect(first.status == 0, "stderr: \(first.stderr)")
        #expect(first.stdout.contains("applied 1, 2, 3"))
        let second = try runAlertsAI(["migrate", "--database-url", url])
        #expect(second.status == 0)
        #expect(second.stdout.contains("up to date"))
    }

    @Test("--help of each command says what it does")
    func help() throws {
        for command in ["serve", "migrate", "version"] {
            let result = try runAlertsAI([command, "--help"])
            #expect(result.status == 0)
            #expect(result.stdout.contains("USAGE: alertsai \(command)"))
        }
    }
}

@Suite("alertsai users")
struct UsersCommandTests {
    struct ListedUser: Decodable {
        let id: String
        let name: String
        let email: String?
    }

    /// The lines of stderr that say something.
    func errorLines(_ stderr: String) -> [Substring] {
        stderr.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    func listed(_ db: [String]) throws -> [ListedUser] {
        let list = try runAlertsAI(["users", "list", "--json"] + db)
        #expect(list.status == 0, "stderr: \(list.stderr)")
        return try JSONDecoder().decode([ListedUser].self, from: Data(list.stdout.utf8))
    }

    @Test("create, list, refuse a duplicate or malformed email and an unknown user, issue a key, then subscribe the user")
    func lifecycle() async throws {
        let (config, dir) = temporaryConfig()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = ["--database-url", config.databaseURL]

        let ana = try runAlertsAI(["users", "create", "--email", "ana@example.com", "--name", "Ana Trader", "--json"] + db)
        #expect(ana.status == 0, "stderr: \(ana.stderr)")
        let created = try JSONDecoder().decode(ListedUser.self, from: Data(ana.stdout.utf8))
        #expect(created.name == "Ana Trader" && created.email == "ana@example.com")
        // Without --json the id alone, so that `ID=$(alertsai users create …)` works; the name defaults to the local part.
        let bob = try runAlertsAI(["users", "create", "--email", "bob@example.org"] + db)
        #expect(bob.status == 0, "stderr: \(bob.stderr)")
        let bobID = bob.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(UUID(uuidString: bobID) != nil, "stdout: \(bob.stdout)")

        var users = try listed(db)
        #expect(users.map(\.id) == [created.id, bobID])
        #expect(users.map(\.email) == ["ana@example.com", "bob@example.org"])
        #expect(users.last?.name == "bob")
        let table = try runAlertsAI(["users", "list"] + db)
        #expect(table.stdout.contains(created.id) && table.stdout.contains("Ana Trader") && table.stdout.contains(bobID))

        let refused: [(arguments: [String], named: String)] = [
            (["users", "create", "--email", "ANA@example.com"], "ANA@example.com"),
            (["users", "create", "--email", "not-an-email"], "not-an-email"),
            (["users", "create", "--email", "ana@localhost"], "ana@localhost"),
            (["users", "create", "--email", "two@@example.com"], "two@@example.com"),
            (["users", "create", "--email", "@example.com"], "@example.com"),
            (["users", "api-key", "--user", "no-such-user"], "no-such-user"),
        ]
        for (arguments, named) in refused {
            let result = try runAlertsAI(arguments + db)
            #expect(result.status != 0, "\(arguments) succeeded: \(result.stdout)")
            let lines = errorLines(result.stderr)
            #expect(lines.count == 1 && lines.first?.hasPrefix("Error: ") == true, "\(arguments) stderr: \(result.stderr)")
            #expect(result.stderr.contains(named), "\(arguments) stderr: \(result.stderr)")
        }
        // Nothing was written by the refused commands.
        users = try listed(db)
        #expect(users.count == 2)
        let keys = try runAlertsAI(["users", "keys"] + db)
        #expect(keys.stdout.contains("no API keys"), "stdout: \(keys.stdout)")

        let key = try runAlertsAI(["users", "api-key", "--user", bobID, "--label", "laptop"] + db)
        #expect(key.status == 0, "stderr: \(key.stderr)")
        let secret = key.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = secret.split(separator: "_")
        #expect(parts.count == 3 && parts.first == "aai", "stdout: \(key.stdout)")
        let prefix = parts.count == 3 ? String(parts[1]) : ""
        let listedKeys = try runAlertsAI(["users", "keys", "--user", bobID] + db)
        #expect(listedKeys.stdout.contains(prefix) && listedKeys.stdout.contains("laptop"))
        #expect(!listedKeys.stdout.contains(secret), "the secret was listed")
        let revoked = try runAlertsAI(["users", "revoke-key", prefix] + db)
        #expect(revoked.status == 0 && revoked.stdout.contains("revoked key \(prefix)"), "stderr: \(revoked.stderr)")
        let unknownKey = try runAlertsAI(["users", "revoke-key", "nosuchprefix"] + db)
        #expect(unknownKey.status != 0 && unknownKey.stderr.contains("nosuchprefix"))

        // The created user is a real `sc.users` row: a webhook subscription for it succeeds.
        _ = try await publishTestModel(config, name: "swing", features: ScoreEndpointTests.features)
        let subscribe = try runAlertsAI(
            ["alerts", "subscribe", "--user", created.id, "--model", "swing", "--webhook", "http://127.0.0.1:9/hook"] + db)
        #expect(subscribe.status == 0, "stderr: \(subscribe.stderr)")
        #expect(subscribe.stdout.contains("subscribed"))
        let subscriptions = try runAlertsAI(["alerts", "subscriptions", "--user", created.id] + db)
        #expect(subscriptions.stdout.contains("user \(created.id)") && subscriptions.stdout.contains("model swing"))
    }
}
