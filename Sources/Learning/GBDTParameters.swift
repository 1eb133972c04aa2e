/// Gradient-boosting settings, named and meant as in LightGBM.
public struct GBDTParameters: Sendable, Equatable, Codable {
    public var numLeaves = 31
    /// ≤ 0 means no limit.
    public var maxDepth = -1
    public var minDataInLeaf = 20
    public var minSumHessianInLeaf = 1e-3
    public var learningRate = 0.1
    public var lambdaL2 = 0.0
    public var minGainToSplit = 0.0
    public var featureFraction = 1.0
    public var baggingFraction = 1.0
    /// Re-draw the bag every `baggingFreq` rounds; 0 disables bagging.
    public var baggingFreq = 0
    public var numRounds = 100
    /// Stop when the validation log-loss has not improved for this many rounds; 0 disables early stopping.
    public var earlyStoppingRounds = 0
    public var maxBin = 255
    public var seed: UInt64 = 0

    public init() {}

    /// Parameter names accepted by `set(_:_:)`, in LightGBM spelling.
    public static let names = [
        "num_leaves", "max_depth", "min_data_in_leaf", "min_sum_hessian_in_leaf", "learning_rate", "lambda_l2",
        "min_gain_to_split", "feature_fraction", "bagging_fraction", "bagging_freq", "num_rounds", "early_stopping_round",
        "max_bin", "seed",
    ]

    /// LightGBM aliases that users type out of habit.
    static let aliases = [
        "num_iterations": "num_rounds", "num_boost_round": "num_rounds", "n_estimators": "num_rounds", "eta": "learning_rate",
        "reg_lambda": "lambda_l2", "lambda": "lambda_l2", "min_child_samples": "min_data_in_leaf",
        "min_child_weight": "min_sum_hessian_in_leaf", "colsample_bytree": "feature_fraction", "subsample": "bagging_fraction",
        "subsample_freq": "bagging_freq", "early_stopping_rounds": "early_stopping_round", "random_state": "seed",
        "min_split_gain": "min_gain_to_split",
    ]

    /// Sets one parameter from its text form, checking its range.
    public mutating func set(_ rawName: String, _ text: String) throws {
        let name = Self.aliases[rawName] ?? rawName
        func int(_ low: Int) throws -> Int {
            guard let v = Int(text), v >= low else {
                throw LearningError.invalidParameter(name: rawName, value: text, reason: "expected an integer ≥ \(low)")
            }
            return v
        }
        func real(_ low: Double, _ high: Double = .infinity, openLow: Bool = false) throws -> Double {
            guard let v = Double(text), v.isFinite, openLow ? v > low : v >= low, v <= high else {
                let range = high.isFinite ? "in \(openLow ? "(" : "[")\(low), \(high)]" : "\(openLow ? ">" : "≥") \(low)"
                throw LearningError.invalidParameter(name: rawName, value: text, reason: "expected a number \(range)")
            }
            return v
        }
        switch name {
        case "num_leaves": numLeaves = try int(2)
        case "max_depth":
            guard let v = Int(text) else {
                throw LearningError.invalidParameter(name: rawName, value: text, reason: "expected an integer (≤ 0 for no limit)")
            }
            maxDepth = v
        case "min_data_in_leaf": minDataInLeaf = try int(1)
        case "min_sum_hessian_in_leaf": minSumHessianInLeaf = try real(0)
        case "learning_rate": learningRate = try real(0, openLow: true)
        case "lambda_l2": lambdaL2 = try real(0)
        case "min_gain_to_split": minGainToSplit = try real(0)
        case "feature_fraction": featureFraction = try real(0, 1, openLow: true)
        case "bagging_fraction": baggingFraction = try real(0, 1, openLow: true)
        case "bagging_freq": baggingFreq = try int(0)
        case "num_rounds": numRounds = try int(1)
        case "early_stopping_round": earlyStoppingRounds = try int(0)
        case "max_bin":
            maxBin = try int(2)
            if maxBin > 255 { throw LearningError.invalidParameter(name: rawName, value: text, reason: "at most 255 bins are supported") }
        case "seed":
            guard let v = UInt64(text) ?? Int64(text).map({ UInt64(bitPattern: $0) }) else {
                throw LearningError.invalidParameter(name: rawName, value: text, reason: "expected an integer")
            }
            seed = v
        default: throw LearningError.unknownParameter(name: rawName, valid: Self.names)
        }
    }

    /// All parameters in text form, as stored in model files.
    public var asDictionary: [String: String] {
        [
            "num_leaves": "\(numLeaves)", "max_depth": "\(maxDepth)", "min_data_in_leaf": "\(minDataInLeaf)",
            "min_sum_hessian_in_leaf": "\(minSumHessianInLeaf)", "learning_rate": "\(learningRate)", "lambda_l2": "\(lambdaL2)",
            "min_gain_to_split": "\(minGainToSplit)", "feature_fraction": "\(featureFraction)",
            "bagging_fraction": "\(baggingFraction)", "bagging_freq": "\(baggingFreq)", "num_rounds": "\(numRounds)",
            "early_stopping_round": "\(earlyStoppingRounds)", "max_bin": "\(maxBin)", "seed": "\(seed)",
        ]
    }
}
