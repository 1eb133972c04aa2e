// Momentum oscillators: RSI, CMO, MOM, ROC, TRIX, MACD, PPO, APO.

extension Kernels {
    // MARK: RSI / CMO

    /// RSI = 100·gain/(gain+loss); CMO = 100·(gain−loss)/(gain+loss); 0 when gain+loss is 0 (`TA_IS_ZERO`).
    @inline(__always)
    static func gainLossRatio(_ gain: Double, _ loss: Double, chande: Bool) -> Double {
        let total = gain + loss
        let value = 100.0 * ((chande ? gain - loss : gain) / total)  // computed unconditionally: a select, no branch
        return isZero(total) ? 0.0 : value
    }

    /// Wilder-smoothed average gain and loss, primed as TA-Lib does with a plain mean over the first `period` changes,
    /// then `avg = avg·(period−1)/period + change/period` (two bars per step, see `Smoothing`).
    @inline(__always)
    static func wilderGainLoss(_ x: UnsafePointer<Double>, _ n: Int, period p: Int, _ out: UnsafeMutablePointer<Double>, chande: Bool) {
        @inline(__always) func emit(_ gain: Double, _ loss: Double) -> Double { gainLossRatio(gain, loss, chande: chande) }
        guard p < n else { return fillNaN(out, to: n) }
        fillNaN(out, to: p)
        let pd = Double(p)
        var gain = 0.0
        var loss = 0.0
        var prev = x[0]
        for i in 1...p {
            let v = x[i]
            let d = v - prev
            prev = v
            if d < 0 { loss -= d } else { gain += d }
        }
        loss /= pd
        gain /= pd
        out[p] = emit(gain, loss)
        let s = Smoothing(weightNew: 1.0 / pd, weightOld: Double(p - 1) / pd)
        var i = p + 1
        while i + 1 < n {
            let d1 = x[i] - x[i - 1], d2 = x[i + 1] - x[i]
            // (|d| ± d)/2 is exact and branch-free; selects here compile to unpredictable branches.
            let a1 = d1.magnitude, a2 = d2.magnitude
            let g1 = (a1 + d1) * 0.5, l1 = (a1 - d1) * 0.5, g2 = (a2 + d2) * 0.5, l2 = (a2 - d2) * 0.5
            out[i] = emit(s.one(g1, gain), s.one(l1, loss))
            gain = s.two(g1, g2, gain)
            loss = s.two(l1, l2, loss)
            out[i + 1] = emit(gain, loss)
            i += 2
        }
        if i < n {
            let d = x[i] - x[i - 1]
            gain = s.one(d > 0 ? d : 0, gain)
            loss = s.one(d < 0 ? -d : 0, loss)
            out[i] = emit(gain, loss)
        }
    }

    /// Relative strength index with Wilder smoothing (TA-Lib `RSI`); lookback `period`.
    public static func rsi(_ x: UnsafeBufferPointer<Double>, period: Int, into out: UnsafeMutableBufferPointer<Double>) {
        checkLengths(x.count, out.count)
        guard let xp = x.baseAddress, let op = out.baseAddress else { return }
        wilderGainLoss(xp, x.count, period: period, op, chande: false)
    }

    /// Relative strength index (TA-Lib `RSI`).
    public static func rsi(_ x: [Double], period: Int) -> [Double] { unary(x) { rsi($0, period: period, into: $1) } }

    /// Chande momentum oscillator with TA-Lib's Wilder smoothing (TA-Lib `CMO`); lookback `period`.
    public static func cmo(_ x: UnsafeBufferPointer<Double>, period: Int, into out: UnsafeMutableBufferPointer<Double>) {
        checkLengths(x.count, out.count)
        guard let xp = x.baseAddress, let op = out.baseAddress else { return }
        wilderGainLoss(xp, x.count, period: period, op, chande: true)
    }

    /// Chande momentum oscillator (TA-Lib `CMO`).
    public static func cmo(_ x: [Double], period: Int) -> [Double] { unary(x) { cmo($0, period: period, into: $1) } }

    // MARK: MOM / ROC

    /// Momentum, `x[t] − x[t−period]` (TA-Lib `MOM`); lookback `period`.
    public static func mom(_ x: UnsafeBufferPointer<Double>, period p: Int, into out: UnsafeMutableBufferPointer<Double>) {
        checkLengths(x.count, out.count)
        guard let xp = x.baseAddress, let op = out.baseAddress else { return }
        let n = x.count
        guard p < n else { return fillNaN(op, to: n) }
        fillNaN(op, to: p)
        for i in p..<n { op[i] = xp[i] - xp[i - p] }
    }

    /// Momentum (TA-Lib `MOM`).
    public static func mom(_ x: [Double], period: Int) -> [Double] { unary(x) { mom($0, period: period, into: $1) } }

    /// Rate of change in percent, `(x[t]/x[t−period] − 1)·100`, 0 when the old value is 0 (TA-Lib `ROC`); lookback `period`.
    public static func roc(_ x: UnsafeBufferPointer<Double>, period p: Int, into out: UnsafeMutableBufferPointer<Double>) {
        checkLengths(x.count, out.count)
        guard let xp = x.baseAddress, let op = out.baseAddress else { return }
        rocCore(xp, x.count, start: 0, period: p, op)
    }

    @inline(__always)
    static func rocCore(_ x: UnsafePointer<Double>, _ n: Int, start: Int, period p: Int, _ out: UnsafeMutablePointer<Double>) {
        let first = start + p
        guard first < n else { return fillNaN(out, to: n) }
        fillNaN(out, to: first)
        var i = first
        // Two bars per packed division (ROC is bound by division throughput), loaded and stored as vectors so the
        // compiler keeps them packed.
        let source = UnsafeRawPointer(x)
        let target = UnsafeMutableRawPointer(out)
        let stride = MemoryLayout<Double>.stride
        while i &+ 1 < n {
            let current = source.loadUnaligned(fromByteOffset: i &* stride, as: SIMD2<Double>.self)
            let old = source.loadUnaligned(fromByteOffset: (i &- p) &* stride, as: SIMD2<Double>.self)
            var change = ((current / old) - 1.0) * 100.0
            change.replace(with: 0.0, where: old .== 0.0)
            target.storeBytes(of: change, toByteOffset: i &* stride, as: SIMD2<Double>.self)
            i &+= 2
        }
        if i < n {
            let old = x[i - p]
            out[i] = old != 0.0 ? ((x[i] / old) - 1.0) * 100.0 : 0.0
        }
    }

    /// Rate of change (TA-Lib `ROC`).
    public static func roc(_ x: [Double], period: Int) -> [Double] { unary(x) { roc($0, period: period, into: $1) } }

    // MARK: TRIX

    /// One-bar rate of change of a triple EMA (TA-Lib `TRIX`); lookback `3·(period−1) + 1`.
    public static func trix(_ x: UnsafeBufferPointer<Double>, period p: Int, into out: UnsafeMutableBufferPointer<Double>) {
        checkLengths(x.count, out.count)
        guard let xp = x.baseAddress, let op = out.baseAddress else { return }
        let n = x.count
        let k = emaFactor(p)
        withScratch(2 * n) { s in
            let a = s, b = s + n
            emaCore(xp, n, start: 0, period: p, k: k, a)
            emaCore(a, n, start: p - 1, period: p, k: k, b)
            emaCore(b, n, start: 2 * (p - 1), period: p, k: k, a)
            rocCore(a, n, start: 3 * (p - 1), period: 1, op)
        }
    }

    /// TRIX (TA-Lib `TRIX`).
    public static func trix(_ x: [Double], period: Int) -> [Double] { unary(x) { trix($0, period: period, into: $1) } }

    // MARK: MACD

    /// MACD with EMAs (TA-Lib `MACD`); lookback `slow − 1 + signal − 1`.
    ///
    /// As in TA-Lib, both EMAs produce their first value on the same bar (`slow − 1`): the fast EMA is seeded with the
    /// mean of the `fast` bars ending there, not of the first `fast` bars. Periods are swapped if `slow < fast`.
    public static func macd(
        _ x: UnsafeBufferPointer<Double>, fast: Int, slow: Int, signal: Int,
        macd macdOut: UnsafeMutableBufferPointer<Double>, signal signalOut: UnsafeMutableBufferPointer<Double>,
        histogram histOut: UnsafeMutableBufferPointer<Double>
    ) {
        checkLengths(x.count, macdOut.count, signalOut.count, histOut.count)
        guard let xp = x.baseAddress, let mp = macdOut.baseAddress, let sp = signalOut.baseAddress,
            let hp = histOut.baseAddress
        else { return }
        let n = x.count
        let (f, s) = slow < fast ? (slow, fast) : (fast, slow)
        let lookback = (s - 1) + (signal - 1)
        guard lookback < n else {
            fillNaN(mp, to: n)
            fillNaN(sp, to: n)
            fillNaN(hp, to: n)
            return
        }
        // Both EMAs start on bar s − 1 (where the macd line starts); the signal EMA is seeded with the mean of the
        // first `signal` macd values and then runs in the same loop, so three independent recursions overlap.
        fillNaN(mp, to: lookback)
        fillNaN(sp, to: lookback)
        fillNaN(hp, to: lookback)
        var slowEMA = 0.0
        for j in 0..<s { slowEMA += xp[j] }
        slowEMA /= Double(s)
        var fastEMA = 0.0
        for j in (s - f)..<s { fastEMA += xp[j] }
        fastEMA /= Double(f)
        let kf = emaFactor(f), ks = emaFactor(s), kg = emaFactor(signal)
        let fastStep = Smoothing(weightNew: kf, weightOld: 1.0 - kf)
        let slowStep = Smoothing(weightNew: ks, weightOld: 1.0 - ks)
        let signalStep = Smoothing(weightNew: kg, weightOld: 1.0 - kg)
        var signalEMA = fastEMA - slowEMA
        var i = s
        while i <= lookback {
            fastEMA = fastStep.one(xp[i], fastEMA)
            slowEMA = slowStep.one(xp[i], slowEMA)
            signalEMA += fastEMA - slowEMA
            i += 1
        }
        signalEMA /= Double(signal)
        mp[lookback] = fastEMA - slowEMA
        sp[lookback] = signalEMA
        hp[lookback] = mp[lookback] - signalEMA
        while i + 1 < n {
            let u1 = xp[i], u2 = xp[i + 1]
            let m1 = fastStep.one(u1, fastEMA) - slowStep.one(u1, slowEMA)
            fastEMA = fastStep.two(u1, u2, fastEMA)
            slowEMA = slowStep.two(u1, u2, slowEMA)
            let m2 = fastEMA - slowEMA
            let s1 = signalStep.one(m1, signalEMA)
            signalEMA = signalStep.two(m1, m2, signalEMA)
            mp[i] = m1
            sp[i] = s1
            hp[i] = m1 - s1
            mp[i + 1] = m2
            sp[i + 1] = signalEMA
            hp[i + 1] = m2 - signalEMA
            i += 2
        }
        if i < n {
            fastEMA = fastStep.one(xp[i], fastEMA)
            slowEMA = slowStep.one(xp[i], slowEMA)
            let m = fastEMA - slowEMA
            signalEMA = signalStep.one(m, signalEMA)
            mp[i] = m
            sp[i] = signalEMA
            hp[i] = m - signalEMA
        }
    }

    /// MACD (TA-Lib `MACD`): macd line, signal line, histogram.
    public static func macd(_ x: [Double], fast: Int, slow: Int, signal: Int) -> (macd: [Double], signal: [Double], histogram: [Double]) {
        let bars = OHLCV(open: x, high: x, low: x, close: x, volume: x)
        let c = columns(bars, outputs: 3) { b, o in
            macd(b.close, fast: fast, slow: slow, signal: signal, macd: o[0], signal: o[1], histogram: o[2])
        }
        return (c[0], c[1], c[2])
    }

    // MARK: APO / PPO

    /// Absolute and percentage price oscillators over SMAs, TA-Lib's default MA type; lookback `slow − 1`.
    @inline(__always)
    static func priceOscillator(
        _ x: UnsafeBufferPointer<Double>, fast: Int, slow: Int, percent: Bool, into out: UnsafeMutableBufferPointer<Double>
    ) {
        checkLengths(x.count, out.count)
        guard let xp = x.baseAddress, let op = out.baseAddress else { return }
        let n = x.count
        let (f, s) = slow < fast ? (slow, fast) : (fast, slow)
        withScratch(n) { fastMA in
            smaCore(xp, n, start: 0, period: f, fastMA)
            smaCore(xp, n, start: 0, period: s, op)
            var i = s - 1
            while i < n {
                let slowValue = op[i]
                let diff = fastMA[i] - slowValue
                if percent {
                    op[i] = isZero(slowValue) ? 0.0 : (diff / slowValue) * 100.0
                } else {
                    op[i] = diff
                }
                i += 1
            }
        }
    }

    /// Absolute price oscillator, SMA(fast) − SMA(slow) (TA-Lib `APO` with its default SMA type).
    public static func apo(_ x: UnsafeBufferPointer<Double>, fast: Int, slow: Int, into out: UnsafeMutableBufferPointer<Double>) {
        priceOscillator(x, fast: fast, slow: slow, percent: false, into: out)
    }

    /// Absolute price oscillator (TA-Lib `APO`).
    public static func apo(_ x: [Double], fast: Int, slow: Int) -> [Double] { unary(x) { apo($0, fast: fast, slow: slow, into: $1) } }

    /// Percentage price oscillator, (SMA(fast) − SMA(slow)) / SMA(slow) · 100 (TA-Lib `PPO` with its default SMA type).
    public static func ppo(_ x: UnsafeBufferPointer<Double>, fast: Int, slow: Int, into out: UnsafeMutableBufferPointer<Double>) {
        priceOscillator(x, fast: fast, slow: slow, percent: true, into: out)
    }

    /// Percentage price oscillator (TA-Lib `PPO`).
    public static func ppo(_ x: [Double], fast: Int, slow: Int) -> [Double] { unary(x) { ppo($0, fast: fast, slow: slow, into: $1) } }
}
