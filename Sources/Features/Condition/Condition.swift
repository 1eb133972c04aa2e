/// A parsed condition such as `rsi_14 < 30 and close > sma_200`, evaluated bar by bar over feature columns.
///
/// Semantics (see docs/CONDITIONS.md): numbers are Doubles; booleans are 1.0 / 0.0; arithmetic on NaN gives NaN;
/// a comparison involving NaN is false (0.0), so `not` of it is true; `and`/`or` treat NaN as false; a non-zero number
/// is true. `cross_above(a, b)` at bar t is `a[t−1] <= b[t−1] and a[t] > b[t]` (false at bar 0 and where any of
/// the four values is NaN); `cross_below` mirrors it.
public struct Condition: Sendable, Equatable, CustomStringConvertible {
    /// The text as written.
    public let text: String
    public let expression: ConditionExpression

    /// Parses `text`; errors carry the 1-based column and what was expected there.
    public init(_ text: String) throws(ConditionError) {
        var parser = ConditionParser(tokens: try ConditionLexer.tokens(text))
        self.text = text
        self.expression = try parser.parseCondition()
    }

    public var description: String { text }

    /// Feature names the condition reads, in order of first appearance, so callers can check them up front.
    public var featureNames: [String] {
        var seen: Set<String> = []
        var names: [String] = []
        func walk(_ e: ConditionExpression) {
            switch e {
            case .number: break
            case let .feature(name): if seen.insert(name).inserted { names.append(name) }
            case let .negate(a), let .not(a): walk(a)
            case let .binary(_, a, b):
                walk(a)
                walk(b)
            case let .call(_, arguments): arguments.forEach(walk)
            }
        }
        walk(expression)
        return names
    }

    /// Evaluates over `count` bars; `column(name)` returns a feature's values (`count` of them) or nil if unknown.
    public func evaluate(count: Int, columns column: (String) -> [Double]?) throws(ConditionError) -> [Double] {
        var resolved: [String: [Double]] = [:]
        var missing: [String] = []
        for name in featureNames {
            guard let values = column(name) else {
                missing.append(name)
                continue
            }
            guard values.count == count else { throw .lengthMismatch(feature: name, expected: count, got: values.count) }
            resolved[name] = values
        }
        guard missing.isEmpty else { throw .unknownFeatures(missing) }
        return ConditionEvaluator(count: count, columns: resolved).evaluate(expression)
    }

    /// Evaluates over equal-length columns; the length is taken from the first referenced feature (a condition
    /// without features, such as `1 < 2`, needs `evaluate(count:columns:)`).
    public func evaluate(columns column: (String) -> [Double]?) throws(ConditionError) -> [Double] {
        guard let first = featureNames.first else { return try evaluate(count: 1, columns: column) }
        guard let count = column(first)?.count else { throw .unknownFeatures(featureNames.filter { column($0) == nil }) }
        return try evaluate(count: count, columns: column)
    }

    /// Evaluates over a dictionary of columns.
    public func evaluate(_ columns: [String: [Double]]) throws(ConditionError) -> [Double] {
        try evaluate { columns[$0] }
    }
}
