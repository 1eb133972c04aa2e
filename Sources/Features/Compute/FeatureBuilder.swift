import AlertsCore
import Dispatch
import Foundation
import Indicators
import MarketData

/// Computes a feature set over whole bar histories: one symbol's `FeatureFrame`, or the matrix of many symbols in
/// parallel on every core. Point in time: row t depends on bars up to t only (and on no bar before its warm-up
/// window), so it is bit-for-bit the same whatever comes after t.
public struct FeatureBuilder: Sendable {
    public let set: FeatureSet
    /// The market whose calendar the calendar features read.
    public let market: Market

    public init(set: FeatureSet, market: Market) {
        self.set = set
        self.market = market
    }

    /// The matrix of every series (one block of rows per symbol, in the given order), built in parallel: each
    /// worker computes a symbol's frame and copies it straight into its rows of the shared columns.
    /// With `entry` (a strategy's condition, checked against the set) the matrix also carries its 1/0 value per row.
    public func matrix(_ series: [BarSeries], entry: Condition? = nil) -> FeatureMatrix {
        let offsets = series.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        let total = offsets.last!
        let width = set.featureNames.count
        let storage = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(1, total * width))
        defer { storage.deallocate() }
        let firstValid = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(1, series.count))
        defer { firstValid.deallocate() }
        let signals = UnsafeMutableBufferPointer<Double>.allocate(capacity: entry == nil ? 1 : max(1, total))
        defer { signals.deallocate() }
        nonisolated(unsafe) let columns = storage
        nonisolated(unsafe) let starts = firstValid
        nonisolated(unsafe) let fired = signals
        DispatchQueue.concurrentPerform(iterations: series.count) { i in
            let frame = frame(series[i])
            starts[i] = frame.firstValidRow
            if let entry {
                // Entry conditions were checked against the set's columns; an unknown name reads as "never".
                let values = (try? frame.evaluate(entry)) ?? [Double](repeating: 0, count: frame.count)
                _ = UnsafeMutableBufferPointer(rebasing: fired[offsets[i]..<offsets[i + 1]]).initialize(from: values)
            }
            for k in 0..<width {
                frame.columns[k].withUnsafeBufferPointer { src in
                    _ = UnsafeMutableBufferPointer(rebasing: columns[(k * total + offsets[i])..<(k * total + offsets[i + 1])])
                        .initialize(from: src)
                }
            }
        }
        return FeatureMatrix(
            featureNames: set.featureNames, series: series, offsets: offsets, firstValid: Array(firstValid.prefix(series.count)),
            columns: (0..<width).map { ContiguousArray(UnsafeBufferPointer(rebasing: storage[($0 * total)..<(($0 + 1) * total)])) },
            entrySignals: entry.map { _ in ContiguousArray(UnsafeBufferPointer(rebasing: signals[0..<total])) })
    }

    /// Fetches every symbol's bars (sessions dated `from…to`) from `provider`, a few at a time, and builds the matrix;
    /// the series come back too (labelers read them: matrix row `blocks[s].rows.lowerBound + i` is bar i of `series[s]`).
    public func build(
        symbols: [String], timeframe: Timeframe, from: LocalDate, to: LocalDate, provider: any BarProvider, entry: Condition? = nil
    ) async throws -> (series: [BarSeries], matrix: FeatureMatrix) {
        let market = self.market
        let series = try await withThrowingTaskGroup(of: (Int, BarSeries).self) { group in
            var out = [BarSeries?](repeating: nil, count: symbols.count)
            var next = 0
            func launch() {
                guard next < symbols.count else { return }
                let i = next
                next += 1
                group.addTask { (i, try await provider.bars(symbol: symbols[i], timeframe: timeframe, market: market, from: from, to: to)) }
            }
            for _ in 0..<min(8, symbols.count) { launch() }
            while let (i, s) = try await group.next() {
                out[i] = s
                launch()
            }
            return out.map { $0! }
        }
        return (series, matrix(series, entry: entry))
    }

    /// One symbol's features over all its bars.
    public func frame(_ series: BarSeries) -> FeatureFrame {
        let n = series.count
        let blocks = WarmupBlocks(timestamps: series.timestamps, warmupBars: set.warmupBars, barMillis: series.timeframe.seconds * 1000)
        var raw: [String: [Double]] = [
            "open": Array(series.open), "high": Array(series.high), "low": Array(series.low), "close": Array(series.close),
            "volume": Array(series.volume),
        ]
        for indicator in set.indicators {
            for (name, column) in compute(indicator, series: series, blocks: blocks) { raw[name] = column }
        }
        for feature in set.calendarFeatures {
            var values = feature.kind.values(timestamps: series.timestamps, timeframe: series.timeframe, market: market)
            for i in 0..<min(blocks.firstValid, n) { values[i] = .nan }
            raw[feature.name] = values
        }
        for feature in set.derivedFeatures {
            // Names were checked against earlier features when the set was validated.
            var values = (try? feature.condition.evaluate(count: n) { raw[$0] }) ?? [Double](repeating: .nan, count: n)
            for i in 0..<min(blocks.firstValid, n) { values[i] = .nan }
            raw[feature.name] = values
        }
        let firstRow = min(n, blocks.firstValid + set.lagBars)
        let columns = set.outputs.map { output in
            Self.normalize(raw[output.name]!, output.normalization, close: series.close, from: firstRow)
        }
        return FeatureFrame(
            symbol: series.symbol, timestamps: series.timestamps, featureNames: set.featureNames, columns: columns,
            firstValidRow: firstRow, raw: raw)
    }

    /// One spec's feature columns: window specs over the whole series (same bits from any start), the others per
    /// warm-up window, restarted at each window start.
    func compute(_ indicator: FeatureSet.Indicator, series: BarSeries, blocks: WarmupBlocks) -> [(String, [Double])] {
        let n = series.count
        let outputs = indicator.spec.outputNames.count
        var columns = indicator.features.map { _ in [Double](repeating: .nan, count: n) }
        guard blocks.firstValid < n else { return zip(indicator.features.map(\.name), columns).map { ($0, $1) } }
        let groups = indicator.isWindowOnly ? [(anchor: 0, rows: blocks.firstValid...(n - 1))] : blocks.groups
        let longest = groups.map { $0.rows.upperBound - $0.anchor + 1 }.max() ?? 0
        let scratch = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(1, longest * outputs))
        defer { scratch.deallocate() }
        series.open.withUnsafeBufferPointer { o in
            series.high.withUnsafeBufferPointer { h in
                series.low.withUnsafeBufferPointer { l in
                    series.close.withUnsafeBufferPointer { c in
                        series.volume.withUnsafeBufferPointer { v in
                            for group in groups {
                                let range = group.anchor..<(group.rows.upperBound + 1)
                                let len = range.count
                                let bars = OHLCVBuffers(
                                    open: UnsafeBufferPointer(rebasing: o[range]), high: UnsafeBufferPointer(rebasing: h[range]),
                                    low: UnsafeBufferPointer(rebasing: l[range]), close: UnsafeBufferPointer(rebasing: c[range]),
                                    volume: UnsafeBufferPointer(rebasing: v[range]))
                                let targets = (0..<outputs).map {
                                    UnsafeMutableBufferPointer(rebasing: scratch[($0 * len)..<(($0 + 1) * len)])
                                }
                                indicator.spec.compute(on: bars, into: targets)
                                for (k, feature) in indicator.features.enumerated() {
                                    let source = targets[feature.output]
                                    columns[k].withUnsafeMutableBufferPointer { dst in
                                        for t in group.rows { dst[t] = source[t - group.anchor] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return zip(indicator.features.map(\.name), columns).map { ($0, $1) }
    }

    /// The output column: NaN before `from`, then the normalised raw values.
    static func normalize(
        _ raw: [Double], _ normalization: FeatureNormalization, close: ContiguousArray<Double>, from: Int
    ) -> ContiguousArray<Double> {
        let n = raw.count
        var out = ContiguousArray<Double>(repeating: .nan, count: n)
        guard from < n else { return out }
        raw.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { y in
                switch normalization {
                case .none:
                    for t in from..<n { y[t] = x[t] }
                case .divideByClose:
                    for t in from..<n { y[t] = x[t] / close[t] }
                case .zscore(let w):
                    // Each window from scratch (no running sums), so a value never depends on where the series starts.
                    let scale = 1.0 / Double(w)
                    for t in max(from, w - 1)..<n {
                        var sum = 0.0
                        var lo = Double.infinity
                        var hi = -Double.infinity
                        var hasNaN = false
                        for j in (t - w + 1)...t {
                            let v = x[j]
                            if v.isNaN { hasNaN = true }
                            sum += v
                            lo = min(lo, v)
                            hi = max(hi, v)
                        }
                        if hasNaN { continue }
                        if lo == hi {
                            y[t] = 0
                            continue
                        }
                        let mean = sum * scale
                        var squares = 0.0
                        for j in (t - w + 1)...t {
                            let d = x[j] - mean
                            squares += d * d
                        }
                        let sd = (squares * scale).squareRoot()
                        y[t] = sd > 0 ? (x[t] - mean) / sd : 0
                    }
                }
            }
        }
        return out
    }
}
