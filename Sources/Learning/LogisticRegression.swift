import Foundation

/// L2-regularised logistic regression on standardised inputs, fitted by Newton's method: the simple baseline.
public struct LogisticRegression: Sendable, Codable, Equatable {
    public let featureNames: [String]
    /// Training mean of each feature; a missing value is replaced by it (so it contributes nothing).
    public let means: [Double]
    /// Training standard deviation of each feature (1 for constant features).
    public let scales: [Double]
    /// Coefficients on the standardised features.
    public let coefficients: [Double]
    public let intercept: Double
    /// Smallest and largest finite training value of each feature: −∞ is read as `lows[f]` and +∞ as `highs[f]`
    /// (beyond every training value, where a tree sends it too). Nil in model files written before they existed;
    /// such a model reads ±∞ as missing.
    public let lows: [Double]?
    public let highs: [Double]?

    public init(
        featureNames: [String], means: [Double], scales: [Double], coefficients: [Double], intercept: Double,
        lows: [Double]? = nil, highs: [Double]? = nil
    ) throws {
        let d = featureNames.count
        guard means.count == d, scales.count == d, coefficients.count == d else {
            throw LearningError.invalidModel("logistic model needs \(d) means, scales and coefficients")
        }
        guard (means + scales + coefficients + [intercept]).allSatisfy({ $0.isFinite }), scales.allSatisfy({ $0 > 0 }) else {
            throw LearningError.invalidModel("logistic model has a non-finite value or a non-positive scale")
        }
        guard (lows == nil) == (highs == nil) else { throw LearningError.invalidModel("logistic model has lows without highs or highs without lows") }
        if let lows, let highs {
            guard lows.count == d, highs.count == d else { throw LearningError.invalidModel("logistic model needs \(d) lows and highs") }
            guard zip(lows, highs).allSatisfy({ $0.isFinite && $1.isFinite && $0 <= $1 }) else {
                throw LearningError.invalidModel("logistic model has a non-finite training range or a low above its high")
            }
        }
        self.featureNames = featureNames
        self.means = means
        self.scales = scales
        self.coefficients = coefficients
        self.intercept = intercept
        self.lows = lows
        self.highs = highs
    }

    /// The value the model reads for feature `f`: ±∞ becomes the training range's end (or NaN, missing, without a
    /// stored range); NaN stays missing; finite values are used as they are.
    @inline(__always) func input(_ value: Double, feature f: Int) -> Double {
        guard value.isInfinite else { return value }
        guard let lows, let highs else { return .nan }
        return value > 0 ? highs[f] : lows[f]
    }

    /// Settings of the fit.
    public struct Parameters: Sendable, Equatable {
        /// L2 penalty on the standardised coefficients (not the intercept).
        public var lambdaL2 = 1.0
        public var maxIterations = 50
        public var tolerance = 1e-10
        public init() {}

        public static let names = ["lambda_l2", "max_iter", "tolerance"]

        /// Sets one parameter from its text form.
        public mutating func set(_ name: String, _ text: String) throws {
            switch name {
            case "lambda_l2", "lambda", "l2", "reg_lambda":
                guard let v = Double(text), v >= 0, v.isFinite else {
                    throw LearningError.invalidParameter(name: name, value: text, reason: "expected a number ≥ 0")
                }
                lambdaL2 = v
            case "max_iter", "num_rounds":
                guard let v = Int(text), v >= 1 else {
                    throw LearningError.invalidParameter(name: name, value: text, reason: "expected an integer ≥ 1")
                }
                maxIterations = v
            case "tolerance":
                guard let v = Double(text), v > 0 else {
                    throw LearningError.invalidParameter(name: name, value: text, reason: "expected a number > 0")
                }
                tolerance = v
            default: throw LearningError.unknownParameter(name: name, valid: Self.names)
            }
        }

        public var asDictionary: [String: String] {
            ["lambda_l2": "\(lambdaL2)", "max_iter": "\(maxIterations)", "tolerance": "\(tolerance)"]
        }
    }

    /// Fits on `data` (labels 0/1, optional weights).
    public static func train(on data: Dataset, parameters: Parameters = Parameters(), progress: ProgressHandler? = nil) throws -> LogisticRegression {
        try data.requireBinaryLabels()
        let n = data.rowCount, d = data.featureCount
        var means = [Double](repeating: 0, count: d), scales = [Double](repeating: 1, count: d)
        var lows = [Double](repeating: 0, count: d), highs = [Double](repeating: 0, count: d)
        var z = [Double](repeating: 0, count: n * d)  // standardised, row-major
        for f in 0..<d {
            // ±∞ stands for the end of the finite training range (as the last or first bin in a tree).
            var low = Double.infinity, high = -Double.infinity
            for r in 0..<n {
                let v = data.value(row: r, feature: f)
                if v.isFinite {
                    low = min(low, v)
                    high = max(high, v)
                }
            }
            if low > high { (low, high) = (0, 0) }  // no finite value: ±∞ reads as 0, the feature carries nothing
            lows[f] = low
            highs[f] = high
            @inline(__always) func x(_ r: Int) -> Double {
                let v = data.value(row: r, feature: f)
                return v.isInfinite ? (v > 0 ? high : low) : v
            }
            var sum = 0.0, count = 0.0
            for r in 0..<n { let v = x(r); if !v.isNaN { sum += v; count += 1 } }
            let mean = count > 0 ? sum / count : 0
            var ss = 0.0
            for r in 0..<n { let v = x(r); if !v.isNaN { ss += (v - mean) * (v - mean) } }
            let sd = count > 1 ? (ss / count).squareRoot() : 0
            means[f] = mean
            scales[f] = sd > 1e-12 ? sd : 1
            for r in 0..<n {
                let v = x(r)
                z[r * d + f] = v.isNaN ? 0 : (v - mean) / scales[f]
            }
        }
        let p = d + 1  // intercept last
        var beta = [Double](repeating: 0, count: p)
        let sumW = data.totalWeight
        var pos = 0.0
        for r in 0..<n { pos += data.labels[r] * (data.weights?[r] ?? 1) }
        let mean = min(max(pos / sumW, 1e-12), 1 - 1e-12)
        beta[d] = log(mean / (1 - mean))
        for iteration in 0..<parameters.maxIterations {
            var grad = [Double](repeating: 0, count: p)
            var hess = [Double](repeating: 0, count: p * p)
            var loss = 0.0
            for r in 0..<n {
                var s = beta[d]
                for f in 0..<d { s += beta[f] * z[r * d + f] }
                let prob = 1 / (1 + exp(-s))
                let w = data.weights?[r] ?? 1
                let y = data.labels[r]
                let g = (prob - y) * w, h = max(prob * (1 - prob), 1e-12) * w
                let m = y == 1 ? -s : s
                loss += w * (m > 0 ? m + log1p(exp(-m)) : log1p(exp(m)))
                for i in 0..<p {
                    let xi = i == d ? 1 : z[r * d + i]
                    grad[i] += g * xi
                    for j in 0...i { hess[i * p + j] += h * xi * (j == d ? 1 : z[r * d + j]) }
                }
            }
            for i in 0..<d {
                grad[i] += parameters.lambdaL2 * beta[i]
                hess[i * p + i] += parameters.lambdaL2
            }
            for i in 0..<p { for j in 0..<i { hess[j * p + i] = hess[i * p + j] } }
            let step = try solveSymmetric(hess, grad, size: p)
            var maxStep = 0.0
            for i in 0..<p {
                beta[i] -= step[i]
                maxStep = max(maxStep, abs(step[i]))
            }
            progress?(TrainingProgress(round: iteration + 1, totalRounds: parameters.maxIterations, trainLoss: loss / sumW, validLoss: nil))
            if maxStep < parameters.tolerance { break }
        }
        return try LogisticRegression(
            featureNames: data.featureNames, means: means, scales: scales, coefficients: Array(beta[0..<d]), intercept: beta[d],
            lows: lows, highs: highs)
    }

    /// Solves H x = g by Cholesky (H is positive definite thanks to the penalty and the hessian floor).
    static func solveSymmetric(_ h: [Double], _ g: [Double], size p: Int) throws -> [Double] {
        var l = [Double](repeating: 0, count: p * p)
        for i in 0..<p {
            for j in 0...i {
                var sum = h[i * p + j]
                for k in 0..<j { sum -= l[i * p + k] * l[j * p + k] }
                if i == j {
                    guard sum > 0 else {
                        throw LearningError.invalidDataset("logistic regression is singular (a feature duplicates another?); raise lambda_l2")
                    }
                    l[i * p + i] = sum.squareRoot()
                } else {
                    l[i * p + j] = sum / l[j * p + j]
                }
            }
        }
        var y = [Double](repeating: 0, count: p)
        for i in 0..<p {
            var sum = g[i]
            for k in 0..<i { sum -= l[i * p + k] * y[k] }
            y[i] = sum / l[i * p + i]
        }
        var x = [Double](repeating: 0, count: p)
        for i in stride(from: p - 1, through: 0, by: -1) {
            var sum = y[i]
            for k in (i + 1)..<p { sum -= l[k * p + i] * x[k] }
            x[i] = sum / l[i * p + i]
        }
        return x
    }

    /// Log-odds of one row in model feature order.
    public func rawScore(_ row: [Double]) -> Double {
        var s = intercept
        for f in 0..<featureNames.count {
            let v = input(row[f], feature: f)
            if !v.isNaN { s += coefficients[f] * (v - means[f]) / scales[f] }
        }
        return s
    }

    /// Per-feature parts of the log-odds relative to the all-means row (exact for a linear model).
    public func contributions(_ row: [Double]) -> FeatureContributions {
        let values = (0..<featureNames.count).map { f in
            let v = input(row[f], feature: f)
            return v.isNaN ? 0 : coefficients[f] * (v - means[f]) / scales[f]
        }
        return FeatureContributions(featureNames: featureNames, values: values, expectedValue: intercept)
    }
}
