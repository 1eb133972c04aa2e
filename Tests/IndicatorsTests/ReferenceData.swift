import Foundation
import Indicators
import Testing

/// The shared TA-Lib reference (bars.csv + outputs.json), located as CONVENTIONS say: env, else walking up.
enum ReferenceData {
    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    static func sharedDirectory() throws -> URL {
        if let env = ProcessInfo.processInfo.environment["ALERTSAI_SHARED_DIR"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        var dir = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("shared/reference")
            if FileManager.default.fileExists(atPath: candidate.path) { return dir.appendingPathComponent("shared") }
            dir = dir.deletingLastPathComponent()
        }
        throw Missing(description: "no shared/reference found above \(#filePath); set ALERTSAI_SHARED_DIR")
    }

    static func talibDirectory() throws -> URL {
        try sharedDirectory().appendingPathComponent("reference/talib")
    }

    /// The 4,000 reference bars.
    static func bars() throws -> OHLCV {
        let text = try String(contentsOf: talibDirectory().appendingPathComponent("bars.csv"), encoding: .utf8)
        var o: [Double] = [], h: [Double] = [], l: [Double] = [], c: [Double] = [], v: [Double] = []
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let f = line.split(separator: ",")
            guard f.count == 6, let a = Double(f[1]), let b = Double(f[2]), let d = Double(f[3]), let e = Double(f[4]),
                let g = Double(f[5])
            else { throw Missing(description: "bad bars.csv line: \(line)") }
            o.append(a)
            h.append(b)
            l.append(d)
            c.append(e)
            v.append(g)
        }
        return OHLCV(open: o, high: h, low: l, close: c, volume: v)
    }

    /// TA-Lib's outputs keyed by column spec, NaN where the JSON has null.
    static func outputs() throws -> [String: [Double]] {
        let data = try Data(contentsOf: talibDirectory().appendingPathComponent("outputs.json"))
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let outputs = root["outputs"] as? [String: [Any]]
        else { throw Missing(description: "outputs.json has no 'outputs' object of arrays") }
        return outputs.mapValues { column in column.map { ($0 as? NSNumber)?.doubleValue ?? .nan } }
    }

    nonisolated(unsafe) private static var cache: (OHLCV, [String: [Double]])?
    private static let lock = NSLock()

    /// Bars and outputs, loaded once per test process.
    static func load() throws -> (bars: OHLCV, outputs: [String: [Double]]) {
        lock.lock()
        defer { lock.unlock() }
        if let cache { return cache }
        let loaded = (try bars(), try outputs())
        cache = loaded
        return loaded
    }
}

/// TA-Lib agreement as the reference README defines it: 1e-9 relative, 1e-9 absolute where |expected| < 1.
func agrees(_ actual: Double, _ expected: Double) -> Bool {
    if expected.isNaN { return actual.isNaN }
    guard actual.isFinite else { return false }
    let tolerance = expected.magnitude < 1 ? 1e-9 : 1e-9 * expected.magnitude
    return (actual - expected).magnitude <= tolerance
}

/// Bit-level equality that treats NaN as equal to NaN.
func sameBits(_ a: Double, _ b: Double) -> Bool { a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN) }
