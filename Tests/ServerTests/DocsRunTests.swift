import Foundation
import Testing

/// The docs' shell examples run. Every ```sh block in README.md and docs/*.md is marked, on the line before it,
/// `<!-- runnable -->` (optionally `<!-- runnable exit=1 -->` for an example of an error) or
/// `<!-- not runnable: why -->`. The runnable ones are run with bash, the built `alertsai` first on PATH, in a folder
/// holding a small store at the default paths (./data/alertsai.sqlite, ./data/artifacts) with a published model
/// `demo-swing-daily-us` (four symbols, not the demo's thirty), `SERVICE_KEY`/`ALERTSAI_KEY` set to an admin key,
/// and `alertsai serve` answering at the `localhost:8080` the examples name. A ```text block right after a runnable
/// block is its output: each of its lines must match a line of the real output, in order, with numbers free and `…`
/// standing for anything. docs/DECISIONS.md, "Docs that run".
@Suite("docs that run", .serialized)
struct DocsRunTests {
    struct Block: CustomStringConvertible {
        var file: String
        var line: Int
        var code: String
        var exit: Int32
        var output: [String]?
        var description: String { "\(file):\(line)" }
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var markdownFiles: [URL] {
        let docs = root.appendingPathComponent("docs")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: docs.path)) ?? []).filter { $0.hasSuffix(".md") }.sorted()
        return [root.appendingPathComponent("README.md")] + names.map { docs.appendingPathComponent($0) }
    }

    static let shellFences: Set<String> = ["```sh", "```bash", "```shell", "```console"]

    /// Runnable blocks, and the shell blocks without a marker (`file:line`).
    static func blocks() throws -> (runnable: [Block], unmarked: [String], reasonless: [String]) {
        var runnable: [Block] = []
        var unmarked: [String] = []
        var reasonless: [String] = []
        for url in markdownFiles {
            let name = url.path.replacingOccurrences(of: root.path + "/", with: "")
            let lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
            var i = 0
            while i < lines.count {
                let fence = lines[i].trimmingCharacters(in: .whitespaces)
                guard shellFences.contains(fence) else {
                    i += 1
                    continue
                }
                let marker = i > 0 ? lines[i - 1].trimmingCharacters(in: .whitespaces) : ""
                var end = i + 1
                while end < lines.count && lines[end].trimmingCharacters(in: .whitespaces) != "```" { end += 1 }
                let code = lines[(i + 1)..<min(end, lines.count)].joined(separator: "\n")
                if marker.hasPrefix("<!-- runnable") {
                    var exit: Int32 = 0
                    if let r = marker.range(of: "exit=") { exit = Int32(marker[r.upperBound...].prefix { $0.isNumber }) ?? 0 }
                    var output: [String]?
                    var next = end + 1
                    while next < lines.count && lines[next].trimmingCharacters(in: .whitespaces).isEmpty { next += 1 }
                    if next < lines.count && lines[next].trimmingCharacters(in: .whitespaces) == "```text" {
                        var stop = next + 1
                        while stop < lines.count && lines[stop].trimmingCharacters(in: .whitespaces) != "```" { stop += 1 }
                        output = Array(lines[(next + 1)..<min(stop, lines.count)])
                        end = stop
                    }
                    runnable.append(Block(file: name, line: i + 1, code: code, exit: exit, output: output))
                } else if marker.hasPrefix("<!-- not runnable") {
                    let reason = marker.dropFirst("<!-- not runnable".count).trimmingCharacters(in: CharacterSet(charactersIn: ": ->"))
                    if reason.count < 8 { reasonless.append("\(name):\(i + 1)") }
                } else {
                    unmarked.append("\(name):\(i + 1)")
                }
                i = end + 1
            }
        }
        return (runnable, unmarked, reasonless)
    }

    @Test("every shell block of the docs is marked runnable or not runnable with a reason")
    func everyShellBlockIsMarked() throws {
        let (runnable, unmarked, reasonless) = try Self.blocks()
        #expect(unmarked.isEmpty, "shell blocks without <!-- runnable --> or <!-- not runnable: why -->: \(unmarked)")
        #expect(reasonless.isEmpty, "not runnable without a reason: \(reasonless)")
        #expect(runnable.count >= 8, "\(runnable.count) runnable blocks")
    }

    /// The pattern of one shown output line: numbers free, `…` anything, runs of spaces any width.
    static func pattern(_ line: String) -> String {
        var out = ""
        var inNumber = false
        var inSpace = false
        for ch in line.trimmingCharacters(in: .whitespaces) {
            if ch.isNumber {
                if !inNumber { out += "-?[0-9][0-9.,]*" }
                inNumber = true
                inSpace = false
                continue
            }
            if inNumber && (ch == "." || ch == ",") { continue }
            inNumber = false
            if ch == " " {
                if !inSpace { out += " +" }
                inSpace = true
                continue
            }
            inSpace = false
            out += ch == "…" ? ".*" : NSRegularExpression.escapedPattern(for: String(ch))
        }
        return "^" + out + "$"
    }

    /// Whether every shown line matches a line of `actual`, in order; the first that does not, else nil.
    static func unmatched(_ shown: [String], in actual: String) -> String? {
        let lines = actual.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        var at = 0
        for s in shown where !s.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let regex = try? NSRegularExpression(pattern: pattern(s)) else { return s }
            guard
                let found = lines[at...].firstIndex(where: {
                    regex.firstMatch(in: $0, range: NSRange($0.startIndex..., in: $0)) != nil
                })
            else { return s }
            at = found + 1
        }
        return nil
    }

    @Test("the shape check: numbers and widths are free, words are not")
    func shapeCheck() {
        #expect(Self.unmatched(["name  version  status", "demo  3  published"], in: "name       version status\ndemo 12 published\n") == nil)
        #expect(Self.unmatched(["examined …, resolved 0"], in: "examined 12 alerts, resolved 0\n") == nil)
        #expect(Self.unmatched(["demo  3  draft"], in: "demo 3 published\n") == "demo  3  draft")
    }

    func binary() throws -> URL {
        let bundleDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [bundleDir, bundleDir.deletingLastPathComponent()].map { $0.appendingPathComponent("alertsai") }
        return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }, "alertsai not found near \(bundleDir.path)")
    }

    /// Runs `bash -c code` in `dir` with `env`; status and stdout + stderr.
    func bash(_ code: String, in dir: URL, env: [String: String], timeout: TimeInterval = 300) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-e", "-o", "pipefail", "-c", code]
        p.currentDirectoryURL = dir
        p.environment = env
        // Files, not pipes: a large output cannot fill a pipe while we wait.
        let outURL = dir.appendingPathComponent(".block-\(UUID().uuidString).out")
        let errURL = dir.appendingPathComponent(".block-\(UUID().uuidString).err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        p.standardOutput = try FileHandle(forWritingTo: outURL)
        p.standardError = try FileHandle(forWritingTo: errURL)
        try p.run()
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if p.isRunning {
            p.terminate()
            Issue.record("`\(code.prefix(80))` did not finish within \(timeout) s")
        }
        p.waitUntilExit()
        let stdout = (try? Data(contentsOf: outURL)) ?? Data()
        let stderr = (try? Data(contentsOf: errURL)) ?? Data()
        return (p.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    /// A small training run named like the demo's model: four synthetic symbols, a logistic model.
    static let smallRun = """
        {"name": "demo-swing-daily-us", "seed": 7,
         "data": {"provider": "synthetic", "universe": "AAPL,MSFT,NVDA,AMZN", "timeframe": "1d",
                  "from": "2021-01-01", "to": "2024-12-31", "synthetic": {"seed": 7, "strength": 1}},
         "features": {"set": "core-daily"},
         "plan": {"side": "long", "take_profit": {"atr_multiple": 2, "atr_period": 14}, "stop": {"atr_multiple": 1, "atr_period": 14},
                  "max_hold_bars": 10},
         "model": {"kind": "logistic"},
         "validation": {"method": "purged_walk_forward", "folds": 3},
         "thresholds": {"policy": "top_k", "alerts_per_day": 2}}
        """

    @Test("every runnable shell block of README.md and docs/*.md runs against a small store, with the exit and output shown")
    func runnableBlocksRun() async throws {
        let (runnable, _, _) = try Self.blocks()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("alertsai-docs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bin = try binary()
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ALERTSAI_") }
        env["PATH"] = bin.deletingLastPathComponent().path + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        env["COLUMNS"] = "120"
        // The examples' files: the training examples and this small run.
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("examples"), to: dir.appendingPathComponent("examples"))
        try Data(Self.smallRun.utf8).write(to: dir.appendingPathComponent("small-run.json"))
        let setup = try bash(
            """
            alertsai train small-run.json --quiet
            alertsai models publish demo-swing-daily-us 1 --force 2>/dev/null
            alertsai keys create --service docs --scope admin
            """, in: dir, env: env, timeout: 600)
        try #require(setup.status == 0, "setup failed: \(setup.err)")
        let key = try #require(setup.out.split(separator: "\n").last.map(String.init))
        env["SERVICE_KEY"] = key
        env["ALERTSAI_KEY"] = key

        let port = Int.random(in: 20_000...40_000)
        let server = Process()
        server.executableURL = bin
        server.arguments = ["serve", "--port", "\(port)", "--log-level", "error"]
        server.currentDirectoryURL = dir
        server.environment = env
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer {
            if server.isRunning {
                server.terminate()
                server.waitUntilExit()
            }
        }
        var up = false
        for _ in 0..<200 where !up {
            up = (try? bash("curl -sf http://127.0.0.1:\(port)/health >/dev/null", in: dir, env: env, timeout: 5).status) == 0
            if !up { try await Task.sleep(for: .milliseconds(100)) }
        }
        try #require(up, "alertsai serve did not answer on \(port)")

        for block in runnable {
            let code = block.code.replacingOccurrences(of: "localhost:8080", with: "127.0.0.1:\(port)")
            let result = try bash(code, in: dir, env: env)
            #expect(result.status == block.exit, "\(block): exit \(result.status), want \(block.exit)\nstdout: \(result.out)\nstderr: \(result.err)")
            if let shown = block.output {
                let missing = Self.unmatched(shown, in: result.out + "\n" + result.err)
                #expect(missing == nil, "\(block): shown line '\(missing ?? "")' not in the output:\n\(result.out)\(result.err)")
            }
        }
    }
}
