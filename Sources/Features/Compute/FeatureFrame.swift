import AlertsCore

/// One symbol's features over its bars: output columns (normalised, NaN before `firstValidRow`) and the raw
/// columns conditions read. Row i is bar i of the series it was built from.
public struct FeatureFrame: Sendable {
    public let symbol: String
    public let timestamps: ContiguousArray<Int64>
    public let featureNames: [String]
    /// Output columns in `featureNames` order.
    public let columns: [ContiguousArray<Double>]
    /// The first row whose features are defined; earlier rows are NaN (the warm-up is not covered yet).
    public let firstValidRow: Int
    /// Raw (unnormalised) columns by name, base columns included, for conditions.
    let raw: [String: [Double]]

    public var count: Int { timestamps.count }

    /// The output column of `name`.
    public func column(_ name: String) -> ContiguousArray<Double>? {
        featureNames.firstIndex(of: name).map { columns[$0] }
    }

    /// A raw column (before normalisation), or a base column (`close`, …).
    public func rawColumn(_ name: String) -> [Double]? { raw[name] }

    /// The output features of row `i`.
    public func row(_ i: Int) -> [Double] { columns.map { $0[i] } }

    /// A condition over the raw columns, 1/0 per row; 0 on rows before `firstValidRow`.
    public func evaluate(_ condition: Condition) throws(FeatureError) -> [Double] {
        var values: [Double]
        do {
            values = try condition.evaluate(count: count) { raw[$0] }
        } catch {
            throw .invalidExpression(item: "condition", expression: condition.text, reason: error.description)
        }
        for i in 0..<min(firstValidRow, values.count) { values[i] = 0 }
        return values
    }
}

/// The latest feature vector of one symbol: what a scorer reads.
public struct FeatureVector: Sendable, Hashable, Codable {
    public var symbol: String
    /// Start of the bar the vector describes (ms UTC): the last closed bar.
    public var timestamp: Int64
    public var names: [String]
    public var values: [Double]

    public init(symbol: String, timestamp: Int64, names: [String], values: [Double]) {
        self.symbol = symbol
        self.timestamp = timestamp
        self.names = names
        self.values = values
    }

    /// Name → value, the shape `FeatureSource.fetch` returns.
    public var dictionary: [String: Double] { Dictionary(uniqueKeysWithValues: zip(names, values)) }
}
