import Alerting
import Foundation
import Learning
import Server

// bench-scoring: the parts of a `POST /score` request, one at a time, on a model shaped like the serving benchmark's
// (200 trees, 31 leaves, 29 features): TreeSHAP per row (Learning's recursion against the leaf tables, one row and batches
// of 100), scoring a batch, reading a 100-row body (JSONDecoder against ScoreBody), and the reasons' number text.
// `swift run -c release bench-scoring`; the whole request is measured by scripts/bench/serve_bench.sh.

let featureCount = 29
let features = (0..<featureCount).map { "f\($0)" }

func cpuModel() -> String {
    let text = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let line = text.split(separator: "\n").first { $0.hasPrefix("model name") } ?? ""
    return line.split(separator: ":").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
}

/// Seconds per call of `body`, the best of `repeats` timings of `iterations` calls each.
func measure(iterations: Int, repeats: Int = 5, _ body: () -> Void) -> Double {
    var best = Double.infinity
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<iterations { body() }
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(iterations))
    }
    return best
}

func format(_ seconds: Double) -> String {
    seconds >= 1e-3 ? String(format: "%.2f ms", seconds * 1e3) : String(format: "%.1f µs", seconds * 1e6)
}

print("bench-scoring: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(cpuModel())")

// A model like the serving benchmark's LightGBM one: 200 trees of 31 leaves on 29 features.
var rng = SeededGenerator(seed: 7)
let trainRows = 50_000
var columns = [[Double]](repeating: [Double](repeating: 0, count: trainRows), count: featureCount)
var labels = [Double](repeating: 0, count: trainRows)
for r in 0..<trainRows {
    for f in 0..<featureCount { columns[f][r] = f < 6 ? Double.random(in: 0...100, using: &rng) : Double.random(in: -0.1...0.1, using: &rng) }
    let logit = -0.05 * (columns[0][r] - 40) - 20 * columns[7][r] + 8 * columns[9][r] + Double.random(in: -1.5...1.5, using: &rng)
    labels[r] = logit > 0 ? 1 : 0
}
var parameters = GBDTParameters()
parameters.numRounds = 200
parameters.numLeaves = 31
parameters.learningRate = 0.05
parameters.minDataInLeaf = 50
let trees = try GradientBoostedTrees.train(on: try Dataset(featureNames: features, columns: columns, labels: labels), parameters: parameters)

let rowCount = 1_000
var rows = [Double](repeating: 0, count: rowCount * featureCount)
for i in rows.indices { rows[i] = i % featureCount < 6 ? Double.random(in: 0...100, using: &rng) : Double.random(in: -0.1...0.1, using: &rng) }

let buildStart = DispatchTime.now().uptimeNanoseconds
let tables = LeafTableTreeSHAP(model: trees)
let buildSeconds = Double(DispatchTime.now().uptimeNanoseconds - buildStart) / 1e9
let stats = tables.tableStatistics
print(
    "model: \(trees.trees.count) trees; leaf tables: \(stats.tabled) leaves tabled, \(stats.direct) direct, "
        + String(format: "%.1f MiB, built in %.2f s", Double(stats.entries * 8) / 1_048_576, buildSeconds))

var phi = [Double](repeating: 0, count: rowCount * featureCount)
var sink = 0.0
rows.withUnsafeBufferPointer { x in
    phi.withUnsafeMutableBufferPointer { out in
        let perRowRecursion =
            measure(iterations: 1) {
                for r in 0..<rowCount { sink += trees.contributions(Array(x[(r * featureCount)..<((r + 1) * featureCount)])).values[0] }
            } / Double(rowCount)
        let perRowTablesSingle =
            measure(iterations: 1) {
                for r in 0..<rowCount {
                    tables.contributions(rows: x.baseAddress! + r * featureCount, count: 1, into: out.baseAddress! + r * featureCount)
                }
            } / Double(rowCount)
        let perRowTablesBatch =
            measure(iterations: 1) {
                for b in stride(from: 0, to: rowCount, by: 100) {
                    tables.contributions(rows: x.baseAddress! + b * featureCount, count: 100, into: out.baseAddress! + b * featureCount)
                }
            } / Double(rowCount)
        sink += out[0]
        print(
            "TreeSHAP per row: Learning's recursion (Lundberg's algorithm 2) \(format(perRowRecursion)); leaf tables one row at a time \(format(perRowTablesSingle)), "
                + "in batches of 100 \(format(perRowTablesBatch)) (\(String(format: "%.1f", perRowRecursion / perRowTablesBatch))× the recursion)")
        var raw = [Double](repeating: 0, count: 100)
        let scoreBatch = measure(iterations: 200) {
            raw.withUnsafeMutableBufferPointer {
                trees.forest.rawScores(
                    rowMajor: UnsafeBufferPointer(rebasing: x[0..<(100 * featureCount)]), rowCount: 100, featureCount: featureCount, into: $0)
            }
            sink += raw[0]
        }
        print("raw scores, batch of 100 rows: \(format(scoreBatch)) (\(format(scoreBatch / 100)) per row)")
    }
}

// A 100-row body as the serving benchmark sends it (Python's shortest float text).
var bodyText = #"{"model":"bench","rows":["#
for r in 0..<100 {
    bodyText +=
        (r > 0 ? "," : "") + "{"
        + features.enumerated().map { f, name in
            "\"\(name)\":\(Double.random(in: -0.05...0.05, using: &rng) * (f < 6 ? 2000 : 1))"
        }.joined(separator: ",") + "}"
}
bodyText += "]}"
let body = Data(bodyText.utf8)
struct DecodedBody: Decodable {
    var model: String?
    var rows: [[String: Double?]]
}
let decoder = JSONDecoder()
let viaDecoder = measure(iterations: 50) { sink += Double((try? decoder.decode(DecodedBody.self, from: body))?.rows.count ?? 0) }
let viaReader = measure(iterations: 200) {
    body.withUnsafeBytes { bytes in
        if let b = try? ScoreBody.read(bytes) { sink += b.matrix(features: features).values[0] }
    }
}
print(
    "100-row body (\(body.count / 1024) KiB): JSONDecoder \(format(viaDecoder)), ScoreBody + matrix \(format(viaReader)) "
        + "(\(String(format: "%.1f", viaDecoder / viaReader))×)")

let numbers = (0..<300).map { _ in Double.random(in: -200...200, using: &rng) }
let viaFormat = measure(iterations: 20) { for v in numbers { sink += Double(String(format: "%.2f", v).utf8.count) } } / 300
let viaFixed = measure(iterations: 20) { for v in numbers { sink += Double(ReasonVocabulary.fixed(v, decimals: 2).utf8.count) } } / 300
print(
    "number text: String(format:) \(format(viaFormat)), ReasonVocabulary.fixed \(format(viaFixed)) (\(String(format: "%.0f", viaFormat / viaFixed))×)"
)
if sink == 42 { print("") }
