// Numeric model features beyond TA-Lib. Each value depends only on its own window (bit-exact from any start).

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension Kernels {
    /// Log return over `bars` bars, ln(close[t] / close[t−bars]); lookback `bars`.
    public static func logReturn(_ close: UnsafeBufferPointer<Double>, bars p: Int, into out: UnsafeMutableBufferPointer<Double>) {
        checkLengths(close.count, out.count)
        guard let c = close.baseAddress, let o = out.baseAddress else { return }
        let n = close.count
        guard p < n else { return fillNaN(o, to: n) }
        fillNaN(o, to: p)
        for i in p..<n { o[i] = log(c[i] / c[i - p]) }
    }

    /// Log return over `bars` bars.
    public static func logReturn(_ close: [Double], bars: Int) -> [Double] { unary(close) { logReturn($0, bars: bars, into: $1) } }

    /// Realized volatility: the sample standard deviation (divisor `bars − 1`) of the last `bars` one-bar log returns,
    /// not annualised; lookback `bars` (needs `bars + 1` closes).
    public static func realizedVolatility(
        _ close: UnsafeBufferPointer<Double>, bars p: Int, into out: UnsafeMutableBufferPointer<Double>
    ) {
        checkLengths(close.count, out.count)
        guard let c = close.baseAddress, let o = out.baseAddress else { return }
        let n = close.count
        guard p < n else { return fillNaN(o, to: n) }
        fillNaN(o, to: p)
        withScratch(n) { r in
            r[0] = .nan
            for i in 1..<n { r[i] = log(c[i] / c[i - 1]) }
            for i in p..<n {
                let w = r + (i - p + 1)
                o[i] = deviation(w, p, sample: true)
            }
        }
    }

    /// Realized volatility over `bars` one-bar log returns.
    public static func realizedVolatility(_ close: [Double], bars: Int) -> [Double] {
        unary(close) { realizedVolatility($0, bars: bars, into: $1) }
    }

    /// Two-pass standard deviation of `count` values: exact 0 for identical values, no cancellation at any level.
    @inline(__always)
    static func deviation(_ w: UnsafePointer<Double>, _ count: Int, sample: Bool) -> Double {
        var mean = 0.0
        for j in 0..<count { mean += w[j] }
        mean /= Double(count)
        var squares = 0.0
        for j in 0..<count {
            let d = w[j] - mean
            squares += d * d
        }
        return (squares / Double(sample ? count - 1 : count)).squareRoot()
    }

    /// z-score of the last value against its `bars`-bar window: (x − mean) / population stdev, 0 on a flat window;
    /// lookback `bars − 1`.
    public static func zScore(_ x: UnsafeBufferPointer<Double>, bars p: Int, into out: UnsafeMutableBufferPointer<Double>) {
        checkLengths(x.count, out.count)
        guard let xp = x.baseAddress, let o = out.baseAddress else { return }
        let n = x.count
        let first = p - 1
        guard first < n else { return fillNaN(o, to: n) }
        fillNaN(o, to: first)
        let pd = Double(p)
        for i in first..<n {
            let w = xp + (i - first)
            var mean = 0.0
            var lowest = w[0], highest = w[0]
            for j in 0..<p {
                let v = w[j]
                mean += v
                lowest = min(lowest, v)
                highest = max(highest, v)
            }
            // A flat window is 0 by definition; its rounded mean must not turn into noise divided by noise.
            guard highest > lowest else {
                o[i] = 0.0
                continue
            }
            mean /= pd
            var squares = 0.0
            for j in 0..<p {
                let d = w[j] - mean
                squares += d * d
            }
            o[i] = (xp[i] - mean) / (squares / pd).squareRoot()
        }
    }

    /// z-score over `bars` bars (close for `zscore`, volume for `volz`).
    public static func zScore(_ x: [Double], bars: Int) -> [Double] { unary(x) { zScore($0, bars: bars, into: $1) } }

    /// Opening gap, open[t] / close[t−1] − 1; lookback 1.
    public static func gap(
        open: UnsafeBufferPointer<Double>, close: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>
    ) {
        checkLengths(close.count, open.count, out.count)
        guard let op = open.baseAddress, let c = close.baseAddress, let o = out.baseAddress else { return }
        let n = close.count
        guard n > 0 else { return }
        o[0] = .nan
        for i in 1..<n { o[i] = op[i] / c[i - 1] - 1.0 }
    }

    /// Opening gap.
    public static func gap(open: [Double], close: [Double]) -> [Double] {
        columns(OHLCV(open: open, high: close, low: close, close: close, volume: close), outputs: 1) { b, o in
            gap(open: b.open, close: b.close, into: o[0])
        }[0]
    }

    /// Distance of the close to the highest high of the last `bars` bars (today included), close / high_n − 1;
    /// lookback `bars − 1`.
    public static func distanceToHigh(
        high: UnsafeBufferPointer<Double>, close: UnsafeBufferPointer<Double>, bars p: Int, into out: UnsafeMutableBufferPointer<Double>
    ) {
        checkLengths(close.count, high.count, out.count)
        guard let h = high.baseAddress, let c = close.baseAddress, let o = out.baseAddress else { return }
        let n = close.count
        let first = p - 1
        guard first < n else { return fillNaN(o, to: n) }
        fillNaN(o, to: first)
        var hi = RollingHighest()
        for i in first..<n { o[i] = c[i] / h[hi.update(h, start: i - first, today: i)] - 1.0 }
    }

    /// Distance of the close to the lowest low of the last `bars` bars (today included), close / low_n − 1;
    /// lookback `bars − 1`.
    public static func distanceToLow(
        low: UnsafeBufferPointer<Double>, close: UnsafeBufferPointer<Double>, bars p: Int, into out: UnsafeMutableBufferPointer<Double>
    ) {
        checkLengths(close.count, low.count, out.count)
        guard let l = low.baseAddress, let c = close.baseAddress, let o = out.baseAddress else { return }
        let n = close.count
        let first = p - 1
        guard first < n else { return fillNaN(o, to: n) }
        fillNaN(o, to: first)
        var lo = RollingLowest()
        for i in first..<n { o[i] = c[i] / l[lo.update(l, start: i - first, today: i)] - 1.0 }
    }
}
