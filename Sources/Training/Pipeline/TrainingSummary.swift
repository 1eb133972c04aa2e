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
                + "timeout \(metrics.samples.timeout)")
        lines.append("")
        let o = metrics.outOfFold
        let rows: [(String, String)] = [
            ("out-of-fold rows", "\(o.rows)"),
            ("AUC", f(o.auc)),
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
        let order = TrainingStage.allCases.map(\.rawValue)
        let timing = order.compactMap { k in metrics.timingsMs[k].map { "\(k) \(String(format: "%.2f", $0 / 1000))s" } }.joined(separator: ", ")
        lines.append("timings      \(timing)")
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
