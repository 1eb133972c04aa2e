import AlertsCore
import Foundation
import MarketData

// bench-marketdata: synthetic generation, CSV loading, calendar sessions. `swift run -c release bench-marketdata`.

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

/// Best wall time of `runs` runs of `body`.
func best(_ runs: Int, _ body: () throws -> Void) rethrows -> Double {
    var bestTime = Double.infinity
    let clock = ContinuousClock()
    for _ in 0..<runs {
        let start = clock.now
        try body()
        bestTime = min(bestTime, seconds(clock.now - start))
    }
    return bestTime
}

func machine() -> String {
    let cpu =
        (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
        .split(separator: "\n").first { $0.hasPrefix("model name") }?
        .split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
    return "\(cpu), nproc \(ProcessInfo.processInfo.activeProcessorCount)"
}

func fmt(_ x: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", x) }

print("bench-marketdata — \(machine())")
print("")

// 1. Synthetic market: 128 symbols × every US session 2000–2030 ≈ 1,000,000 daily bars.
let synthetic = SyntheticMarket(.init(seed: 7, patternStrength: 1))
var generated = 0
let synthTime = try best(3) {
    generated = 0
    for k in 0..<128 {
        let s = try synthetic.series(symbol: "SYN\(k)", timeframe: .d1, market: .us, from: LocalDate(2000, 1, 1), to: LocalDate(2030, 12, 31))
        generated += s.count
    }
}
print("synthetic daily bars:   \(generated) bars in \(fmt(synthTime * 1000)) ms  (\(fmt(Double(generated) / synthTime / 1e6, 2)) M bars/s)")
var minuteBars = 0
let minuteTime = try best(3) {
    let s = try synthetic.series(symbol: "SYNM", timeframe: .m1, market: .us, from: LocalDate(2024, 1, 1), to: LocalDate(2024, 12, 31))
    minuteBars = s.count
}
print(
    "synthetic 1m bars:      \(minuteBars) bars (one symbol, 2024) in \(fmt(minuteTime * 1000)) ms  "
        + "(\(fmt(Double(minuteBars) / minuteTime / 1e6, 2)) M bars/s)")

// 2. CSV loading: 100 symbols × 2,520 daily bars, files written first (not timed).
let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bench-marketdata-\(ProcessInfo.processInfo.processIdentifier)")
try? FileManager.default.removeItem(at: dir)
var bytes = 0
for k in 0..<100 {
    let s = try synthetic.series(symbol: String(format: "SYN%03d", k), timeframe: .d1, market: .us, count: 2520, endingOn: LocalDate(2024, 12, 31))
    let url = try CSVBarWriter.write(s, toDirectory: dir)
    bytes += (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
}
let calendar = ExchangeMarketAdapter.us.calendar
var rows = 0
let csvTime = try best(5) {
    rows = 0
    for k in 0..<100 {
        let symbol = String(format: "SYN%03d", k)
        let url = dir.appendingPathComponent("\(symbol).csv")
        rows += try CSVBarProvider.load(url, symbol: symbol, timeframe: .d1, calendar: calendar)[symbol]?.count ?? 0
    }
}
print(
    "CSV load (100 × 2,520): \(rows) rows, \(fmt(Double(bytes) / 1e6, 1)) MB in \(fmt(csvTime * 1000)) ms  "
        + "(\(fmt(Double(rows) / csvTime / 1e6, 2)) M rows/s, \(fmt(Double(bytes) / csvTime / 1e6, 0)) MB/s, validation included)")
try? FileManager.default.removeItem(at: dir)

// 3. Calendars: sessions 2000–2030, cold (rules evaluated, zone conversions) and warm (per-year cache).
for market in Market.allCases {
    let rules: any CalendarRules =
        switch market {
        case .us: NYSERules()
        case .eu: XetraRules()
        case .india: IndiaRules()
        case .fx: FXRules()
        }
    var count = 0
    let cold = try best(5) {
        count = try ExchangeCalendar(rules: rules).sessions(from: LocalDate(2000, 1, 1), to: LocalDate(2030, 12, 31)).count
    }
    let warmCalendar = ExchangeCalendar(rules: rules)
    _ = try warmCalendar.sessions(from: LocalDate(2000, 1, 1), to: LocalDate(2030, 12, 31))
    let warm = try best(5) { count = try warmCalendar.sessions(from: LocalDate(2000, 1, 1), to: LocalDate(2030, 12, 31)).count }
    print("calendar \(market.rawValue) 2000–2030:    \(count) sessions, cold \(fmt(cold * 1000, 2)) ms, warm \(fmt(warm * 1000, 3)) ms")
}
