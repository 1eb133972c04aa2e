/// The syntax tree of a condition.
public indirect enum ConditionExpression: Sendable, Equatable {
    /// Binary operators, loosest first: `or`, `and`, comparisons, `+ -`, `* /`.
    public enum Operator: String, Sendable, Equatable {
        case or, and
        case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "==", notEqual = "!="
        case add = "+", subtract = "-", multiply = "*", divide = "/"
    }

    /// Built-in functions and their arities.
    public enum Function: String, Sendable, Equatable, CaseIterable {
        case crossAbove = "cross_above", crossBelow = "cross_below", abs, min, max

        var arity: Int { self == .abs ? 1 : 2 }
    }

    case number(Double)
    case feature(String)
    case negate(ConditionExpression)
    case not(ConditionExpression)
    case binary(Operator, ConditionExpression, ConditionExpression)
    case call(Function, [ConditionExpression])
}
