import AlertsCore
import Foundation

/// Bars of completed sessions kept on disk, one binary file per source/market/timeframe/symbol, with the session
/// dates they cover, so a later request fetches only what is missing.
///
/// File layout (little-endian): `AAIBARS1`, UInt32 range count, ranges as Int32 day-number pairs, UInt32 bar
/// count, UInt32 vwap flag, then the columns: Int64 timestamps, Double open, high, low, close, volume[, vwap].
public struct BarCache: Sendable {
    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    /// What one file holds.
    public struct Entry: Sendable, Hashable {
        public var coverage: DateRangeSet
        public var series: BarSeries

        public init(coverage: DateRangeSet, series: BarSeries) {
            self.coverage = coverage
            self.series = series
        }
    }

    static let magic = Array("AAIBARS1".utf8)

    public func fileURL(source: String, market: Market, timeframe: Timeframe, symbol: String) -> URL {
        let safe = String(symbol.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" ? $0 : "_" })
        return directory.appendingPathComponent(source).appendingPathComponent(market.rawValue)
            .appendingPathComponent(timeframe.rawValue).appendingPathComponent(safe + ".bars")
    }

    /// The cached entry, nil when there is none.
    public func load(source: String, market: Market, timeframe: Timeframe, symbol: String) throws -> Entry? {
        let url = fileURL(source: source, market: market, timeframe: timeframe, symbol: symbol)
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try data.withUnsafeBytes { raw -> Entry in
            var offset = 0
            func fail(_ why: String) -> MarketDataError { .corruptCache(path: url.path, detail: why) }
            func read<T: FixedWidthInteger>(_: T.Type) throws -> T {
                guard offset + MemoryLayout<T>.size <= raw.count else { throw fail("truncated") }
                defer { offset += MemoryLayout<T>.size }
                return T(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: T.self))
            }
            guard raw.count >= 8, Array(raw[0..<8]) == Self.magic else { throw fail("not a bar cache file") }
            offset = 8
            let rangeCount = Int(try read(UInt32.self))
            var coverage = DateRangeSet()
            for _ in 0..<rangeCount {
                let a = Int(try read(Int32.self))
                let b = Int(try read(Int32.self))
                guard a <= b else { throw fail("bad date range") }
                coverage.insert(LocalDate(dayNumber: a)...LocalDate(dayNumber: b))
            }
            let n = Int(try read(UInt32.self))
            let hasVWAP = try read(UInt32.self) != 0
            let columns = 6 + (hasVWAP ? 1 : 0)
            guard offset + n * 8 * columns == raw.count else { throw fail("size does not match \(n) bars") }
            var series = BarSeries(symbol: symbol, timeframe: timeframe)
            func int64Column() -> ContiguousArray<Int64> {
                let out = ContiguousArray<Int64>(unsafeUninitializedCapacity: n) { buf, count in
                    for i in 0..<n { buf[i] = Int64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + i * 8, as: Int64.self)) }
                    count = n
                }
                offset += n * 8
                return out
            }
            func doubleColumn() -> ContiguousArray<Double> {
                let out = ContiguousArray<Double>(unsafeUninitializedCapacity: n) { buf, count in
                    for i in 0..<n {
                        buf[i] = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + i * 8, as: UInt64.self)))
                    }
                    count = n
                }
                offset += n * 8
                return out
            }
            series.timestamps = int64Column()
            series.open = doubleColumn()
            series.high = doubleColumn()
            series.low = doubleColumn()
            series.close = doubleColumn()
            series.volume = doubleColumn()
            if hasVWAP { series.vwap = doubleColumn() }
            return Entry(coverage: coverage, series: series)
        }
    }

    /// Writes `entry` atomically (a reader sees the old file or the new one, never half of one).
    public func save(_ entry: Entry, source: String, market: Market, timeframe: Timeframe, symbol: String) throws {
        let url = fileURL(source: source, market: market, timeframe: timeframe, symbol: symbol)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let s = entry.series
        var data = Data(Self.magic)
        func put<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        put(UInt32(entry.coverage.ranges.count))
        for r in entry.coverage.ranges {
            put(Int32(r.lowerBound.dayNumber))
            put(Int32(r.upperBound.dayNumber))
        }
        put(UInt32(s.count))
        put(UInt32(s.vwap == nil ? 0 : 1))
        data.reserveCapacity(data.count + s.count * 8 * 7)
        for t in s.timestamps { put(t) }
        for column in [s.open, s.high, s.low, s.close, s.volume] + (s.vwap.map { [$0] } ?? []) {
            for v in column { put(v.bitPattern) }
        }
        try data.write(to: url, options: .atomic)
    }
}
