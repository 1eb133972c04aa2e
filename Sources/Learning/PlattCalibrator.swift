import Foundation

/// Platt scaling: probability = sigmoid(a · logit(score) + b), fitted with Platt's smoothed targets.
public struct PlattCalibrator: Sendable, Codable, Equatable {
    public let a: Double
    public let b: Double

    public init(a: Double, b: Double) throws {
        guard a.isFinite, b.isFinite else { throw LearningError.invalidModel("Platt calibrator coefficients must be finite") }
        self.a = a
        self.b = b
    }

    /// Fits from (probability, label) pairs by Newton's method; pass out-of-fold probabilities.
    public init(scores: [Double], labels: [Double], weights: [Double]? = nil) throws {
        let pairs = try CalibrationPairs(scores: scores, labels: labels, weights: weights)
        var positives = 0.0, negatives = 0.0
        for (y, w) in zip(pairs.labels, pairs.weights) { if y == 1 { positives += w } else { negatives += w } }
        // Platt (1999): targets pulled off 0/1 so that separable data still gives finite coefficients.
        let hiTarget = (positives + 1) / (positives + 2), loTarget = 1 / (negatives + 2)
        let x = pairs.scores.map(PlattCalibrator.logit)
        func loss(_ a: Double, _ b: Double) -> Double {
            var total = 0.0
            for i in x.indices {
                let t = pairs.labels[i] == 1 ? hiTarget : loTarget
                let m = a * x[i] + b
                // Cross-entropy with soft target t, written to avoid overflow: log(1 + e^m) − t·m.
                total += pairs.weights[i] * ((m > 0 ? m + log1p(exp(-m)) : log1p(exp(m))) - t * m)
            }
            return total
        }
        var a = 0.0, b = log((positives + 1) / (negatives + 1))
        var current = loss(a, b)
        for _ in 0..<100 {
            var g0 = 0.0, g1 = 0.0, h00 = 1e-12, h01 = 0.0, h11 = 1e-12
            for i in x.indices {
                let t = pairs.labels[i] == 1 ? hiTarget : loTarget
                let p = 1 / (1 + exp(-(a * x[i] + b)))
                let w = pairs.weights[i]
                let d = (p - t) * w, h = max(p * (1 - p), 1e-12) * w
                g0 += d * x[i]
                g1 += d
                h00 += h * x[i] * x[i]
                h01 += h * x[i]
                h11 += h
            }
            let det = h00 * h11 - h01 * h01
            guard det > 0 else { break }
            let da = (h11 * g0 - h01 * g1) / det, db = (h00 * g1 - h01 * g0) / det
            // Backtracking keeps Newton from overshooting when the scores are saturated.
            var step = 1.0, next = loss(a - da, b - db)
            while next > current && step > 1e-10 {
                step /= 2
                next = loss(a - step * da, b - step * db)
            }
            guard next <= current else { break }
            a -= step * da
            b -= step * db
            let improvement = current - next
            current = next
            if abs(step * da) < 1e-12 && abs(step * db) < 1e-12 || improvement < 1e-14 * max(1, abs(current)) { break }
        }
        try self.init(a: a, b: b)
    }

    static func logit(_ p: Double) -> Double {
        let q = min(max(p, 1e-12), 1 - 1e-12)
        return log(q / (1 - q))
    }

    /// Calibrated probability of one uncalibrated probability.
    public func calibrate(_ score: Double) -> Double { 1 / (1 + exp(-(a * PlattCalibrator.logit(score) + b))) }
}
