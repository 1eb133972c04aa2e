/// How one feature's values map to at most 255 value bins (from quantiles of a sample) plus a bin for NaN.
struct FeatureBins: Sendable {
    /// Upper bound of each value bin: bin b holds values in (upperBounds[b-1], upperBounds[b]]; the last is +∞.
    let upperBounds: [Double]
    /// Index of the NaN bin (== value bin count) when the feature has missing values in training, else nil.
    let nanBin: Int?

    var valueBinCount: Int { upperBounds.count }
    var totalBins: Int { upperBounds.count + (nanBin == nil ? 0 : 1) }

    /// Bins from the non-NaN `sample` (any order); `hasNaN` says whether training data holds NaN.
    init(sample: [Double], maxBin: Int, hasNaN: Bool, minDataInBin: Int = 3) {
        let sorted = sample.filter { !$0.isNaN }.sorted()
        var distinct: [Double] = [], counts: [Int] = []
        for v in sorted {
            if let last = distinct.last, last == v {
                counts[counts.count - 1] += 1
            } else {
                distinct.append(v)
                counts.append(1)
            }
        }
        var bounds: [Double] = []
        if distinct.count <= maxBin {
            for i in 0..<max(distinct.count - 1, 0) { bounds.append(FeatureBins.midpoint(distinct[i], distinct[i + 1])) }
        } else {
            // Greedy equal-count cuts over distinct values: ties always stay in one bin.
            let total = sorted.count
            var perBin = max(Double(total) / Double(maxBin), Double(minDataInBin))
            var inBin = 0, remaining = total, binsLeft = maxBin
            for i in 0..<(distinct.count - 1) {
                inBin += counts[i]
                remaining -= counts[i]
                if Double(inBin) >= perBin {
                    bounds.append(FeatureBins.midpoint(distinct[i], distinct[i + 1]))
                    inBin = 0
                    binsLeft -= 1
                    if binsLeft <= 1 { break }
                    perBin = max(Double(remaining) / Double(binsLeft), Double(minDataInBin))
                }
            }
        }
        bounds.append(.infinity)
        upperBounds = bounds
        nanBin = hasNaN ? bounds.count : nil
    }

    /// Midpoint that is strictly below `b`, so that `a` bins left and `b` bins right.
    static func midpoint(_ a: Double, _ b: Double) -> Double {
        let m = a + (b - a) / 2
        return m < b ? (m >= a ? m : a) : a
    }

    /// Bin of one value: the first upper bound ≥ value, by a branch-free binary search (the last bound is +∞).
    @inline(__always)
    func bin(_ value: Double) -> UInt8 {
        if value.isNaN { return UInt8(nanBin ?? FeatureBins.binOfZero(upperBounds)) }
        return upperBounds.withUnsafeBufferPointer { bounds in
            var base = 0, n = bounds.count
            while n > 1 {
                let half = n >> 1
                base = bounds[base + half - 1] < value ? base + half : base
                n -= half
            }
            return UInt8(base)
        }
    }

    /// Without a NaN bin, NaN is read as 0 (LightGBM's MissingType.none), so it shares zero's bin.
    static func binOfZero(_ bounds: [Double]) -> Int { bounds.firstIndex { 0 <= $0 } ?? bounds.count - 1 }
}
