import Indicators
import Testing

@Suite("Indicator spec grammar")
struct IndicatorSpecTests {
    @Test("omitted parameters take TA-Lib's defaults")
    func defaults() throws {
        #expect(try IndicatorSpec(parsing: "rsi()").parameters == [14])
        #expect(try IndicatorSpec(parsing: "macd()").parameters == [12, 26, 9])
        #expect(try IndicatorSpec(parsing: "macd(5)").parameters == [5, 26, 9])
        #expect(try IndicatorSpec(parsing: "bbands()").parameters == [5, 2, 2])
        #expect(try IndicatorSpec(parsing: "bbands(20,2.5)").parameters == [20, 2.5, 2.5])
        #expect(try IndicatorSpec(parsing: "bbands(20,2,1)").parameters == [20, 2, 1])
        #expect(try IndicatorSpec(parsing: "stoch(14)").parameters == [14, 3, 3])
        #expect(try IndicatorSpec(parsing: "stochf()").parameters == [5, 3])
        #expect(try IndicatorSpec(parsing: "sar()").parameters == [0.02, 0.2])
        #expect(try IndicatorSpec(parsing: "ultosc()").parameters == [7, 14, 28])
        #expect(try IndicatorSpec(parsing: "adosc()").parameters == [3, 10])
        #expect(try IndicatorSpec(parsing: "stddev(20)").parameters == [20, 1])
        #expect(try IndicatorSpec(parsing: "obv()").parameters.isEmpty)
    }

    @Test("canonical text is lower-case, blank-free and drops only implied trailing parameters")
    func canonical() throws {
        #expect(try IndicatorSpec(parsing: " RSI ( 14 ) ").canonical == "rsi(14)")
        #expect(try IndicatorSpec(parsing: "rsi()").canonical == "rsi(14)")
        #expect(try IndicatorSpec(parsing: "bbands(20, 2, 2)").canonical == "bbands(20,2)")
        #expect(try IndicatorSpec(parsing: "bbands(20,2,1)").canonical == "bbands(20,2,1)")
        #expect(try IndicatorSpec(parsing: "stddev(20,1)").canonical == "stddev(20)")
        #expect(try IndicatorSpec(parsing: "stddev(20,2)").canonical == "stddev(20,2)")
        #expect(try IndicatorSpec(parsing: "sar()").canonical == "sar(0.02,0.2)")
        #expect(try IndicatorSpec(parsing: "rsi(14.0)").canonical == "rsi(14)")
        #expect(try IndicatorSpec(parsing: "dist_high(50)").canonical == "dist_high(50)")
        for kind in IndicatorKind.allCases {
            let spec = try IndicatorSpec(kind)
            #expect(try IndicatorSpec(parsing: spec.canonical) == spec, "round trip of \(spec)")
        }
    }

    @Test("outputs carry TA-Lib's names and columns are addressable")
    func outputs() throws {
        #expect(
            try IndicatorSpec(parsing: "macd(12,26,9)").columnNames == [
                "macd(12,26,9).macd", "macd(12,26,9).macdsignal", "macd(12,26,9).macdhist",
            ])
        #expect(try IndicatorSpec(parsing: "aroon(14)").outputNames == ["aroondown", "aroonup"])
        #expect(try IndicatorSpec(parsing: "rsi(14)").columnNames == ["rsi(14)"])
        let column = try IndicatorColumn(parsing: "bbands(20,2).upperband")
        #expect(column.output == "upperband" && column.spec.parameters == [20, 2, 2])
        #expect(try IndicatorColumn(parsing: "stoch(14,3,3).SLOWK").name == "stoch(14,3,3).slowk")
    }

    @Test("lists split at commas outside parentheses")
    func lists() throws {
        let specs = try IndicatorSpec.parseList("rsi(14), macd(12,26,9),bbands(20,2) ,obv()")
        #expect(specs.map(\.canonical) == ["rsi(14)", "macd(12,26,9)", "bbands(20,2)", "obv()"])
        let columns = try IndicatorColumn.parseList("rsi(14), macd(12,26,9).macdhist")
        #expect(columns.map(\.name) == ["rsi(14)", "macd(12,26,9).macdhist"])
    }

    @Test(
        "bad specs are errors naming the bad token",
        arguments: [
            ("rsx(14)", "rsx"), ("rsi(14.5)", "14.5"), ("rsi(1)", "timeperiod = 1"), ("rsi(14,3)", "at most 1"),
            ("macd(12,26,9,4)", "got 4"), ("rsi(14", "')'"), ("rsi(a)", "a number"), ("rsi 14", "'('"),
            ("macd(12,26,9).signal", "signal"), ("sma(100001)", "100001"), ("sar(-0.1)", "-0.1"), ("rsi(14) x", "'x'"),
            ("rsi(14), , sma(5)", "indicator name"),
        ]
    )
    func errors(text: String, fragment: String) {
        do {
            let specs = try IndicatorSpec.parseList(text)
            Issue.record("'\(text)' parsed as \(specs)")
        } catch {
            #expect(error.description.contains(fragment), "'\(text)': \(error.description)")
        }
    }

    @Test("errors in a list point at the column in the whole list")
    func listColumns() {
        #expect(throws: IndicatorError.malformed(text: "sma(5", column: 15, expected: "',' or ')' but found end of input")) {
            try IndicatorSpec.parseList("rsi(14), sma(5")
        }
    }

    @Test("a multi-output spec needs an output to name a column")
    func columnNeedsOutput() {
        #expect(throws: IndicatorError.self) { try IndicatorColumn(parsing: "macd(12,26,9)") }
        #expect(throws: IndicatorError.self) { try IndicatorSpec(parsing: "macd(12,26,9).macd") }
    }

    @Test("lookbacks are TA-Lib's")
    func lookbacks() throws {
        let expected: [String: Int] = [
            "sma(20)": 19, "ema(20)": 19, "dema(20)": 38, "tema(20)": 57, "trix(15)": 43, "kama(30)": 30, "rsi(14)": 14,
            "macd(12,26,9)": 33, "ppo(12,26)": 25, "adx(14)": 27, "adxr(14)": 40, "stoch(14,3,3)": 17, "stochf(14,3)": 15,
            "ultosc(7,14,28)": 28, "sar(0.02,0.2)": 1, "obv()": 0, "adosc(3,10)": 9, "linearreg_slope(14)": 13,
            "logret(5)": 5, "rvol(20)": 20, "zscore(20)": 19, "gap()": 1, "dist_low(10)": 9,
        ]
        for (text, lookback) in expected { #expect(try IndicatorSpec(parsing: text).lookback == lookback, "\(text)") }
    }
}
