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

    public init(
        side: TradeSide = .long, takeProfit: BarrierDistance, stop: BarrierDistance, maxHoldBars: Int,
        entry: EntryRule = .nextOpen
    ) {
        self.side = side
        self.takeProfit = takeProfit
        self.stop = stop
        self.maxHoldBars = maxHoldBars
        self.entry = entry
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
