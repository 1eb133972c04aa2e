import Foundation

/// A training or scoring table: column-major features (NaN = missing), binary labels, optional weights and event spans.
public struct Dataset: Sendable {
    /// Feature names in column order.
    public let featureNames: [String]
    /// Number of rows.
    public let rowCount: Int
    /// Feature values, column-major: `values[feature * rowCount + row]`.
    public let values: ContiguousArray<Double>
    /// Labels (0 or 1 for classification); empty when the table is only scored.
    public let labels: ContiguousArray<Double>
    /// Optional per-row sample weights.
    public let weights: ContiguousArray<Double>?
    /// Optional per-row event start time, used by the purged splitters.
    public let t0: ContiguousArray<Double>?
    /// Optional per-row label end time (the label is known only after it), used by the purged splitters.
    public let t1: ContiguousArray<Double>?

    public var featureCount: Int { featureNames.count }

    /// Builds a dataset from a column-major value buffer.
    public init(
        featureNames: [String], rowCount: Int, values: ContiguousArray<Double>, labels: ContiguousArray<Double> = [],
        weights: ContiguousArray<Double>? = nil, t0: ContiguousArray<Double>? = nil, t1: ContiguousArray<Double>? = nil
    ) throws {
        guard values.count == featureNames.count * rowCount else {
            throw LearningError.invalidDataset(
                "\(values.count) values for \(featureNames.count) features × \(rowCount) rows")
        }
        guard labels.isEmpty || labels.count == rowCount else {
            throw LearningError.invalidDataset("\(labels.count) labels for \(rowCount) rows")
        }
        if let weights {
            guard weights.count == rowCount else { throw LearningError.invalidDataset("\(weights.count) weights for \(rowCount) rows") }
            if let bad = weights.firstIndex(where: { !($0 >= 0) || !$0.isFinite }) {
                throw LearningError.invalidDataset("weight of row \(bad) is \(weights[bad]); weights must be finite and ≥ 0")
            }
        }
        guard (t0 == nil) == (t1 == nil) else { throw LearningError.invalidDataset("t0 and t1 must be given together") }
        if let t0, let t1 {
            guard t0.count == rowCount, t1.count == rowCount else {
                throw LearningError.invalidDataset("t0/t1 need one value per row (\(rowCount))")
            }
            for row in 0..<rowCount where !(t0[row] <= t1[row]) {
                throw LearningError.invalidDataset("row \(row): t0 \(t0[row]) is after t1 \(t1[row]) (or one is missing)")
            }
        }
        if Set(featureNames).count != featureNames.count {
            throw LearningError.invalidDataset("duplicate feature names in [\(featureNames.joined(separator: ", "))]")
        }
        self.featureNames = featureNames
        self.rowCount = rowCount
        self.values = values
        self.labels = labels
        self.weights = weights
        self.t0 = t0
        self.t1 = t1
    }

    /// Builds a dataset from one array per feature.
    public init(
        featureNames: [String], columns: [[Double]], labels: [Double] = [], weights: [Double]? = nil,
        t0: [Double]? = nil, t1: [Double]? = nil
    ) throws {
        guard columns.count == featureNames.count else {
            throw LearningError.invalidDataset("\(columns.count) columns for \(featureNames.count) feature names")
        }
        let rows = columns.first?.count ?? labels.count
        var values = ContiguousArray<Double>()
        values.reserveCapacity(rows * columns.count)
        for (index, column) in columns.enumerated() {
            guard column.count == rows else {
                throw LearningError.invalidDataset("column '\(featureNames[index])' has \(column.count) rows, expected \(rows)")
            }
            values.append(contentsOf: column)
        }
        try self.init(
            featureNames: featureNames, rowCount: rows, values: values, labels: ContiguousArray(labels),
            weights: weights.map { ContiguousArray($0) }, t0: t0.map { ContiguousArray($0) }, t1: t1.map { ContiguousArray($0) })
    }

    /// The value of one cell.
    @inlinable public func value(row: Int, feature: Int) -> Double { values[feature * rowCount + row] }

    /// One row's features in model order.
    public func row(_ row: Int) -> [Double] { (0..<featureCount).map { values[$0 * rowCount + row] } }

    /// Sum of weights (row count when unweighted).
    public var totalWeight: Double { weights.map { $0.reduce(0, +) } ?? Double(rowCount) }

    /// The rows `indices`, in that order, with their labels, weights and spans.
    public func subset(rows indices: [Int]) -> Dataset {
        let m = indices.count
        var out = ContiguousArray<Double>(repeating: 0, count: m * featureCount)
        values.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for f in 0..<featureCount {
                    let s = f * rowCount, d = f * m
                    for (i, r) in indices.enumerated() { dst[d + i] = src[s + r] }
                }
            }
        }
        func pick(_ a: ContiguousArray<Double>?) -> ContiguousArray<Double>? { a.map { a in ContiguousArray(indices.map { a[$0] }) } }
        // The source already passed validation, so the subset is valid by construction.
        return try! Dataset(
            featureNames: featureNames, rowCount: m, values: out, labels: labels.isEmpty ? [] : pick(labels)!,
            weights: pick(weights), t0: pick(t0), t1: pick(t1))
    }

    /// Checks that labels exist and are 0 or 1.
    func requireBinaryLabels() throws {
        guard labels.count == rowCount, rowCount > 0 else { throw LearningError.invalidDataset("training needs one label per row") }
        if let bad = labels.firstIndex(where: { $0 != 0 && $0 != 1 }) {
            throw LearningError.invalidDataset("label of row \(bad) is \(labels[bad]); binary labels must be 0 or 1")
        }
    }
}
