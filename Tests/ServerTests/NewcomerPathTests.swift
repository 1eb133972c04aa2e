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
            expectOneError(
                try runAlertsAI(["alerts", "run", "--model", "no-such-model", "--universe", "SYN001"] + db), status: 1, says: "no-such-model")
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

    /// Every command of the tree, as ArgumentParser describes it (`--experimental-dump-help`), with its path.
    func commands() throws -> [(path: String, info: [String: Any])] {
        // To a file: the dump is larger than a pipe holds, and `runAlertsAI` reads its pipes after the exit.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("alertsai-help-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        let dump = try runAlertsAI(["--experimental-dump-help"], stdoutFile: file)
        #expect(dump.status == 0, "\(dump.stderr)")
        let data = try Data(contentsOf: file)
        let root = try #require((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["command"] as? [String: Any])
        var out: [(String, [String: Any])] = []
        func walk(_ c: [String: Any], _ path: String) {
            out.append((path, c))
            for sub in c["subcommands"] as? [[String: Any]] ?? [] { walk(sub, path + " " + (sub["commandName"] as? String ?? "?")) }
        }
        walk(root, "alertsai")
        return out
    }

    @Test("help reads well: every argument described, discussions wrapped by ArgumentParser, examples on the newcomer's path")
    func helpReadsWell() throws {
        let all = try commands()
        #expect(all.count > 40)
        for (path, info) in all where path != "alertsai help" {  // ArgumentParser's own help command
            for arg in info["arguments"] as? [[String: Any]] ?? [] where arg["shouldDisplay"] as? Bool ?? true {
                let name = (arg["valueName"] as? String) ?? "\(arg["names"] ?? "?")"
                #expect(!((arg["abstract"] as? String) ?? "").isEmpty, "\(path): argument \(name) has no description")
            }
            // A paragraph is one line (ArgumentParser wraps it); only indented example lines follow a line ending in ':'.
            for paragraph in ((info["discussion"] as? String) ?? "").components(separatedBy: "\n\n") {
                let lines = paragraph.components(separatedBy: "\n").filter { !$0.isEmpty }
                guard lines.count > 1 else { continue }
                let isList = lines[0].hasSuffix(":") && lines.dropFirst().allSatisfy { $0.hasPrefix("  ") }
                #expect(isList, "\(path): a hard line break inside a paragraph: \(lines[0].suffix(60))⏎\(lines[1].prefix(60))")
            }
        }
        let newcomer = [
            "alertsai train", "alertsai alerts run", "alertsai backtest", "alertsai outcomes resolve", "alertsai serve", "alertsai models publish",
            "alertsai models history", "alertsai models diff", "alertsai packs add",
        ]
        for path in newcomer {
            let info = try #require(all.first { $0.path == path }?.info, "no command \(path)")
            #expect(((info["discussion"] as? String) ?? "").contains("Examples:\n  alertsai"), "\(path) shows no example")
        }
        // The completion script and the help of a subcommand work (README, "Errors and exit codes").
        let completion = try runAlertsAI(["--generate-completion-script", "bash"])
        #expect(completion.status == 0 && completion.stdout.contains("alerts") && completion.stdout.contains("backtest"))
    }

    @Test("progress: a line on a terminal for serve's start; nothing when stderr is a pipe or with --quiet")
    func progressOnlyOnATerminal() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("alertsai-progress-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bundleDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let binary = try #require(
            [bundleDir, bundleDir.deletingLastPathComponent()].map { $0.appendingPathComponent("alertsai") }
                .first { FileManager.default.isExecutableFile(atPath: $0.path) })
        let db = "--database-url sqlite:\(dir.path)/sc.sqlite --artifacts-path \(dir.path)/artifacts --log-level error"
        /// serve for a few seconds under `script` (a pseudo-terminal), or with stderr a pipe; what it wrote on stderr.
        func serve(terminal: Bool, quiet: Bool) throws -> String {
            let port = Int.random(in: 20_000...40_000)
            let command = "\(binary.path) serve --port \(port) \(db)\(quiet ? " --quiet" : "")"
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
            p.arguments = terminal ? ["-s", "INT", "6", "script", "-qfec", command, "/dev/null"] : ["-s", "INT", "6", "/bin/sh", "-c", command]
            p.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ALERTSAI_") }
            let out = Pipe()
            p.standardOutput = out
            p.standardError = out
            try p.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        let onTerminal = try serve(terminal: true, quiet: false)
        #expect(onTerminal.contains("serve: opening the store and applying pending migrations"), "\(onTerminal)")
        let quiet = try serve(terminal: true, quiet: true)
        #expect(!quiet.contains("serve:") && !quiet.contains("\u{1B}[2K"), "\(quiet)")
        let piped = try serve(terminal: false, quiet: false)
        #expect(!piped.contains("serve:") && !piped.contains("\u{1B}[2K"), "\(piped)")
    }
}
