// Least-squares slope over a sliding window.

extension Kernels {
    /// Slope per bar of the least-squares line through the last `period` values (TA-Lib `LINEARREG_SLOPE`);
    /// lookback `period − 1`.
    ///
    /// Sums are recomputed per window in TA-Lib's order, so a value depends on its window only.
    public static func linearRegressionSlope(
        _ x: UnsafeBufferPointer<Double>, period p: Int, into out: UnsafeMutableBufferPointer<Double>
    ) {
        checkLengths(x.count, out.count)
        guard let xp = x.baseAddress, let op = out.baseAddress else { return }
        let n = x.count
        let first = p - 1
        guard first < n else { return fillNaN(op, to: n) }
        fillNaN(op, to: first)
        let pd = Double(p)
        let sumX = pd * (pd - 1) * 0.5
        let sumXSqr = pd * (pd - 1) * (2 * pd - 1) / 6
        let divisor = sumX * sumX - pd * sumXSqr
        var today = first
        while today < n {
            var sumXY = 0.0
            var sumY = 0.0
            var i = p
            while i != 0 {
                i -= 1
                let v = xp[today - i]
                sumY += v
                sumXY += Double(i) * v
            }
            op[today] = (pd * sumXY - sumX * sumY) / divisor
            today += 1
        }
    }

    /// Linear regression slope (TA-Lib `LINEARREG_SLOPE`).
    public static func linearRegressionSlope(_ x: [Double], period: Int) -> [Double] {
        unary(x) { linearRegressionSlope($0, period: period, into: $1) }
    }
}
