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
/// - MFE/MAE are the best and worst returns reached, as fractions of entry in the trade's direction (MAE ≤ 0 ≤ MFE),
///   over the hold's bars up to the exit; the exit bar counts its exit return only.
/// - The label is 1 when the take-profit is reached first, else 0 (a timeout is a miss).
///
/// The walk itself is `AlertsCore.BarrierWalk`, the same code the training labels come from.
public enum TripleBarrierResolver {
    /// The outcome, or nil while it is not known yet (no barrier reached and the hold not over).
    public static func resolve(
        series: BarSeries, signalIndex s: Int, side: TradeSide, entry: EntryRule, takeProfitPct: Double, stopPct: Double, maxHoldBars: Int,
        roundTripCost: Double = 0
    ) -> LabelMeta? {
        guard s >= 0, s + 1 < series.count, maxHoldBars >= 1 else { return nil }
        let entryPrice = entry == .nextOpen ? series.open[s + 1] : series.close[s]
        return BarrierWalk.run(
            series: series, signalIndex: s, maxHoldBars: maxHoldBars, entryRule: entry, entryPrice: entryPrice,
            takeProfit: takeProfitPct, stop: stopPct, map: LinearReturnMap(side: side, entry: entryPrice), roundTripCost: roundTripCost
        )?.meta
    }

    /// An alert's own plan resolved on bars that contain its signal bar.
    public static func resolve(series: BarSeries, signalIndex: Int, plan: TradePlan) -> LabelMeta? {
        resolve(
            series: series, signalIndex: signalIndex, side: plan.side, entry: plan.entryRule, takeProfitPct: plan.takeProfitPct,
            stopPct: plan.stopPct, maxHoldBars: plan.maxHoldBars, roundTripCost: plan.roundTripCost ?? 0)
    }

    /// The absolute stop level a plan is resolved against from an actual entry price: `entry × (1 ∓ stopPct)`, the very
    /// level `BarrierWalk` uses (a long's stop below the entry, a short's above).
    public static func stopLevel(entry: Double, plan: TradePlan) -> Double {
        entry * (1 - (plan.side == .long ? 1 : -1) * plan.stopPct)
    }

    /// The absolute take-profit level: `entry × (1 ± takeProfitPct)`.
    public static func takeProfitLevel(entry: Double, plan: TradePlan) -> Double {
        entry * (1 + (plan.side == .long ? 1 : -1) * plan.takeProfitPct)
    }
}
