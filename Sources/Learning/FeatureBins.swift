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
        let sorted = FeatureBins.sortedNonNaN(sample)
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

    /// Bins of a whole column: the search of `bin(_:)` over bounds padded with +∞ to a power of two, so every value
    /// takes the same fixed number of steps; gives exactly `bin(_:)`'s codes.
    func binColumn(_ column: UnsafePointer<Double>, count: Int, into codes: UnsafeMutablePointer<UInt8>) {
        let nanCode = UInt8(nanBin ?? FeatureBins.binOfZero(upperBounds))
        var width = 1
        while width < upperBounds.count { width <<= 1 }
        var padded = upperBounds
        padded.append(contentsOf: repeatElement(.infinity, count: width - upperBounds.count))
        padded.withUnsafeBufferPointer { bounds in
            let b = bounds.baseAddress!
            for r in 0..<count {
                let value = column[r]
                // Zeros (−0 against a +0 bound), infinities and NaN: the plain search.
                guard value.isFinite && value != 0 else {
                    codes[r] = value.isNaN ? nanCode : bin(value)
                    continue
                }
                // bound < value exactly when bound − value is negative (for a finite, non-zero value the
                // difference is never −0); taking its sign bit keeps the search free of branches, which a compare
                // would not (the compiler turns it back into a jump, mispredicted half the time).
                var base = 0
                var step = width >> 1
                while step > 0 {
                    let below = Int(truncatingIfNeeded: (b[base + step - 1] - value).bitPattern >> 63)
                    base &+= step & (0 &- below)
                    step >>= 1
                }
                codes[r] = UInt8(truncatingIfNeeded: base)
            }
        }
    }

    /// The non-NaN values of `sample` in ascending order, by an LSD radix sort on the order-preserving bit pattern
    /// (11-bit digits; digits every value shares are skipped). −0 sorts before +0, which the bins cannot tell apart
    /// (bounds are midpoints of distinct values and −0 == +0), so the bins are those a comparison sort gives.
    static func sortedNonNaN(_ sample: [Double]) -> [Double] {
        var keys = [UInt64]()
        keys.reserveCapacity(sample.count)
        for v in sample where !v.isNaN {
            let bits = v.bitPattern
            keys.append(bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63))
        }
        let n = keys.count
        guard n > 1 else { return keys.map(decode) }
        var other = [UInt64](repeating: 0, count: n)
        // All six digit histograms in one read, then one scatter per digit that not every key shares.
        var counts = [Int](repeating: 0, count: 6 * 2048)
        keys.withUnsafeMutableBufferPointer { a in
            other.withUnsafeMutableBufferPointer { b in
                counts.withUnsafeMutableBufferPointer { count in
                    let c = count.baseAddress!
                    for i in 0..<n {
                        let k = a[i]
                        c[Int(k & 2047)] += 1
                        c[2048 + Int((k >> 11) & 2047)] += 1
                        c[4096 + Int((k >> 22) & 2047)] += 1
                        c[6144 + Int((k >> 33) & 2047)] += 1
                        c[8192 + Int((k >> 44) & 2047)] += 1
                        c[10240 + Int(k >> 55)] += 1
                    }
                    var src = a.baseAddress!, dst = b.baseAddress!
                    for digit in 0..<6 {
                        let shift = UInt64(11 * digit)
                        let h = c + 2048 * digit
                        if h[Int((src[0] >> shift) & 2047)] == n { continue }  // every key shares this digit
                        var sum = 0
                        for i in 0..<2048 {
                            let x = h[i]
                            h[i] = sum
                            sum += x
                        }
                        for i in 0..<n {
                            let k = src[i]
                            let d = Int((k >> shift) & 2047)
                            dst[h[d]] = k
                            h[d] += 1
                        }
                        swap(&src, &dst)
                    }
                    if src != a.baseAddress! { a.baseAddress!.update(from: src, count: n) }
                }
            }
        }
        return keys.map(decode)
    }

    @inline(__always) private static func decode(_ key: UInt64) -> Double {
        Double(bitPattern: key & (1 << 63) != 0 ? key & ~(1 << 63) : ~key)
    }

    /// Without a NaN bin, NaN is read as 0 (LightGBM's MissingType.none), so it shares zero's bin.
    static func binOfZero(_ bounds: [Double]) -> Int { bounds.firstIndex { 0 <= $0 } ?? bounds.count - 1 }
}
