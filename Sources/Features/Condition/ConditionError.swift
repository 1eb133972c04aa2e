/// What can be wrong with a condition: where the text stops making sense, or which feature is missing.
public enum ConditionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text does not parse; `column` is 1-based.
    case syntax(column: Int, expected: String, found: String)
    /// Features the column provider does not know, in order of first appearance.
    case unknownFeatures([String])
    /// A feature column whose length differs from the others.
    case lengthMismatch(feature: String, expected: Int, got: Int)
    /// A function called with the wrong number of arguments.
    case arity(function: String, expected: Int, got: Int, column: Int)

    public var description: String {
        switch self {
        case let .syntax(column, expected, found):
            return "column \(column): expected \(expected) but found \(found)"
        case let .unknownFeatures(names):
            return "unknown feature\(names.count == 1 ? "" : "s"): \(names.joined(separator: ", ")); "
                + "check the names against the feature set, or add the indicators that produce them"
        case let .lengthMismatch(feature, expected, got):
            return "feature '\(feature)' has \(got) values but the others have \(expected)"
        case let .arity(function, expected, got, column):
            return "column \(column): \(function) takes \(expected) argument\(expected == 1 ? "" : "s") but got \(got)"
        }
    }
}
