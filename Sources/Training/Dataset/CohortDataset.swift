import AlertsCore
import Dispatch
import Features
import Foundation
import Learning

/// Labeled events of a whole universe: point-in-time features, labels, sample weights and each row's span.
///
/// Rows are ordered by signal time, then by symbol. `spanStart`/`spanEnd` are positions on the universe's common
/// bar clock (the sorted union of all bar times), so purging and the embargo count bars even across symbols.
public struct CohortDataset: Sendable {
    public let featureNames: [String]
    public let rowCount: Int
    /// Features, column-major: `values[f * rowCount + r]`.
    public let values: ContiguousArray<Double>
    public let labels: [Double]
    /// Average label uniqueness per row (1 = overlaps nothing) and the training weights derived from it.
    public let uniqueness: [Double]
    public let weights: [Double]?
    public let symbols: [String]
    /// Signal bar time (t0) and exit bar time (t1), ms UTC.
    public let t0: [Int64]
    public let t1: [Int64]
    public let spanStart: [Double]
    public let spanEnd: [Double]
    /// Regime label at the signal bar (`high_vol`, `normal_vol`, `low_vol`), nil during the classifier's warm-up.
    public let regimes: [String?]
    public let realizedReturns: [Double]
    /// Net of the plan's costs: the return (fraction) and the return in R (`LabelMeta.netReturn`, `netR`).
    public let netReturns: [Double]
    public let netRs: [Double]
    public let exitReasons: [ExitReason]
    public let counts: SampleCounts
    /// The average pairwise correlation of the symbols' bar returns that scaled the uniqueness across symbols (nil for
    /// one symbol; no scaling when ≤ 0).
    public var averageCorrelation: Double? = nil

    /// Builds the rows: events by `sampling` on rows with defined features, labels from `resolver`, in parallel over symbols.
    public static func build(
        series: [BarSeries], matrix: FeatureMatrix, sampling: EventSampling, plan: PlanSpec, resolver: any TradeResolver,
        regimeClassifier: RegimeClassifier = RegimeClassifier(), weighting: SampleWeighting = .uniqueness
    ) -> CohortDataset {
        struct SymbolRows: Sendable {
            var labels: [Label] = []
            var rows: [Int] = []
            var regimes: [String?] = []
            var uniqueness: [Double] = []
            var spans: [(start: Int, end: Int)] = []
            var events = 0
        }
        let parts = UnsafeMutableBufferPointer<SymbolRows>.allocate(capacity: max(1, series.count))
        parts.initialize(repeating: SymbolRows())
        defer { parts.deallocate() }
        nonisolated(unsafe) let out = parts
        DispatchQueue.concurrentPerform(iterations: series.count) { s in
            let bars = series[s]
            let block = matrix.blocks[s]
            let firstBar = block.firstValidRow - block.rows.lowerBound
            var indices: [Int]
            switch sampling {
            case .everyBar:
                indices = Array(max(0, firstBar)..<bars.count)
            case .cusum(let filter):
                indices = filter.events(close: bars.close).filter { $0 >= firstBar }
            case .strategyEntry:
                let signals = matrix.entrySignals
                indices = (max(0, firstBar)..<bars.count).filter { signals?[block.rows.lowerBound + $0] == 1 }
            }
            var part = SymbolRows()
            part.events = indices.count
            let regimes = regimeClassifier.classify(bars)
            let labels = resolver.labels(series: bars, at: indices, plan: plan)
            for (k, label) in labels.enumerated() {
                guard let label else { continue }
                let i = indices[k]
                part.labels.append(label)
                part.rows.append(block.rows.lowerBound + i)
                part.regimes.append(regimes[i]?.label)
            }
            // The label reads the returns of bars signal+1 … exit.
            part.spans = part.labels.map { (start: $0.meta.signalIndex + 1, end: max($0.meta.signalIndex + 1, $0.meta.exitIndex)) }
            part.uniqueness = SampleUniqueness.averageUniqueness(spans: part.spans)
            out[s] = part
        }
        // Common bar clock.
        var clock = Set<Int64>()
        for s in series { clock.formUnion(s.timestamps) }
        let times = clock.sorted()
        func rank(_ t: Int64) -> Double {
            var lo = 0
            var hi = times.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if times[mid] < t { lo = mid + 1 } else { hi = mid }
            }
            return Double(lo)
        }
        // Overlap across symbols: labels open on the same dates of correlated symbols share information.
        let (rho, openSymbols) = crossSection(series: series, times: times, parts: (0..<series.count).map { parts[$0].spans })
        if let rho, rho > 0 {
            for s in 0..<series.count where !parts[s].spans.isEmpty {
                let ts = series[s].timestamps
                parts[s].uniqueness = SampleUniqueness.averageUniqueness(spans: parts[s].spans) { i in
                    SampleUniqueness.designEffect(openSymbols: openSymbols[Int(rank(ts[i]))], rho: rho)
                }
            }
        }
        var order: [(s: Int, k: Int)] = []
        for s in 0..<series.count { for k in 0..<parts[s].labels.count { order.append((s, k)) } }
        order.sort { a, b in
            let ta = parts[a.s].labels[a.k].meta.t0
            let tb = parts[b.s].labels[b.k].meta.t0
            return ta != tb ? ta < tb : a.s < b.s
        }
        let m = order.count
        let width = matrix.featureNames.count
        var values = ContiguousArray<Double>(repeating: .nan, count: m * width)
        values.withUnsafeMutableBufferPointer { dst in
            for f in 0..<width {
                matrix.columns[f].withUnsafeBufferPointer { col in
                    for (r, o) in order.enumerated() { dst[f * m + r] = col[parts[o.s].rows[o.k]] }
                }
            }
        }
        let labels = order.map { parts[$0.s].labels[$0.k] }
        let uniqueness = order.map { parts[$0.s].uniqueness[$0.k] }
        var counts = SampleCounts(symbols: series.count, bars: series.reduce(0) { $0 + $1.count })
        for s in 0..<series.count { counts.events += parts[s].events }
        counts.labeled = m
        counts.unresolved = counts.events - m
        for l in labels {
            switch l.meta.exitReason {
            case .takeProfit: counts.takeProfit += 1
            case .stop: counts.stop += 1
            case .timeout: counts.timeout += 1
            }
        }
        return CohortDataset(
            featureNames: matrix.featureNames, rowCount: m, values: values, labels: labels.map { Double($0.value) },
            uniqueness: uniqueness, weights: weighting == .uniqueness ? SampleUniqueness.normalized(uniqueness) : nil,
            symbols: order.map { series[$0.s].symbol }, t0: labels.map(\.meta.t0), t1: labels.map(\.meta.t1),
            spanStart: labels.map { rank($0.meta.t0) }, spanEnd: labels.map { rank($0.meta.t1) },
            regimes: order.map { parts[$0.s].regimes[$0.k] }, realizedReturns: labels.map(\.meta.realizedReturn),
            netReturns: labels.map(\.meta.netReturn), netRs: labels.map(\.meta.netR),
            exitReasons: labels.map(\.meta.exitReason), counts: counts, averageCorrelation: rho)
    }

    /// The average pairwise correlation of the symbols' one-bar log returns on the common clock `times`, and per clock
    /// time the number of symbols with a label open (a span covering that bar).
    static func crossSection(series: [BarSeries], times: [Int64], parts spans: [[(start: Int, end: Int)]]) -> (Double?, [Int]) {
        var index: [Int64: Int] = [:]
        index.reserveCapacity(times.count)
        for (k, t) in times.enumerated() { index[t] = k }
        var open = [Int](repeating: 0, count: times.count)
        var returns: [[Double]] = []
        returns.reserveCapacity(series.count)
        for (s, bars) in series.enumerated() {
            let ts = bars.timestamps
            let close = bars.close
            var r = [Double](repeating: .nan, count: times.count)
            for i in 1..<max(1, bars.count) where close[i] > 0 && close[i - 1] > 0 {
                if let k = index[ts[i]] { r[k] = log(close[i] / close[i - 1]) }
            }
            returns.append(r)
            let c = SampleUniqueness.concurrency(spans: spans[s], count: bars.count)
            for i in 0..<bars.count where c[i] > 0 {
                if let k = index[ts[i]] { open[k] += 1 }
            }
        }
        return (series.count > 1 ? SampleUniqueness.averageCorrelation(returns: returns) : nil, open)
    }

    /// The rows as a Learning `Dataset` (spans on the bar clock); `labels` replaces the labels (e.g. a shuffle control).
    public func dataset(labels override: [Double]? = nil) throws -> Dataset {
        try Dataset(
            featureNames: featureNames, rowCount: rowCount, values: values, labels: ContiguousArray(override ?? labels),
            weights: weights.map { ContiguousArray($0) }, t0: ContiguousArray(spanStart), t1: ContiguousArray(spanEnd))
    }

    /// Share of positive labels.
    public var baseRate: Double { rowCount > 0 ? labels.reduce(0, +) / Double(rowCount) : .nan }

    /// Σ uniqueness: how many independent labels the rows are worth.
    public var effectiveRowCount: Double { SampleUniqueness.effectiveCount(uniqueness) }

    /// The UTC day of each row's signal, the period of the per-day metrics.
    public var days: [Int64] { t0.map { $0 / 86_400_000 } }
}

/// How many bars, events and labels a run used, and how the trades ended.
public struct SampleCounts: Sendable, Hashable, Codable {
    public var symbols: Int
    public var bars: Int
    public var events = 0
    public var labeled = 0
    /// Events whose trade had not ended when the data did (no label).
    public var unresolved = 0
    public var takeProfit = 0
    public var stop = 0
    public var timeout = 0

    public init(symbols: Int, bars: Int) {
        self.symbols = symbols
        self.bars = bars
    }
}
