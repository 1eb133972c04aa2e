/// A token of the condition language with its 1-based column.
struct ConditionToken: Equatable {
    enum Kind: Equatable {
        case number(Double)
        case identifier(String)
        case symbol(String)  // + - * / ( ) , < <= > >= == !=
        case keyword(String)  // and or not
        case end
    }

    let kind: Kind
    let column: Int

    /// How the token reads in an error message.
    var display: String {
        switch kind {
        case let .number(v): return "number \(v)"
        case let .identifier(name): return "'\(name)'"
        case let .symbol(s): return "'\(s)'"
        case let .keyword(k): return "'\(k)'"
        case .end: return "end of input"
        }
    }
}

/// Splits condition text into tokens; identifiers may contain letters, digits, `_` and `.` (e.g. `sma_200`, `macd.signal`).
enum ConditionLexer {
    static func tokens(_ text: String) throws(ConditionError) -> [ConditionToken] {
        let chars = Array(text)
        var result: [ConditionToken] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            let column = i + 1
            if c.isWhitespace {
                i += 1
                continue
            }
            if c.isNumber || (c == "." && i + 1 < chars.count && chars[i + 1].isNumber) {
                var j = i
                while j < chars.count, chars[j].isNumber || chars[j] == "." { j += 1 }
                if j < chars.count, chars[j] == "e" || chars[j] == "E" {
                    var k = j + 1
                    if k < chars.count, chars[k] == "+" || chars[k] == "-" { k += 1 }
                    if k < chars.count, chars[k].isNumber {
                        while k < chars.count, chars[k].isNumber { k += 1 }
                        j = k
                    }
                }
                let token = String(chars[i..<j])
                guard let value = Double(token) else {
                    throw .syntax(column: column, expected: "a number", found: "'\(token)'")
                }
                result.append(ConditionToken(kind: .number(value), column: column))
                i = j
                continue
            }
            if c.isLetter || c == "_" {
                var j = i
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" || chars[j] == "." { j += 1 }
                let word = String(chars[i..<j])
                switch word.lowercased() {
                case "and", "or", "not": result.append(ConditionToken(kind: .keyword(word.lowercased()), column: column))
                default: result.append(ConditionToken(kind: .identifier(word), column: column))
                }
                i = j
                continue
            }
            let two = i + 1 < chars.count ? String([c, chars[i + 1]]) : ""
            if ["<=", ">=", "==", "!="].contains(two) {
                result.append(ConditionToken(kind: .symbol(two), column: column))
                i += 2
                continue
            }
            if "+-*/(),<>".contains(c) {
                result.append(ConditionToken(kind: .symbol(String(c)), column: column))
                i += 1
                continue
            }
            throw .syntax(column: column, expected: "a number, a feature name, an operator or a parenthesis", found: "'\(c)'")
        }
        result.append(ConditionToken(kind: .end, column: chars.count + 1))
        return result
    }
}
