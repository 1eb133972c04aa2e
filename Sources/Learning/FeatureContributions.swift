/// One prediction split into per-feature parts: expectedValue + Σ values = the raw score.
public struct FeatureContributions: Sendable, Equatable {
    public let featureNames: [String]
    /// Contribution of each feature, in model feature order.
    public let values: [Double]
    /// Mean raw score over the training data (from the trees' training cover).
    public let expectedValue: Double

    public init(featureNames: [String], values: [Double], expectedValue: Double) {
        self.featureNames = featureNames
        self.values = values
        self.expectedValue = expectedValue
    }

    /// The k contributions largest in absolute value, largest first (ties by feature order).
    public func topContributions(_ k: Int) -> [(feature: String, value: Double)] {
        let order = values.indices.sorted { a, b in
            abs(values[a]) != abs(values[b]) ? abs(values[a]) > abs(values[b]) : a < b
        }
        return order.prefix(max(k, 0)).map { (featureNames[$0], values[$0]) }
    }

    public var total: Double { expectedValue + values.reduce(0, +) }

    public static func == (a: FeatureContributions, b: FeatureContributions) -> Bool {
        a.featureNames == b.featureNames && a.values == b.values && a.expectedValue == b.expectedValue
    }
}
