// bench-indicators: nanoseconds per bar for ten common specs on 1,000,000 generated bars, next to TA-Lib's C library
// (through its Python wrapper) on the very same bars when `python3 -c "import talib"` works.
//
//   swift run -c release bench-indicators [--bars N] [--repeats R]

import Foundation
import Indicators
#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: Int) -> Int {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count, let v = Int(arguments[i + 1]) else { return fallback }
    return v
}
let barCount = option("--bars", 1_000_000)
let repeats = option("--repeats", 25)
let allSpecTexts = ["sma(20)", "ema(20)", "rsi(14)", "macd(12,26,9)", "atr(14)", "bbands(20,2)", "adx(14)", "stoch(14,3,3)", "obv()", "roc(10)"]
/// `--only "atr(14)"` narrows the run to one spec (for profiling).
let specTexts = arguments.firstIndex(of: "--only").flatMap { $0 + 1 < arguments.count ? [arguments[$0 + 1]] : nil } ?? allSpecTexts
let skipTALib = arguments.contains("--swift-only")

/// A seeded random walk with intrabar ranges, volume and an occasional flat bar: reproducible across runs and machines.
func generateBars(_ n: Int) -> OHLCV {
    var state: UInt64 = 0x5EED_1234_ABCD
    func uniform() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
    }
    var o = [Double](repeating: 0, count: n), h = o, l = o, c = o, v = o
    var price = 100.0
    for i in 0..<n {
        let open = price * (1 + (uniform() - 0.5) * 0.004)
        price = max(1, open * (1 + (uniform() - 0.5) * 0.03))
        o[i] = open
        c[i] = price
        h[i] = max(open, price) * (1 + uniform() * 0.01)
        l[i] = min(open, price) * (1 - uniform() * 0.01)
        v[i] = (1000 + uniform() * 1_000_000).rounded()
    }
    return OHLCV(open: o, high: h, low: l, close: c, volume: v)
}

func writeBars(_ bars: OHLCV, to url: URL) throws {
    var data = Data(capacity: bars.count * 40)
    for column in [bars.open, bars.high, bars.low, bars.close, bars.volume] {
        column.withUnsafeBufferPointer { data.append(UnsafeBufferPointer(start: $0.baseAddress, count: $0.count)) }
    }
    try data.write(to: url)
}

func machine() -> String {
    let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let model =
        cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
        .map { String($0.split(separator: ":", maxSplits: 1)[1]).trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
    return "\(model), nproc \(ProcessInfo.processInfo.activeProcessorCount)"
}

/// A column in memory advised for 2 MB pages, as numpy does for arrays of 4 MB and more: without it the Swift side
/// would pay TLB misses the TA-Lib side does not, and memory-bound kernels would measure the page size, not the code.
func pageAdvisedColumn(_ n: Int) -> UnsafeMutableBufferPointer<Double> {
    let bytes = max(8, n * MemoryLayout<Double>.stride)
    #if canImport(Glibc)
    var raw: UnsafeMutableRawPointer?
    guard posix_memalign(&raw, 2 << 20, bytes) == 0, let raw else { fatalError("out of memory") }
    _ = madvise(raw, bytes, 14)  // MADV_HUGEPAGE
    return UnsafeMutableBufferPointer(start: raw.assumingMemoryBound(to: Double.self), count: n)
    #else
    return UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
    #endif
}

func release(_ column: UnsafeMutableBufferPointer<Double>) {
    #if canImport(Glibc)
    free(column.baseAddress)
    #else
    column.deallocate()
    #endif
}

/// Best-of-`repeats` nanoseconds per bar, writing into preallocated columns (the low-level API: no allocation).
func timeSwift(_ spec: IndicatorSpec, _ bars: OHLCV) -> Double {
    let n = bars.count
    let inputs = [bars.open, bars.high, bars.low, bars.close, bars.volume].map { values in
        let column = pageAdvisedColumn(n)
        _ = column.initialize(from: values)
        return column
    }
    let outputs = spec.outputNames.map { _ in pageAdvisedColumn(n) }
    defer { (inputs + outputs).forEach(release) }
    let buffers = OHLCVBuffers(
        open: UnsafeBufferPointer(inputs[0]), high: UnsafeBufferPointer(inputs[1]), low: UnsafeBufferPointer(inputs[2]),
        close: UnsafeBufferPointer(inputs[3]), volume: UnsafeBufferPointer(inputs[4])
    )
    let clock = ContinuousClock()
    var best = Duration.seconds(1_000)
    spec.compute(on: buffers, into: outputs)  // warm-up
    for _ in 0..<repeats {
        let elapsed = clock.measure { spec.compute(on: buffers, into: outputs) }
        best = min(best, elapsed)
    }
    let c = best.components
    return (Double(c.seconds) * 1e9 + Double(c.attoseconds) * 1e-9) / Double(n)
}

func scriptURL() -> URL? {
    let fromSource = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/bench/talib_bench.py")
    let fromCwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("scripts/bench/talib_bench.py")
    return [fromSource, fromCwd].first { FileManager.default.fileExists(atPath: $0.path) }
}

func run(_ executable: String, _ args: [String]) -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [executable] + args
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return (-1, "") }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

let specs = specTexts.map { try! IndicatorSpec(parsing: $0) }
let bars = generateBars(barCount)
let file = FileManager.default.temporaryDirectory.appendingPathComponent("bench-indicators-\(ProcessInfo.processInfo.processIdentifier).f64")
try writeBars(bars, to: file)
defer { try? FileManager.default.removeItem(at: file) }

print("bench-indicators: \(barCount) bars, best of \(repeats) repeats, ns per bar per indicator")
print("machine: \(machine())")
var swiftTimes: [String: Double] = [:]
for spec in specs { swiftTimes[spec.canonical] = timeSwift(spec, bars) }

var talibTimes: [String: Double] = [:]
var talibNote = "TA-Lib: not measured (python3 -c \"import talib\" failed)"
if !skipTALib, run("python3", ["-c", "import talib"]).status == 0, let script = scriptURL() {
    let result = run("python3", [script.path, file.path, String(barCount), String(repeats)] + specTexts)
    if result.status == 0, let json = try? JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Double] {
        talibTimes = json
        let version = run("python3", ["-c", "import talib; print(talib.__ta_version__.decode(), '/ wrapper', talib.__version__)"])
        talibNote =
            "TA-Lib: C library \(version.output.trimmingCharacters(in: .whitespacesAndNewlines)), numpy float64 arrays, "
            + "same bars, best of \(repeats); Python call overhead (~1 µs per call) is negligible at \(barCount) bars"
    } else {
        talibNote = "TA-Lib: \(script.path) failed (status \(result.status))"
    }
}
print(talibNote)
print("")
func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }
func fmt(_ v: Double?) -> String { v.map { String(format: "%.2f", $0) } ?? "—" }
print("| spec | Swift ns/bar | TA-Lib ns/bar | Swift/TA-Lib |")
print("|---|---:|---:|---:|")
for spec in specs {
    let s = swiftTimes[spec.canonical]!
    let t = talibTimes[spec.canonical]
    print("| \(pad(spec.canonical, 14)) | \(fmt(s)) | \(fmt(t)) | \(t.map { fmt(s / $0) } ?? "—") |")
}
