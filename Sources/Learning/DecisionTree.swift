/// How a split treats missing values; the raw values are LightGBM's `missing_type` (bits 2–3 of `decision_type`).
public enum MissingType: UInt8, Sendable, Codable {
    /// NaN is read as 0 and compared with the threshold.
    case none = 0
    /// Zero (|x| ≤ 1e-35) and NaN go the default direction.
    case zero = 1
    /// NaN goes the default direction.
    case nan = 2
}

/// One regression tree in LightGBM's layout: internal nodes 0..<n-1, children ≥ 0 are nodes, children < 0 are `~leaf`.
public struct DecisionTree: Sendable, Codable, Equatable {
    /// Feature index tested at each internal node.
    public var splitFeature: [Int]
    /// Go left when value ≤ threshold (after missing handling).
    public var threshold: [Double]
    /// Direction taken by missing values at each internal node.
    public var defaultLeft: [Bool]
    /// Missing-value convention at each internal node.
    public var missingType: [MissingType]
    public var leftChild: [Int]
    public var rightChild: [Int]
    /// Output of each leaf (learning rate already applied).
    public var leafValue: [Double]
    /// Training rows that reached each leaf: the cover used by TreeSHAP.
    public var leafCount: [Double]
    /// Training rows that reached each internal node.
    public var internalCount: [Double]
    /// Loss reduction of each split, for importances.
    public var splitGain: [Double]

    public var leafCountTotal: Int { leafValue.count }
    public var nodeCount: Int { splitFeature.count }

    public init(
        splitFeature: [Int], threshold: [Double], defaultLeft: [Bool], missingType: [MissingType], leftChild: [Int],
        rightChild: [Int], leafValue: [Double], leafCount: [Double], internalCount: [Double], splitGain: [Double]
    ) {
        self.splitFeature = splitFeature
        self.threshold = threshold
        self.defaultLeft = defaultLeft
        self.missingType = missingType
        self.leftChild = leftChild
        self.rightChild = rightChild
        self.leafValue = leafValue
        self.leafCount = leafCount
        self.internalCount = internalCount
        self.splitGain = splitGain
    }

    /// A tree that always answers `value`.
    public static func constant(_ value: Double, count: Double) -> DecisionTree {
        DecisionTree(
            splitFeature: [], threshold: [], defaultLeft: [], missingType: [], leftChild: [], rightChild: [],
            leafValue: [value], leafCount: [count], internalCount: [], splitGain: [])
    }

    /// LightGBM's numerical decision: true when `value` goes to the left child of `node`.
    @inlinable
    public func goesLeft(_ value: Double, node: Int) -> Bool {
        var x = value
        let type = missingType[node]
        if x.isNaN && type != .nan { x = 0 }
        if (type == .zero && x > -zeroThreshold && x <= zeroThreshold) || (type == .nan && x.isNaN) {
            return defaultLeft[node]
        }
        return x <= threshold[node]
    }

    /// The child of `node` that a row with `value` goes to.
    @inlinable
    public func child(of node: Int, value: Double) -> Int { goesLeft(value, node: node) ? leftChild[node] : rightChild[node] }

    /// The leaf a row reaches; `feature(i)` reads the row's i-th feature.
    @inlinable
    public func leaf(_ feature: (Int) -> Double) -> Int {
        guard nodeCount > 0 else { return 0 }
        var node = 0
        while node >= 0 { node = child(of: node, value: feature(splitFeature[node])) }
        return ~node
    }

    /// Cover of a node or leaf given in LightGBM's child encoding.
    @inlinable
    func cover(_ encoded: Int) -> Double { encoded >= 0 ? internalCount[encoded] : leafCount[~encoded] }

    /// The mean output over training rows: the tree's part of the expected value.
    public var expectedValue: Double {
        let total = leafCount.reduce(0, +)
        guard total > 0 else { return leafValue.reduce(0, +) / Double(max(leafValue.count, 1)) }
        var sum = 0.0
        for (value, count) in zip(leafValue, leafCount) { sum += value * count }
        return sum / total
    }

    /// Checks array lengths, child links and feature indices; `index` names the tree in messages.
    func validate(index: Int, featureCount: Int) throws {
        let n = nodeCount
        let arrays = [
            threshold.count, defaultLeft.count, missingType.count, leftChild.count, rightChild.count, splitGain.count,
            internalCount.count,
        ]
        guard arrays.allSatisfy({ $0 == n }) else { throw LearningError.invalidModel("tree \(index): node arrays differ in length") }
        guard leafValue.count == n + 1, leafCount.count == n + 1 else {
            throw LearningError.invalidModel("tree \(index): \(n) internal nodes need \(n + 1) leaves, found \(leafValue.count)")
        }
        var seen = [Bool](repeating: false, count: 2 * n + 1)
        for node in 0..<n {
            guard splitFeature[node] >= 0 && splitFeature[node] < featureCount else {
                throw LearningError.invalidModel(
                    "tree \(index): node \(node) splits on feature \(splitFeature[node]) "
                        + "but the model has \(featureCount) features")
            }
            guard !threshold[node].isNaN else {
                throw LearningError.invalidModel("tree \(index): node \(node) has a NaN threshold")
            }
            for c in [leftChild[node], rightChild[node]] {
                let slot = c >= 0 ? c : n + ~c
                guard (c >= 0 && c < n && c > node) || (c < 0 && ~c <= n), !seen[slot] else {
                    throw LearningError.invalidModel("tree \(index): node \(node) has an invalid child \(c)")
                }
                seen[slot] = true
            }
        }
        guard leafValue.allSatisfy({ $0.isFinite }) else { throw LearningError.invalidModel("tree \(index): a leaf value is not finite") }
    }
}

/// LightGBM's kZeroThreshold: values this close to zero count as zero for `MissingType.zero`.
public let zeroThreshold: Double = 1e-35
