// Directional movement (Wilder): PLUS_DI, MINUS_DI, ADX, ADXR.

extension Kernels {
    /// Wilder's directional-movement state, stepped one bar at a time exactly as TA-Lib does.
    struct DirectionalMovement {
        var prevHigh: Double
        var prevLow: Double
        var prevClose: Double
        var plusDM = 0.0
        var minusDM = 0.0
        var tr = 0.0

        init(high: Double, low: Double, close: Double) {
            prevHigh = high
            prevLow = low
            prevClose = close
        }

        /// Today's +DM, −DM (at most one is non-zero) and true range, advancing the previous bar.
        @inline(__always)
        mutating func next(high: Double, low: Double, close: Double) -> (plus: Double, minus: Double, tr: Double) {
            let diffP = high - prevHigh
            let diffM = prevLow - low
            prevHigh = high
            prevLow = low
            // TA-Lib: −DM = diffM if diffM > 0 and diffM > diffP; +DM = diffP if diffP > 0 and diffP > diffM.
            // Written as selects so they compile without branches (up/down days are unpredictable).
            let minusPositive = diffM > 0 ? diffM : 0
            let plusPositive = diffP > 0 ? diffP : 0
            let minus = diffP < diffM ? minusPositive : 0
            let plus = diffP > diffM ? plusPositive : 0
            let range = trueRange(high: high, low: low, previousClose: prevClose)
            prevClose = close
            return (plus, minus, range)
        }

        /// Accumulates the first `period − 1` bars as plain sums (TA-Lib's priming).
        @inline(__always)
        mutating func prime(high: Double, low: Double, close: Double) {
            let s = next(high: high, low: low, close: close)
            plusDM += s.plus
            minusDM += s.minus
            tr += s.tr
        }

        /// Wilder's running sum: `sum − sum/period + today` (`inverse` = 1/period: a multiply, not a divide, per bar).
        @inline(__always)
        mutating func smooth(high: Double, low: Double, close: Double, inverse: Double) {
            let s = next(high: high, low: low, close: close)
            minusDM = minusDM - minusDM * inverse + s.minus
            plusDM = plusDM - plusDM * inverse + s.plus
            tr = tr - tr * inverse + s.tr
        }
    }

    /// +DI or −DI; lookback `period` (1 for period 1, where TA-Lib uses the raw one-bar ratio).
    @inline(__always)
    static func directionalIndicator(
        high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>, close: UnsafeBufferPointer<Double>,
        period p: Int, plus: Bool, into out: UnsafeMutableBufferPointer<Double>
    ) {
        checkLengths(close.count, high.count, low.count, out.count)
        guard let h = high.baseAddress, let l = low.baseAddress, let c = close.baseAddress, let o = out.baseAddress else { return }
        let n = close.count
        let lookback = p == 1 ? 1 : p
        guard lookback < n else { return fillNaN(o, to: n) }
        fillNaN(o, to: lookback)
        var dm = DirectionalMovement(high: h[0], low: l[0], close: c[0])
        if p == 1 {
            for i in 1..<n {
                let s = dm.next(high: h[i], low: l[i], close: c[i])
                let move = plus ? s.plus : s.minus
                o[i] = isZero(s.tr) ? 0.0 : move / s.tr
            }
            return
        }
        let inverse = 1.0 / Double(p)
        for i in 1..<p { dm.prime(high: h[i], low: l[i], close: c[i]) }
        var i = p
        while i < n {
            dm.smooth(high: h[i], low: l[i], close: c[i], inverse: inverse)
            let move = plus ? dm.plusDM : dm.minusDM
            o[i] = isZero(dm.tr) ? 0.0 : 100.0 * (move / dm.tr)
            i += 1
        }
    }

    /// Plus directional indicator (TA-Lib `PLUS_DI`); lookback `period`.
    public static func plusDI(
        high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>, close: UnsafeBufferPointer<Double>,
        period: Int, into out: UnsafeMutableBufferPointer<Double>
    ) {
        directionalIndicator(high: high, low: low, close: close, period: period, plus: true, into: out)
    }

    /// Minus directional indicator (TA-Lib `MINUS_DI`); lookback `period`.
    public static func minusDI(
        high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>, close: UnsafeBufferPointer<Double>,
        period: Int, into out: UnsafeMutableBufferPointer<Double>
    ) {
        directionalIndicator(high: high, low: low, close: close, period: period, plus: false, into: out)
    }

    /// Average directional index (TA-Lib `ADX`); lookback `2·period − 1`.
    public static func adx(
        high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>, close: UnsafeBufferPointer<Double>,
        period p: Int, into out: UnsafeMutableBufferPointer<Double>
    ) {
        checkLengths(close.count, high.count, low.count, out.count)
        guard let h = high.baseAddress, let l = low.baseAddress, let c = close.baseAddress, let o = out.baseAddress else { return }
        let n = close.count
        let lookback = 2 * p - 1
        guard lookback < n else { return fillNaN(o, to: n) }
        fillNaN(o, to: lookback)
        let pd = Double(p)
        let pm1 = Double(p - 1)
        var dm = DirectionalMovement(high: h[0], low: l[0], close: c[0])
        for i in 1..<p { dm.prime(high: h[i], low: l[i], close: c[i]) }
        let inverse = 1.0 / pd
        // DX = 100·|−DI − +DI| / (−DI + +DI); the common factor 100/TR cancels, leaving one division per bar.
        @inline(__always) func dx() -> Double? {
            guard !isZero(dm.tr) else { return nil }
            guard 100.0 * (dm.minusDM + dm.plusDM) >= 1e-14 * dm.tr else { return nil }  // TA_IS_ZERO(−DI + +DI)
            return 100.0 * ((dm.minusDM - dm.plusDM).magnitude / (dm.minusDM + dm.plusDM))
        }
        var sumDX = 0.0
        for i in p..<(2 * p) {
            dm.smooth(high: h[i], low: l[i], close: c[i], inverse: inverse)
            if let v = dx() { sumDX += v }
        }
        var adx = sumDX / pd
        o[lookback] = adx
        // From here on, in chunks of passes that each keep one short dependency chain: directional movement and
        // true range (no carried state), Wilder's sums as s·(1 − 1/p) + today (see `Smoothing`), DX, then the ADX
        // recursion two bars per step. Chunks sit at fixed offsets from the first value, so prefixes stay identical.
        let keep = pm1 * inverse
        let wilder = Smoothing(weightNew: 1.0, weightOld: keep)
        let average = Smoothing(weightNew: inverse, weightOld: keep)
        var plusDM = dm.plusDM, minusDM = dm.minusDM, tr = dm.tr
        let chunk = 512
        withScratch(3 * chunk) { scratch in
            let plusBuf = scratch, minusBuf = scratch + chunk, trBuf = scratch + 2 * chunk
            var chunkStart = lookback + 1
            while chunkStart < n {
                let count = min(chunk, n - chunkStart)
                for j in 0..<count {
                    let i = chunkStart &+ j
                    let diffP = h[i] - h[i &- 1]
                    let diffM = l[i &- 1] - l[i]
                    let minusPositive = diffM > 0 ? diffM : 0
                    let plusPositive = diffP > 0 ? diffP : 0
                    minusBuf[j] = diffP < diffM ? minusPositive : 0
                    plusBuf[j] = diffP > diffM ? plusPositive : 0
                    trBuf[j] = trueRange(high: h[i], low: l[i], previousClose: c[i &- 1])
                }
                wilder.runWeighted4(plusBuf, from: 0, to: count, state: &plusDM, plusBuf)
                wilder.runWeighted4(minusBuf, from: 0, to: count, state: &minusDM, minusBuf)
                wilder.runWeighted4(trBuf, from: 0, to: count, state: &tr, trBuf)
                // DX = 100·|−DM − +DM| / (−DM + +DM) (the 100/TR of both DIs cancels); NaN marks TA-Lib's skipped bars
                // (TR or −DI + +DI within TA_IS_ZERO of 0), where the ADX holds its value.
                for j in 0..<count {
                    let plus = plusBuf[j], minus = minusBuf[j], range = trBuf[j]
                    let total = minus + plus
                    let value = 100.0 * ((minus - plus).magnitude / total)
                    let valid = !isZero(range) && 100.0 * total >= 1e-14 * range
                    plusBuf[j] = valid ? value : .nan
                }
                var j = 0
                while j &+ 1 < count {
                    let dx1 = plusBuf[j], dx2 = plusBuf[j &+ 1]
                    let out1 = dx1.isNaN ? adx : average.one(dx1, adx)
                    if dx1.isNaN || dx2.isNaN {
                        adx = dx2.isNaN ? out1 : average.one(dx2, out1)
                    } else {
                        adx = average.two(dx1, dx2, adx)
                    }
                    o[chunkStart &+ j] = out1
                    o[chunkStart &+ j &+ 1] = adx
                    j &+= 2
                }
                if j < count {
                    let dx1 = plusBuf[j]
                    if !dx1.isNaN { adx = average.one(dx1, adx) }
                    o[chunkStart &+ j] = adx
                }
                chunkStart &+= count
            }
        }
    }

    /// Average directional index rating, (ADX[t] + ADX[t−period+1]) / 2 (TA-Lib `ADXR`); lookback `3·period − 2`.
    public static func adxr(
        high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>, close: UnsafeBufferPointer<Double>,
        period p: Int, into out: UnsafeMutableBufferPointer<Double>
    ) {
        checkLengths(close.count, high.count, low.count, out.count)
        guard let o = out.baseAddress else { return }
        let n = close.count
        let lookback = 3 * p - 2
        guard lookback < n else { return fillNaN(o, to: n) }
        withScratch(n) { a in
            adx(high: high, low: low, close: close, period: p, into: UnsafeMutableBufferPointer(start: a, count: n))
            fillNaN(o, to: lookback)
            var i = lookback
            while i < n {
                o[i] = (a[i] + a[i - (p - 1)]) / 2.0
                i += 1
            }
        }
    }
}

extension Kernels {
    /// Plus directional indicator (TA-Lib `PLUS_DI`).
    public static func plusDI(high: [Double], low: [Double], close: [Double], period: Int) -> [Double] {
        hlc(high, low, close) { plusDI(high: $0, low: $1, close: $2, period: period, into: $3) }
    }

    /// Minus directional indicator (TA-Lib `MINUS_DI`).
    public static func minusDI(high: [Double], low: [Double], close: [Double], period: Int) -> [Double] {
        hlc(high, low, close) { minusDI(high: $0, low: $1, close: $2, period: period, into: $3) }
    }

    /// Average directional index (TA-Lib `ADX`).
    public static func adx(high: [Double], low: [Double], close: [Double], period: Int) -> [Double] {
        hlc(high, low, close) { adx(high: $0, low: $1, close: $2, period: period, into: $3) }
    }

    /// Average directional index rating (TA-Lib `ADXR`).
    public static func adxr(high: [Double], low: [Double], close: [Double], period: Int) -> [Double] {
        hlc(high, low, close) { adxr(high: $0, low: $1, close: $2, period: period, into: $3) }
    }

    /// Runs a high/low/close kernel into a fresh array.
    static func hlc(
        _ high: [Double], _ low: [Double], _ close: [Double],
        _ body: (UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void
    ) -> [Double] {
        columns(OHLCV(open: close, high: high, low: low, close: close, volume: close), outputs: 1) { b, o in
            body(b.high, b.low, b.close, o[0])
        }[0]
    }
}
