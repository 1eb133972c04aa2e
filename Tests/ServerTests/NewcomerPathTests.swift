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

    /// The example lines of a discussion: the indented lines of its paragraph starting `Examples:`.
    static func examples(in discussion: String) -> [String] {
        discussion.components(separatedBy: "\n\n").flatMap { paragraph -> [String] in
            let lines = paragraph.components(separatedBy: "\n")
            guard lines.first == "Examples:" else { return [] }
            return lines.dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
    }

    /// What is wrong with an example line (`alertsai models show demo-swing-daily-us --json`) against the command tree
    /// `root` (`--experimental-dump-help`), or nil: its command path (the words before the first option or argument) must
    /// reach a command without subcommands, the words after the path and before the first option must be no more than its
    /// positional arguments and at least its required ones, and every `-`-word must be an option or flag of that command.
    static func problem(of line: String, root: [String: Any]) -> String? {
        var words = line.split(separator: " ").map(String.init)
        // `VAR=value alertsai …`: the environment first; a pipe or a redirection ends the command.
        while let w = words.first, w.contains("="), !w.hasPrefix("-") { words.removeFirst() }
        guard words.first == "alertsai" else { return "it does not run alertsai" }
        words.removeFirst()
        if let end = words.firstIndex(where: { ["|", ">", ">>", "<", "&&", "||", ";", "#"].contains($0) }) { words = Array(words[..<end]) }
        func subcommands(_ c: [String: Any]) -> [[String: Any]] { c["subcommands"] as? [[String: Any]] ?? [] }
        var command = root
        var path = ["alertsai"]
        var rest = words[...]
        while let w = rest.first, !w.hasPrefix("-"), let sub = subcommands(command).first(where: { $0["commandName"] as? String == w }) {
            command = sub
            path.append(w)
            rest = rest.dropFirst()
        }
        let name = path.joined(separator: " ")
        if !subcommands(command).isEmpty, !(rest.first == "--help" || rest.first == "-h") {
            let known = subcommands(command).compactMap { $0["commandName"] as? String }.joined(separator: ", ")
            return rest.first.map { "`\(name)` has no subcommand '\($0)' (it has \(known))" } ?? "`\(name)` needs a subcommand (\(known))"
        }
        let arguments = command["arguments"] as? [[String: Any]] ?? []
        let positionals = arguments.filter { $0["kind"] as? String == "positional" }
        let given = rest.prefix { !$0.hasPrefix("-") }.count
        let required = positionals.filter { !($0["isOptional"] as? Bool ?? false) }.count
        if given > positionals.count, !positionals.contains(where: { $0["isRepeating"] as? Bool ?? false }) {
            return "`\(name)` takes \(positionals.count) argument(s), the example gives \(given)"
        }
        if given < required, !rest.contains("--help") { return "`\(name)` needs \(required) argument(s), the example gives \(given)" }
        var options: Set<String> = ["--help", "-h"]
        for a in arguments where a["kind"] as? String != "positional" {
            for n in a["names"] as? [[String: Any]] ?? [] {
                guard let text = n["name"] as? String else { continue }
                options.insert((n["kind"] as? String == "long" ? "--" : "-") + text)
            }
        }
        for w in rest where w.hasPrefix("-") {
            let option = String(w.prefix { $0 != "=" })
            if !options.contains(option) { return "`\(name)` has no option \(option)" }
        }
        return nil
    }

    @Test("help reads well: every argument described, discussions wrapped by ArgumentParser, examples in every command")
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
        // Every command ends its help with examples, and each example names a command of the tree, with options that
        // command has and as many arguments as it takes.
        let root = try #require(all.first?.info)
        var examples = 0
        for (path, info) in all where path != "alertsai help" {
            let discussion = (info["discussion"] as? String) ?? ""
            #expect(discussion.contains("Examples:\n  alertsai"), "\(path) shows no example")
            for example in Self.examples(in: discussion) {
                examples += 1
                if let problem = Self.problem(of: example, root: root) { Issue.record("\(path): example `\(example)`: \(problem)") }
            }
        }
        #expect(examples >= all.count - 1)
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
