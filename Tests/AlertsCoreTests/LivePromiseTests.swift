import AlertsCore
import Foundation
import Testing

/// Live figures against the promise: the bootstrap by day and the flag (docs/ALERTING.md, "Live against the promise").
@Suite("live against the promise")
struct LivePromiseTests {
    static let promise = ModelPromise(
        precision: Estimate(value: 0.5, low: 0.4, high: 0.6), expectancyPct: Estimate(value: 0.4, low: 0.2, high: 0.6),
        expectancyR: Estimate(value: 0.2, low: 0.1, high: 0.3), alertsPerDay: Estimate(value: 2, low: 1.8, high: 2.2), alerts: 800, days: 400,
        foldsUsed: 3, policy: "positive_expectancy", base: PromiseBase(events: 5000, precision: 0.33, expectancyPct: 0.02, expectancyR: 0.01),
        nullBand: PromiseNullBand(
            draws: 1000, precision: Band(low: 0.3, high: 0.36), expectancyPct: Band(low: -0.05, high: 0.08), expectancyR: Band(low: 0, high: 0.03)),
        resamples: 1000, seed: 7)

    /// `n` trades over `n / 2` days, alternating a win of `win` % and a loss of `loss` %, half of them wins.
    static func trades(_ n: Int, win: Double, loss: Double) -> [Trade] {
        (0..<n).map { i in
            let w = i % 2 == 0
            return Trade(day: Int64(19_000 + i / 2), netReturnPct: w ? win : loss, netR: w ? win / 2 : loss / 2, win: w)
        }
    }

    @Test("a stream keeping its promise is within; one losing money is below (intervals apart); too few or no promise are said so")
    func flags() {
        // Mean +0.4 %, precision 0.5: inside both intervals.
        let kept = LiveAgainstPromise.judge(model: "m", version: 1, trades: Self.trades(60, win: 2.4, loss: -1.6), promise: Self.promise)
        #expect(kept.status == "within" && !kept.significant, "\(kept.detail)")
        #expect(abs((kept.expectancyPct.value ?? 0) - 0.4) < 1e-9 && kept.precision.value == 0.5)
        #expect((kept.expectancyPct.low ?? 9) <= 0.4 + 1e-9 && (kept.expectancyPct.high ?? -9) >= 0.4 - 1e-9)
        #expect(kept.statistics.alerts == 60 && kept.days == 30)
        // Mean −0.6 %: below the promised [0.2, 0.6], and its own interval lies wholly below 0.2.
        let broken = LiveAgainstPromise.judge(model: "m", version: 1, trades: Self.trades(60, win: 0.4, loss: -1.6), promise: Self.promise)
        #expect(broken.status == "below" && broken.significant, "\(broken.detail)")
        #expect(broken.detail.contains("expectancy_pct") && broken.detail.contains("[0.200, 0.600]"))
        // Better than promised is flagged too (a promise that does not describe the stream).
        let better = LiveAgainstPromise.judge(model: "m", version: 1, trades: Self.trades(60, win: 3, loss: -0.5), promise: Self.promise)
        #expect(better.status == "above")
        let few = LiveAgainstPromise.judge(model: "m", version: 1, trades: Self.trades(8, win: 0.4, loss: -1.6), promise: Self.promise)
        #expect(few.status == "too_few" && few.detail.contains("8 resolved"))
        let old = LiveAgainstPromise.judge(model: "m", version: 1, trades: Self.trades(60, win: 2.4, loss: -1.6), promise: nil)
        #expect(old.status == "no_promise")
    }

    @Test("the bootstrap is by day and seeded: the same trades give the same interval, in any order")
    func deterministic() {
        let t = Self.trades(80, win: 2.1, loss: -1.3).enumerated().map { i, x in
            var y = x
            y.netReturnPct += Double(i % 7) / 10
            return y
        }
        let a = LiveAgainstPromise.judge(model: "m", version: 1, trades: t, promise: Self.promise)
        let b = LiveAgainstPromise.judge(model: "m", version: 1, trades: t.reversed(), promise: Self.promise)
        func close(_ x: Double?, _ y: Double?) -> Bool { abs((x ?? .nan) - (y ?? .nan)) < 1e-9 }
        #expect(close(a.expectancyPct.low, b.expectancyPct.low) && close(a.expectancyPct.high, b.expectancyPct.high))
        #expect(close(a.precision.low, b.precision.low) && close(a.precision.high, b.precision.high))
        #expect((a.expectancyPct.low ?? 0) < (a.expectancyPct.high ?? 0))
    }
}
