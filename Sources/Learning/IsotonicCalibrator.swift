/// Monotone map from score to probability, fitted by pool-adjacent-violators; linear between fitted blocks.
public struct IsotonicCalibrator: Sendable, Codable, Equatable {
    /// Score range and fitted value of each block, scores ascending, values non-decreasing.
    public let blockLow: [Double]
    public let blockHigh: [Double]
    public let blockValue: [Double]

    /// Fits from (score, label) pairs; pass out-of-fold scores so the calibrator never sees its own training fit.
    public init(scores: [Double], labels: [Double], weights: [Double]? = nil) throws {
        let pairs = try CalibrationPairs(scores: scores, labels: labels, weights: weights)
        let order = pairs.scores.indices.sorted { pairs.scores[$0] < pairs.scores[$1] }
        var low: [Double] = [], high: [Double] = [], sumWY: [Double] = [], sumW: [Double] = []
        for i in order {
            let s = pairs.scores[i], w = pairs.weights[i], y = pairs.labels[i]
            // Equal scores must share one value, so they start in one block.
            if let last = high.last, last == s {
                sumWY[sumWY.count - 1] += w * y
                sumW[sumW.count - 1] += w
            } else {
                low.append(s)
                high.append(s)
                sumWY.append(w * y)
                sumW.append(w)
            }
            while sumW.count > 1 {
                let k = sumW.count - 1
                guard sumWY[k - 1] / sumW[k - 1] >= sumWY[k] / sumW[k] else { break }
                sumWY[k - 1] += sumWY[k]
                sumW[k - 1] += sumW[k]
                high[k - 1] = high[k]
                sumWY.removeLast()
                sumW.removeLast()
                low.removeLast()
                high.removeLast()
            }
        }
        blockLow = low
        blockHigh = high
        blockValue = zip(sumWY, sumW).map { $0 / $1 }
    }

    public init(blockLow: [Double], blockHigh: [Double], blockValue: [Double]) throws {
        guard !blockValue.isEmpty, blockLow.count == blockValue.count, blockHigh.count == blockValue.count else {
            throw LearningError.invalidModel("isotonic calibrator needs the same non-zero number of block bounds and values")
        }
        for i in 0..<blockValue.count {
            guard blockLow[i] <= blockHigh[i], (0...1).contains(blockValue[i]),
                i == 0 || (blockHigh[i - 1] < blockLow[i] && blockValue[i - 1] <= blockValue[i])
            else {
                throw LearningError.invalidModel("isotonic calibrator block \(i) is out of order or outside [0, 1]")
            }
        }
        self.blockLow = blockLow
        self.blockHigh = blockHigh
        self.blockValue = blockValue
    }

    /// Calibrated probability of one score.
    public func calibrate(_ score: Double) -> Double {
        guard !score.isNaN else { return blockValue[blockValue.count / 2] }
        if score <= blockHigh[0] { return blockValue[0] }
        let last = blockValue.count - 1
        if score >= blockLow[last] { return blockValue[last] }
        // First block whose high end is ≥ score.
        var lo = 0, hi = last
        while lo < hi {
            let mid = (lo + hi) >> 1
            if blockHigh[mid] >= score { hi = mid } else { lo = mid + 1 }
        }
        if score >= blockLow[lo] { return blockValue[lo] }
        let x0 = blockHigh[lo - 1], x1 = blockLow[lo]
        let t = (score - x0) / (x1 - x0)
        return blockValue[lo - 1] + t * (blockValue[lo] - blockValue[lo - 1])
    }
}

/// Validated (score, label, weight) triples shared by the calibrators.
struct CalibrationPairs {
    var scores: [Double] = [], labels: [Double] = [], weights: [Double] = []

    /// Drops rows whose score is NaN (rows that no fold predicted).
    init(scores: [Double], labels: [Double], weights: [Double]?) throws {
        guard scores.count == labels.count, weights.map({ $0.count == scores.count }) ?? true else {
            throw LearningError.invalidDataset("calibration needs as many labels (and weights) as scores")
        }
        for i in scores.indices where !scores[i].isNaN {
            guard labels[i] == 0 || labels[i] == 1 else {
                throw LearningError.invalidDataset("calibration label \(labels[i]) at row \(i) is not 0 or 1")
            }
            self.scores.append(scores[i])
            self.labels.append(labels[i])
            self.weights.append(weights?[i] ?? 1)
        }
        guard !self.scores.isEmpty else { throw LearningError.invalidDataset("calibration needs at least one scored row") }
    }
}
