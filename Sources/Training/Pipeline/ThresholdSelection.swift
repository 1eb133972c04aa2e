import AlertsCore
import Foundation

/// Picks the alert threshold on calibrated out-of-fold scores (docs/TRAINING.md, "Thresholds").
///
/// - `target_precision`: among thresholds that would have raised at least `min_alerts` alerts, the lowest one whose
///   alerts reached the target precision (the most alerts at that quality). When none does, the one with the best
///   precision, with a note.
/// - `positive_expectancy`: the lowest score whose out-of-fold expected net return (`ExpectedReturnMap`, isotonic,
///   so non-decreasing in the score) exceeds `min_expected_return_pct` (default 0): alerts only where a trade is
///   expected to make money after costs; none at all when no score does. With `lower_confidence` (say 0.95), the
///   lower confidence bound of the score's isotonic block must exceed it, not only the block's mean.
/// - `top_k`: the score of the ⌊alerts_per_day × days⌋-th best row, so that at most `alerts_per_day` alerts fire per day
///   (ties at the cut are left out: see `topK`).
/// - Regimes: `high_vol` always gets at least `alert + high_vol_margin` (more conservative when volatility is high);
///   with `per_regime`, each regime's own rows choose its threshold by the same precision target first.
public enum ThresholdSelection {
    public static let regimeLabels = ["high_vol", "normal_vol", "low_vol"]

    public static func select(
        policy: ThresholdPolicy, scores: [Double], labels: [Double], regimes: [String?], days: [Int64],
        expectedReturn: ExpectedReturnMap? = nil
    ) -> ThresholdReport {
        let all = Array(scores.indices)
        var note: String?
        let alert: Double
        switch policy.policy {
        case "top_k":
            alert = topK(policy.alertsPerDay, scores: scores, rows: all, days: days)
        case "positive_expectancy":
            if let t = expectedReturn?.lowestScore(aboveReturnPct: policy.minExpectedReturnPct, z: policy.lowerBoundZ) {
                alert = t
            } else {
                // No score has a positive expectancy: a threshold above every score raises no alerts.
                alert = (1.0).nextUp
                let bound = policy.lowerConfidence.map { String(format: " at the %.0f %% lower bound", $0 * 100) } ?? ""
                note = String(
                    format: "no score has an expected net return%@ above %.3f %% out of fold: no alerts", bound, policy.minExpectedReturnPct)
            }
        default:
            let (t, n) = targetPrecision(policy, scores: scores, labels: labels, rows: all)
            alert = t
            note = n
        }
        var perRegime: [String: Double] = [:]
        if policy.perRegime && policy.policy == "target_precision" {
            for r in regimeLabels {
                let rows = all.filter { regimes[$0] == r }
                let (t, n) = targetPrecision(policy, scores: scores, labels: labels, rows: rows)
                perRegime[r] = n == nil ? t : alert
            }
        }
        if policy.highVolMargin > 0 || perRegime["high_vol"] != nil {
            perRegime["high_vol"] = max(perRegime["high_vol"] ?? alert, min(1, alert + policy.highVolMargin))
        }
        let fired = all.filter { scores[$0] >= alert }
        let hits = fired.reduce(0.0) { $0 + labels[$1] }
        let dayCount = Set(days).count
        return ThresholdReport(
            policy: policy.policy, alert: alert, perRegime: perRegime, precision: fired.isEmpty ? nil : hits / Double(fired.count),
            alerts: fired.count, alertsPerDay: dayCount > 0 ? Double(fired.count) / Double(dayCount) : nil, note: note)
    }

    /// The lowest threshold reaching the target precision with enough alerts; else the most precise one and a note.
    static func targetPrecision(_ policy: ThresholdPolicy, scores: [Double], labels: [Double], rows: [Int]) -> (Double, String?) {
        let ranked = rows.sorted { scores[$0] > scores[$1] }
        guard let top = ranked.first else { return (1, "no rows to choose a threshold on") }
        var hits = 0.0
        var best: (t: Double, p: Double)?
        var chosen: Double?
        var i = 0
        while i < ranked.count {
            let level = scores[ranked[i]]
            // All rows tied at this score enter together: a threshold cannot split them.
            while i < ranked.count && scores[ranked[i]] == level {
                hits += labels[ranked[i]]
                i += 1
            }
            guard i >= policy.minAlerts else { continue }
            let p = hits / Double(i)
            if p >= policy.targetPrecision { chosen = level }
            if best == nil || p > best!.p { best = (level, p) }
        }
        if let chosen { return (chosen, nil) }
        guard let best else {
            return (scores[top], "only \(ranked.count) rows, fewer than min_alerts \(policy.minAlerts); threshold = the top score")
        }
        return (
            best.t,
            String(
                format: "target precision %.2f not reached out of fold; best %.3f at threshold %.4f", policy.targetPrecision, best.p, best.t)
        )
    }

    /// The threshold that lets at most `perDay` alerts a day through on `rows` (alert when score ≥ threshold): the
    /// score of the budget-th best row, where budget = ⌊perDay × days⌋. When rows tied at that score would take the
    /// count past the budget, the threshold goes strictly above the tied level (the next representable score), so the
    /// tie is left out rather than the rate exceeded; with no budget at all, nothing alerts.
    static func topK(_ perDay: Double, scores: [Double], rows: [Int], days: [Int64]) -> Double {
        let ranked = rows.map { scores[$0] }.sorted(by: >)
        guard let top = ranked.first else { return 1 }
        let dayCount = Set(rows.map { days[$0] }).count
        let budget = Int((perDay * Double(dayCount)).rounded(.down))
        guard budget >= 1 else { return top.nextUp }
        guard budget < ranked.count else { return ranked[ranked.count - 1] }
        let level = ranked[budget - 1]
        return ranked[budget] == level ? level.nextUp : level
    }
}
