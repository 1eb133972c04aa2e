import AlertsCore

/// Triple-barrier labels on the price itself: equities and ETFs.
///
/// Label 1 when the take-profit is touched before the stop within `max_hold_bars`; barriers are a fraction of the
/// entry price or a multiple of ATR at the signal bar relative to its close (`BarrierDistance`). Rules for gaps, same-bar touches and the end of the data are
/// those of the shared walk (docs/TRAINING.md).
public struct TripleBarrierLabeler: TradeResolver {
    public init() {}

    public func resolveTrade(series: BarSeries, signalIndex: Int, plan: PlanSpec, atrAtSignal: Double?) -> Label? {
        guard let entry = plan.entryPrice(series: series, signalIndex: signalIndex),
            let tp = plan.takeProfit.fraction(signalClose: series.close[signalIndex], atr: atrAtSignal),
            let sl = plan.stop.fraction(signalClose: series.close[signalIndex], atr: atrAtSignal)
        else { return nil }
        return BarrierWalk.run(
            series: series, signalIndex: signalIndex, maxHoldBars: plan.maxHoldBars, entryRule: plan.entry, entryPrice: entry,
            takeProfit: tp, stop: sl, map: LinearReturnMap(side: plan.side, entry: entry), roundTripCost: (plan.costs ?? .zero).roundTrip)
    }
}
