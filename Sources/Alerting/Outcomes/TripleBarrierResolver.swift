import AlertsCore

/// Resolves one trade against its plan on bars: the triple-barrier rule the labels were made with.
///
/// Conventions (the same as the training labels):
/// - The hold is the `maxHoldBars` bars after the signal bar. Entry is the open of the first of them (`next_open`,
///   the default) or the signal bar's close (`signal_close`).
/// - Barriers sit at the plan's fractions (`stopPct`, `takeProfitPct`, fixed at the signal bar; ATR barriers were
///   resolved with ATR at that bar) from the actual entry price.
/// - A bar that opens beyond a barrier (a gap through it) exits at that open.
/// - A bar whose range touches both barriers exits at the stop (the worse case: the order inside the bar is unknown).
/// - Otherwise a touched barrier exits at its price; after the last bar of the hold the trade times out at its close.
/// - MFE/MAE are the best and worst prices reached, as fractions of entry in the trade's direction (MAE ≤ 0 ≤ MFE),
///   over the hold's bars up to the exit; the exit bar counts its open and the exit price only.
/// - The label is 1 when the take-profit is reached first, else 0 (a timeout is a miss).
public enum TripleBarrierResolver {
    /// The outcome, or nil while it is not known yet (no barrier reached and the hold not over).
    public static func resolve(
        series: BarSeries, signalIndex s: Int, side: TradeSide, entry: EntryRule, takeProfitPct: Double, stopPct: Double, maxHoldBars: Int
    ) -> LabelMeta? {
        let n = series.count
        guard s >= 0, s + 1 < n, maxHoldBars >= 1 else { return nil }
        let entryPrice = entry == .nextOpen ? series.open[s + 1] : series.close[s]
        guard entryPrice > 0, entryPrice.isFinite else { return nil }
        let long = side == .long
        let tp = long ? entryPrice * (1 + takeProfitPct) : entryPrice * (1 - takeProfitPct)
        let sl = long ? entryPrice * (1 - stopPct) : entryPrice * (1 + stopPct)
        // Excursions in the trade's direction, as fractions of entry.
        func gain(_ price: Double) -> Double { long ? price / entryPrice - 1 : 1 - price / entryPrice }
        var mfe = 0.0
        var mae = 0.0
        func finish(_ i: Int, _ price: Double, _ reason: ExitReason) -> LabelMeta {
            for p in [series.open[i], price] {
                mfe = max(mfe, gain(p))
                mae = min(mae, gain(p))
            }
            return LabelMeta(
                signalIndex: s, exitIndex: i, t0: series.timestamps[s], t1: series.timestamps[i], entryPrice: entryPrice, exitPrice: price,
                exitReason: reason, realizedReturn: gain(price), mfe: mfe, mae: mae)
        }
        // A barrier can end the trade before the hold is over; a timeout needs every bar of the hold.
        for i in (s + 1)...min(s + maxHoldBars, n - 1) {
            let o = series.open[i], h = series.high[i], l = series.low[i]
            let stopGap = long ? o <= sl : o >= sl
            let tpGap = long ? o >= tp : o <= tp
            if stopGap { return finish(i, o, .stop) }
            if tpGap { return finish(i, o, .takeProfit) }
            let stopTouched = long ? l <= sl : h >= sl
            let tpTouched = long ? h >= tp : l <= tp
            if stopTouched { return finish(i, sl, .stop) }
            if tpTouched { return finish(i, tp, .takeProfit) }
            mfe = max(mfe, gain(long ? h : l))
            mae = min(mae, gain(long ? l : h))
        }
        let last = s + maxHoldBars
        guard last < n else { return nil }
        return finish(last, series.close[last], .timeout)
    }

    /// An alert's own plan resolved on bars that contain its signal bar.
    public static func resolve(series: BarSeries, signalIndex: Int, plan: TradePlan) -> LabelMeta? {
        resolve(
            series: series, signalIndex: signalIndex, side: plan.side, entry: plan.entryRule, takeProfitPct: plan.takeProfitPct,
            stopPct: plan.stopPct, maxHoldBars: plan.maxHoldBars)
    }
}
