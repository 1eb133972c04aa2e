/// How a feature is scaled before it enters the vector; every option uses bar t and earlier bars only.
public enum FeatureNormalization: Sendable, Hashable, CustomStringConvertible {
    /// The value as computed.
    case none
    /// (x − mean) / population stdev of the feature's last `n` values, this bar included; 0 on a flat window,
    /// NaN when any of the `n` values is NaN.
    case zscore(Int)
    /// x / close of the same bar: turns price-scaled values (ATR, MACD) into fractions of price.
    case divideByClose

    /// Parses `none`, `zscore(n)` (2 ≤ n ≤ 100000) or `divide_by_close`; nil text means `none`.
    public init(parsing text: String?, item: String) throws(FeatureError) {
        guard let raw = text else {
            self = .none
            return
        }
        let t = raw.filter { !$0.isWhitespace }.lowercased()
        switch t {
        case "", "none": self = .none
        case "divide_by_close", "close": self = .divideByClose
        default:
            guard t.hasPrefix("zscore(") && t.hasSuffix(")") else {
                throw .invalidNormalization(item: item, text: raw, reason: "unknown normalisation")
            }
            let inner = t.dropFirst("zscore(".count).dropLast()
            guard let n = Int(inner) else {
                throw .invalidNormalization(item: item, text: raw, reason: "the window must be a whole number of bars")
            }
            guard n >= 2 && n <= 100_000 else {
                throw .invalidNormalization(item: item, text: raw, reason: "the window must be in 2…100000, got \(n)")
            }
            self = .zscore(n)
        }
    }

    public var description: String {
        switch self {
        case .none: "none"
        case .zscore(let n): "zscore(\(n))"
        case .divideByClose: "divide_by_close"
        }
    }

    /// Earlier bars the normalised value reads beyond the raw value's own.
    var lagBars: Int {
        if case .zscore(let n) = self { return n - 1 }
        return 0
    }
}
