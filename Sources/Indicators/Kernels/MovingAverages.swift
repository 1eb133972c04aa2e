// Moving averages: SMA, EMA, WMA, DEMA, TEMA, TRIMA, KAMA.
//
// The `…Core` functions treat `x[start...]` as the series (earlier entries are ignored, typically NaN from a
// previous stage) and write all of `out[0..<n]`; chaining them reproduces TA-Lib's nested calls.

extension Kernels {
    // MARK: cores

    /// Running-sum SMA. The window total moves by (entering − leaving), two bars per step so the loop-carried chain
    /// is one addition per two bars (TA-Lib adds then subtracts every bar), and the mean is a multiply by 1/period
    /// (TA-Lib divides). Values agree with TA-Lib's to rounding (~1e-16 relative per bar); pairs are anchored at the
    /// first value, so a value never depends on how many bars follow it.
    @inline(__always)
    static func smaCore(_ x: UnsafePointer<Double>, _ n: Int, start: Int, period p: Int, _ out: UnsafeMutablePointer<Double>) {
        let first = start + p - 1
        guard first < n else { return fillNaN(out, to: n) }
        fillNaN(out, to: first)
        let inverse = 1.0 / Double(p)
        var total = 0.0
        var i = start
        while i <= first {
            total += x[i]
            i += 1
        }
        out[first] = total * inverse
        while i &+ 1 < n {
            let d1 = x[i] - x[i &- p]
            let d2 = x[i &+ 1] - x[i &+ 1 &- p]
            out[i] = (total + d1) * inverse
            total += d1 + d2
            out[i &+ 1] = total * inverse
            i &+= 2
        }
        if i < n {
            total += x[i] - x[i &- p]
            out[i] = total * inverse
        }
    }

    /// EMA seeded with the SMA of its first `period` inputs (TA-Lib's default compatibility), `k` its smoothing factor.
    @inline(__always)
    static func emaCore(
        _ x: UnsafePointer<Double>, _ n: Int, start: Int, period p: Int, k: Double, _ out: UnsafeMutablePointer<Double>
    ) {
        let first = start + p - 1
        guard first < n else { return fillNaN(out, to: n) }
        fillNaN(out, to: first)
        var total = 0.0
        var i = start
        while i <= first {
            total += x[i]
            i += 1
        }
        var prev = total / Double(p)
        out[first] = prev
        let step = Smoothing(weightNew: k, weightOld: 1.0 - k)
        step.run(x, from: i, to: n, state: &prev, out)
    }

    @inline(__always)
    static func emaFactor(_ period: Int) -> Double { 2.0 / Double(period + 1) }

    // MARK: SMA

    /// Simple moving average (TA-Lib `SMA`); lookback `period - 1`.
    public static func sma(_ x: UnsafeBufferPointer<Double>, period: Int, into out: UnsafeMutableBufferPointer<Double>) {
        checkLengths(x.count, out.count)
        guard let xp = x.baseAddress, let op = out.baseAddress else { return }
        smaCore(xp, x.count, start: 0, period: period, op)
    }

    /// Simple moving average (TA-Lib `SMA`).
    public static func sma(_ x: [Double], period: Int) -> [Double] { unary(x) { sma($0, period: period, into: $1) } }

    // MARK: EMA

    /// Exponential moving average, k = 2/(period+1), seeded with the first SMA (TA-Lib `EMA`); lookback `period - 1`.
    public static func ema(_ x: UnsafeBufferPointer<Double>, period: Int, into out: UnsafeMutableBufferPointer<Double>) {
        checkLengths(x.count, out.count)
        guard let xp = x.baseAddress, let op = out.baseAddress else { return }
        emaCore(xp, x.count, start: 0, period: period, k: emaFactor(period), op)
    }

    /// Exponential moving average (TA-Lib `EMA`).
    public static func ema(_ x: [Double], period: Int) -> [Double] { unary(x) { ema($0, period: period, into: $1) } }

    // MARK: WMA

    /// Linearly weighted moving average (TA-Lib `WMA`), kept in O(1) per bar with TA-Lib's two running sums.
    public static func wma(_ x: UnsafeBufferPointer<Double>, period p: Int, into out: UnsafeMutableBufferPointer<Double>) {
        checkLengths(x.count, out.count)
        guard let xp = x.baseAddress, let op = out.baseAddress else { return }
        let n = x.count
        let first = p - 1
        guard first < n else { return fillNaN(op, to: n) }
        fillNaN(op, to: first)
        let divider = Double(p * (p + 1) / 2)
        let pd = Double(p)
        var periodSum = 0.0
        var periodSub = 0.0
        var i = 0
        while i < first {
            let v = xp[i]
            periodSub += v
            periodSum += v * Double(i + 1)
            i += 1
        }
        var trailingValue = 0.0
        var trailing = 0
        while i < n {
            let v = xp[i]
            periodSub += v
            periodSub -= trailingValue
            periodSum += v * pd
            trailingValue = xp[trailing]
            trailing += 1
            op[i] = periodSum / divider
            periodSum -= periodSub
            i += 1
        }
    }

    /// Linearly weighted moving average (TA-Lib `WMA`).
    public static func wma(_ x: [Double], period: Int) -> [Double] { unary(x) { wma($0, period: period, into: $1) } }

    // MARK: DEMA / TEMA

    /// Double EMA, 2·EMA − EMA(EMA) (TA-Lib `DEMA`); lookback `2·(period−1)`.
    public static func dema(_ x: UnsafeBufferPointer<Double>, period p: Int, into out: UnsafeMutableBufferPointer<Double>) {
        checkLengths(x.count, out.count)
        guard let xp = x.baseAddress, let op = out.baseAddress else { return }
        let n = x.count
        let k = emaFactor(p)
        withScratch(n) { e1 in
            emaCore(xp, n, start: 0, period: p, k: k, e1)
            emaCore(e1, n, start: p - 1, period: p, k: k, op)
            var i = 2 * (p - 1)
            while i < n {
                op[i] = (2.0 * e1[i]) - op[i]
                i += 1
            }
        }
    }

    /// Double EMA (TA-Lib `DEMA`).
    public static func dema(_ x: [Double], period: Int) -> [Double] { unary(x) { dema($0, period: period, into: $1) } }

    /// Triple EMA, 3·EMA − 3·EMA² + EMA³ (TA-Lib `TEMA`); lookback `3·(period−1)`.
    public static func tema(_ x: UnsafeBufferPointer<Double>, period p: Int, into out: UnsafeMutableBufferPointer<Double>) {
        checkLengths(x.count, out.count)
        guard let xp = x.baseAddress, let op = out.baseAddress else { return }
        let n = x.count
        let k = emaFactor(p)
        withScratch(2 * n) { scratch in
            let e1 = scratch, e2 = scratch + n
            emaCore(xp, n, start: 0, period: p, k: k, e1)
            emaCore(e1, n, start: p - 1, period: p, k: k, e2)
            emaCore(e2, n, start: 2 * (p - 1), period: p, k: k, op)
            var i = 3 * (p - 1)
            while i < n {
                op[i] = op[i] + ((3.0 * e1[i]) - (3.0 * e2[i]))
                i += 1
            }
        }
    }

    /// Triple EMA (TA-Lib `TEMA`).
    public static func tema(_ x: [Double], period: Int) -> [Double] { unary(x) { tema($0, period: period, into: $1) } }

    // MARK: TRIMA

    /// Triangular moving average, an SMA of an SMA with TA-Lib's split of the period (TA-Lib `TRIMA`); lookback `period − 1`.
    public static func trima(_ x: UnsafeBufferPointer<Double>, period p: Int, into out: UnsafeMutableBufferPointer<Double>) {
        checkLengths(x.count, out.count)
        guard let xp = x.baseAddress, let op = out.baseAddress else { return }
        let n = x.count
        // Odd p: two boxes of (p+1)/2; even p: p/2 then p/2+1 — their convolution is the triangle 1,2,…,2,1.
        let inner = p % 2 == 1 ? (p + 1) / 2 : p / 2
        let outer = p - inner + 1
        withScratch(n) { s in
            smaCore(xp, n, start: 0, period: inner, s)
            smaCore(s, n, start: inner - 1, period: outer, op)
        }
    }

    /// Triangular moving average (TA-Lib `TRIMA`).
    public static func trima(_ x: [Double], period: Int) -> [Double] { unary(x) { trima($0, period: period, into: $1) } }

    // MARK: KAMA

    /// Kaufman adaptive moving average with TA-Lib's fixed fast/slow constants 2 and 30 (TA-Lib `KAMA`); lookback `period`.
    public static func kama(_ x: UnsafeBufferPointer<Double>, period p: Int, into out: UnsafeMutableBufferPointer<Double>) {
        checkLengths(x.count, out.count)
        guard let xp = x.baseAddress, let op = out.baseAddress else { return }
        let n = x.count
        if p == 1 {
            for i in 0..<n { op[i] = xp[i] }
            return
        }
        guard p < n else { return fillNaN(op, to: n) }
        fillNaN(op, to: p)
        let constMax = 2.0 / (30.0 + 1.0)
        let constDiff = 2.0 / (2.0 + 1.0) - constMax
        var sumROC1 = 0.0
        var today = 0
        for _ in 0..<p {
            var t = xp[today]
            today += 1
            t -= xp[today]
            sumROC1 += t.magnitude
        }
        var prevKAMA = xp[today - 1]
        var trailing = 0
        var trailingValue = xp[trailing]
        // The first step (bar `p`) keeps sumROC1 as primed; later bars slide the window of one-bar changes.
        var slide = false
        while today < n {
            let value = xp[today]
            let older = xp[trailing]
            trailing += 1
            let periodROC = value - older
            if slide {
                sumROC1 -= (trailingValue - older).magnitude
                sumROC1 += (value - xp[today - 1]).magnitude
            }
            slide = true
            trailingValue = older
            var sc: Double
            if sumROC1 <= periodROC || isZero(sumROC1) {
                sc = 1.0
            } else {
                sc = (periodROC / sumROC1).magnitude
            }
            sc = sc * constDiff + constMax
            sc *= sc
            prevKAMA = (value - prevKAMA) * sc + prevKAMA
            op[today] = prevKAMA
            today += 1
        }
    }

    /// Kaufman adaptive moving average (TA-Lib `KAMA`).
    public static func kama(_ x: [Double], period: Int) -> [Double] { unary(x) { kama($0, period: period, into: $1) } }
}
