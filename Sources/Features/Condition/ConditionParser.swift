/// Recursive descent over the grammar (loosest first):
///
///     or      := and ('or' and)*
///     and     := not ('and' not)*
///     not     := 'not' not | compare
///     compare := sum (('<' | '<=' | '>' | '>=' | '==' | '!=') sum)?
///     sum     := product (('+' | '-') product)*
///     product := unary (('*' | '/') unary)*
///     unary   := '-' unary | primary
///     primary := number | feature | function '(' or (',' or)* ')' | '(' or ')'
struct ConditionParser {
    let tokens: [ConditionToken]
    var index = 0

    var current: ConditionToken { tokens[index] }

    mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    func fail(_ expected: String) -> ConditionError {
        .syntax(column: current.column, expected: expected, found: current.display)
    }

    mutating func accept(_ symbol: String) -> Bool {
        if current.kind == .symbol(symbol) || current.kind == .keyword(symbol) {
            advance()
            return true
        }
        return false
    }

    mutating func parseCondition() throws(ConditionError) -> ConditionExpression {
        let expression = try parseOr()
        guard current.kind == .end else { throw fail("an operator, 'and', 'or' or end of input") }
        return expression
    }

    mutating func parseOr() throws(ConditionError) -> ConditionExpression {
        var left = try parseAnd()
        while accept("or") { left = .binary(.or, left, try parseAnd()) }
        return left
    }

    mutating func parseAnd() throws(ConditionError) -> ConditionExpression {
        var left = try parseNot()
        while accept("and") { left = .binary(.and, left, try parseNot()) }
        return left
    }

    mutating func parseNot() throws(ConditionError) -> ConditionExpression {
        if accept("not") { return .not(try parseNot()) }
        return try parseComparison()
    }

    mutating func parseComparison() throws(ConditionError) -> ConditionExpression {
        let left = try parseSum()
        let comparisons: [ConditionExpression.Operator] = [.lessOrEqual, .greaterOrEqual, .equal, .notEqual, .less, .greater]
        for op in comparisons where accept(op.rawValue) {
            let comparison = ConditionExpression.binary(op, left, try parseSum())
            // `a < b < c` reads like a range test but would compare a truth value with c: refuse it.
            if comparisons.contains(where: { current.kind == .symbol($0.rawValue) }) {
                throw fail("'and' or 'or' (comparisons do not chain)")
            }
            return comparison
        }
        return left
    }

    mutating func parseSum() throws(ConditionError) -> ConditionExpression {
        var left = try parseProduct()
        while true {
            if accept("+") {
                left = .binary(.add, left, try parseProduct())
            } else if accept("-") {
                left = .binary(.subtract, left, try parseProduct())
            } else {
                return left
            }
        }
    }

    mutating func parseProduct() throws(ConditionError) -> ConditionExpression {
        var left = try parseUnary()
        while true {
            if accept("*") {
                left = .binary(.multiply, left, try parseUnary())
            } else if accept("/") {
                left = .binary(.divide, left, try parseUnary())
            } else {
                return left
            }
        }
    }

    mutating func parseUnary() throws(ConditionError) -> ConditionExpression {
        if accept("-") { return .negate(try parseUnary()) }
        return try parsePrimary()
    }

    mutating func parsePrimary() throws(ConditionError) -> ConditionExpression {
        let token = current
        switch token.kind {
        case let .number(value):
            advance()
            return .number(value)
        case let .identifier(name):
            advance()
            guard current.kind == .symbol("(") else { return .feature(name) }
            guard let function = ConditionExpression.Function(rawValue: name.lowercased()) else {
                let known = ConditionExpression.Function.allCases.map(\.rawValue).joined(separator: ", ")
                throw .syntax(column: token.column, expected: "a function (\(known))", found: "'\(name)'")
            }
            advance()
            var arguments = [try parseOr()]
            while accept(",") { arguments.append(try parseOr()) }
            guard accept(")") else { throw fail("',' or ')'") }
            guard arguments.count == function.arity else {
                throw .arity(function: function.rawValue, expected: function.arity, got: arguments.count, column: token.column)
            }
            return .call(function, arguments)
        case .symbol("("):
            advance()
            let inner = try parseOr()
            guard accept(")") else { throw fail("')'") }
            return inner
        default:
            throw fail("a number, a feature name, a function or '('")
        }
    }
}
