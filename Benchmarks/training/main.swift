import Foundation
import Logging
import Storage
import Training

// bench-training: end-to-end `alertsai train` on 100 synthetic symbols × 2,520 daily bars
// (examples/benchmark-100x2520.yaml) into a temporary SQLite registry; prints stage timings and the machine.

func machine() -> String {
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let cpu =
        (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
        .split(separator: "\n").first { $0.hasPrefix("model name") }?
        .split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
    let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
    return "\(cores) cores (nproc \(cores)), \(cpu); load average \(load)"
}

/// examples/ next to Benchmarks/, found from this file.
func examplesFile(_ name: String) -> String {
    var dir = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
    for _ in 0..<5 {
        let candidate = dir.appendingPathComponent("examples").appendingPathComponent(name)
        if FileManager.default.fileExists(atPath: candidate.path) { return candidate.path }
        dir = dir.deletingLastPathComponent()
    }
    return "examples/\(name)"
}

let path = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : examplesFile("benchmark-100x2520.yaml")
let config = try TrainingConfigFile.load(path: path)
let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bench-training-\(UUID().uuidString)")
var logger = Logger(label: "bench")
logger.logLevel = .warning
let store = try await StoreFactory.open(url: try DatabaseURL("sqlite:\(dir.appendingPathComponent("sc.sqlite").path)"), logger: logger)
try await Migrator(store: store, logger: logger).migrate()
print("machine: \(machine())")
print("config: \(path)")
let started = Date()
let result = try await Trainer().run(
    config: config, registry: SQLModelRegistry(store: store), artifacts: DirectoryArtifactStore(path: dir.appendingPathComponent("artifacts").path),
    actor: "bench"
) { stage, line in
    let t = String(format: "%6.1fs", Date().timeIntervalSince(started))
    FileHandle.standardError.write(Data("\(t) [\(stage.rawValue)] \(line)\n".utf8))
}
let total = Date().timeIntervalSince(started)
await store.shutdown()
try? FileManager.default.removeItem(at: dir)
let m = result.metrics
print(
    String(
        format: "bars: %d (%d symbols); labeled rows: %d; features: %d", m.samples.bars, m.samples.symbols, m.rows,
        result.spec.featureset.features.count))
for stage in TrainingStage.allCases {
    print(
        "  " + stage.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
            + String(format: " %8.2f s", (m.timingsMs[stage.rawValue] ?? .nan) / 1000))
}
print(String(format: "end to end: %.2f s (goal < 60 s)", total))
print(
    String(
        format: "out-of-fold AUC %.4f, precision@5%% %.3f, base rate %.3f", m.outOfFold.auc ?? .nan, m.outOfFold.precisionAtTop ?? .nan,
        m.baseRate ?? .nan))
