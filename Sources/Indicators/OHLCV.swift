/// Bars as five equal-length columns (oldest first), the input every indicator spec reads.
public struct OHLCV: Sendable, Equatable {
    public var open: [Double]
    public var high: [Double]
    public var low: [Double]
    public var close: [Double]
    public var volume: [Double]

    /// Columns must have the same length; a mismatch is a programming error, not bad market data.
    public init(open: [Double], high: [Double], low: [Double], close: [Double], volume: [Double]) {
        precondition(
            open.count == high.count && high.count == low.count && low.count == close.count && close.count == volume.count,
            "OHLCV columns must have equal lengths"
        )
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }

    /// Number of bars.
    public var count: Int { close.count }

    /// The first `k` bars: what was known at bar `k - 1`.
    public func prefix(_ k: Int) -> OHLCV {
        OHLCV(
            open: Array(open.prefix(k)), high: Array(high.prefix(k)), low: Array(low.prefix(k)),
            close: Array(close.prefix(k)), volume: Array(volume.prefix(k))
        )
    }

    /// Lends the columns as buffers to the low-level kernels, without copying.
    public func withBuffers<R>(_ body: (OHLCVBuffers) throws -> R) rethrows -> R {
        try open.withUnsafeBufferPointer { o in
            try high.withUnsafeBufferPointer { h in
                try low.withUnsafeBufferPointer { l in
                    try close.withUnsafeBufferPointer { c in
                        try volume.withUnsafeBufferPointer { v in
                            try body(OHLCVBuffers(open: o, high: h, low: l, close: c, volume: v))
                        }
                    }
                }
            }
        }
    }
}

/// A borrowed view of five equal-length columns for the kernels; valid only inside the closure that lent it.
public struct OHLCVBuffers {
    public let open: UnsafeBufferPointer<Double>
    public let high: UnsafeBufferPointer<Double>
    public let low: UnsafeBufferPointer<Double>
    public let close: UnsafeBufferPointer<Double>
    public let volume: UnsafeBufferPointer<Double>

    public init(
        open: UnsafeBufferPointer<Double>, high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>,
        close: UnsafeBufferPointer<Double>, volume: UnsafeBufferPointer<Double>
    ) {
        precondition(
            open.count == high.count && high.count == low.count && low.count == close.count && close.count == volume.count,
            "OHLCV columns must have equal lengths"
        )
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }

    /// Number of bars.
    public var count: Int { close.count }
}
