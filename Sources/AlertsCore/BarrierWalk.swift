/// How an instrument turns a price of the underlying bar path into the trade's return, and back.
///
/// `step` counts bars since the signal (1 = the first bar after it). The return is in the trade's direction
/// (a short gains when price falls) and must increase with the favourable price, so a bar's best and worst
/// returns come from its high and low (long) or low and high (short).
public protocol TradeReturnMap {
    var side: TradeSide { get }
    func tradeReturn(price: Double, step: Int) -> Double
    /// The underlying price at which the trade's return equals `r` at `step` (for the exit price of a barrier hit).
    func price(forReturn r: Double, step: Int) -> Double
}

/// A linear trade on the price itself (equities, ETFs, FX): `side × (price / entry − 1)`.
public struct LinearReturnMap: TradeReturnMap {
    public let side: TradeSide
    public let entry: Double

    public init(side: TradeSide, entry: Double) {
        self.side = side
        self.entry = entry
    }

    @inline(__always) public func tradeReturn(price: Double, step: Int) -> Double {
        side == .long ? price / entry - 1 : 1 - price / entry
    }

    public func price(forReturn r: Double, step: Int) -> Double {
        side == .long ? entry * (1 + r) : entry * (1 - r)
    }
}

/// The triple-barrier walk, in return space: every instrument's labeler (training) and the resolution of live alert
/// outcomes use this one code path, so a model is judged live by exactly the rule it was trained on.
///
/// Rules (docs/TRAINING.md, "Labelers"):
/// - the hold covers bars `signal + 1 … signal + maxHoldBars`; with `next_open` the first of them is the entry bar;
/// - a bar that opens beyond a barrier (a gap) exits at its open — except the entry bar of a `next_open` trade;
/// - a bar whose range touches both barriers counts as the stop (we cannot know which came first: be conservative);
/// - a barrier hit exits at the barrier; no hit by the last hold bar exits at its close (timeout, label 0);
/// - when the data ends before a barrier is hit or the hold is over, there is no label (nil);
/// - `roundTripCost` (a fraction of the entry notional, `PlanSpec.roundTripCost`) is subtracted from the gross return:
///   the meta's `netReturn` and `netR` (net return / stop fraction) are net of it; the label itself is not changed.
public enum BarrierWalk {
    public static func run<Map: TradeReturnMap>(
        series: BarSeries, signalIndex i: Int, maxHoldBars: Int, entryRule: EntryRule, entryPrice: Double,
        takeProfit tp: Double, stop sl: Double, map: Map, roundTripCost: Double = 0
    ) -> Label? {
        let n = series.count
        guard i >= 0, i + 1 < n, tp > 0, sl > 0, entryPrice > 0, entryPrice.isFinite else { return nil }
        let last = i + maxHoldBars
        var mfe = 0.0
        var mae = 0.0
        let long = map.side == .long
        return series.open.withUnsafeBufferPointer { o in
            series.high.withUnsafeBufferPointer { h in
                series.low.withUnsafeBufferPointer { l in
                    series.close.withUnsafeBufferPointer { c -> Label? in
                        func finish(_ j: Int, _ r: Double, _ price: Double, _ reason: ExitReason) -> Label {
                            mfe = max(mfe, r)
                            mae = min(mae, r)
                            let meta = LabelMeta(
                                signalIndex: i, exitIndex: j, t0: series.timestamps[i], t1: series.timestamps[j],
                                entryPrice: entryPrice, exitPrice: price, exitReason: reason, realizedReturn: r, mfe: mfe, mae: mae,
                                netReturn: r - roundTripCost, netR: (r - roundTripCost) / sl)
                            return Label(value: reason == .takeProfit ? 1 : 0, meta: meta)
                        }
                        var j = i + 1
                        while j <= min(last, n - 1) {
                            let step = j - i
                            let isEntryBar = entryRule == .nextOpen && j == i + 1
                            if !isEntryBar {
                                let ro = map.tradeReturn(price: o[j], step: step)
                                if ro <= -sl { return finish(j, ro, o[j], .stop) }
                                if ro >= tp { return finish(j, ro, o[j], .takeProfit) }
                            }
                            let best = map.tradeReturn(price: long ? h[j] : l[j], step: step)
                            let worst = map.tradeReturn(price: long ? l[j] : h[j], step: step)
                            if worst <= -sl { return finish(j, -sl, map.price(forReturn: -sl, step: step), .stop) }
                            if best >= tp { return finish(j, tp, map.price(forReturn: tp, step: step), .takeProfit) }
                            mfe = max(mfe, best)
                            mae = min(mae, worst)
                            if j == last { return finish(j, map.tradeReturn(price: c[j], step: step), c[j], .timeout) }
                            j += 1
                        }
                        return nil
                    }
                }
            }
        }
    }
}
