/// A non-decreasing step function of the calibrated score, fitted by weighted isotonic regression (pool adjacent
/// violators): `x` are the blocks' lowest scores (ascending), `y` their weighted mean values, `se` the standard errors
/// of those means (weighted variance over the Kish effective row count; nil in artifacts made before it existed).
public struct IsotonicSteps: Sendable, Hashable, Codable {
    public var x: [Double]
    public var y: [Double]
    public var se: [Double]?

    public init(x: [Double], y: [Double], se: [Double]? = nil) {
        self.x = x
        self.y = y
        self.se = se
    }

    /// The one-sided lower confidence bound of each block's mean, `y − z·se` (z = 1.645 for 95 %); nil without `se`.
    public func lowerBounds(z: Double) -> [Double]? {
        guard let se, se.count == y.count else { return nil }
        return zip(y, se).map { $0 - z * $1 }
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
        // Σw·v² and Σw² per block, for the standard error of the block's weighted mean.
        var bsq: [Double] = []
        var bw2: [Double] = []
        var i = 0
        while i < rows.count {
            // Tied scores form one block: a step function cannot split them.
            let s = scores[rows[i]]
            var sum = 0.0
            var w = 0.0
            var sq = 0.0
            var w2 = 0.0
            while i < rows.count && scores[rows[i]] == s {
                let (wi, vi) = (weights[rows[i]], values[rows[i]])
                sum += wi * vi
                w += wi
                sq += wi * vi * vi
                w2 += wi * wi
                i += 1
            }
            bx.append(s)
            bsum.append(sum)
            bw.append(w)
            bsq.append(sq)
            bw2.append(w2)
            while bx.count > 1 && bsum[bsum.count - 2] / bw[bw.count - 2] >= bsum[bsum.count - 1] / bw[bw.count - 1] {
                let s1 = bsum.removeLast()
                let w1 = bw.removeLast()
                let q1 = bsq.removeLast()
                let v1 = bw2.removeLast()
                bx.removeLast()
                bsum[bsum.count - 1] += s1
                bw[bw.count - 1] += w1
                bsq[bsq.count - 1] += q1
                bw2[bw2.count - 1] += v1
            }
        }
        let means = zip(bsum, bw).map { $0 / $1 }
        // Weighted variance about the block mean over the Kish effective size (Σw)²/Σw². A block of one effective row
        // has no spread of its own to measure; it takes the spread of all rows.
        let (totalW, totalSum, totalSq) = (bw.reduce(0, +), bsum.reduce(0, +), bsq.reduce(0, +))
        let overallVariance = max(0, totalSq / totalW - (totalSum / totalW) * (totalSum / totalW))
        let se = bx.indices.map { b -> Double in
            let nEff = bw[b] * bw[b] / bw2[b]
            let variance = nEff > 1 ? max(0, bsq[b] / bw[b] - means[b] * means[b]) * nEff / (nEff - 1) : overallVariance
            return (variance / max(nEff, 1)).squareRoot()
        }
        return IsotonicSteps(x: bx, y: means, se: se)
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

    /// The lowest score whose expected net return exceeds `minPct`, or nil when none does. With `z`, the block's
    /// one-sided lower confidence bound (`y − z·se`) must exceed it instead of its mean.
    public func lowestScore(aboveReturnPct minPct: Double, z: Double? = nil) -> Double? {
        let values = z.flatMap { returnPct.lowerBounds(z: $0) } ?? returnPct.y
        return values.firstIndex { $0 > minPct }.map { returnPct.x[$0] }
    }

    public static func fit(scores: [Double], netReturnPct: [Double], netR: [Double], weights: [Double]) -> ExpectedReturnMap? {
        guard let p = IsotonicSteps.fit(scores: scores, values: netReturnPct, weights: weights),
            let r = IsotonicSteps.fit(scores: scores, values: netR, weights: weights)
        else { return nil }
        return ExpectedReturnMap(returnPct: p, r: r, rows: scores.count)
    }
}
