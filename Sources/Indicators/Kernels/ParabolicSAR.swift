// Parabolic stop-and-reverse (Wilder), TA-Lib's variant.

extension Kernels {
    /// Parabolic SAR (TA-Lib `SAR`); lookback 1.
    ///
    /// As in TA-Lib: the first position is short when bar 1 has a positive −DM (a lower low not beaten by the high's
    /// rise), long otherwise; the SAR starts at bar 0's low (long) or high (short); `acceleration` is capped at `maximum`.
    public static func sar(
        high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>, acceleration: Double, maximum: Double,
        into out: UnsafeMutableBufferPointer<Double>
    ) {
        checkLengths(high.count, low.count, out.count)
        guard let h = high.baseAddress, let l = low.baseAddress, let o = out.baseAddress else { return }
        let n = high.count
        guard n > 1 else { return fillNaN(o, to: n) }
        o[0] = .nan
        let step = min(acceleration, maximum)
        var af = step
        let diffM = l[0] - l[1]
        let diffP = h[1] - h[0]
        var isLong = !(diffM > 0 && diffP < diffM)
        var ep: Double
        var sar: Double
        if isLong {
            ep = h[1]
            sar = l[0]
        } else {
            ep = l[1]
            sar = h[0]
        }
        var newLow = l[1]
        var newHigh = h[1]
        var today = 1
        while today < n {
            let prevLow = newLow
            let prevHigh = newHigh
            newLow = l[today]
            newHigh = h[today]
            if isLong {
                if newLow <= sar {
                    isLong = false
                    sar = max(ep, prevHigh, newHigh)
                    o[today] = sar
                    af = step
                    ep = newLow
                    sar = sar + af * (ep - sar)
                    sar = max(sar, prevHigh, newHigh)
                } else {
                    o[today] = sar
                    if newHigh > ep {
                        ep = newHigh
                        af += step
                        if af > maximum { af = maximum }
                    }
                    sar = sar + af * (ep - sar)
                    sar = min(sar, prevLow, newLow)
                }
            } else if newHigh >= sar {
                isLong = true
                sar = min(ep, prevLow, newLow)
                o[today] = sar
                af = step
                ep = newHigh
                sar = sar + af * (ep - sar)
                sar = min(sar, prevLow, newLow)
            } else {
                o[today] = sar
                if newLow < ep {
                    ep = newLow
                    af += step
                    if af > maximum { af = maximum }
                }
                sar = sar + af * (ep - sar)
                sar = max(sar, prevHigh, newHigh)
            }
            today += 1
        }
    }

    /// Parabolic SAR (TA-Lib `SAR`).
    public static func sar(high: [Double], low: [Double], acceleration: Double = 0.02, maximum: Double = 0.2) -> [Double] {
        columns(OHLCV(open: high, high: high, low: low, close: high, volume: high), outputs: 1) { b, o in
            sar(high: b.high, low: b.low, acceleration: acceleration, maximum: maximum, into: o[0])
        }[0]
    }
}
