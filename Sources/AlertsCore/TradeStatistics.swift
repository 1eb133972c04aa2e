import Foundation

/// One resolved trade of an alert stream: the day it was signalled, its return net of costs (percent and R), whether it
/// was a win (the label: take-profit first) and the regime it fired in.
public struct Trade: Sendable, Hashable, Codable {
    /// Day number (UTC days since 1970-01-01) of the signal.
    public var day: Int64
    public var netReturnPct: Double
    public var netR: Double
    public var win: Bool
    public var regime: String?

    public init(day: Int64, netReturnPct: Double, netR: Double, win: Bool, regime: String? = nil) {
        self.day = day
        self.netReturnPct = netReturnPct
        self.netR = netR
        self.win = win
        self.regime = regime
    }

    enum CodingKeys: String, CodingKey {
        case day
        case netReturnPct = "net_return_pct"
        case netR = "net_r"
        case win, regime
    }
}

/// Money statistics of an alert stream (docs/TRAINING.md, "Reading the trade statistics"). Pure: the same trades give
/// the same figures, whether they come from training (out of fold, forward), a backtest or live outcomes.
///
/// - `winRate`: share of trades whose label is a win (take-profit first); `averageWinPct` / `averageLossPct`: mean net
///   return of the trades with a positive / non-positive net return.
/// - `profitFactor`: Σ positive net returns / |Σ negative net returns| (nil without losses).
/// - `expectancyPct` / `expectancyR`: mean net return per trade.
/// - `maxDrawdownR` / `maxDrawdownPct`: the deepest fall of the cumulative P&L from its running peak, trades in day
///   order, each alert taking the same risk (1 R) or the same notional (percent of one position).
/// - `sharpe`: mean / standard deviation of the daily P&L (Σ net percent of the day's alerts, 0 on session days
///   without an alert), × √`periodsPerYear` (annualised; 252 sessions a year by default).
public struct TradeStatistics: Sendable, Hashable, Codable {
    public var alerts: Int
    public var days: Int
    public var winRate: Double?
    public var averageWinPct: Double?
    public var averageLossPct: Double?
    public var profitFactor: Double?
    public var expectancyPct: Double?
    public var expectancyR: Double?
    public var maxDrawdownPct: Double
    public var maxDrawdownR: Double
    public var sharpe: Double?
    public var periodsPerYear: Double

    enum CodingKeys: String, CodingKey {
        case alerts, days
        case winRate = "win_rate"
        case averageWinPct = "average_win_pct"
        case averageLossPct = "average_loss_pct"
        case profitFactor = "profit_factor"
        case expectancyPct = "expectancy_pct"
        case expectancyR = "expectancy_r"
        case maxDrawdownPct = "max_drawdown_pct"
        case maxDrawdownR = "max_drawdown_r"
        case sharpe
        case periodsPerYear = "periods_per_year"
    }

    /// Statistics of `trades`; `sessions` are the days the stream could have traded (days without a trade count as
    /// a flat day in the Sharpe ratio); nil = the days with a trade only.
    public static func measure(_ trades: [Trade], sessions: Set<Int64>? = nil, periodsPerYear: Double = 252) -> TradeStatistics {
        let ordered = trades.enumerated().sorted { ($0.element.day, $0.offset) < ($1.element.day, $1.offset) }.map(\.element)
        let n = ordered.count
        let wins = ordered.filter { $0.netReturnPct > 0 }
        let losses = ordered.filter { $0.netReturnPct <= 0 }
        let gain = wins.reduce(0) { $0 + $1.netReturnPct }
        let loss = -losses.reduce(0) { $0 + $1.netReturnPct }
        func mean(_ xs: [Double]) -> Double? { xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count) }
        var daily: [Int64: Double] = [:]
        for s in sessions ?? [] { daily[s] = 0 }
        for t in ordered { daily[t.day, default: 0] += t.netReturnPct }
        var sharpe: Double?
        if daily.count >= 2 {
            let values = Array(daily.values)
            let m = values.reduce(0, +) / Double(values.count)
            let sd = (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)).squareRoot()
            if sd > 0 { sharpe = m / sd * periodsPerYear.squareRoot() }
        }
        return TradeStatistics(
            alerts: n, days: daily.count, winRate: n == 0 ? nil : Double(ordered.filter(\.win).count) / Double(n),
            averageWinPct: mean(wins.map(\.netReturnPct)), averageLossPct: mean(losses.map(\.netReturnPct)),
            profitFactor: loss > 0 ? gain / loss : nil, expectancyPct: mean(ordered.map(\.netReturnPct)), expectancyR: mean(ordered.map(\.netR)),
            maxDrawdownPct: maxDrawdown(ordered.map(\.netReturnPct)), maxDrawdownR: maxDrawdown(ordered.map(\.netR)), sharpe: sharpe,
            periodsPerYear: periodsPerYear)
    }

    /// The largest fall of the running sum of `pnl` below its running peak (the peak starts at 0); ≥ 0.
    public static func maxDrawdown(_ pnl: [Double]) -> Double {
        var equity = 0.0
        var peak = 0.0
        var worst = 0.0
        for x in pnl {
            equity += x
            peak = max(peak, equity)
            worst = max(worst, peak - equity)
        }
        return worst
    }
}

/// A figure with its 95 % interval: `{value, low, high}` on the wire.
public struct Estimate: Sendable, Hashable, Codable {
    public var value: Double?
    public var low: Double?
    public var high: Double?

    public init(value: Double?, low: Double? = nil, high: Double? = nil) {
        self.value = value
        self.low = low
        self.high = high
    }

    /// `0.412 [0.380, 0.445]`.
    public func text(_ digits: Int = 3) -> String {
        func f(_ x: Double?) -> String { x.map { String(format: "%.\(digits)f", $0) } ?? "n/a" }
        return "\(f(value)) [\(f(low)), \(f(high))]"
    }
}

/// The 2.5 % and 97.5 % quantiles of a figure over random selections: what chance alone gives.
public struct Band: Sendable, Hashable, Codable {
    public var low: Double?
    public var high: Double?

    public init(low: Double?, high: Double?) {
        self.low = low
        self.high = high
    }

    public func text(_ digits: Int = 3) -> String {
        func f(_ x: Double?) -> String { x.map { String(format: "%.\(digits)f", $0) } ?? "n/a" }
        return "[\(f(low)), \(f(high))]"
    }
}

/// An alert stream's statistics against every event of the same period (the base) and against the same number of
/// events picked at random (the null band: drift and the cost structure alone).
public struct TradeComparison: Sendable, Hashable, Codable {
    public var selected: TradeStatistics
    public var base: TradeStatistics?
    public var nullBand: NullBand?

    public init(selected: TradeStatistics, base: TradeStatistics? = nil, nullBand: NullBand? = nil) {
        self.selected = selected
        self.base = base
        self.nullBand = nullBand
    }

    enum CodingKeys: String, CodingKey {
        case selected, base
        case nullBand = "null_band"
    }

    /// The statistics of `selected`, with the base (`pool`, every event) and the null band (`draws` random picks of
    /// `selected.count` events from `pool`, seeded).
    public static func measure(
        selected: [Trade], pool: [Trade]?, sessions: Set<Int64>? = nil, draws: Int = 500, seed: UInt64 = 7
    ) -> TradeComparison {
        let s = TradeStatistics.measure(selected, sessions: sessions)
        guard let pool, !pool.isEmpty else { return TradeComparison(selected: s) }
        return TradeComparison(
            selected: s, base: TradeStatistics.measure(pool, sessions: sessions),
            nullBand: NullBand.permutation(pool: pool, picks: selected.count, draws: draws, seed: seed))
    }
}

/// 95 % band of win rate and expectancy when `picks` trades are drawn at random (without replacement) from a pool.
public struct NullBand: Sendable, Hashable, Codable {
    public var draws: Int
    public var picks: Int
    public var winRate: Band
    public var expectancyPct: Band
    public var expectancyR: Band

    public init(draws: Int, picks: Int, winRate: Band, expectancyPct: Band, expectancyR: Band) {
        self.draws = draws
        self.picks = picks
        self.winRate = winRate
        self.expectancyPct = expectancyPct
        self.expectancyR = expectancyR
    }

    enum CodingKeys: String, CodingKey {
        case draws, picks
        case winRate = "win_rate"
        case expectancyPct = "expectancy_pct"
        case expectancyR = "expectancy_r"
    }

    public static func permutation(pool: [Trade], picks: Int, draws: Int, seed: UInt64) -> NullBand? {
        guard picks > 0, picks <= pool.count, draws > 0 else { return nil }
        var rng = SplitMixRandom(seed: seed)
        // Plain columns, so that the draws touch doubles only (thousands of picks × hundreds of draws).
        let wins = pool.map { $0.win ? 1.0 : 0.0 }
        let pcts = pool.map(\.netReturnPct)
        let rs = pool.map(\.netR)
        var index = Array(pool.indices)
        var win: [Double] = []
        var pct: [Double] = []
        var r: [Double] = []
        win.reserveCapacity(draws)
        pct.reserveCapacity(draws)
        r.reserveCapacity(draws)
        let n = UInt64(pool.count)
        for _ in 0..<draws {
            var w = 0.0
            var p = 0.0
            var q = 0.0
            for k in 0..<picks {
                let j = k + Int(rng.next() % (n - UInt64(k)))
                index.swapAt(k, j)
                let t = index[k]
                w += wins[t]
                p += pcts[t]
                q += rs[t]
            }
            win.append(w / Double(picks))
            pct.append(p / Double(picks))
            r.append(q / Double(picks))
        }
        return NullBand(
            draws: draws, picks: picks, winRate: Quantiles.band(win), expectancyPct: Quantiles.band(pct), expectancyR: Quantiles.band(r))
    }
}

/// Linear-interpolation quantiles.
public enum Quantiles {
    /// The `q` quantile (0…1) of `values`; nil when empty.
    public static func quantile(_ values: [Double], _ q: Double) -> Double? {
        let s = values.filter(\.isFinite).sorted()
        return quantile(sorted: s, q)
    }

    public static func quantile(sorted s: [Double], _ q: Double) -> Double? {
        guard !s.isEmpty else { return nil }
        let h = q * Double(s.count - 1)
        let i = Int(h.rounded(.down))
        let j = min(i + 1, s.count - 1)
        return s[i] + (h - Double(i)) * (s[j] - s[i])
    }

    /// The central 95 % of `values`.
    public static func band(_ values: [Double]) -> Band {
        let s = values.filter(\.isFinite).sorted()
        return Band(low: quantile(sorted: s, 0.025), high: quantile(sorted: s, 0.975))
    }
}

/// SplitMix64: a small seeded generator, so that bootstraps and permutations are reproducible.
public struct SplitMixRandom: RandomNumberGenerator, Sendable {
    var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
