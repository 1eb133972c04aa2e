/// The best way found to split one leaf on one feature.
struct SplitCandidate: Sendable {
    var feature = -1
    /// Rows with code ≤ bin go left (value bins only; the NaN bin follows `defaultLeft`).
    var bin = 0
    var defaultLeft = false
    /// Loss reduction (already net of the parent's loss).
    var gain = -Double.infinity
    var leftG = 0.0, leftH = 0.0, leftCount = 0.0
    var rightG = 0.0, rightH = 0.0, rightCount = 0.0

    var isValid: Bool { feature >= 0 }

    /// Higher gain wins; ties go to the lower feature, keeping the result independent of thread timing.
    func beats(_ other: SplitCandidate) -> Bool {
        guard isValid else { return false }
        guard other.isValid else { return true }
        return gain > other.gain || (gain == other.gain && feature < other.feature)
    }
}

/// Limits a split must respect, from the parameters.
struct SplitRules: Sendable {
    let lambdaL2: Double
    let minDataInLeaf: Double
    let minSumHessian: Double
    let minGainToSplit: Double

    @inline(__always) func leafGain(_ g: Double, _ h: Double) -> Double { g * g / (h + lambdaL2) }
    @inline(__always) func leafOutput(_ g: Double, _ h: Double) -> Double { -g / (h + lambdaL2) }

    /// Scans one feature's histogram (g, h, count triples) for the best threshold and missing-value direction.
    func bestSplit(
        feature: Int, hist: UnsafePointer<Double>, bins: FeatureBins, sumG: Double, sumH: Double, count: Double
    ) -> SplitCandidate {
        var best = SplitCandidate()
        let parentGain = leafGain(sumG, sumH)
        let minGain = parentGain + minGainToSplit
        var nanG = 0.0, nanH = 0.0, nanC = 0.0
        if let nb = bins.nanBin {
            nanG = hist[3 * nb]
            nanH = hist[3 * nb + 1]
            nanC = hist[3 * nb + 2]
        }
        let values = bins.valueBinCount
        var lg = 0.0, lh = 0.0, lc = 0.0
        @inline(__always) func consider(_ g: Double, _ h: Double, _ c: Double, bin: Int, defaultLeft: Bool) {
            let rc = count - c, rh = sumH - h, rg = sumG - g
            guard c >= minDataInLeaf, rc >= minDataInLeaf, h >= minSumHessian, rh >= minSumHessian else { return }
            let gain = leafGain(g, h) + leafGain(rg, rh)
            guard gain > minGain, gain - parentGain > best.gain else { return }
            best = SplitCandidate(
                feature: feature, bin: bin, defaultLeft: defaultLeft, gain: gain - parentGain,
                leftG: g, leftH: h, leftCount: c, rightG: rg, rightH: rh, rightCount: rc)
        }
        for t in 0..<values {
            lg += hist[3 * t]
            lh += hist[3 * t + 1]
            lc += hist[3 * t + 2]
            if t < values - 1 {
                consider(lg, lh, lc, bin: t, defaultLeft: false)
                if nanC > 0 { consider(lg + nanG, lh + nanH, lc + nanC, bin: t, defaultLeft: true) }
            } else if nanC > 0 {
                // Every value left, NaN alone on the right.
                consider(lg, lh, lc, bin: t, defaultLeft: false)
            }
        }
        return best
    }
}
