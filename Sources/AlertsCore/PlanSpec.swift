/// Which way a trade goes.
public enum TradeSide: String, Sendable, Codable, Hashable {
    case long
    case short
}

/// The distance of a barrier from entry, as a fraction of the entry price: a fixed fraction, or a multiple of
/// ATR(n) at the signal bar relative to that bar's close.
///
/// Both are fixed when the signal bar closes — the moment an alert is made — so the alert's plan, its live outcome
/// and the training label of the same bar all use the same fractions, whatever the entry price turns out to be.
public enum BarrierDistance: Sendable, Hashable, Codable {
    /// A fraction of the entry price (0.05 = 5 %).
    case percent(Double)
    /// `multiple` × ATR(`period`) at the signal bar, as a fraction of the signal bar's close.
    case atr(multiple: Double, period: Int)

    /// The barrier's distance as a fraction of the entry price, given the signal bar's close and its ATR when needed.
    public func fraction(signalClose: Double, atr: Double?) -> Double? {
        switch self {
        case .percent(let p): return p
        case .atr(let m, _):
            guard let atr, atr.isFinite, signalClose > 0 else { return nil }
            return m * atr / signalClose
        }
    }

    /// The ATR period this barrier needs, if any.
    public var atrPeriod: Int? {
        if case .atr(_, let n) = self { return n }
        return nil
    }
}

/// Where a trade enters once a signal fires on a closed bar.
public enum EntryRule: String, Sendable, Codable, Hashable {
    /// The open of the bar after the signal bar (the default: it is the first price one can actually trade).
    case nextOpen = "next_open"
    /// The close of the signal bar.
    case signalClose = "signal_close"
}

/// The trade that is both the training label and, later, the alert's plan (triple barrier).
///
/// A model is trained on exactly this trade, the alert proposes exactly this trade, and its outcome is
/// resolved against exactly these barriers.
public struct PlanSpec: Sendable, Hashable, Codable {
    public var side: TradeSide
    public var takeProfit: BarrierDistance
    public var stop: BarrierDistance
    /// The vertical barrier: bars held after entry before the trade times out.
    public var maxHoldBars: Int
    public var entry: EntryRule
    /// Trading costs per side; nil = the market's defaults (`TradeCosts.defaults(market:kind:)`), filled in when the
    /// model is trained so that the registered spec states the costs its labels were made with.
    public var costs: TradeCosts?

    public init(
        side: TradeSide = .long, takeProfit: BarrierDistance, stop: BarrierDistance, maxHoldBars: Int,
        entry: EntryRule = .nextOpen, costs: TradeCosts? = nil
    ) {
        self.side = side
        self.takeProfit = takeProfit
        self.stop = stop
        self.maxHoldBars = maxHoldBars
        self.entry = entry
        self.costs = costs
    }

    /// The round-trip cost as a fraction of the entry notional: the spec's costs, else the market's defaults.
    public func roundTripCost(market: Market, kind: InstrumentKind) -> Double {
        (costs ?? TradeCosts.defaults(market: market, kind: kind)).roundTrip
    }

    /// Checks the spec; the error names the offending field.
    public func validate() throws(CoreError) {
        func check(_ d: BarrierDistance, _ name: String) throws(CoreError) {
            switch d {
            case .percent(let p):
                guard p.isFinite, p > 0, p < 10 else {
                    throw .invalid("plan.\(name): a percent barrier must be a fraction in (0, 10), got \(p)")
                }
            case .atr(let m, let n):
                guard m.isFinite, m > 0 else { throw .invalid("plan.\(name): ATR multiple must be > 0, got \(m)") }
                guard n >= 1 else { throw .invalid("plan.\(name): ATR period must be ≥ 1, got \(n)") }
            }
        }
        if let costs {
            guard costs.commissionBps.isFinite, costs.commissionBps >= 0, costs.commissionBps < 1_000 else {
                throw .invalid("plan.costs.commission_bps must be in [0, 1000), got \(costs.commissionBps)")
            }
            guard costs.slippageBps.isFinite, costs.slippageBps >= 0, costs.slippageBps < 1_000 else {
                throw .invalid("plan.costs.slippage_bps must be in [0, 1000), got \(costs.slippageBps)")
            }
        }
        try check(takeProfit, "take_profit")
        try check(stop, "stop")
        guard maxHoldBars >= 1 else { throw .invalid("plan.max_hold_bars must be ≥ 1, got \(maxHoldBars)") }
    }
}

/// Why a trade ended.
public enum ExitReason: String, Sendable, Codable, Hashable {
    case takeProfit = "take_profit"
    case stop
    case timeout
}

/// Trading costs of one side of a trade (entry or exit), in basis points of the entry notional.
///
/// The walk charges the round trip, `2 × (commission + slippage)`, on the entry notional (docs/TRAINING.md, "Costs"):
/// `net return = gross return − round trip`. For the option proxy the notional is the premium.
public struct TradeCosts: Sendable, Hashable, Codable {
    public var commissionBps: Double
    public var slippageBps: Double

    public init(commissionBps: Double, slippageBps: Double) {
        self.commissionBps = commissionBps
        self.slippageBps = slippageBps
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case commissionBps = "commission_bps"
        case slippageBps = "slippage_bps"
    }

    /// No costs (gross returns).
    public static let zero = TradeCosts(commissionBps: 0, slippageBps: 0)

    /// Entry plus exit, as a fraction of the entry notional (10 bps = 0.001).
    public var roundTrip: Double { 2 * (commissionBps + slippageBps) / 10_000 }
}
