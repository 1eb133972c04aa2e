import AlertsCore
import Dispatch
import Features
import Foundation
import MarketData

// FeatureBuilder on 100 symbols × 2,520 daily synthetic bars with core-daily, and latestVector per symbol.
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

let cpu =
    (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?.split(separator: "\n")
    .first { $0.hasPrefix("model name") }.map { $0.split(separator: ":", maxSplits: 1)[1].trimmingCharacters(in: .whitespaces) } ?? "?"
print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(cpu)")
let market = SyntheticMarket()
var series: [BarSeries] = []
let gen = try seconds {
    series = try (0..<100).map {
        try market.series(symbol: String(format: "SYN%03d", $0), timeframe: .d1, market: .us, count: 2520, endingOn: LocalDate(2024, 12, 31))
    }
}
print(String(format: "synthetic bars: 100 × 2520 in %.3f s", gen))
for definition in [BuiltInFeatureSets.coreDaily] {
    let set = try FeatureSet(definition)
    let builder = FeatureBuilder(set: set, market: .us)
    _ = builder.matrix(Array(series.prefix(4)))
    var best = Double.infinity
    var rows = 0
    for _ in 0..<5 {
        best = min(best, seconds { rows = builder.matrix(series).rowCount })
    }
    print(
        String(
            format: "%@: matrix 100 symbols × 2520 bars × %d features (%d rows): %.1f ms (best of 5), %.2f µs per row",
            set.reference, set.featureNames.count, rows, best * 1000, best * 1e6 / Double(rows)))
    var single = Double.infinity
    for _ in 0..<5 { single = min(single, seconds { _ = builder.frame(series[0]) }) }
    print(String(format: "%@: one symbol's frame (2520 bars, one core): %.2f ms", set.reference, single * 1000))
    var online = Double.infinity
    for _ in 0..<5 { online = min(online, try seconds { for s in series { _ = try builder.latestVector(s) } }) }
    print(String(format: "%@: latestVector from the last %d bars: %.3f ms per symbol", set.reference, set.historyBars, online * 1000 / 100))
    // The naive sliding window (recompute every row from its own W bars) for comparison, one symbol.
    let naiveRows = 200
    let naive = try seconds {
        let s = series[0]
        for t in (s.count - naiveRows)..<s.count { _ = try builder.latestVector(s.slice(0..<(t + 1))) }
    }
    print(
        String(
            format: "%@: recomputing each row from its own window: %.2f ms per 2520 bars (extrapolated from %d rows)",
            set.reference, naive * 1000 * 2520 / Double(naiveRows), naiveRows))
}
do {
    let set = try FeatureSet(BuiltInFeatureSets.coreDaily)
    let builder = FeatureBuilder(set: set, market: .us)
    let serial = seconds { for s in series { _ = builder.frame(s) } }
    print(String(format: "serial frames (100 symbols, one core): %.1f ms", serial * 1000))
}
do {
    let cal = try FeatureSet(
        FeatureSetDefinition(name: "cal", version: 1, warmupBars: 2, indicators: [], calendar: [CalendarFeature(kind: "day_of_week")]))
    let b = FeatureBuilder(set: cal, market: .us)
    let t = seconds { for s in series.prefix(20) { _ = b.frame(s) } }
    print(String(format: "day_of_week alone: %.2f ms per symbol", t * 1000 / 20))
    var d = BuiltInFeatureSets.coreDaily
    d.derived.removeLast()
    let noZ = FeatureBuilder(set: try FeatureSet(d), market: .us)
    let t2 = seconds { for s in series.prefix(20) { _ = noZ.frame(s) } }
    print(String(format: "core-daily without the zscore(120) feature: %.2f ms per symbol", t2 * 1000 / 20))
}
// Strategy check: take-profit-before-stop rate when the entry fires vs on every bar (synthetic market, 100 symbols).
func outcome(_ s: BarSeries, _ i: Int, _ plan: PlanSpec, atr: Double) -> Int? {
    guard i + 1 < s.count else { return nil }
    let entry = s.open[i + 1]
    let tp = entry * (1 + plan.takeProfit.fraction(signalClose: s.close[i], atr: atr)!)
    let sl = entry * (1 - plan.stop.fraction(signalClose: s.close[i], atr: atr)!)
    for j in (i + 1)..<min(s.count, i + 1 + plan.maxHoldBars) {
        if s.low[j] <= sl { return 0 }
        if s.high[j] >= tp { return 1 }
    }
    return i + plan.maxHoldBars < s.count ? 0 : nil
}
for strategy in BuiltInStrategies.all + [
    StrategyDefinition(
        name: "alt-e", version: 1, featureSet: "core-daily@v1", entry: "rsi_14 < 35 and ret_5 < -0.03 and rvol_20 < 0.02",
        plan: PlanSpec(takeProfit: .percent(0.03), stop: .percent(0.02), maxHoldBars: 10)),
    StrategyDefinition(
        name: "alt-f", version: 1, featureSet: "core-daily@v1", entry: "rsi_14 < 35 and ret_5 < -0.03 and rvol_20 < 0.02",
        plan: PlanSpec(takeProfit: .percent(0.03), stop: .percent(0.02), maxHoldBars: 5)),
    StrategyDefinition(
        name: "alt-g", version: 1, featureSet: "core-daily@v1", entry: "ret_5 < -0.035 and rvol_20 < 0.016",
        plan: PlanSpec(takeProfit: .percent(0.04), stop: .percent(0.02), maxHoldBars: 10)),
] {
    let set = try FeatureSet(BuiltInFeatureSets.coreDaily)
    let resolved = try ResolvedStrategy(strategy, featureSet: set)
    let builder = FeatureBuilder(set: set, market: .us)
    var fired = (n: 0, win: 0), all = (n: 0, win: 0)
    for s in series {
        let frame = builder.frame(s)
        let entry = try frame.evaluate(resolved.entry)
        let atr = frame.rawColumn("natr_14")!
        for i in frame.firstValidRow..<s.count {
            guard let o = outcome(s, i, strategy.plan, atr: atr[i] / 100 * s.close[i]) else { continue }
            all.n += 1; all.win += o
            if entry[i] == 1 { fired.n += 1; fired.win += o }
        }
    }
    print(
        String(
            format: "%@ [%@]: fires on %d bars, TP first %.1f %% vs %.1f %% on all %d bars", strategy.name, strategy.entry, fired.n,
            100 * Double(fired.win) / Double(max(1, fired.n)), 100 * Double(all.win) / Double(all.n), all.n))
}
