import AlertsCore
import Foundation
import Learning

/// Nested walk-forward selection (docs/TRAINING.md, "The promise"): the rule that raises alerts — calibrator,
/// expected-return map and thresholds — is chosen on the out-of-fold rows of the folds before fold k, purged of rows
/// whose outcome was not known when fold k begins, and measured on fold k. Fold k's rows never choose its rule.
public enum ForwardEvaluation {
    /// One forward step: the rows that choose the rule and the fold it is measured on.
    public struct Step: Sendable, Hashable {
        /// Index of the evaluated fold among the folds in time order.
        public let fold: Int
        public let chooseOn: [Int]
        public let evaluate: [Int]
    }

    /// What one step measured.
    public struct Outcome: Sendable, Hashable {
        public let step: Step
        /// The evaluated rows that alerted.
        public let alerts: [Int]
        public let threshold: Double?
    }

    /// The steps for `folds` (any order): fold k (in time order of its first signal) is chosen on the test rows of the
    /// folds before it whose span ended before fold k's first span starts. Steps with fewer than `minRows` rows to
    /// choose on are skipped.
    public static func plan(folds: [Fold], spanStart: [Double], spanEnd: [Double], minRows: Int = 50) -> [Step] {
        let ordered = folds.filter { !$0.test.isEmpty }.sorted {
            ($0.test.map { spanStart[$0] }.min() ?? 0) < ($1.test.map { spanStart[$0] }.min() ?? 0)
        }
        var steps: [Step] = []
        for k in ordered.indices.dropFirst() {
            let evaluate = ordered[k].test.sorted()
            let start = evaluate.map { spanStart[$0] }.min() ?? 0
            let held = Set(evaluate)
            let chooseOn = ordered[..<k].flatMap(\.test).filter { spanEnd[$0] < start && !held.contains($0) }.sorted()
            guard chooseOn.count >= minRows else { continue }
            steps.append(Step(fold: k, chooseOn: chooseOn, evaluate: evaluate))
        }
        return steps
    }

    /// A rule chosen on some rows: whether row r alerts, and the headline threshold.
    public struct Rule {
        public let threshold: Double?
        public let fires: (Int) -> Bool

        public init(threshold: Double?, fires: @escaping (Int) -> Bool) {
            self.threshold = threshold
            self.fires = fires
        }
    }

    /// Runs `choose` on each step's `chooseOn` rows (and only those) and applies its rule to the step's evaluated rows.
    public static func measure(_ steps: [Step], choose: ([Int]) throws -> Rule?) rethrows -> [Outcome] {
        try steps.map { step in
            guard let rule = try choose(step.chooseOn) else { return Outcome(step: step, alerts: [], threshold: nil) }
            return Outcome(step: step, alerts: step.evaluate.filter(rule.fires), threshold: rule.threshold)
        }
    }

    /// The promise measured by `outcomes`: pooled forward precision, expectancy and alerts per day with 95 % intervals by
    /// a bootstrap over days, the base (every evaluated event) and the null band (each fold's alert count picked at
    /// random among its events). Seeded: the same inputs give the same promise. Nil without forward steps.
    public static func promise(
        _ outcomes: [Outcome], labels: [Double], netPct: [Double], netR: [Double], days: [Int64], policy: String,
        resamples: Int = 1000, draws: Int = 1000, seed: UInt64 = 7
    ) -> ModelPromise? {
        guard !outcomes.isEmpty else { return nil }
        // Per-day sums over the evaluated rows (days with at least one event).
        struct Day {
            var alerts = 0.0
            var wins = 0.0
            var pct = 0.0
            var r = 0.0
        }
        var byDay: [Int64: Day] = [:]
        var events = 0
        var baseWins = 0.0
        var basePct = 0.0
        var baseR = 0.0
        for o in outcomes {
            for r in o.step.evaluate {
                if byDay[days[r]] == nil { byDay[days[r]] = Day() }
                events += 1
                baseWins += labels[r]
                basePct += netPct[r]
                baseR += netR[r]
            }
            for r in o.alerts {
                byDay[days[r], default: Day()].alerts += 1
                byDay[days[r], default: Day()].wins += labels[r]
                byDay[days[r], default: Day()].pct += netPct[r]
                byDay[days[r], default: Day()].r += netR[r]
            }
        }
        let perDay = byDay.keys.sorted().map { byDay[$0]! }
        func figures(_ sample: [Day]) -> (precision: Double, pct: Double, r: Double, rate: Double) {
            var a = 0.0
            var w = 0.0
            var p = 0.0
            var q = 0.0
            for d in sample {
                a += d.alerts
                w += d.wins
                p += d.pct
                q += d.r
            }
            return a > 0 ? (w / a, p / a, q / a, a / Double(sample.count)) : (.nan, .nan, .nan, 0)
        }
        let point = figures(perDay)
        var rng = SplitMixRandom(seed: seed)
        var bp: [Double] = []
        var be: [Double] = []
        var br: [Double] = []
        var ba: [Double] = []
        var sample = perDay
        for _ in 0..<resamples {
            for i in sample.indices { sample[i] = perDay[Int(rng.next() % UInt64(perDay.count))] }
            let f = figures(sample)
            bp.append(f.precision)
            be.append(f.pct)
            br.append(f.r)
            ba.append(f.rate)
        }
        func estimate(_ value: Double, _ boot: [Double]) -> Estimate {
            let band = Quantiles.band(boot)
            return Estimate(value: value.isFinite ? value : nil, low: band.low, high: band.high)
        }
        // Null band: as many alerts per fold, picked at random among the fold's events.
        var np: [Double] = []
        var ne: [Double] = []
        var nr: [Double] = []
        let total = outcomes.reduce(0) { $0 + $1.alerts.count }
        if total > 0 {
            var pools = outcomes.map(\.step.evaluate)
            for _ in 0..<draws {
                var w = 0.0
                var p = 0.0
                var q = 0.0
                for (k, o) in outcomes.enumerated() {
                    let n = pools[k].count
                    for i in 0..<min(o.alerts.count, n) {
                        let j = i + Int(rng.next() % UInt64(n - i))
                        pools[k].swapAt(i, j)
                        let row = pools[k][i]
                        w += labels[row]
                        p += netPct[row]
                        q += netR[row]
                    }
                }
                np.append(w / Double(total))
                ne.append(p / Double(total))
                nr.append(q / Double(total))
            }
        }
        let e = Double(max(1, events))
        return ModelPromise(
            precision: estimate(point.precision, bp), expectancyPct: estimate(point.pct, be), expectancyR: estimate(point.r, br),
            alertsPerDay: estimate(point.rate, ba), alerts: total, days: perDay.count, foldsUsed: outcomes.count, policy: policy,
            base: PromiseBase(
                events: events, precision: events > 0 ? baseWins / e : nil, expectancyPct: events > 0 ? basePct / e : nil,
                expectancyR: events > 0 ? baseR / e : nil),
            nullBand: PromiseNullBand(
                draws: total > 0 ? draws : 0, precision: Quantiles.band(np), expectancyPct: Quantiles.band(ne), expectancyR: Quantiles.band(nr)),
            resamples: resamples, seed: seed)
    }
}

/// How far the final model's scores (on its own training rows) sit from the fold models' out-of-fold scores.
public struct ScoreShift: Sendable, Hashable, Codable {
    /// Two-sample Kolmogorov–Smirnov statistic (largest gap between the two empirical CDFs) of the raw probabilities.
    public var ks: Double
    /// Mean of final minus mean of out-of-fold raw probabilities.
    public var meanShift: Double
    /// Quantile of final minus the same quantile of out-of-fold raw probabilities, at 10 %, 50 %, 90 %, 99 %.
    public var quantileShift: [String: Double]
    /// KS of the served (quantile-mapped, calibrated) final scores against the calibrated out-of-fold scores.
    public var ksServed: Double?
    /// `quantile_map`: the served calibrator maps the final model's score quantiles onto the out-of-fold ones first.
    public var correction: String

    enum CodingKeys: String, CodingKey {
        case ks
        case meanShift = "mean_shift"
        case quantileShift = "quantile_shift"
        case ksServed = "ks_served"
        case correction
    }

    /// KS statistic of two samples.
    public static func ks(_ a: [Double], _ b: [Double]) -> Double {
        let x = a.filter(\.isFinite).sorted()
        let y = b.filter(\.isFinite).sorted()
        guard !x.isEmpty, !y.isEmpty else { return .nan }
        var i = 0
        var j = 0
        var d = 0.0
        while i < x.count && j < y.count {
            let v = min(x[i], y[j])
            while i < x.count && x[i] <= v { i += 1 }
            while j < y.count && y[j] <= v { j += 1 }
            d = max(d, abs(Double(i) / Double(x.count) - Double(j) / Double(y.count)))
        }
        return d
    }

    public static func measure(final: [Double], outOfFold: [Double]) -> ScoreShift {
        let f = final.filter(\.isFinite).sorted()
        let o = outOfFold.filter(\.isFinite).sorted()
        var q: [String: Double] = [:]
        for (k, p) in [("p10", 0.1), ("p50", 0.5), ("p90", 0.9), ("p99", 0.99)] {
            if let a = Quantiles.quantile(sorted: f, p), let b = Quantiles.quantile(sorted: o, p) { q[k] = a - b }
        }
        let mf = f.isEmpty ? 0 : f.reduce(0, +) / Double(f.count)
        let mo = o.isEmpty ? 0 : o.reduce(0, +) / Double(o.count)
        let k = ks(f, o)
        return ScoreShift(ks: k.isFinite ? k : 0, meanShift: mf - mo, quantileShift: q, ksServed: nil, correction: "quantile_map")
    }

    /// The served calibrator: the final model's probability `s` goes to the out-of-fold probability of the same
    /// quantile, then through `calibrator` (fitted on out-of-fold scores), folded into one monotone piecewise-linear map.
    public static func quantileMappedCalibrator(final: [Double], outOfFold: [Double], calibrator: Calibrator?, grid: Int = 1000) throws
        -> Calibrator
    {
        let f = final.filter(\.isFinite).sorted()
        let o = outOfFold.filter(\.isFinite).sorted()
        guard !f.isEmpty, !o.isEmpty else { throw TrainingError.dataset("no scores to map the final model onto the out-of-fold scores") }
        var xs: [Double] = []
        var sums: [Double] = []
        var counts: [Double] = []
        let n = max(2, grid)
        for j in 0..<n {
            let q = Double(j) / Double(n - 1)
            let s = Quantiles.quantile(sorted: f, q)!
            let t = Quantiles.quantile(sorted: o, q)!
            let v = min(1, max(0, calibrator?.calibrate(t) ?? t))
            // A final score that covers a range of quantiles (ties) maps to the mean over that range.
            if let last = xs.last, s <= last {
                sums[sums.count - 1] += v
                counts[counts.count - 1] += 1
            } else {
                xs.append(s)
                sums.append(v)
                counts.append(1)
            }
        }
        var values = zip(sums, counts).map { $0 / $1 }
        for i in values.indices.dropFirst() where values[i] < values[i - 1] { values[i] = values[i - 1] }
        return .isotonic(try IsotonicCalibrator(blockLow: xs, blockHigh: xs, blockValue: values))
    }
}
