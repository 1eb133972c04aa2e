import AlertsCore
import MarketData
import Testing

@testable import Features

/// Row t of a frame must be bit-for-bit the same whether or not any bar after t exists.
@Suite struct PointInTimeTests {
    /// Builds the frame on the full series and on prefixes ending at random cut points; every prefix row must match.
    func checkPrefixes(_ set: FeatureSet, series: BarSeries, market: Market = .us, cuts: Int, seed: UInt64) throws {
        let builder = FeatureBuilder(set: set, market: market)
        let full = builder.frame(series)
        #expect(full.firstValidRow < series.count - 20, "the series must cover \(set.reference)'s warm-up for the test to mean anything")
        var rng = SplitMix64ForTests(seed: seed)
        var points = [full.firstValidRow, full.firstValidRow + 1, series.count - 1]
        for _ in 0..<cuts { points.append(full.firstValidRow / 2 + Int(rng.next() % UInt64(series.count - full.firstValidRow / 2))) }
        for cut in points {
            let prefix = builder.frame(series.slice(0..<cut))
            #expect(prefix.firstValidRow == min(full.firstValidRow, cut))
            for (k, name) in set.featureNames.enumerated() {
                let a = prefix.columns[k]
                let b = full.columns[k]
                let mismatch = (0..<cut).first { !FeatureTestSupport.sameBits(a[$0], b[$0]) }
                #expect(mismatch == nil, "\(set.reference) feature \(name): prefix of \(cut) bars differs at row \(mismatch ?? -1)")
            }
        }
    }

    @Test func everyIndicatorWithNormalisationAndDerivedFeatures() throws {
        let set = try FeatureTestSupport.everyIndicatorSet()
        try checkPrefixes(set, series: FeatureTestSupport.bars("PIT1", count: 700), cuts: 6, seed: 1)
    }

    @Test func coreDaily() throws {
        let set = try FeatureSet(BuiltInFeatureSets.coreDaily)
        try checkPrefixes(set, series: FeatureTestSupport.bars("PIT2", count: 900), cuts: 4, seed: 2)
    }

    @Test func coreIntradayOnFiveMinuteBars() throws {
        let set = try FeatureSet(BuiltInFeatureSets.coreIntraday)
        try checkPrefixes(set, series: FeatureTestSupport.bars("PIT3", count: 1600, timeframe: .m5), cuts: 4, seed: 3)
    }

    @Test func rowsBeforeTheWarmUpAreNaNAndLaterRowsAreNumbers() throws {
        let set = try FeatureSet(BuiltInFeatureSets.coreDaily)
        let frame = FeatureBuilder(set: set, market: .us).frame(try FeatureTestSupport.bars("PIT4", count: 900))
        // Row t reads at least W bars: the first valid row can never come earlier than W − 1 + lag.
        #expect(frame.firstValidRow >= set.warmupBars - 1 + set.lagBars)
        #expect(frame.firstValidRow <= 2 * set.warmupBars + set.lagBars)
        for (k, name) in set.featureNames.enumerated() {
            #expect((0..<frame.firstValidRow).allSatisfy { frame.columns[k][$0].isNaN }, "\(name) has a value inside the warm-up")
            #expect(frame.columns[k][frame.firstValidRow...].allSatisfy { $0.isFinite }, "\(name) has a non-number after the warm-up")
        }
    }

    @Test func valuesDoNotDependOnWhereTheSeriesStarts() throws {
        // Dropping the first bars changes nothing once a row is valid in both: the window start is fixed by time.
        let set = try FeatureTestSupport.everyIndicatorSet()
        let series = try FeatureTestSupport.bars("PIT5", count: 800)
        let builder = FeatureBuilder(set: set, market: .us)
        let full = builder.frame(series)
        for drop in [1, 37, 150] {
            let late = builder.frame(series.slice(drop..<series.count))
            #expect(late.firstValidRow < late.count)
            for k in set.featureNames.indices {
                let mismatch = (late.firstValidRow..<late.count).first {
                    !FeatureTestSupport.sameBits(late.columns[k][$0], full.columns[k][$0 + drop])
                }
                #expect(mismatch == nil, "\(set.featureNames[k]) differs after dropping \(drop) bars, at row \(mismatch ?? -1)")
            }
        }
    }
}

/// A tiny deterministic generator for cut points.
struct SplitMix64ForTests {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
