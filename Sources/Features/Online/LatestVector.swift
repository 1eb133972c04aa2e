import AlertsCore

extension FeatureBuilder {
    /// The features of the series' last bar, computed from only its last `set.historyBars` bars (all of them if
    /// those do not cover the warm-up, e.g. irregular bars): bit-for-bit the last row of `frame(series)`.
    /// Throws `notEnoughHistory` when the series is too short for the last row to be defined.
    public func latestVector(_ series: BarSeries) throws(FeatureError) -> FeatureVector {
        try latestFrame(series).vector
    }

    /// The frame over the shortest tail that defines the last row, and that row as a vector.
    func latestFrame(_ series: BarSeries) throws(FeatureError) -> (frame: FeatureFrame, vector: FeatureVector) {
        let n = series.count
        guard n > 0 else { throw .notEnoughHistory(symbol: series.symbol, bars: 0, needed: set.historyBars, set: set.reference) }
        var frame = frame(series.slice(max(0, n - set.historyBars)..<n))
        if frame.firstValidRow >= frame.count && frame.count < n { frame = self.frame(series) }
        guard frame.firstValidRow < frame.count else {
            throw .notEnoughHistory(symbol: series.symbol, bars: n, needed: set.historyBars, set: set.reference)
        }
        let last = frame.count - 1
        let vector = FeatureVector(symbol: series.symbol, timestamp: frame.timestamps[last], names: set.featureNames, values: frame.row(last))
        return (frame, vector)
    }
}

/// The pure function behind `POST /indicator_sets/auto_build`: the latest feature vector of `series` under `set`.
public func latestVector(series: BarSeries, set: FeatureSet, market: Market = .us) throws(FeatureError) -> FeatureVector {
    try FeatureBuilder(set: set, market: market).latestVector(series)
}

extension FeatureBuilder {
    /// The latest vector and whether a strategy's `entry` holds on that bar, evaluated as the training matrix does
    /// (`matrix(_:entry:)`: on the raw columns, false before the first valid row). The frame covers one warm-up block
    /// more than the vector needs, so an entry reading the previous bar (`cross_above`) sees the bits training saw.
    public func latestVector(_ series: BarSeries, entry: Condition) throws(FeatureError) -> (vector: FeatureVector, entry: Bool) {
        let n = series.count
        let frame = frame(series.slice(max(0, n - (set.historyBars + set.warmupBars + 2))..<n))
        guard n > 0, frame.firstValidRow < frame.count else {
            throw .notEnoughHistory(symbol: series.symbol, bars: n, needed: set.historyBars, set: set.reference)
        }
        let last = frame.count - 1
        let vector = FeatureVector(symbol: series.symbol, timestamp: frame.timestamps[last], names: set.featureNames, values: frame.row(last))
        return (vector, try frame.evaluate(entry)[last] == 1)
    }
}
