import Foundation
import Learning

// bench-learning: trains this GBDT and LightGBM (when `python3 -c "import lightgbm"` works) on the same generated
// data and prints AUC, training time, batch throughput and single-row latency of each.

// `bench-learning csv` instead reads and bins a training CSV against pandas' read_csv (CSVBenchmark.swift).

// Environment overrides exist for quick local iterations only; the published figures use the defaults.
let environment = ProcessInfo.processInfo.environment
let trainRows = Int(environment["BENCH_TRAIN_ROWS"] ?? "") ?? 500_000
let holdoutRows = 100_000, featureCount = 30
let rows = trainRows + holdoutRows
var parameters = GBDTParameters()
parameters.numLeaves = 31
parameters.learningRate = 0.05
parameters.numRounds = Int(environment["BENCH_ROUNDS"] ?? "") ?? 200
parameters.minDataInLeaf = 20
parameters.maxBin = 255
parameters.seed = 1

func shell(_ command: String) -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/sh")
    p.arguments = ["-c", command]
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = FileHandle.nullDevice
    do { try p.run() } catch { return "" }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return p.terminationStatus == 0 ? String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : ""
}

/// A deterministic, learnable but noisy problem: non-linear effects, interactions, correlated and useless columns, NaNs.
func makeData() -> (columns: [[Double]], labels: [Double]) {
    var rng = SeededGenerator(seed: 20_240_601)
    func normal() -> Double {
        let u1 = max(rng.nextUnit(), 1e-300), u2 = rng.nextUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
    var columns = [[Double]](repeating: [Double](repeating: 0, count: rows), count: featureCount)
    var labels = [Double](repeating: 0, count: rows)
    var x = [Double](repeating: 0, count: featureCount)
    for r in 0..<rows {
        for f in 0..<featureCount { x[f] = normal() }
        x[10] = 0.7 * x[0] + 0.3 * x[10]  // correlated copy
        x[11] = (x[11] * 4).rounded() / 4  // coarse, many ties
        let z =
            0.8 * x[0] - 0.6 * x[1] + 0.5 * x[2] * x[3] + 0.6 * sin(2 * x[4]) + 0.4 * abs(x[5]) - 0.5 * (x[6] > 0.5 ? 1 : 0)
            + 0.3 * x[7] * x[7] - 0.3 + 0.25 * x[8] * (x[9] > 0 ? 1 : -1) + 0.2 * x[11]
        let noisy = z + 1.2 * normal()
        labels[r] = noisy > 0 ? 1 : 0
        for f in 0..<featureCount { columns[f][r] = x[f] }
        if r % 17 == 3 { columns[5][r] = .nan }
        if r % 29 == 7 { columns[12][r] = .nan }
    }
    return (columns, labels)
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

if CommandLine.arguments.dropFirst().first == "csv" {
    try CSVBenchmark.run(environment: environment, shell: shell)
    exit(0)
}

let cpu =
    (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
    .split(separator: "\n").first { $0.hasPrefix("model name") }?.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "unknown"
func loadAverage() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
}
print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores (nproc \(shell("nproc"))), \(cpu); load average \(loadAverage())")
print(
    "data: \(trainRows) train + \(holdoutRows) holdout rows × \(featureCount) features; num_leaves=\(parameters.numLeaves) "
        + "learning_rate=\(parameters.learningRate) rounds=\(parameters.numRounds) min_data_in_leaf=\(parameters.minDataInLeaf) max_bin=255")

let (columns, labels) = makeData()
let names = (0..<featureCount).map { "f\($0)" }
let train = try Dataset(featureNames: names, columns: columns.map { Array($0[0..<trainRows]) }, labels: Array(labels[0..<trainRows]))
let holdout = try Dataset(featureNames: names, columns: columns.map { Array($0[trainRows...]) }, labels: Array(labels[trainRows...]))
let holdoutLabels = Array(labels[trainRows...])

let script = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("scripts/bench/lightgbm_bench.py").path
let withLightGBM: Bool
if environment["BENCH_SKIP_LIGHTGBM"] != nil {
    print("LightGBM: skipped (BENCH_SKIP_LIGHTGBM set)")
    withLightGBM = false
} else if shell("python3 -c 'import lightgbm; print(lightgbm.__version__)'").isEmpty {
    print("LightGBM: not available (python3 -c \"import lightgbm\" failed); only our figures below")
    withLightGBM = false
} else {
    withLightGBM = true
}
let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bench-learning-\(getpid())")
try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: dir) }
let dataURL = dir.appendingPathComponent("data.f64"), predURL = dir.appendingPathComponent("pred.f64")
let modelURL = dir.appendingPathComponent("model.txt")
if withLightGBM {
    var matrix = [Double](repeating: 0, count: rows * (featureCount + 1))
    for r in 0..<rows {
        for f in 0..<featureCount { matrix[r * (featureCount + 1) + f] = columns[f][r] }
        matrix[r * (featureCount + 1) + featureCount] = labels[r]
    }
    try matrix.withUnsafeBytes { Data($0) }.write(to: dataURL)
}

// The machine is shared: each side trains `repetitions` times, alternating, and its fastest run counts.
let repetitions = max(1, Int(environment["BENCH_REPEAT"] ?? "") ?? 2)
var model: GradientBoostedTrees!
var modelBytes: [Data] = []
var ourTimes: [Double] = []
var lightGBMRuns: [[String: Any]] = []
for _ in 0..<repetitions {
    ourTimes.append(try seconds { model = try GradientBoostedTrees.train(on: train, parameters: parameters) })
    modelBytes.append(try ModelFile.encode(ClassifierModel(predictor: .trees(model), source: "bench")))
    guard withLightGBM else { continue }
    // Passive waiting: on a shared machine, spinning OpenMP threads lose several times over to other processes.
    let output = shell(
        "OMP_WAIT_POLICY=PASSIVE python3 '\(script)' --data '\(dataURL.path)' --rows \(rows) --cols \(featureCount + 1) "
            + "--train \(trainRows) --num-leaves \(parameters.numLeaves) --learning-rate \(parameters.learningRate) "
            + "--rounds \(parameters.numRounds) --min-data-in-leaf \(parameters.minDataInLeaf) --threads 2 "
            + "--pred-out '\(predURL.path)' --model-out '\(modelURL.path)'")
    guard let json = try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], json["train_seconds"] is Double else {
        print("LightGBM: the script failed: \(output)")
        exit(1)
    }
    lightGBMRuns.append(json)
}
let ourTrain = ourTimes.min()!
print(
    "training seconds per run: ours \(ourTimes.map { String(format: "%.2f", $0) })"
        + (withLightGBM ? ", LightGBM \(lightGBMRuns.map { String(format: "%.2f", $0["train_seconds"] as! Double) })" : ""))
print("same seed, same bytes across runs: \(Set(modelBytes).count == 1 ? "yes" : "NO")")
var ourRaw: [Double] = []
_ = try model.rawScores(holdout)
var ourBatch = Double.infinity
for _ in 0..<3 { ourBatch = min(ourBatch, try seconds { ourRaw = try model.rawScores(holdout) }) }
let ourAUC = Metrics.rocAUC(scores: ourRaw, labels: holdoutLabels)
let holdoutRowsMajor: [[Double]] = (0..<2000).map { holdout.row($0) }
var latencies: [Double] = []
var sink = 0.0
for i in 0..<20_000 {
    let row = holdoutRowsMajor[i % holdoutRowsMajor.count]
    let t = DispatchTime.now().uptimeNanoseconds
    sink += model.rawScore(row)
    latencies.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e3)
}
latencies.sort()
let ourLatency = latencies[latencies.count / 2]
print(
    String(
        format: "alertsai GBDT: AUC %.5f  train %.2f s  batch %.0f rows/s  single-row median %.2f µs  (%d trees)",
        ourAUC, ourTrain, Double(holdoutRows) / ourBatch, ourLatency, model.trees.count))

if withLightGBM {
    let json = lightGBMRuns.min { ($0["train_seconds"] as! Double) < ($1["train_seconds"] as! Double) }!
    let lgbTrain = json["train_seconds"] as! Double
    let lgbBatch = lightGBMRuns.map { $0["batch_rows_per_second"] as? Double ?? 0 }.max()!
    let lgbLatency = lightGBMRuns.map { $0["single_row_median_us"] as? Double ?? .infinity }.min()!
    let lgbRaw = try Data(contentsOf: predURL).withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
    let lgbAUC = Metrics.rocAUC(scores: lgbRaw, labels: holdoutLabels)
    print(
        String(
            format: "LightGBM %@ (num_threads=2, OMP_WAIT_POLICY=PASSIVE): AUC %.5f  train %.2f s  batch %.0f rows/s  "
                + "single-row median %.2f µs", "\(json["version"] ?? "?")", lgbAUC, lgbTrain, lgbBatch, lgbLatency))
    print(
        String(
            format: "ratios: AUC difference (ours − LightGBM) %+.5f; training time ours/LightGBM %.2f×; "
                + "batch speed ours/LightGBM %.2f×; single-row latency LightGBM/ours %.1f×",
            ourAUC - lgbAUC, ourTrain / lgbTrain, Double(holdoutRows) / ourBatch / lgbBatch, lgbLatency / ourLatency))
    let imported = try LightGBMModelText.parse(String(contentsOf: modelURL, encoding: .utf8))
    let importedRaw = try GradientBoostedTrees(featureNames: names, trees: imported.trees, baseScore: 0).rawScores(holdout)
    let worst = zip(importedRaw, lgbRaw).map { abs($0 - $1) }.max() ?? 0
    print(String(format: "LightGBM model imported: max |raw difference| vs LightGBM's predict on the holdout = %.3g", worst))
}
print("load average at the end: \(loadAverage())")
if sink == 42 { print("") }
