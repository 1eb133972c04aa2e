import AlertsCore

/// A minimal `PlanGenerator`: the plan's barriers as prices at the scored bar, with a risk-based size hint.
///
/// The Alerting module may wrap or replace it; it is kept small on purpose. The reference price is the scored bar's
/// close (a `next_open` entry re-bases the barriers on the actual open when the trade is resolved). Size hint =
/// `riskPerTrade / stop fraction`, capped at 1 (a 2 % stop risking 1 % of capital suggests half the capital).
/// Options carry `dte`, `delta` and `leverage` hints; FX carries `take_profit_pips` and `stop_pips`.
public struct BarrierPlanGenerator: PlanGenerator {
    public let kind: InstrumentKind
    public let riskPerTrade: Double
    public let options: OptionProxy

    public init(kind: InstrumentKind, riskPerTrade: Double = 0.01, options: OptionProxy = OptionProxy()) {
        self.kind = kind
        self.riskPerTrade = riskPerTrade
        self.options = options
    }

    public func make(decision: Decision, score: Double, context: ScoringContext, plan: PlanSpec) throws -> TradePlan? {
        guard decision == .alert else { return nil }
        let price = context.close
        guard price > 0, price.isFinite else { throw TrainingError.plan("cannot plan \(context.instrument.symbol): close \(price) is not a price") }
        guard let tp = plan.takeProfit.fraction(signalClose: price, atr: context.atr),
            let sl = plan.stop.fraction(signalClose: price, atr: context.atr)
        else {
            throw TrainingError.plan("\(context.instrument.symbol): the plan has ATR barriers but the scoring context has no ATR")
        }
        var hints: [String: JSONValue] = ["instrument": .string(kind.rawValue)]
        var stopPct = sl
        var takeProfitPct = tp
        switch kind {
        case .option:
            hints["dte"] = .number(Double(options.dte))
            hints["delta"] = .number(options.delta)
            hints["contract"] = .string(plan.side == .long ? "ATM call" : "ATM put")
        case .fx:
            let pip = FXPipLabeler.pipSize(symbol: context.instrument.symbol)
            let tpPips = Int(PipSize.pips(tp * price, pip: pip))
            let slPips = Int(PipSize.pips(sl * price, pip: pip))
            hints["take_profit_pips"] = .number(Double(tpPips))
            hints["stop_pips"] = .number(Double(slPips))
            takeProfitPct = Double(tpPips) * pip / price
            stopPct = Double(slPips) * pip / price
        case .equity, .etf:
            break
        }
        let up = plan.side == .long ? 1.0 : -1.0
        return TradePlan(
            side: plan.side, entryRule: plan.entry, referencePrice: price,
            stopPrice: price * (1 - up * stopPct), takeProfitPrice: price * (1 + up * takeProfitPct),
            stopPct: stopPct, takeProfitPct: takeProfitPct, maxHoldBars: plan.maxHoldBars,
            sizingHint: min(1, riskPerTrade / max(stopPct, 1e-9)), hints: hints,
            roundTripCost: plan.roundTripCost(market: context.instrument.market, kind: context.instrument.kind))
    }
}
