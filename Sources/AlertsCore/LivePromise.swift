import Foundation

/// A model version's live alerts (resolved outcomes) measured like its promise, and judged against it
/// (docs/ALERTING.md, "Live against the promise").
///
/// Live figures get the same 95 % bootstrap over days as the promise. The version is flagged when, with at least
/// `minTrades` resolved alerts, a live figure's point estimate lies outside the promised interval: `below` (the
/// promise is not being kept) or `above`; with too few alerts it is `too_few`, and a version trained before promises
/// existed is `no_promise`. `significant` says whether the two intervals do not even overlap.
public struct LiveAgainstPromise: Sendable, Hashable, Codable {
    public var model: String
    public var version: Int
    public var trades: Int
    public var days: Int
    public var precision: Estimate
    public var expectancyPct: Estimate
    public var expectancyR: Estimate
    public var statistics: TradeStatistics
    /// What the spec promised (nil for versions without a promise).
    public var promise: ModelPromise?
    /// `within`, `below`, `above`, `too_few` or `no_promise`.
    public var status: String
    public var significant: Bool
    public var detail: String

    enum CodingKeys: String, CodingKey {
        case model, version, trades, days, precision
        case expectancyPct = "expectancy_pct"
        case expectancyR = "expectancy_r"
        case statistics, promise, status, significant, detail
    }

    public static func judge(
        model: String, version: Int, trades: [Trade], promise: ModelPromise?, minTrades: Int = 20, resamples: Int = 1000, seed: UInt64 = 17
    ) -> LiveAgainstPromise {
        let stats = TradeStatistics.measure(trades)
        let byDay = Dictionary(grouping: trades, by: \.day).sorted { $0.key < $1.key }.map(\.value)
        func boot(_ figure: ([Trade]) -> Double?) -> Estimate {
            let value = figure(trades)
            guard byDay.count >= 2, value != nil else { return Estimate(value: value) }
            var rng = SplitMixRandom(seed: seed)
            var draws: [Double] = []
            draws.reserveCapacity(resamples)
            for _ in 0..<resamples {
                var sample: [Trade] = []
                for _ in 0..<byDay.count { sample += byDay[Int.random(in: 0..<byDay.count, using: &rng)] }
                if let f = figure(sample) { draws.append(f) }
            }
            let band = Quantiles.band(draws)
            return Estimate(value: value, low: band.low, high: band.high)
        }
        func mean(_ xs: [Double]) -> Double? { xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count) }
        let precision = boot { $0.isEmpty ? nil : Double($0.filter(\.win).count) / Double($0.count) }
        let pct = boot { mean($0.map(\.netReturnPct)) }
        let r = boot { mean($0.map(\.netR)) }
        var status = "within"
        var significant = false
        var notes: [String] = []
        if promise == nil {
            status = "no_promise"
            notes.append("this version was trained before promises were measured")
        } else if trades.count < minTrades {
            status = "too_few"
            notes.append("\(trades.count) resolved alerts, fewer than \(minTrades) to judge")
        } else if let promise {
            for (name, live, promised) in [("expectancy_pct", pct, promise.expectancyPct), ("precision", precision, promise.precision)] {
                guard let v = live.value, let lo = promised.low, let hi = promised.high else { continue }
                if v < lo || v > hi {
                    if status == "within" { status = v < lo ? "below" : "above" }
                    notes.append(String(format: "live %@ %.3f outside the promised [%.3f, %.3f]", name, v, lo, hi))
                    if let lh = live.high, let ll = live.low, lh < lo || ll > hi { significant = true }
                }
            }
            if notes.isEmpty { notes.append("live figures within the promised intervals") }
        }
        return LiveAgainstPromise(
            model: model, version: version, trades: trades.count, days: byDay.count, precision: precision, expectancyPct: pct,
            expectancyR: r, statistics: stats, promise: promise, status: status, significant: significant,
            detail: notes.joined(separator: "; "))
    }
}
