/// A fitted probability calibrator, applied to the model's uncalibrated probability.
public enum Calibrator: Sendable, Equatable {
    case isotonic(IsotonicCalibrator)
    case platt(PlattCalibrator)

    /// Which calibration method to fit.
    public enum Method: String, Sendable, CaseIterable, Codable {
        case isotonic, platt
    }

    /// Fits the chosen method from (probability, label) pairs supplied by the caller — use out-of-fold predictions
    /// (see `OutOfFold.predictions`), never the model's own training fit.
    public static func fit(_ method: Method, scores: [Double], labels: [Double], weights: [Double]? = nil) throws -> Calibrator {
        switch method {
        case .isotonic: return .isotonic(try IsotonicCalibrator(scores: scores, labels: labels, weights: weights))
        case .platt: return .platt(try PlattCalibrator(scores: scores, labels: labels, weights: weights))
        }
    }

    public func calibrate(_ probability: Double) -> Double {
        switch self {
        case .isotonic(let c): return c.calibrate(probability)
        case .platt(let c): return c.calibrate(probability)
        }
    }

    public var method: Method {
        switch self {
        case .isotonic: return .isotonic
        case .platt: return .platt
        }
    }
}
