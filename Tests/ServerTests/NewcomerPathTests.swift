import Foundation
import Testing

/// Issue 17's surprises on the command line, each as it was met: a flag with two meanings, a typo in the app config
/// silently ignored, errors in two spellings and a bad `--as-of` printing the root usage with 64.
@Suite("a newcomer's path")
struct NewcomerPathTests {
    /// A fresh folder, removed after `body`.
    func inTemporaryFolder<T>(_ body: (URL) throws -> T) throws -> T {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("alertsai-newcomer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        return try body(dir)
    }

    /// stderr's lines that say something.
    func lines(_ stderr: String) -> [Substring] {
        stderr.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    /// One `Error: …` line containing `says`, and the status `status`.
    func expectOneError(
        _ result: (status: Int32, stdout: String, stderr: String), status: Int32, says: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let l = lines(result.stderr)
        #expect(result.status == status, "status \(result.status), stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(l.count == 1 && l.first?.hasPrefix("Error: ") == true, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(says), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(!result.stderr.contains("USAGE:") && !result.stderr.contains("error: "), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
    }

    @Test("a bad --as-of is a usage error naming the option and the command (exit 2), not the root usage with 64")
    func badAsOf() throws {
        try inTemporaryFolder { dir in
            let result = try runAlertsAI(["alerts", "run", "--model", "m", "--as-of", "yesterday", "--database-url", "sqlite:\(dir.path)/sc.sqlite"])
            expectOneError(result, status: 2, says: "--as-of: 'yesterday'")
            #expect(result.stderr.contains("alertsai alerts run --help"), "stderr: \(result.stderr)")
            // A usage error touches nothing: no store was made.
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("sc.sqlite").path))
        }
    }

    @Test("an unknown option is exit 2 with one line; a failed operation is exit 1 with one line, same spelling")
    func usageAndFailure() throws {
        try inTemporaryFolder { dir in
            let db = ["--database-url", "sqlite:\(dir.path)/sc.sqlite", "--artifacts-path", "\(dir.path)/artifacts"]
            expectOneError(try runAlertsAI(["alerts", "run", "--model", "m", "--provider", "csv"] + db), status: 2, says: "--provider")
            // The registry commands used to say `error: …`.
            expectOneError(try runAlertsAI(["models", "show", "no-such-model"] + db), status: 1, says: "no-such-model")
            expectOneError(try runAlertsAI(["alerts", "run", "--model", "no-such-model", "--universe", "SYN001"] + db), status: 1, says: "no-such-model")
        }
    }

    @Test("a typo in the app config is refused naming the key and the nearest known one; no store is made")
    func appConfigTypo() throws {
        try inTemporaryFolder { dir in
            let config = dir.appendingPathComponent("app.yaml")
            try "databse:\n  url: sqlite:\(dir.path)/typo.sqlite\nhttp:\n  prot: 9000\n".write(to: config, atomically: true, encoding: .utf8)
            let result = try runAlertsAI(["migrate", "--config", config.path, "--artifacts-path", "\(dir.path)/artifacts"])
            expectOneError(result, status: 1, says: "'databse.url' (did you mean 'database.url'?)")
            #expect(result.stderr.contains("'http.prot' (did you mean 'http.port'?)"), "stderr: \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("typo.sqlite").path))
        }
    }

    @Test("train takes the training file as its argument; --config is the app config; the old spelling is refused with a hint")
    func trainArgument() throws {
        try inTemporaryFolder { dir in
            let run = dir.appendingPathComponent("run.yaml")
            try "".write(to: run, atomically: true, encoding: .utf8)
            let db = ["--database-url", "sqlite:\(dir.path)/sc.sqlite", "--artifacts-path", "\(dir.path)/artifacts"]
            let old = try runAlertsAI(["train", "--config", run.path] + db)
            expectOneError(old, status: 2, says: "alertsai train \(run.path)")
            expectOneError(try runAlertsAI(["train", run.path, "--app-config", run.path] + db), status: 2, says: "--app-config is now --config")
            // The argument is read as the training file: an empty one is said plainly.
            let empty = try runAlertsAI(["train", run.path] + db)
            expectOneError(empty, status: 1, says: "run.yaml: the file is empty")
            #expect(!empty.stderr.contains("key ''") && !empty.stderr.contains("Mapping"), "stderr: \(empty.stderr)")
            // --config in train is the app config: a typo there is refused like anywhere else.
            let app = dir.appendingPathComponent("app.yaml")
            try "log:\n  levl: debug\n".write(to: app, atomically: true, encoding: .utf8)
            try "name: x\n".write(to: run, atomically: true, encoding: .utf8)
            expectOneError(try runAlertsAI(["train", run.path, "--config", app.path] + db), status: 1, says: "did you mean 'log.level'?")
        }
    }
}
