/// Every metric of a scored table at once, as `alertsai learn eval` prints it.
public struct MetricsReport: Sendable, Codable, Equatable {
    public let rows: Int
    public let positiveRate: Double
    public let rocAUC: Double
    public let averagePrecision: Double
    public let logLoss: Double
    public let brierScore: Double
    public let expectedCalibrationError: Double
    /// The fraction used for `precisionAtTop` and `lift`.
    public let topFraction: Double
    public let precisionAtTop: Double
    public let lift: Double
    /// Top-N per period, when a period key was given.
    public let topPerPeriod: Int?
    public let precisionAtTopPerPeriod: Double?
    public let calibrationCurve: [Metrics.CalibrationBin]

    public init(
        probabilities: [Double], labels: [Double], topFraction: Double = 0.1, periods: [String]? = nil, topPerPeriod: Int = 5
    ) {
        rows = labels.count
        positiveRate = labels.reduce(0, +) / Double(max(labels.count, 1))
        rocAUC = Metrics.rocAUC(scores: probabilities, labels: labels)
        averagePrecision = Metrics.averagePrecision(scores: probabilities, labels: labels)
        logLoss = Metrics.logLoss(probabilities: probabilities, labels: labels)
        brierScore = Metrics.brierScore(probabilities: probabilities, labels: labels)
        expectedCalibrationError = Metrics.expectedCalibrationError(probabilities: probabilities, labels: labels)
        self.topFraction = topFraction
        precisionAtTop = Metrics.precisionAtTop(fraction: topFraction, scores: probabilities, labels: labels)
        lift = Metrics.lift(fraction: topFraction, scores: probabilities, labels: labels)
        if let periods {
            self.topPerPeriod = topPerPeriod
            precisionAtTopPerPeriod = Metrics.precisionAtTopPerPeriod(n: topPerPeriod, scores: probabilities, labels: labels, periods: periods)
        } else {
            self.topPerPeriod = nil
            precisionAtTopPerPeriod = nil
        }
        calibrationCurve = Metrics.calibrationCurve(probabilities: probabilities, labels: labels)
    }
}
