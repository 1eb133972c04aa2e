// Range oscillators: WILLR, STOCH, STOCHF, AROON, AROONOSC, CCI, ULTOSC.

extension Kernels {
    // MARK: WILLR

    /// Williams %R over `period` bars, 0 on a flat window (TA-Lib `WILLR`); lookback `period − 1`.
    public static func willr(
        high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>, close: UnsafeBufferPointer<Double>,
        period p: Int, into out: UnsafeMutableBufferPointer<Double>
    ) {
        checkLengths(close.count, high.count, low.count, out.count)
        guard let h = high.baseAddress, let l = low.baseAddress, let c = close.baseAddress, let o = out.baseAddress else { return }
        let n = close.count
        let first = p - 1
        guard first < n else { return fillNaN(o, to: n) }
        fillNaN(o, to: first)
        var hi = RollingHighest()
        var lo = RollingLowest()
        var i = first
        while i < n {
            let start = i - first
            let highest = h[hi.update(h, start: start, today: i)]
            let lowest = l[lo.update(l, start: start, today: i)]
            let range = highest - lowest
            if isZeroScaled(range, scale: highest.magnitude + lowest.magnitude) {
                o[i] = 0.0
            } else {
                o[i] = (highest - c[i]) / (range * -0.01)
            }
            i += 1
        }
    }

    /// Williams %R (TA-Lib `WILLR`).
    public static func willr(high: [Double], low: [Double], close: [Double], period: Int) -> [Double] {
        hlc(high, low, close) { willr(high: $0, low: $1, close: $2, period: period, into: $3) }
    }

    // MARK: STOCH / STOCHF

    /// Raw %K from bar `period − 1`: where the close sits in the `period`-bar range, 0 on a flat window.
    ///
    /// Window extremes by van Herk / Gil-Werman: in blocks of `period` bars, the maximum of a window is the larger of
    /// the suffix maximum of the block it starts in and the prefix maximum of the block it ends in — three
    /// comparisons per bar whatever the data, where TA-Lib rescans the window each time its extreme leaves it.
    /// Extremes are exact, so every value depends on its own window only.
    @inline(__always)
    static func rawStochastic(
        _ h: UnsafePointer<Double>, _ l: UnsafePointer<Double>, _ c: UnsafePointer<Double>, _ n: Int, period p: Int,
        _ out: UnsafeMutablePointer<Double>
    ) {
        let first = p - 1
        guard first < n else { return fillNaN(out, to: n) }
        fillNaN(out, to: first)
        withScratch(2 * p) { scratch in
            let suffixHigh = scratch, suffixLow = scratch + p
            var blockStart = 0
            while blockStart < n {
                let blockEnd = min(blockStart + p, n)
                var prefixHigh = -Double.infinity
                var prefixLow = Double.infinity
                let previousBlock = blockStart - p
                for i in blockStart..<blockEnd {
                    let hi = h[i], lo = l[i]
                    prefixHigh = hi > prefixHigh ? hi : prefixHigh
                    prefixLow = lo < prefixLow ? lo : prefixLow
                    guard i >= first else { continue }
                    let start = i - first
                    var highest = prefixHigh
                    var lowest = prefixLow
                    if start < blockStart {
                        let sh = suffixHigh[start - previousBlock], sl = suffixLow[start - previousBlock]
                        highest = sh > highest ? sh : highest
                        lowest = sl < lowest ? sl : lowest
                    }
                    let range = highest - lowest
                    if isZeroScaled(range, scale: highest.magnitude + lowest.magnitude) {
                        out[i] = 0.0
                    } else {
                        out[i] = (c[i] - lowest) / (range / 100.0)
                    }
                }
                if blockEnd - blockStart == p {
                    var runHigh = -Double.infinity
                    var runLow = Double.infinity
                    var j = blockEnd - 1
                    while j >= blockStart {
                        runHigh = h[j] > runHigh ? h[j] : runHigh
                        runLow = l[j] < runLow ? l[j] : runLow
                        suffixHigh[j - blockStart] = runHigh
                        suffixLow[j - blockStart] = runLow
                        j -= 1
                    }
                }
                blockStart = blockEnd
            }
        }
    }

    /// Slow stochastic with SMA smoothing, TA-Lib's default MA type (TA-Lib `STOCH`);
    /// lookback `(fastK − 1) + (slowK − 1) + (slowD − 1)`.
    public static func stoch(
        high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>, close: UnsafeBufferPointer<Double>,
        fastK: Int, slowK: Int, slowD: Int,
        slowKOut: UnsafeMutableBufferPointer<Double>, slowDOut: UnsafeMutableBufferPointer<Double>
    ) {
        checkLengths(close.count, high.count, low.count, slowKOut.count, slowDOut.count)
        guard let h = high.baseAddress, let l = low.baseAddress, let c = close.baseAddress, let kp = slowKOut.baseAddress,
            let dp = slowDOut.baseAddress
        else { return }
        let n = close.count
        let lookback = (fastK - 1) + (slowK - 1) + (slowD - 1)
        withScratch(n) { raw in
            rawStochastic(h, l, c, n, period: fastK, raw)
            smaCore(raw, n, start: fastK - 1, period: slowK, kp)
            smaCore(kp, n, start: fastK - 1 + slowK - 1, period: slowD, dp)
        }
        fillNaN(kp, to: min(n, lookback))
    }

    /// Slow stochastic (TA-Lib `STOCH`).
    public static func stoch(
        high: [Double], low: [Double], close: [Double], fastK: Int = 5, slowK: Int = 3, slowD: Int = 3
    ) -> (slowK: [Double], slowD: [Double]) {
        let c = columns(OHLCV(open: close, high: high, low: low, close: close, volume: close), outputs: 2) { b, o in
            stoch(high: b.high, low: b.low, close: b.close, fastK: fastK, slowK: slowK, slowD: slowD, slowKOut: o[0], slowDOut: o[1])
        }
        return (c[0], c[1])
    }

    /// Fast stochastic with SMA %D (TA-Lib `STOCHF`); lookback `(fastK − 1) + (fastD − 1)`.
    public static func stochf(
        high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>, close: UnsafeBufferPointer<Double>,
        fastK: Int, fastD: Int,
        fastKOut: UnsafeMutableBufferPointer<Double>, fastDOut: UnsafeMutableBufferPointer<Double>
    ) {
        checkLengths(close.count, high.count, low.count, fastKOut.count, fastDOut.count)
        guard let h = high.baseAddress, let l = low.baseAddress, let c = close.baseAddress, let kp = fastKOut.baseAddress,
            let dp = fastDOut.baseAddress
        else { return }
        let n = close.count
        rawStochastic(h, l, c, n, period: fastK, kp)
        smaCore(kp, n, start: fastK - 1, period: fastD, dp)
        fillNaN(kp, to: min(n, fastK - 1 + fastD - 1))
    }

    /// Fast stochastic (TA-Lib `STOCHF`).
    public static func stochf(high: [Double], low: [Double], close: [Double], fastK: Int = 5, fastD: Int = 3) -> (fastK: [Double], fastD: [Double]) {
        let c = columns(OHLCV(open: close, high: high, low: low, close: close, volume: close), outputs: 2) { b, o in
            stochf(high: b.high, low: b.low, close: b.close, fastK: fastK, fastD: fastD, fastKOut: o[0], fastDOut: o[1])
        }
        return (c[0], c[1])
    }

    // MARK: AROON / AROONOSC

    /// Aroon down/up over `period + 1` bars (TA-Lib `AROON`); lookback `period`.
    public static func aroon(
        high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>, period p: Int,
        down: UnsafeMutableBufferPointer<Double>, up: UnsafeMutableBufferPointer<Double>
    ) {
        checkLengths(high.count, low.count, down.count, up.count)
        guard let h = high.baseAddress, let l = low.baseAddress, let dp = down.baseAddress, let up = up.baseAddress else { return }
        let n = high.count
        guard p < n else {
            fillNaN(dp, to: n)
            fillNaN(up, to: n)
            return
        }
        fillNaN(dp, to: p)
        fillNaN(up, to: p)
        let factor = 100.0 / Double(p)
        var hi = RollingHighest()
        var lo = RollingLowest()
        var i = p
        while i < n {
            let start = i - p
            let lowestIdx = lo.update(l, start: start, today: i)
            let highestIdx = hi.update(h, start: start, today: i)
            dp[i] = factor * Double(p - (i - lowestIdx))
            up[i] = factor * Double(p - (i - highestIdx))
            i += 1
        }
    }

    /// Aroon (TA-Lib `AROON`).
    public static func aroon(high: [Double], low: [Double], period: Int) -> (down: [Double], up: [Double]) {
        let c = columns(OHLCV(open: high, high: high, low: low, close: high, volume: high), outputs: 2) { b, o in
            aroon(high: b.high, low: b.low, period: period, down: o[0], up: o[1])
        }
        return (c[0], c[1])
    }

    /// Aroon oscillator, up − down (TA-Lib `AROONOSC`); lookback `period`.
    public static func aroonosc(
        high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>, period p: Int, into out: UnsafeMutableBufferPointer<Double>
    ) {
        checkLengths(high.count, low.count, out.count)
        guard let h = high.baseAddress, let l = low.baseAddress, let o = out.baseAddress else { return }
        let n = high.count
        guard p < n else { return fillNaN(o, to: n) }
        fillNaN(o, to: p)
        let factor = 100.0 / Double(p)
        var hi = RollingHighest()
        var lo = RollingLowest()
        var i = p
        while i < n {
            let start = i - p
            let lowestIdx = lo.update(l, start: start, today: i)
            let highestIdx = hi.update(h, start: start, today: i)
            o[i] = factor * Double(highestIdx - lowestIdx)
            i += 1
        }
    }

    /// Aroon oscillator (TA-Lib `AROONOSC`).
    public static func aroonosc(high: [Double], low: [Double], period: Int) -> [Double] {
        columns(OHLCV(open: high, high: high, low: low, close: high, volume: high), outputs: 1) { b, o in
            aroonosc(high: b.high, low: b.low, period: period, into: o[0])
        }[0]
    }

    // MARK: CCI

    /// Commodity channel index on the typical price, 0 on a flat window (TA-Lib `CCI`); lookback `period − 1`.
    ///
    /// Mean and mean absolute deviation are recomputed per window, so a value depends on its window only.
    public static func cci(
        high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>, close: UnsafeBufferPointer<Double>,
        period p: Int, into out: UnsafeMutableBufferPointer<Double>
    ) {
        checkLengths(close.count, high.count, low.count, out.count)
        guard let h = high.baseAddress, let l = low.baseAddress, let c = close.baseAddress, let o = out.baseAddress else { return }
        let n = close.count
        let first = p - 1
        guard first < n else { return fillNaN(o, to: n) }
        fillNaN(o, to: first)
        let pd = Double(p)
        withScratch(n) { tp in
            for i in 0..<n { tp[i] = (h[i] + l[i] + c[i]) / 3 }
            var i = first
            while i < n {
                let w = tp + (i - first)
                var average = 0.0
                for j in 0..<p { average += w[j] }
                average /= pd
                var deviation = 0.0
                for j in 0..<p { deviation += (w[j] - average).magnitude }
                deviation /= pd
                let distance = tp[i] - average
                let scale = average.magnitude
                if !isZeroScaled(distance, scale: scale) && !isZeroScaled(deviation, scale: scale) {
                    o[i] = distance / (0.015 * deviation)
                } else {
                    o[i] = 0.0
                }
                i += 1
            }
        }
    }

    /// Commodity channel index (TA-Lib `CCI`).
    public static func cci(high: [Double], low: [Double], close: [Double], period: Int) -> [Double] {
        hlc(high, low, close) { cci(high: $0, low: $1, close: $2, period: period, into: $3) }
    }

    // MARK: ULTOSC

    /// Ultimate oscillator, weights 4:2:1 on the shortest to longest period (TA-Lib `ULTOSC`, which sorts the periods);
    /// lookback the longest period.
    public static func ultosc(
        high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>, close: UnsafeBufferPointer<Double>,
        periods: (Int, Int, Int), into out: UnsafeMutableBufferPointer<Double>
    ) {
        checkLengths(close.count, high.count, low.count, out.count)
        guard let h = high.baseAddress, let l = low.baseAddress, let c = close.baseAddress, let o = out.baseAddress else { return }
        let n = close.count
        let sorted = [periods.0, periods.1, periods.2].sorted()
        let (p1, p2, p3) = (sorted[0], sorted[1], sorted[2])
        let lookback = p3
        guard lookback < n else { return fillNaN(o, to: n) }
        fillNaN(o, to: lookback)
        // Buying pressure (close − true low) and true range of bar `day`.
        @inline(__always) func terms(_ day: Int) -> (Double, Double) {
            let prevClose = c[day - 1]
            let trueLow = min(l[day], prevClose)
            return (c[day] - trueLow, trueRange(high: h[day], low: l[day], previousClose: prevClose))
        }
        var a1 = 0.0, b1 = 0.0, a2 = 0.0, b2 = 0.0, a3 = 0.0, b3 = 0.0
        for day in (lookback - p1 + 1)..<lookback {
            let t = terms(day)
            a1 += t.0
            b1 += t.1
        }
        for day in (lookback - p2 + 1)..<lookback {
            let t = terms(day)
            a2 += t.0
            b2 += t.1
        }
        for day in (lookback - p3 + 1)..<lookback {
            let t = terms(day)
            a3 += t.0
            b3 += t.1
        }
        var today = lookback
        while today < n {
            let t = terms(today)
            a1 += t.0
            b1 += t.1
            a2 += t.0
            b2 += t.1
            a3 += t.0
            b3 += t.1
            var value = 0.0
            if !isZero(b1) { value += 4.0 * (a1 / b1) }
            if !isZero(b2) { value += 2.0 * (a2 / b2) }
            if !isZero(b3) { value += a3 / b3 }
            let t1 = terms(today - p1 + 1)
            a1 -= t1.0
            b1 -= t1.1
            let t2 = terms(today - p2 + 1)
            a2 -= t2.0
            b2 -= t2.1
            let t3 = terms(today - p3 + 1)
            a3 -= t3.0
            b3 -= t3.1
            o[today] = 100.0 * (value / 7.0)
            today += 1
        }
    }

    /// Ultimate oscillator (TA-Lib `ULTOSC`).
    public static func ultosc(high: [Double], low: [Double], close: [Double], periods: (Int, Int, Int) = (7, 14, 28)) -> [Double] {
        hlc(high, low, close) { ultosc(high: $0, low: $1, close: $2, periods: periods, into: $3) }
    }
}
