import AlertsCore

/// Triple-barrier labels for currency pairs, with barriers in whole pips.
///
/// A barrier's fraction (or ATR multiple) is turned into pips at the entry price and rounded to the nearest whole
/// pip (at least one), so the trade is the one an FX trader would place; the walk then runs on price as for
/// equities. FX bars cover the 24×5 sessions of MarketData's FX calendar (a session runs 17:00–17:00 New York),
/// so `max_hold_bars` counts trading bars and the Sunday re-open is an ordinary bar that may gap through a barrier.
public struct FXPipLabeler: TradeResolver {
    public init() {}

    /// 0.01 for yen pairs (quote currency JPY), 0.0001 otherwise (`PipSize.of`, the rule alerts use too).
    public static func pipSize(symbol: String) -> Double { PipSize.of(symbol) }

    /// A barrier distance in whole pips at `entry` (≥ 1), its fraction fixed at the signal bar (close `signalClose`),
    /// or nil when an ATR barrier has no ATR.
    public static func pips(_ distance: BarrierDistance, entry: Double, signalClose: Double, atr: Double?, pipSize: Double) -> Int? {
        guard let f = distance.fraction(signalClose: signalClose, atr: atr), f.isFinite else { return nil }
        return Int(PipSize.pips(f * entry, pip: pipSize))
    }

    /// The realized result of a label in pips.
    public static func pips(of label: Label, symbol: String) -> Double {
        label.meta.realizedReturn * label.meta.entryPrice / pipSize(symbol: symbol)
    }

    public func resolveTrade(series: BarSeries, signalIndex: Int, plan: PlanSpec, atrAtSignal: Double?) -> Label? {
        let pip = Self.pipSize(symbol: series.symbol)
        guard let entry = plan.entryPrice(series: series, signalIndex: signalIndex),
            let tpPips = Self.pips(plan.takeProfit, entry: entry, signalClose: series.close[signalIndex], atr: atrAtSignal, pipSize: pip),
            let slPips = Self.pips(plan.stop, entry: entry, signalClose: series.close[signalIndex], atr: atrAtSignal, pipSize: pip)
        else { return nil }
        return BarrierWalk.run(
            series: series, signalIndex: signalIndex, maxHoldBars: plan.maxHoldBars, entryRule: plan.entry, entryPrice: entry,
            takeProfit: Double(tpPips) * pip / entry, stop: Double(slPips) * pip / entry,
            map: LinearReturnMap(side: plan.side, entry: entry), roundTripCost: (plan.costs ?? .zero).roundTrip)
    }
}
