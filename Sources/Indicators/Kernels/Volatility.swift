// Volatility: TRANGE, ATR, NATR, STDDEV, BBANDS.

extension Kernels {
    /// True range: the largest of high−low, |high−prevClose|, |low−prevClose| (TA-Lib's definition), computed as
    /// max(high, prevClose) − min(low, prevClose): for a bar with low ≤ high that is the same subtraction TA-Lib's
    /// winning term performs, so the result is bit-identical, in three operations instead of seven.
    @inline(__always)
    static func trueRange(high h: Double, low l: Double, previousClose c: Double) -> Double {
        let top = h > c ? h : c
        let bottom = l < c ? l : c
        return top - bottom
    }

    /// True range (TA-Lib `TRANGE`); lookback 1.
    public static func trange(
        high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>, close: UnsafeBufferPointer<Double>,
        into out: UnsafeMutableBufferPointer<Double>
    ) {
        checkLengths(close.count, high.count, low.count, out.count)
        guard let h = high.baseAddress, let l = low.baseAddress, let c = close.baseAddress, let o = out.baseAddress else { return }
        let n = close.count
        guard n > 0 else { return }
        o[0] = .nan
        var i = 1
        while i < n {
            o[i] = trueRange(high: h[i], low: l[i], previousClose: c[i - 1])
            i += 1
        }
    }

    /// True range (TA-Lib `TRANGE`).
    public static func trange(high: [Double], low: [Double], close: [Double]) -> [Double] {
        columns(OHLCV(open: close, high: high, low: low, close: close, volume: close), outputs: 1) { b, o in
            trange(high: b.high, low: b.low, close: b.close, into: o[0])
        }[0]
    }

    /// Wilder-smoothed true range; `normalize` divides by the close (NATR). Lookback `period`.
    @inline(__always)
    static func averageTrueRange(
        high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>, close: UnsafeBufferPointer<Double>,
        period p: Int, normalize: Bool, into out: UnsafeMutableBufferPointer<Double>
    ) {
        checkLengths(close.count, high.count, low.count, out.count)
        guard let h = high.baseAddress, let l = low.baseAddress, let c = close.baseAddress, let o = out.baseAddress else { return }
        let n = close.count
        guard p < n else { return fillNaN(o, to: n) }
        fillNaN(o, to: p)
        @inline(__always) func emit(_ atr: Double, _ i: Int) -> Double {
            guard normalize else { return atr }
            let close = c[i]
            let percent = (atr / close) * 100.0
            return isZero(close) ? 0.0 : percent
        }
        if p == 1 {
            // TA-Lib answers the plain true range for period 1, NATR included (it is not divided by the close).
            for i in 1..<n { o[i] = trueRange(high: h[i], low: l[i], previousClose: c[i - 1]) }
            return
        }
        let pd = Double(p)
        let pm1 = Double(p - 1)
        var total = 0.0
        for i in 1...p { total += trueRange(high: h[i], low: l[i], previousClose: c[i - 1]) }
        var atr = total / pd
        o[p] = atr
        // avg·(p−1)/p + tr/p, four bars per step (see `Smoothing.runWeighted4`, whose formulas this repeats with
        // the true ranges computed in place). A short last group uses the same formulas.
        let a = 1.0 / pd, k = pm1 / pd
        let k2 = k * k, k3 = k2 * k, k4 = k2 * k2
        let or = UnsafeMutableRawPointer(o)
        let stride = MemoryLayout<Double>.stride
        var i = p + 1
        while i &+ 3 < n {
            let s1 = trueRange(high: h[i], low: l[i], previousClose: c[i &- 1]) * a
            let s2 = trueRange(high: h[i &+ 1], low: l[i &+ 1], previousClose: c[i]) * a + s1 * k
            let s3 = trueRange(high: h[i &+ 2], low: l[i &+ 2], previousClose: c[i &+ 1]) * a + s2 * k
            let s4 = trueRange(high: h[i &+ 3], low: l[i &+ 3], previousClose: c[i &+ 2]) * a + s3 * k
            or.storeBytes(of: SIMD2(s1, s2) + atr * SIMD2(k, k2), toByteOffset: i &* stride, as: SIMD2<Double>.self)
            let last = SIMD2(s3, s4) + atr * SIMD2(k3, k4)
            or.storeBytes(of: last, toByteOffset: (i &+ 2) &* stride, as: SIMD2<Double>.self)
            atr = last[1]
            i &+= 4
        }
        var partial = 0.0, power = 1.0
        let groupStart = atr
        while i < n {
            partial = trueRange(high: h[i], low: l[i], previousClose: c[i &- 1]) * a + partial * k
            power *= k
            atr = partial + groupStart * power
            o[i] = atr
            i &+= 1
        }
        if normalize {
            for i in p..<n { o[i] = emit(o[i], i) }
        }
    }

    /// Average true range with Wilder smoothing (TA-Lib `ATR`); lookback `period`.
    public static func atr(
        high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>, close: UnsafeBufferPointer<Double>,
        period: Int, into out: UnsafeMutableBufferPointer<Double>
    ) {
        averageTrueRange(high: high, low: low, close: close, period: period, normalize: false, into: out)
    }

    /// Average true range (TA-Lib `ATR`).
    public static func atr(high: [Double], low: [Double], close: [Double], period: Int) -> [Double] {
        columns(OHLCV(open: close, high: high, low: low, close: close, volume: close), outputs: 1) { b, o in
            atr(high: b.high, low: b.low, close: b.close, period: period, into: o[0])
        }[0]
    }

    /// ATR as a percentage of the close (TA-Lib `NATR`); lookback `period`.
    public static func natr(
        high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>, close: UnsafeBufferPointer<Double>,
        period: Int, into out: UnsafeMutableBufferPointer<Double>
    ) {
        averageTrueRange(high: high, low: low, close: close, period: period, normalize: true, into: out)
    }

    /// Normalized average true range (TA-Lib `NATR`).
    public static func natr(high: [Double], low: [Double], close: [Double], period: Int) -> [Double] {
        columns(OHLCV(open: close, high: high, low: low, close: close, volume: close), outputs: 1) { b, o in
            natr(high: b.high, low: b.low, close: b.close, period: period, into: o[0])
        }[0]
    }

    // MARK: rolling population variance

    /// Population variance over a sliding window, accurate for any price level, written from bar `period − 1`.
    ///
    /// Sums of deviations from an anchor inside the window (re-anchored and re-summed every `period` bars, O(1)
    /// amortised) avoid the cancellation of E[x²] − E[x]²; a window of identical values is exactly 0, as in
    /// current TA-Lib.
    @inline(__always)
    static func rollingVariance(_ x: UnsafePointer<Double>, _ n: Int, period p: Int, _ emit: (Int, Double, Double) -> Void) {
        let first = p - 1
        guard first < n else { return }
        let inverse = 1.0 / Double(p)
        var anchor = 0.0
        var s1 = 0.0
        var s2 = 0.0
        var run = 1  // length of the current stretch of identical values ending at i
        var i = 1
        while i < first {
            run = x[i] == x[i - 1] ? run + 1 : 1
            i += 1
        }
        var sinceAnchor = p
        i = first
        while i < n {
            if i > 0 { run = x[i] == x[i - 1] ? run + 1 : 1 }
            if sinceAnchor == p {
                anchor = x[i]
                s1 = 0
                s2 = 0
                var j = i - first
                while j <= i {
                    let d = x[j] - anchor
                    s1 += d
                    s2 += d * d
                    j += 1
                }
                sinceAnchor = 0
            } else {
                let dIn = x[i] - anchor
                let dOut = x[i - p] - anchor
                s1 += dIn - dOut
                s2 += dIn * dIn - dOut * dOut
            }
            sinceAnchor += 1
            let offset = s1 * inverse
            let v = s2 * inverse - offset * offset
            emit(i, run >= p || v < 0 ? 0.0 : v, anchor + offset)
            i += 1
        }
    }

    /// Population standard deviation times `deviations` (TA-Lib `STDDEV`); lookback `period − 1`.
    public static func stddev(
        _ x: UnsafeBufferPointer<Double>, period p: Int, deviations: Double = 1, into out: UnsafeMutableBufferPointer<Double>
    ) {
        checkLengths(x.count, out.count)
        guard let xp = x.baseAddress, let op = out.baseAddress else { return }
        let n = x.count
        fillNaN(op, to: min(n, p - 1))
        if deviations == 1 {
            rollingVariance(xp, n, period: p) { i, v, _ in op[i] = v.squareRoot() }
        } else {
            rollingVariance(xp, n, period: p) { i, v, _ in op[i] = v.squareRoot() * deviations }
        }
    }

    /// Standard deviation (TA-Lib `STDDEV`).
    public static func stddev(_ x: [Double], period: Int, deviations: Double = 1) -> [Double] {
        unary(x) { stddev($0, period: period, deviations: deviations, into: $1) }
    }

    /// Bollinger bands around an SMA with population standard deviation (TA-Lib `BBANDS`, SMA type); lookback `period − 1`.
    public static func bbands(
        _ x: UnsafeBufferPointer<Double>, period p: Int, deviationsUp: Double, deviationsDown: Double,
        upper: UnsafeMutableBufferPointer<Double>, middle: UnsafeMutableBufferPointer<Double>,
        lower: UnsafeMutableBufferPointer<Double>
    ) {
        checkLengths(x.count, upper.count, middle.count, lower.count)
        guard let xp = x.baseAddress, let up = upper.baseAddress, let mp = middle.baseAddress, let lp = lower.baseAddress
        else { return }
        let n = x.count
        // One pass: the middle band is the window mean from the same anchored sums as the deviation (TA-Lib's
        // running-sum SMA agrees to ~1e-16 relative).
        fillNaN(mp, to: min(n, p - 1))
        fillNaN(up, to: min(n, p - 1))
        fillNaN(lp, to: min(n, p - 1))
        if deviationsUp == deviationsDown {
            rollingVariance(xp, n, period: p) { i, v, mean in
                let width = v.squareRoot() * deviationsUp
                mp[i] = mean
                up[i] = mean + width
                lp[i] = mean - width
            }
        } else {
            rollingVariance(xp, n, period: p) { i, v, mean in
                let sd = v.squareRoot()
                mp[i] = mean
                up[i] = mean + deviationsUp * sd
                lp[i] = mean - deviationsDown * sd
            }
        }
    }

    /// Bollinger bands (TA-Lib `BBANDS`).
    public static func bbands(
        _ x: [Double], period: Int, deviationsUp: Double = 2, deviationsDown: Double = 2
    ) -> (upper: [Double], middle: [Double], lower: [Double]) {
        let c = columns(OHLCV(open: x, high: x, low: x, close: x, volume: x), outputs: 3) { b, o in
            bbands(b.close, period: period, deviationsUp: deviationsUp, deviationsDown: deviationsDown, upper: o[0], middle: o[1], lower: o[2])
        }
        return (c[0], c[1], c[2])
    }
}
