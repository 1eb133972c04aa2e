// Volume: MFI, OBV, AD, ADOSC.

extension Kernels {
    /// Money flow index over typical price × volume, 0 when the window carries no money flow (TA-Lib `MFI`);
    /// lookback `period`.
    public static func mfi(
        high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>, close: UnsafeBufferPointer<Double>,
        volume: UnsafeBufferPointer<Double>, period p: Int, into out: UnsafeMutableBufferPointer<Double>
    ) {
        checkLengths(close.count, high.count, low.count, volume.count, out.count)
        guard let h = high.baseAddress, let l = low.baseAddress, let c = close.baseAddress, let v = volume.baseAddress,
            let o = out.baseAddress
        else { return }
        let n = close.count
        guard p < n else { return fillNaN(o, to: n) }
        fillNaN(o, to: p)
        // Ring of the last `period` positive and negative flows, so the trailing one can be removed exactly.
        // TA-Lib's order: typical price (h + l + c) / 3; a move within the scaled dead zone of the two typical
        // prices carries no flow; a window of `period` flow-less bars resets both sums to exactly 0; the positive
        // sum is clamped into [0, total]; an empty total gives 0.
        withScratch(2 * p) { ring in
            let positive = ring, negative = ring + p
            var posSum = 0.0
            var negSum = 0.0
            var previous = (h[0] + l[0] + c[0]) / 3.0
            var slot = 0
            var nullRun = 0
            @inline(__always) func record(_ i: Int) {
                let typical = (h[i] + l[i] + c[i]) / 3.0
                let change = typical - previous
                let scale = typical.magnitude + previous.magnitude
                previous = typical
                let flow = isZeroScaled(change, scale: scale) ? 0.0 : typical * v[i]
                let pos = change < 0 ? 0.0 : flow
                let neg = change < 0 ? flow : 0.0
                positive[slot] = pos
                negative[slot] = neg
                posSum += pos
                negSum += neg
                nullRun = flow == 0.0 ? nullRun + 1 : 0
                if nullRun >= p {
                    nullRun = p
                    posSum = 0.0
                    negSum = 0.0
                }
                slot += 1
                if slot == p { slot = 0 }
            }
            @inline(__always) func emit(_ i: Int) {
                let total = posSum + negSum
                let clamped = posSum < 0 ? 0.0 : (posSum > total ? total : posSum)
                o[i] = total <= 0.0 ? 0.0 : 100.0 * (clamped / total)
            }
            for i in 1...p { record(i) }
            emit(p)
            var i = p + 1
            while i < n {
                posSum -= positive[slot]
                negSum -= negative[slot]
                record(i)
                emit(i)
                i += 1
            }
        }
    }

    /// Money flow index (TA-Lib `MFI`).
    public static func mfi(high: [Double], low: [Double], close: [Double], volume: [Double], period: Int) -> [Double] {
        columns(OHLCV(open: close, high: high, low: low, close: close, volume: volume), outputs: 1) { b, o in
            mfi(high: b.high, low: b.low, close: b.close, volume: b.volume, period: period, into: o[0])
        }[0]
    }

    /// On-balance volume starting at the first bar's volume (TA-Lib `OBV`); lookback 0.
    public static func obv(close: UnsafeBufferPointer<Double>, volume: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        checkLengths(close.count, volume.count, out.count)
        guard let c = close.baseAddress, let v = volume.baseAddress, let o = out.baseAddress else { return }
        let n = close.count
        guard n > 0 else { return }
        var level = v[0]
        var previous = c[0]
        o[0] = level
        var i = 1
        while i < n {
            let price = c[i]
            let volume = v[i]
            // Selects, not branches: a random walk's up/down days are unpredictable.
            let up = price > previous ? volume : 0.0
            let down = price < previous ? volume : 0.0
            level += up - down
            o[i] = level
            previous = price
            i += 1
        }
    }

    /// On-balance volume (TA-Lib `OBV`).
    public static func obv(close: [Double], volume: [Double]) -> [Double] {
        columns(OHLCV(open: close, high: close, low: close, close: close, volume: volume), outputs: 1) { b, o in
            obv(close: b.close, volume: b.volume, into: o[0])
        }[0]
    }

    /// The accumulation/distribution step of one bar: close location value × volume, 0 for a bar with no range.
    @inline(__always)
    static func moneyFlowVolume(high: Double, low: Double, close: Double, volume: Double) -> Double {
        let range = high - low
        return range > 0.0 ? (((close - low) - (high - close)) / range) * volume : 0.0
    }

    /// Chaikin accumulation/distribution line (TA-Lib `AD`); lookback 0.
    public static func ad(
        high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>, close: UnsafeBufferPointer<Double>,
        volume: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>
    ) {
        checkLengths(close.count, high.count, low.count, volume.count, out.count)
        guard let h = high.baseAddress, let l = low.baseAddress, let c = close.baseAddress, let v = volume.baseAddress,
            let o = out.baseAddress
        else { return }
        var level = 0.0
        for i in 0..<close.count {
            level += moneyFlowVolume(high: h[i], low: l[i], close: c[i], volume: v[i])
            o[i] = level
        }
    }

    /// Accumulation/distribution line (TA-Lib `AD`).
    public static func ad(high: [Double], low: [Double], close: [Double], volume: [Double]) -> [Double] {
        columns(OHLCV(open: close, high: high, low: low, close: close, volume: volume), outputs: 1) { b, o in
            ad(high: b.high, low: b.low, close: b.close, volume: b.volume, into: o[0])
        }[0]
    }

    /// Chaikin A/D oscillator, EMA(fast) − EMA(slow) of the A/D line, both seeded with its first value
    /// (TA-Lib `ADOSC`); lookback `max(fast, slow) − 1`.
    public static func adosc(
        high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>, close: UnsafeBufferPointer<Double>,
        volume: UnsafeBufferPointer<Double>, fast: Int, slow: Int, into out: UnsafeMutableBufferPointer<Double>
    ) {
        checkLengths(close.count, high.count, low.count, volume.count, out.count)
        guard let h = high.baseAddress, let l = low.baseAddress, let c = close.baseAddress, let v = volume.baseAddress,
            let o = out.baseAddress
        else { return }
        let n = close.count
        let lookback = max(fast, slow) - 1
        guard lookback < n else { return fillNaN(o, to: n) }
        fillNaN(o, to: lookback)
        let fastK = emaFactor(fast), fastRest = 1.0 - fastK
        let slowK = emaFactor(slow), slowRest = 1.0 - slowK
        var level = moneyFlowVolume(high: h[0], low: l[0], close: c[0], volume: v[0])
        var fastEMA = level
        var slowEMA = level
        var i = 1
        while i < n {
            level += moneyFlowVolume(high: h[i], low: l[i], close: c[i], volume: v[i])
            fastEMA = (fastK * level) + (fastRest * fastEMA)
            slowEMA = (slowK * level) + (slowRest * slowEMA)
            if i >= lookback { o[i] = fastEMA - slowEMA }
            i += 1
        }
        if lookback == 0 { o[0] = 0.0 }
    }

    /// Chaikin A/D oscillator (TA-Lib `ADOSC`).
    public static func adosc(high: [Double], low: [Double], close: [Double], volume: [Double], fast: Int = 3, slow: Int = 10) -> [Double] {
        columns(OHLCV(open: close, high: high, low: low, close: close, volume: volume), outputs: 1) { b, o in
            adosc(high: b.high, low: b.low, close: b.close, volume: b.volume, fast: fast, slow: slow, into: o[0])
        }[0]
    }
}
