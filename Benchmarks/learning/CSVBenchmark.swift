import Foundation
import Learning

/// `bench-learning csv`: reads and bins a generated training CSV (default 240,000 rows × 30 features + label, 5 %
/// missing cells, 8 decimals — about 80 MB) the way `alertsai learn fit` does (CSVTable, Dataset, binning), and times
/// pandas' `read_csv` (plus LightGBM's Dataset construction when LightGBM imports) on the same file, alternating.
enum CSVBenchmark {
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    static func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
    }

    /// Appends `value` with 8 decimals ("%.8f") without Foundation formatting.
    static func append(_ value: Double, to out: inout [UInt8]) {
        var v = value
        if v < 0 {
            out.append(UInt8(ascii: "-"))
            v = -v
        }
        let scaled = UInt64((v * 1e8).rounded())
        let whole = scaled / 100_000_000, fraction = scaled % 100_000_000
        out.append(contentsOf: Array(String(whole).utf8))
        out.append(UInt8(ascii: "."))
        var digits = [UInt8](repeating: 48, count: 8)
        var f = fraction
        for i in stride(from: 7, through: 0, by: -1) {
            digits[i] = 48 + UInt8(f % 10)
            f /= 10
        }
        out.append(contentsOf: digits)
    }

    static func writeCSV(rows: Int, features: Int, to url: URL) throws {
        var rng = SeededGenerator(seed: 16_001)
        func normal() -> Double {
            let u1 = max(rng.nextUnit(), 1e-300), u2 = rng.nextUnit()
            return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        }
        var out = [UInt8]()
        out.reserveCapacity(rows * features * 12)
        out.append(contentsOf: Array(((0..<features).map { "f\($0)" } + ["label"]).joined(separator: ",").utf8))
        out.append(10)
        var x = [Double](repeating: 0, count: features)
        for _ in 0..<rows {
            for f in 0..<features { x[f] = normal() }
            let z = 0.8 * x[0] - 0.6 * x[1] + 0.5 * x[2] * x[3] + 0.6 * sin(2 * x[4]) + 1.2 * normal()
            for f in 0..<features {
                if rng.nextUnit() >= 0.05 { append(x[f], to: &out) }
                out.append(UInt8(ascii: ","))
            }
            out.append(z > 0 ? UInt8(ascii: "1") : UInt8(ascii: "0"))
            out.append(10)
        }
        try Data(out).write(to: url)
    }

    static func run(environment: [String: String], shell: (String) -> String) throws {
        let rows = Int(environment["BENCH_CSV_ROWS"] ?? "") ?? 240_000
        let features = 30
        let repetitions = max(1, Int(environment["BENCH_REPEAT"] ?? "") ?? 3)
        let python = environment["BENCH_PYTHON"] ?? "python3"
        let cpu =
            (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?.split(separator: ":").last?
            .trimmingCharacters(in: .whitespaces) ?? "unknown"
        print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(cpu); load average \(loadAverage())")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bench-learning-csv-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("train.csv")
        try writeCSV(rows: rows, features: features, to: url)
        let size = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        print(String(format: "data: %d rows × %d features + label, 5%% missing, 8 decimals; %.1f MB", rows, features, Double(size) / 1e6))
        let script = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/bench/read_csv_bench.py").path
        let withPandas = !shell("'\(python)' -c 'import pandas' && echo ok").isEmpty && environment["BENCH_SKIP_PANDAS"] == nil
        if !withPandas { print("pandas: not available with \(python) (set BENCH_PYTHON); only our figures below") }

        var ours: [(read: Double, bin: Double, cpu: Double)] = []
        var theirs: [[String: Any]] = []
        for _ in 0..<repetitions {
            let wall0 = DispatchTime.now().uptimeNanoseconds, cpu0 = processCPUSeconds()
            let table = try CSVTable(contentsOf: url)
            let names = Array(table.header.dropLast())
            let data = try Dataset(featureNames: names, columns: Array(table.columns.dropLast()), labels: try table.column("label"))
            let wall1 = DispatchTime.now().uptimeNanoseconds
            let bins = GradientBoostedTrees.binCounts(of: data)
            let wall2 = DispatchTime.now().uptimeNanoseconds
            precondition(bins.count == features && data.rowCount == rows)
            ours.append((Double(wall1 - wall0) / 1e9, Double(wall2 - wall1) / 1e9, processCPUSeconds() - cpu0))
            guard withPandas else { continue }
            let output = shell("'\(python)' '\(script)' --csv '\(url.path)'")
            guard let json = try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], json["read_csv_seconds"] is Double else {
                print("pandas: the script failed: \(output)")
                exit(1)
            }
            theirs.append(json)
        }
        for (i, run) in ours.enumerated() {
            var line = String(
                format: "run %d: ours read %.3f s + bin %.3f s = %.3f s (CPU %.3f s)", i + 1, run.read, run.bin, run.read + run.bin, run.cpu)
            if i < theirs.count {
                let t = theirs[i]
                line += String(
                    format: "; pandas read_csv %.3f s (CPU %.3f s)", t["read_csv_seconds"] as! Double, t["read_csv_cpu_seconds"] as! Double)
                if let d = t["dataset_seconds"] as? Double { line += String(format: ", + LightGBM Dataset %.3f s", d) }
            }
            print(line)
        }
        let best = ours.map { $0.read + $0.bin }.min()!
        let bestCPU = ours.map(\.cpu).min()!
        print(String(format: "alertsai read + bin: best %.3f s (CPU %.3f s)", best, bestCPU))
        if !theirs.isEmpty {
            let pandasBest = theirs.map { $0["read_csv_seconds"] as! Double }.min()!
            let pandasCPU = theirs.map { $0["read_csv_cpu_seconds"] as! Double }.min()!
            print(String(format: "pandas %@ read_csv: best %.3f s (CPU %.3f s)", "\(theirs[0]["pandas"] ?? "?")", pandasBest, pandasCPU))
            print(
                String(
                    format: "ratio ours (read + bin) / pandas read_csv: %.2f× wall, %.2f× CPU (goal ≤ 1.0× wall)", best / pandasBest,
                    bestCPU / pandasCPU))
            let withDataset = theirs.compactMap { t in (t["dataset_seconds"] as? Double).map { $0 + (t["read_csv_seconds"] as! Double) } }
            if let lgbBest = withDataset.min() {
                print(
                    String(
                        format: "pandas read_csv + LightGBM %@ Dataset: best %.3f s; ratio ours / that %.2f×", "\(theirs[0]["lightgbm"] ?? "?")",
                        lgbBest, best / lgbBest))
            }
        }
        print("load average at the end: \(loadAverage())")
    }
}
