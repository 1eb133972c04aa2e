import Foundation

/// Evaluation metrics for binary scores: ranking quality, probability quality and top-of-list precision.
public enum Metrics {
    /// ROC AUC; tied scores count one half (the Mann–Whitney statistic). NaN when one class is absent.
    public static func rocAUC(scores: [Double], labels: [Double]) -> Double {
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSumPositive = 0.0, positives = 0.0
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && scores[order[j + 1]] == scores[order[i]] { j += 1 }
            let averageRank = Double(i + j) / 2 + 1
            for k in i...j where labels[order[k]] == 1 {
                rankSumPositive += averageRank
                positives += 1
            }
            i = j + 1
        }
        let negatives = Double(scores.count) - positives
        guard positives > 0, negatives > 0 else { return .nan }
        return (rankSumPositive - positives * (positives + 1) / 2) / (positives * negatives)
    }

    /// Average precision: Σ over distinct thresholds (high to low) of (recall step) × precision. NaN without positives.
    public static func averagePrecision(scores: [Double], labels: [Double]) -> Double {
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        let positives = labels.reduce(0.0) { $0 + ($1 == 1 ? 1 : 0) }
        guard positives > 0 else { return .nan }
        var tp = 0.0, seen = 0.0, ap = 0.0, lastRecall = 0.0
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && scores[order[j + 1]] == scores[order[i]] { j += 1 }
            for k in i...j where labels[order[k]] == 1 { tp += 1 }
            seen += Double(j - i + 1)
            let recall = tp / positives
            ap += (recall - lastRecall) * (tp / seen)
            lastRecall = recall
            i = j + 1
        }
        return ap
    }

    /// Mean binary log-loss of probabilities, clipped to [1e-15, 1 - 1e-15].
    public static func logLoss(probabilities: [Double], labels: [Double]) -> Double {
        var total = 0.0
        for (p, y) in zip(probabilities, labels) {
            let q = min(max(p, 1e-15), 1 - 1e-15)
            total -= y == 1 ? log(q) : log(1 - q)
        }
        return total / Double(max(probabilities.count, 1))
    }

    /// Mean squared error between probability and label.
    public static func brierScore(probabilities: [Double], labels: [Double]) -> Double {
        var total = 0.0
        for (p, y) in zip(probabilities, labels) { total += (p - y) * (p - y) }
        return total / Double(max(probabilities.count, 1))
    }

    /// One bin of a calibration curve.
    public struct CalibrationBin: Sendable, Codable, Equatable {
        public let lower: Double
        public let upper: Double
        public let count: Int
        public let meanPredicted: Double
        public let observedRate: Double
    }

    /// Equal-width bins over [0, 1] (the top bin includes 1); empty bins are left out.
    public static func calibrationCurve(probabilities: [Double], labels: [Double], bins: Int = 10) -> [CalibrationBin] {
        var count = [Int](repeating: 0, count: bins), sumP = [Double](repeating: 0, count: bins)
        var sumY = [Double](repeating: 0, count: bins)
        for (p, y) in zip(probabilities, labels) {
            let b = min(max(Int(p * Double(bins)), 0), bins - 1)
            count[b] += 1
            sumP[b] += p
            sumY[b] += y
        }
        return (0..<bins).filter { count[$0] > 0 }.map { b in
            CalibrationBin(
                lower: Double(b) / Double(bins), upper: Double(b + 1) / Double(bins), count: count[b],
                meanPredicted: sumP[b] / Double(count[b]), observedRate: sumY[b] / Double(count[b]))
        }
    }

    /// Expected calibration error: Σ (bin share) × |mean predicted − observed rate| over equal-width bins.
    public static func expectedCalibrationError(probabilities: [Double], labels: [Double], bins: Int = 10) -> Double {
        let n = Double(max(probabilities.count, 1))
        return calibrationCurve(probabilities: probabilities, labels: labels, bins: bins)
            .reduce(0) { $0 + Double($1.count) / n * abs($1.meanPredicted - $1.observedRate) }
    }

    /// Rows ranked by score, highest first; ties keep row order so results are reproducible.
    static func ranked(_ scores: [Double], _ rows: [Int]) -> [Int] {
        rows.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
    }

    /// Share of positives among the top `fraction` of rows (at least one row).
    public static func precisionAtTop(fraction: Double, scores: [Double], labels: [Double]) -> Double {
        guard !scores.isEmpty else { return .nan }
        let k = min(scores.count, max(1, Int((fraction * Double(scores.count)).rounded(.up))))
        let top = ranked(scores, Array(scores.indices)).prefix(k)
        return top.reduce(0) { $0 + labels[$1] } / Double(k)
    }

    /// Share of positives among the top `n` rows of each period (e.g. a day), pooled over periods.
    public static func precisionAtTopPerPeriod<Key: Hashable>(n: Int, scores: [Double], labels: [Double], periods: [Key]) -> Double {
        var groups: [Key: [Int]] = [:]
        for i in scores.indices { groups[periods[i], default: []].append(i) }
        var hits = 0.0, picked = 0.0
        for rows in groups.values {
            for r in ranked(scores, rows).prefix(n) {
                hits += labels[r]
                picked += 1
            }
        }
        return picked > 0 ? hits / picked : .nan
    }

    /// Precision of the top `fraction` divided by the base rate.
    public static func lift(fraction: Double, scores: [Double], labels: [Double]) -> Double {
        let base = labels.reduce(0, +) / Double(max(labels.count, 1))
        return base > 0 ? precisionAtTop(fraction: fraction, scores: scores, labels: labels) / base : .nan
    }
}
