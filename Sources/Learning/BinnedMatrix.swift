/// Training features as one byte per cell (column-major), the form histogram building reads.
final class BinnedMatrix: @unchecked Sendable {
    let rowCount: Int
    let featureCount: Int
    let bins: [FeatureBins]
    /// codes[f * rowCount + r]: streams well for the root, where every row is read.
    let codes: UnsafeMutablePointer<UInt8>
    /// rowCodes[r * featureCount + f]: one cache line holds a row's codes, for leaves whose rows are scattered.
    let rowCodes: UnsafeMutablePointer<UInt8>
    /// Offset of each feature's first bin in a histogram.
    let binOffset: [Int]
    let totalBins: Int

    /// Rows sampled to find bin bounds, as LightGBM's `bin_construct_sample_cnt`.
    static let sampleSize = 200_000

    init(_ data: Dataset, maxBin: Int) {
        rowCount = data.rowCount
        featureCount = data.featureCount
        let n = rowCount
        let sampleCount = min(n, BinnedMatrix.sampleSize)
        var found = [FeatureBins?](repeating: nil, count: featureCount)
        let codes = UnsafeMutablePointer<UInt8>.allocate(capacity: max(n * featureCount, 1))
        let featureCount = self.featureCount
        data.values.withUnsafeBufferPointer { values in
            let src = UncheckedSendable(values)
            let dst = SharedPointer(codes)
            found.withUnsafeMutableBufferPointer { out in
                let binsOut = SharedPointer(out.baseAddress!)
                parallelFor(featureCount, parallel: n * featureCount > 50_000) { f in
                    let col = src.value.baseAddress! + f * n
                    var hasNaN = false
                    for r in 0..<n where col[r].isNaN { hasNaN = true; break }
                    // Evenly spaced rows: deterministic and representative of time-ordered data.
                    var sample = [Double]()
                    sample.reserveCapacity(sampleCount)
                    for i in 0..<sampleCount { sample.append(col[sampleCount == n ? i : i * n / sampleCount]) }
                    let fb = FeatureBins(sample: sample, maxBin: maxBin, hasNaN: hasNaN)
                    binsOut[f] = fb
                    let target = dst.base + f * n
                    fb.binColumn(col, count: n, into: target)
                }
            }
        }
        self.codes = codes
        let rowCodes = UnsafeMutablePointer<UInt8>.allocate(capacity: max(n * featureCount, 1))
        let rowDst = SharedPointer(rowCodes), colSrc = SharedPointer(codes)
        let chunk = 8192
        parallelFor(fixedChunks(count: n, chunkSize: chunk), parallel: n * featureCount > 50_000) { c in
            for f in 0..<featureCount {
                let col = colSrc.base + f * n
                for r in (c * chunk)..<min(n, (c + 1) * chunk) { rowDst[r * featureCount + f] = col[r] }
            }
        }
        self.rowCodes = rowCodes
        bins = found.map { $0! }
        var offsets = [Int](), total = 0
        for fb in bins {
            offsets.append(total)
            total += fb.totalBins
        }
        binOffset = offsets
        totalBins = total
    }

    deinit {
        codes.deallocate()
        rowCodes.deallocate()
    }
}
