import Foundation

/// The length of one bar.
public enum Timeframe: String, Sendable, Codable, CaseIterable, Hashable {
    case m1 = "1m"
    case m5 = "5m"
    case m15 = "15m"
    case m30 = "30m"
    case h1 = "1h"
    case d1 = "1d"
    case w1 = "1w"

    /// Nominal length in seconds (a daily bar is one session, whatever its clock length).
    public var seconds: Int64 {
        switch self {
        case .m1: 60
        case .m5: 300
        case .m15: 900
        case .m30: 1800
        case .h1: 3600
        case .d1: 86_400
        case .w1: 604_800
        }
    }

    /// True for bars shorter than a session.
    public var isIntraday: Bool { seconds < 86_400 }

    /// Parses `1d`, `1h`, … and a few common aliases (`day`, `hour`, `D`).
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let tf = Timeframe(rawValue: t) {
            self = tf
            return
        }
        switch t.lowercased() {
        case "1min", "minute": self = .m1
        case "5min": self = .m5
        case "15min": self = .m15
        case "30min": self = .m30
        case "60m", "1hour", "hour", "hourly": self = .h1
        case "d", "day", "daily", "1day": self = .d1
        case "w", "week", "weekly", "1week": self = .w1
        default: return nil
        }
    }
}

/// One OHLCV bar; `timestamp` is the bar's start in milliseconds since the epoch, UTC.
public struct Bar: Sendable, Hashable, Codable {
    public var timestamp: Int64
    public var open: Double
    public var high: Double
    public var low: Double
    public var close: Double
    public var volume: Double
    public var vwap: Double?

    public init(timestamp: Int64, open: Double, high: Double, low: Double, close: Double, volume: Double, vwap: Double? = nil) {
        self.timestamp = timestamp
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.vwap = vwap
    }

    /// The bar's start as a `Date`.
    public var date: Date { Date(timeIntervalSince1970: Double(timestamp) / 1000) }
}

/// Bars of one symbol and timeframe stored column-wise, oldest first, timestamps strictly increasing (ms UTC).
public struct BarSeries: Sendable, Hashable {
    public var symbol: String
    public var timeframe: Timeframe
    public var timestamps: ContiguousArray<Int64>
    public var open: ContiguousArray<Double>
    public var high: ContiguousArray<Double>
    public var low: ContiguousArray<Double>
    public var close: ContiguousArray<Double>
    public var volume: ContiguousArray<Double>
    /// Volume-weighted average price per bar, when the source has it.
    public var vwap: ContiguousArray<Double>?

    public init(symbol: String, timeframe: Timeframe) {
        self.symbol = symbol
        self.timeframe = timeframe
        timestamps = []
        open = []
        high = []
        low = []
        close = []
        volume = []
        vwap = nil
    }

    public init(symbol: String, timeframe: Timeframe, bars: some Sequence<Bar>) {
        self.init(symbol: symbol, timeframe: timeframe)
        for bar in bars { append(bar) }
    }

    public init(
        symbol: String, timeframe: Timeframe, timestamps: ContiguousArray<Int64>, open: ContiguousArray<Double>,
        high: ContiguousArray<Double>, low: ContiguousArray<Double>, close: ContiguousArray<Double>,
        volume: ContiguousArray<Double>, vwap: ContiguousArray<Double>? = nil
    ) {
        precondition(
            [open.count, high.count, low.count, close.count, volume.count].allSatisfy { $0 == timestamps.count },
            "BarSeries columns must have equal length")
        self.symbol = symbol
        self.timeframe = timeframe
        self.timestamps = timestamps
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.vwap = vwap
    }

    public var count: Int { timestamps.count }
    public var isEmpty: Bool { timestamps.isEmpty }

    public mutating func reserveCapacity(_ n: Int) {
        timestamps.reserveCapacity(n)
        open.reserveCapacity(n)
        high.reserveCapacity(n)
        low.reserveCapacity(n)
        close.reserveCapacity(n)
        volume.reserveCapacity(n)
        vwap?.reserveCapacity(n)
    }

    public mutating func append(_ bar: Bar) {
        if let v = bar.vwap {
            if vwap == nil { vwap = ContiguousArray(repeating: .nan, count: count) }
            vwap!.append(v)
        } else if vwap != nil {
            vwap!.append(.nan)
        }
        timestamps.append(bar.timestamp)
        open.append(bar.open)
        high.append(bar.high)
        low.append(bar.low)
        close.append(bar.close)
        volume.append(bar.volume)
    }

    public subscript(i: Int) -> Bar {
        let v = vwap.map { $0[i] }
        return Bar(
            timestamp: timestamps[i], open: open[i], high: high[i], low: low[i], close: close[i], volume: volume[i],
            vwap: v.flatMap { $0.isNaN ? nil : $0 })
    }

    /// The bars with index in `range`, as a new series.
    public func slice(_ range: Range<Int>) -> BarSeries {
        BarSeries(
            symbol: symbol, timeframe: timeframe, timestamps: ContiguousArray(timestamps[range]),
            open: ContiguousArray(open[range]), high: ContiguousArray(high[range]), low: ContiguousArray(low[range]),
            close: ContiguousArray(close[range]), volume: ContiguousArray(volume[range]),
            vwap: vwap.map { ContiguousArray($0[range]) })
    }

    /// The bars whose start lies in `[from, to)` (ms UTC).
    public func between(from: Int64, to: Int64) -> BarSeries {
        let lo = firstIndex(atOrAfter: from)
        let hi = firstIndex(atOrAfter: to)
        return slice(lo..<max(lo, hi))
    }

    /// Index of the first bar starting at or after `t` (binary search); `count` when none.
    public func firstIndex(atOrAfter t: Int64) -> Int {
        var lo = 0
        var hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if timestamps[mid] < t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// All bars as row values.
    public var bars: [Bar] { (0..<count).map { self[$0] } }
}
