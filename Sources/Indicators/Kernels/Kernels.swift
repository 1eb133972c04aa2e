/// TA-Lib compatible kernels: each writes exactly one value per input bar, NaN where TA-Lib has no value (its lookback).
///
/// Every kernel comes in two forms: a low-level one writing into a caller-provided buffer of the same length as
/// its inputs (no allocation, for hot paths and column stores), and a convenient one returning `[Double]`.
/// Parameters are checked by `IndicatorSpec`; the kernels only `precondition` what would corrupt memory.
public enum Kernels {}

extension Kernels {
    /// TA-Lib's fixed-band zero test (`TA_IS_ZERO`, epsilon 1e-14).
    @inline(__always)
    static func isZero(_ v: Double) -> Bool { v > -1e-14 && v < 1e-14 }

    /// TA-Lib's relative zero test for a difference of two prices (`TA_IS_ZERO_SCALED`): flat to ~90 ulp of the quote.
    @inline(__always)
    static func isZeroScaled(_ v: Double, scale: Double) -> Bool { v.magnitude <= 1e-14 * scale }

    @inline(__always)
    static func fillNaN(_ out: UnsafeMutablePointer<Double>, from start: Int = 0, to end: Int) {
        var i = start
        while i < end {
            out[i] = .nan
            i += 1
        }
    }

    @inline(__always)
    static func checkLengths(_ n: Int, _ counts: Int...) {
        for c in counts { precondition(c == n, "kernel buffers must have the input's length") }
    }

    /// Runs a one-input, one-output kernel into a fresh array.
    @inline(__always)
    static func unary(
        _ x: [Double], _ body: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void
    ) -> [Double] {
        [Double](unsafeUninitializedCapacity: x.count) { out, initialized in
            x.withUnsafeBufferPointer { body($0, out) }
            initialized = x.count
        }
    }

    /// Runs a kernel over bars into `outputs` fresh arrays of the bars' length.
    static func columns(
        _ bars: OHLCV, outputs: Int, _ body: (OHLCVBuffers, [UnsafeMutableBufferPointer<Double>]) -> Void
    ) -> [[Double]] {
        let n = bars.count
        let storage = UnsafeMutablePointer<Double>.allocate(capacity: max(1, n * outputs))
        defer { storage.deallocate() }
        let buffers = (0..<outputs).map { UnsafeMutableBufferPointer(start: storage + $0 * n, count: n) }
        bars.withBuffers { body($0, buffers) }
        return buffers.map { Array($0) }
    }

    /// A scratch column freed when `body` returns; kernels chaining stages (DEMA, MACD…) allocate per call, never per bar.
    @inline(__always)
    static func withScratch<R>(_ n: Int, _ body: (UnsafeMutablePointer<Double>) -> R) -> R {
        let p = UnsafeMutablePointer<Double>.allocate(capacity: max(1, n))
        defer { p.deallocate() }
        return body(p)
    }
}
