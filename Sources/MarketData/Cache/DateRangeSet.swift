/// Disjoint, sorted ranges of session dates: which dates a cache file holds complete bars for.
public struct DateRangeSet: Sendable, Hashable {
    public private(set) var ranges: [ClosedRange<LocalDate>] = []

    public init(_ ranges: [ClosedRange<LocalDate>] = []) {
        for r in ranges { insert(r) }
    }

    /// Adds `r`, merging it with overlapping or adjacent ranges.
    public mutating func insert(_ r: ClosedRange<LocalDate>) {
        var lo = r.lowerBound
        var hi = r.upperBound
        var kept: [ClosedRange<LocalDate>] = []
        for x in ranges {
            if x.upperBound.adding(days: 1) < lo || hi.adding(days: 1) < x.lowerBound {
                kept.append(x)
            } else {
                lo = min(lo, x.lowerBound)
                hi = max(hi, x.upperBound)
            }
        }
        kept.append(lo...hi)
        ranges = kept.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// The parts of `r` not covered, oldest first.
    public func missing(in r: ClosedRange<LocalDate>) -> [ClosedRange<LocalDate>] {
        var out: [ClosedRange<LocalDate>] = []
        var cursor = r.lowerBound
        for x in ranges where x.upperBound >= cursor && x.lowerBound <= r.upperBound {
            if x.lowerBound > cursor { out.append(cursor...x.lowerBound.adding(days: -1)) }
            cursor = max(cursor, x.upperBound.adding(days: 1))
            if cursor > r.upperBound { return out }
        }
        if cursor <= r.upperBound { out.append(cursor...r.upperBound) }
        return out
    }
}
