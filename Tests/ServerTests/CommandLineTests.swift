import Foundation
import Testing

/// Runs the built `alertsai` binary, which `swift test` builds next to the test bundle.
func runAlertsAI(_ arguments: [String], timeout: TimeInterval = 60) throws -> (status: Int32, stdout: String, stderr: String) {
    let bundleDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let candidates = [bundleDir, bundleDir.deletingLastPathComponent()].map { $0.appendingPathComponent("alertsai") }
    let binary = try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }, "alertsai binary not found near \(bundleDir.path)")
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env = env.filter { !$0.key.hasPrefix("ALERTSAI_") }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    if process.isRunning {
        process.terminate()
        Issue.record("alertsai \(arguments.joined(separator: " ")) did not finish within \(timeout) s")
    }
    process.waitUntilExit()
    let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
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
