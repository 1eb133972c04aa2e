import Indicators
import Testing

@Suite("Point in time: no value uses a later bar")
struct PointInTimeTests {
    /// A deterministic generator, so a failure names a cut point that reproduces.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test("computing on bars[0..<k] gives bit-identical values to the first k of the full series", arguments: AllSpecs.list)
    func prefixIsBitIdentical(spec: IndicatorSpec) throws {
        let (bars, _) = try ReferenceData.load()
        let full = spec.computeColumns(on: bars)
        // Seeded from the spec's text (not `hashValue`, which changes per process), so cut points repeat across runs.
        var rng = SplitMix64(state: spec.canonical.unicodeScalars.reduce(7) { $0 &* 31 &+ UInt64($1.value) })
        // Random cuts, plus the edges of the flat stretch and the two gaps.
        var cuts = (0..<6).map { _ in Int.random(in: 1...bars.count, using: &rng) }
        cuts += [spec.lookback + 1, 1201, 1230, 2501, 3101]
        for k in cuts where k <= bars.count {
            let partial = spec.computeColumns(on: bars.prefix(k))
            for (name, (p, f)) in zip(spec.outputNames, zip(partial, full)) {
                let same = (0..<k).allSatisfy { sameBits(p[$0], f[$0]) }
                #expect(same, "\(spec).\(name): prefix of \(k) bars differs from the full series")
            }
        }
    }

    @Test("the last value computed from the history requirement's window equals the full-history value", arguments: AllSpecs.list)
    func historyRequirementHolds(spec: IndicatorSpec) throws {
        let (bars, _) = try ReferenceData.load()
        let full = spec.computeColumns(on: bars)
        let history = spec.history
        for end in [1500, 2600, bars.count] {
            let upTo = bars.prefix(end)
            if let exact = history.bitExactBars {
                let window = suffix(upTo, exact)
                let last = spec.computeColumns(on: window).map { $0.last! }
                for (name, (value, reference)) in zip(spec.outputNames, zip(last, full.map { $0[end - 1] })) {
                    #expect(sameBits(value, reference), "\(spec).\(name): \(exact) bars give \(value), full history \(reference)")
                }
            }
            if let converged = history.convergedBars, converged < end {
                let last = spec.computeColumns(on: suffix(upTo, converged)).map { $0.last! }
                for (name, (value, reference)) in zip(spec.outputNames, zip(last, full.map { $0[end - 1] })) {
                    #expect(agrees(value, reference), "\(spec).\(name): \(converged) bars give \(value), full history \(reference)")
                }
            }
        }
    }

    func suffix(_ bars: OHLCV, _ k: Int) -> OHLCV {
        OHLCV(
            open: Array(bars.open.suffix(k)), high: Array(bars.high.suffix(k)), low: Array(bars.low.suffix(k)),
            close: Array(bars.close.suffix(k)), volume: Array(bars.volume.suffix(k))
        )
    }
}
