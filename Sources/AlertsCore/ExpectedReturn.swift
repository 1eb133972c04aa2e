/// A non-decreasing step function of the calibrated score, fitted by weighted isotonic regression (pool adjacent
/// violators): `x` are the blocks' lowest scores (ascending), `y` their weighted mean values.
public struct IsotonicSteps: Sendable, Hashable, Codable {
    public var x: [Double]
    public var y: [Double]

    public init(x: [Double], y: [Double]) {
        self.x = x
        self.y = y
    }

    /// The value of the block holding `score` (the first block below its start).
    public func value(at score: Double) -> Double? {
        guard !x.isEmpty, score.isFinite else { return nil }
        var lo = 0
        var hi = x.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if x[mid] <= score { lo = mid + 1 } else { hi = mid }
        }
        return y[max(0, lo - 1)]
    }

    /// Weighted isotonic regression of `values` on `scores`; nil without rows of positive weight.
    public static func fit(scores: [Double], values: [Double], weights: [Double]) -> IsotonicSteps? {
        let rows = scores.indices.filter { scores[$0].isFinite && values[$0].isFinite && weights[$0] > 0 }.sorted { scores[$0] < scores[$1] }
        guard !rows.isEmpty else { return nil }
        var bx: [Double] = []
        var bsum: [Double] = []
        var bw: [Double] = []
        var i = 0
        while i < rows.count {
            // Tied scores form one block: a step function cannot split them.
            let s = scores[rows[i]]
            var sum = 0.0
            var w = 0.0
            while i < rows.count && scores[rows[i]] == s {
                sum += weights[rows[i]] * values[rows[i]]
                w += weights[rows[i]]
                i += 1
            }
            bx.append(s)
            bsum.append(sum)
            bw.append(w)
            while bx.count > 1 && bsum[bsum.count - 2] / bw[bw.count - 2] >= bsum[bsum.count - 1] / bw[bw.count - 1] {
                let s1 = bsum.removeLast()
                let w1 = bw.removeLast()
                bx.removeLast()
                bsum[bsum.count - 1] += s1
                bw[bw.count - 1] += w1
            }
        }
        return IsotonicSteps(x: bx, y: zip(bsum, bw).map { $0 / $1 })
    }
}

/// The model's out-of-fold mapping calibrated score → expected net return of the planned trade, in percent and in R
/// (docs/TRAINING.md, "Expected return"). Fitted on out-of-fold rows only, weighted by the sample weights.
public struct ExpectedReturnMap: Sendable, Hashable, Codable {
    public var returnPct: IsotonicSteps
    public var r: IsotonicSteps
    /// Out-of-fold rows it was fitted on.
    public var rows: Int

    public init(returnPct: IsotonicSteps, r: IsotonicSteps, rows: Int) {
        self.returnPct = returnPct
        self.r = r
        self.rows = rows
    }

    enum CodingKeys: String, CodingKey {
        case returnPct = "return_pct"
        case r, rows
    }

    /// Expected net return (percent) and in R at a calibrated score.
    public func expected(score: Double) -> (pct: Double, r: Double)? {
        guard let p = returnPct.value(at: score), let v = r.value(at: score) else { return nil }
        return (p, v)
    }

    /// The lowest score whose expected net return exceeds `minPct`, or nil when none does.
    public func lowestScore(aboveReturnPct minPct: Double) -> Double? {
        returnPct.y.firstIndex { $0 > minPct }.map { returnPct.x[$0] }
    }

    public static func fit(scores: [Double], netReturnPct: [Double], netR: [Double], weights: [Double]) -> ExpectedReturnMap? {
        guard let p = IsotonicSteps.fit(scores: scores, values: netReturnPct, weights: weights),
            let r = IsotonicSteps.fit(scores: scores, values: netR, weights: weights)
        else { return nil }
        return ExpectedReturnMap(returnPct: p, r: r, rows: scores.count)
    }
}
