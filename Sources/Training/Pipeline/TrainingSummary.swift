import AlertsCore
import Foundation

/// The human summary of a run: what was trained, how well it ranks out of fold, and its thresholds.
public enum TrainingSummary {
    public static func text(spec: ModelSpec, prepared: PreparedTraining, metrics: TrainingMetrics) -> String {
        let c = prepared.config
        func f(_ x: Double?, _ digits: Int = 4) -> String { x.map { String(format: "%.\(digits)f", $0) } ?? "n/a" }
        var lines: [String] = []
        lines.append("model        \(spec.reference) (\(spec.status.rawValue))  artifact \(spec.artifactDigest.prefix(16))…")
        lines.append(
            "data         \(c.data.provider) \(c.data.universe) \(c.data.timeframe.rawValue) \(c.data.from)…\(c.data.to): "
                + "\(metrics.samples.symbols) symbols, \(metrics.samples.bars) bars, fingerprint \(prepared.fingerprint.prefix(12))…")
        lines.append(
            "features     \(prepared.featureSet.reference) (\(prepared.featureSet.featureNames.count))  sampling \(prepared.sampling.name)"
                + "  instrument \(prepared.kind.rawValue)")
        lines.append("plan         \(describe(prepared.plan))")
        lines.append(
            "labels       \(metrics.rows) rows (\(metrics.samples.unresolved) unresolved), base rate \(f(metrics.baseRate, 3)), "
                + "effective rows \(f(metrics.effectiveRows, 0)); exits: take_profit \(metrics.samples.takeProfit), stop \(metrics.samples.stop), "
                + "timeout \(metrics.samples.timeout)"
                + (metrics.averageReturnCorrelation.map { String(format: "; uniqueness across symbols at return correlation %.2f", $0) } ?? ""))
        if let v = metrics.validation { lines.append("validation   \(v.method): \(v.summary)") }
        lines.append("")
        let o = metrics.outOfFold
        let rows: [(String, String)] = [
            ("out-of-fold rows", "\(o.rows)"),
            ("AUC", f(o.auc) + (o.aucStandardError.map { String(format: "  (± %.4f SE, %.0f effective rows)", $0, o.effectiveRows ?? 0) } ?? "")),
            ("precision@\(String(format: "%g", o.topFraction * 100))%", f(o.precisionAtTop, 3) + "  (lift \(f(o.lift, 2)))"),
            ("precision@top\(o.topPerDay)/day", f(o.precisionAtTopPerDay, 3)),
            ("base rate", f(o.baseRate, 3)),
            ("Brier  before → after", "\(f(metrics.calibration?.brierBefore ?? o.brier)) → \(f(metrics.calibration?.brierAfter))"),
            ("ECE    before → after", "\(f(metrics.calibration?.eceBefore ?? o.ece)) → \(f(metrics.calibration?.eceAfter))"),
        ]
        lines.append("metric                      value")
        for (k, v) in rows { lines.append(k.padding(toLength: 28, withPad: " ", startingAt: 0) + v) }
        lines.append("")
        lines.append("regime        rows      base    AUC     prec@top")
        for r in ["low_vol", "normal_vol", "high_vol"] {
            guard let m = metrics.perRegime[r] else { continue }
            lines.append(
                r.padding(toLength: 14, withPad: " ", startingAt: 0) + "\(m.rows)".padding(toLength: 10, withPad: " ", startingAt: 0)
                    + f(m.baseRate, 3).padding(toLength: 8, withPad: " ", startingAt: 0) + f(m.auc).padding(toLength: 8, withPad: " ", startingAt: 0)
                    + f(m.precisionAtTop, 3))
        }
        lines.append("")
        let t = metrics.thresholds
        let regimes = t.perRegime.sorted { $0.key < $1.key }.map { "\($0.key) \(f($0.value))" }.joined(separator: ", ")
        lines.append(
            "threshold    \(t.policy): alert \(f(t.alert))\(regimes.isEmpty ? "" : "; \(regimes)")  → out of fold \(t.alerts) alerts, "
                + "precision \(f(t.precision, 3)), \(f(t.alertsPerDay, 2))/day")
        if let note = t.note { lines.append("             note: \(note)") }
        if let shift = metrics.scoreShift {
            let q = ["p50", "p90", "p99"].compactMap { k in shift.quantileShift[k].map { String(format: "%@ %+.4f", k, $0) } }.joined(separator: ", ")
            lines.append(
                String(
                    format: "final model  raw scores vs out of fold: KS %.3f, mean %+.4f, %@; served via quantile map (KS %.3f)", shift.ks,
                    shift.meanShift, q, shift.ksServed ?? .nan))
        }
        lines.append("")
        lines.append(contentsOf: promiseLines(metrics))
        if let trades = metrics.trades {
            lines.append("")
            lines.append(contentsOf: tradeLines("out of fold (final thresholds)", trades.outOfFold))
            lines.append(contentsOf: tradeLines("forward (nested walk-forward)", trades.forward))
        }
        for w in metrics.warnings { lines.append("warning      \(w)") }
        let order = TrainingStage.allCases.map(\.rawValue)
        let timing = order.compactMap { k in metrics.timingsMs[k].map { "\(k) \(String(format: "%.2f", $0 / 1000))s" } }.joined(separator: ", ")
        lines.append("timings      \(timing)")
        return lines.joined(separator: "\n")
    }

    /// The promise block: forward precision, expectancy and rate with their intervals, the base and the null band.
    public static func promiseLines(_ metrics: TrainingMetrics) -> [String] {
        guard let p = metrics.promise else { return ["promise      none (no forward folds to measure one)"] }
        func f(_ x: Double?, _ d: Int = 3) -> String { x.map { String(format: "%.\(d)f", $0) } ?? "n/a" }
        var lines = [
            "promise      forward, \(p.foldsUsed) folds, \(p.alerts) alerts over \(p.days) days (95 % CI, bootstrap by day; null = same rate at random)",
            "             precision      \(p.precision.text(3))   base \(f(p.base.precision))   null \(p.nullBand.precision.text(3))",
            "             expectancy %   \(p.expectancyPct.text(3))   base \(f(p.base.expectancyPct))   null \(p.nullBand.expectancyPct.text(3))",
            "             expectancy R   \(p.expectancyR.text(3))   base \(f(p.base.expectancyR))   null \(p.nullBand.expectancyR.text(3))",
            "             alerts/day     \(p.alertsPerDay.text(2))",
        ]
        lines.append(
            "             publishable    "
                + (p.publishRefusal.map { "no: \($0)" } ?? "yes: the expectancy interval lies above zero and the null band"))
        return lines
    }

    /// One row per regime: alerts, win rate, average win/loss, profit factor, expectancy, drawdown, Sharpe, vs base and null.
    public static func tradeLines(_ title: String, _ table: [String: TradeComparison]) -> [String] {
        guard !table.isEmpty else { return [] }
        func f(_ x: Double?, _ d: Int = 2) -> String { x.map { String(format: "%.\(d)f", $0) } ?? "n/a" }
        func pad(_ s: String, _ n: Int) -> String { s.padding(toLength: max(n, s.count + 1), withPad: " ", startingAt: 0) }
        var lines = [
            "trades       \(title)",
            "  " + pad("regime", 12) + pad("alerts", 8) + pad("win", 7) + pad("avg win%", 10) + pad("avg loss%", 10) + pad("PF", 6)
                + pad("exp %", 8) + pad("exp R", 8) + pad("maxDD R", 9) + pad("Sharpe*", 9) + pad("base exp %", 12) + "null exp %",
        ]
        for key in ["all"] + ThresholdSelection.regimeLabels {
            guard let c = table[key] else { continue }
            let t = c.selected
            lines.append(
                "  " + pad(key, 12) + pad("\(t.alerts)", 8) + pad(f(t.winRate, 3), 7) + pad(f(t.averageWinPct), 10) + pad(f(t.averageLossPct), 10)
                    + pad(f(t.profitFactor), 6) + pad(f(t.expectancyPct, 3), 8) + pad(f(t.expectancyR, 3), 8) + pad(f(t.maxDrawdownR, 1), 9)
                    + pad(f(t.sharpe), 9) + pad(f(c.base?.expectancyPct, 3), 12) + (c.nullBand?.expectancyPct.text(3) ?? "n/a"))
        }
        lines.append("  * Sharpe of the daily alert P&L (equal size per alert, flat days count), annualised × √252")
        return lines
    }

    /// The real run and a control side by side.
    public static func comparison(real: TrainingMetrics, control: TrainingMetrics, kind: TrainingControl) -> String {
        func f(_ x: Double?, _ d: Int = 3) -> String { x.map { String(format: "%.\(d)f", $0) } ?? "n/a" }
        func auc(_ m: TrainingMetrics) -> String {
            f(m.outOfFold.auc) + (m.outOfFold.aucStandardError.map { String(format: " ± %.3f", $0) } ?? "")
        }
        func pad(_ s: String) -> String { s.padding(toLength: max(36, s.count + 1), withPad: " ", startingAt: 0) }
        let rows: [(String, (TrainingMetrics) -> String)] = [
            ("rows (effective)", { "\($0.rows) (\(f($0.effectiveRows, 0)))" }),
            ("out-of-fold AUC ± SE", auc),
            ("base rate", { f($0.baseRate) }),
            ("forward precision", { $0.promise?.precision.text(3) ?? "n/a" }),
            ("forward expectancy %", { $0.promise?.expectancyPct.text(3) ?? "n/a" }),
            ("forward expectancy R", { $0.promise?.expectancyR.text(3) ?? "n/a" }),
            ("forward alerts/day", { $0.promise?.alertsPerDay.text(2) ?? "n/a" }),
            ("base expectancy %", { f($0.promise?.base.expectancyPct) }),
            ("null band expectancy %", { $0.promise?.nullBand.expectancyPct.text(3) ?? "n/a" }),
            ("publishable", { $0.promise.map { $0.publishRefusal == nil ? "yes" : "no" } ?? "no (no promise)" }),
        ]
        var lines = [
            "", "control      \(kind.rawValue) beside the real run",
            "  " + "figure".padding(toLength: 26, withPad: " ", startingAt: 0) + pad("real") + "control \(kind.rawValue)",
        ]
        for (name, value) in rows {
            lines.append("  " + name.padding(toLength: 26, withPad: " ", startingAt: 0) + pad(value(real)) + value(control))
        }
        return lines.joined(separator: "\n")
    }

    /// `long +3% / −2% / 10 bars, next_open`.
    public static func describe(_ p: PlanSpec) -> String {
        func d(_ b: BarrierDistance) -> String {
            switch b {
            case .percent(let x): String(format: "%g%%", x * 100)
            case .atr(let m, let n): String(format: "%g×ATR(%d)", m, n)
            }
        }
        return "\(p.side.rawValue) +\(d(p.takeProfit)) / −\(d(p.stop)) / \(p.maxHoldBars) bars, \(p.entry.rawValue)"
    }
}
