import Features
import Testing

@Suite("Condition language")
struct ConditionTests {
    let nan = Double.nan

    @Test("precedence: * before +, arithmetic before comparison, comparison before not/and/or")
    func precedence() throws {
        let columns: [String: [Double]] = ["a": [1, 2, 3], "b": [2, 2, 2]]
        #expect(try Condition("a + b * 2").evaluate(columns) == [5, 6, 7])
        #expect(try Condition("(a + b) * 2").evaluate(columns) == [6, 8, 10])
        #expect(try Condition("-a + 4 / b").evaluate(columns) == [1, 0, -1])
        #expect(try Condition("a - b - 1").evaluate(columns) == [-2, -1, 0], "left-associative")
        #expect(try Condition("a < 2 or a > 2 and b == 3").evaluate(columns) == [1, 0, 0], "and binds tighter than or")
        #expect(try Condition("not a == 2").evaluate(columns) == [1, 0, 1])
        #expect(try Condition("a >= 2 and a <= 2 or a != a").evaluate(columns) == [0, 1, 0])
    }

    @Test("the trader's example over feature columns")
    func example() throws {
        let c = try Condition("rsi_14 < 30 and close > sma_200")
        #expect(c.featureNames == ["rsi_14", "close", "sma_200"])
        let result = try c.evaluate([
            "rsi_14": [25, 35, 20, nan], "close": [101, 101, 99, 101], "sma_200": [100, 100, 100, 100],
        ])
        #expect(result == [1, 0, 0, 0])
    }

    @Test("functions: abs, min, max, cross_above, cross_below")
    func functions() throws {
        let columns: [String: [Double]] = ["fast": [1, 2, 3, 2, 1, 2], "slow": [2, 2, 2, 2, 2, 2], "x": [-3, 4, nan, 1, 0, -1]]
        #expect(try Condition("cross_above(fast, slow)").evaluate(columns) == [0, 0, 1, 0, 0, 0])
        #expect(try Condition("cross_below(fast, slow)").evaluate(columns) == [0, 0, 0, 0, 1, 0])
        #expect(try Condition("abs(x) > 2").evaluate(columns) == [1, 1, 0, 0, 0, 0])
        let m = try Condition("max(fast, x) + min(1, slow)").evaluate(columns)
        #expect(m[0] == 2 && m[1] == 5 && m[2].isNaN && m[3] == 3)
        #expect(try Condition("MAX(fast, slow)").evaluate(columns) == [2, 2, 3, 2, 2, 2], "function names are case-insensitive")
    }

    @Test("NaN: arithmetic propagates, comparisons are false, not of a NaN comparison is true, cross needs both bars")
    func nanSemantics() throws {
        let columns: [String: [Double]] = ["a": [nan, 1, 3, nan, 5], "b": [0, 2, 2, 2, 2]]
        let sum = try Condition("a + b").evaluate(columns)
        #expect(sum[0].isNaN && sum[3].isNaN && sum[2] == 5)
        #expect(try Condition("a > b").evaluate(columns) == [0, 0, 1, 0, 1])
        #expect(try Condition("a != b").evaluate(columns) == [0, 1, 1, 0, 1])
        #expect(try Condition("not a > b").evaluate(columns) == [1, 1, 0, 1, 0])
        #expect(try Condition("cross_above(a, b)").evaluate(columns) == [0, 0, 1, 0, 0], "NaN at t−1 or t: no cross")
        #expect(try Condition("a and b").evaluate(columns) == [0, 1, 1, 0, 1], "NaN is false, non-zero true")
    }

    @Test("identifiers take dots and underscores; numbers take decimals and exponents")
    func lexing() throws {
        let c = try Condition("macd.signal_line > 1.5e-1 and sma_200 >= .5")
        #expect(c.featureNames == ["macd.signal_line", "sma_200"])
        #expect(try c.evaluate(["macd.signal_line": [0.2, 0.1], "sma_200": [0.5, 0.5]]) == [1, 0])
    }

    @Test(
        "syntax errors give the 1-based column and what was expected",
        arguments: [
            ("(rsi_14 < 30", "column 13: expected ')' but found end of input"),
            ("rsi_14 < ", "column 10: expected a number, a feature name, a function or '(' but found end of input"),
            ("rsi_14 < 30 close", "column 13: expected an operator, 'and', 'or' or end of input but found 'close'"),
            ("rsi_14 # 3", "column 8: expected a number, a feature name, an operator or a parenthesis but found '#'"),
            ("foo(close)", "column 1: expected a function (cross_above, cross_below, abs, min, max) but found 'foo'"),
            ("min(close)", "column 1: min takes 2 arguments but got 1"),
            ("abs(close, 2", "column 13: expected ',' or ')' but found end of input"),
            ("20 < rsi_14 < 80", "column 13: expected 'and' or 'or' (comparisons do not chain) but found '<'"),
        ]
    )
    func syntaxErrors(text: String, message: String) {
        do {
            let c = try Condition(text)
            Issue.record("'\(text)' parsed as \(c.expression)")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test("unknown features are an error naming all of them; lengths must agree")
    func evaluationErrors() throws {
        let c = try Condition("rsi_14 < 30 and close > sma_200 or volz > 2")
        #expect(throws: ConditionError.unknownFeatures(["sma_200", "volz"])) {
            try c.evaluate(["rsi_14": [1], "close": [1]])
        }
        #expect(throws: ConditionError.lengthMismatch(feature: "close", expected: 2, got: 1)) {
            try c.evaluate(count: 2) { $0 == "close" ? [1] : [1, 2] }
        }
        #expect(try Condition("2 > 1").evaluate(count: 3) { _ in nil } == [1, 1, 1])
    }
}
