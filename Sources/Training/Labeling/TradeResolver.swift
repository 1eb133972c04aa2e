import AlertsCore

/// A labeler that can also resolve one trade from given bars: training labels past signals with it, and the
/// Alerting module resolves a live alert's outcome with the very same code on the bars that follow the alert.
public protocol TradeResolver: Labeler {
    /// The outcome of the trade `plan` signalled at the close of bar `signalIndex`; nil while it is unresolved
    /// (the data ends before a barrier is hit or the hold is over) or when an ATR plan has no `atrAtSignal`.
    /// `atrAtSignal` is ATR(plan's period) at the signal bar (`AverageTrueRange.at`); it is ignored by % barriers.
    func resolveTrade(series: BarSeries, signalIndex: Int, plan: PlanSpec, atrAtSignal: Double?) -> Label?
}

extension TradeResolver {
    /// A training label: nil unless the whole hold (`signal + maxHoldBars`) lies in the data, whatever the outcome.
    ///
    /// Without this, near the end of the data an early take-profit or stop would be kept while a would-be timeout is
    /// dropped: a selection bias towards barrier hits (docs/TRAINING.md, "Labelers").
    public func label(series: BarSeries, at index: Int, plan: PlanSpec) -> Label? {
        guard Self.holdFits(series, index, plan) else { return nil }
        return resolveTrade(series: series, signalIndex: index, plan: plan, atrAtSignal: Self.atr(series, index, plan))
    }

    /// The batch form: the ATR column is computed once for the series.
    public func labels(series: BarSeries, at indices: [Int], plan: PlanSpec) -> [Label?] {
        guard let period = plan.atrPeriod else {
            return indices.map { i in
                Self.holdFits(series, i, plan) ? resolveTrade(series: series, signalIndex: i, plan: plan, atrAtSignal: nil) : nil
            }
        }
        return indices.map { i in
            guard Self.holdFits(series, i, plan) else { return nil }
            return resolveTrade(series: series, signalIndex: i, plan: plan, atrAtSignal: AverageTrueRange.at(series, index: i, period: period))
        }
    }

    /// True when bars `index + 1 … index + maxHoldBars` all exist.
    static func holdFits(_ series: BarSeries, _ index: Int, _ plan: PlanSpec) -> Bool {
        index >= 0 && index + plan.maxHoldBars < series.count
    }

    static func atr(_ series: BarSeries, _ index: Int, _ plan: PlanSpec) -> Double? {
        plan.atrPeriod.flatMap { AverageTrueRange.at(series, index: index, period: $0) }
    }
}

extension PlanSpec {
    /// The ATR period the plan's barriers use (the take-profit's when both are ATR; the config check requires they agree).
    public var atrPeriod: Int? { takeProfit.atrPeriod ?? stop.atrPeriod }

    /// The entry price of a trade signalled at bar `index`, or nil when the entry bar is not there yet.
    public func entryPrice(series: BarSeries, signalIndex index: Int) -> Double? {
        switch entry {
        case .nextOpen: return index + 1 < series.count && index >= 0 ? series.open[index + 1] : nil
        case .signalClose: return index >= 0 && index < series.count ? series.close[index] : nil
        }
    }
}
