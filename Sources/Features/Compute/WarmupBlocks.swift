/// Where each bar's computation starts under the warm-up policy (see docs/FEATURES.md, "Exact online = offline").
///
/// Time is cut into blocks of `W × timeframe` starting at the Unix epoch. The features at bar t are computed from
/// the first bar of the block holding bar t − W + 1 up to bar t: at least W bars, fewer than 2W. The start depends
/// only on timestamps, never on where the series happens to begin, so any series holding those bars gives the same
/// bits; a bar is *valid* only when the series provably holds them all (its first bar is at or before the block's
/// start). Validity is monotone: once a bar is valid, every later bar is.
struct WarmupBlocks {
    /// Per bar: index of the first bar of its computation window, or −1 when the series does not reach back far enough.
    let anchors: [Int]
    /// The first valid bar (`count` when none is).
    let firstValid: Int

    init(timestamps ts: ContiguousArray<Int64>, warmupBars w: Int, barMillis: Int64) {
        let n = ts.count
        var anchors = [Int](repeating: -1, count: n)
        var first = n
        let block = Int64(w) * barMillis
        var p = 0
        if n >= w {
            for t in (w - 1)..<n {
                let s = ts[t - w + 1]
                let start = (s >= 0 ? s / block : (s - block + 1) / block) * block
                guard ts[0] <= start else { continue }
                while ts[p] < start { p += 1 }
                anchors[t] = p
                if first == n { first = t }
            }
        }
        self.anchors = anchors
        self.firstValid = first
    }

    /// Runs of consecutive valid bars sharing one window start: (start bar, rows).
    var groups: [(anchor: Int, rows: ClosedRange<Int>)] {
        var out: [(anchor: Int, rows: ClosedRange<Int>)] = []
        var t = firstValid
        while t < anchors.count {
            let a = anchors[t]
            var end = t
            while end + 1 < anchors.count && anchors[end + 1] == a { end += 1 }
            out.append((a, t...end))
            t = end + 1
        }
        return out
    }
}
