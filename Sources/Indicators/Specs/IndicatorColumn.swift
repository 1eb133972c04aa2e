/// One output column of a spec: `rsi(14)` or `macd(12,26,9).macdsignal`.
public struct IndicatorColumn: Sendable, Hashable, CustomStringConvertible {
    public let spec: IndicatorSpec
    /// One of `spec.outputNames`.
    public let output: String

    public init(spec: IndicatorSpec, output: String) throws(IndicatorError) {
        guard spec.outputNames.contains(output) else {
            throw .unknownOutput(text: spec.canonical, output: output, available: spec.outputNames)
        }
        self.spec = spec
        self.output = output
    }

    /// Parses `name(params)` (single-output indicators) or `name(params).output`.
    public init(parsing text: String) throws(IndicatorError) {
        var parser = SpecParser(text)
        let item = try parser.item()
        try self.init(spec: item.spec, item.output, text: text)
    }

    init(spec: IndicatorSpec, _ output: String?, text: String) throws(IndicatorError) {
        if let output {
            try self.init(spec: spec, output: output)
        } else if spec.outputNames.count == 1 {
            try self.init(spec: spec, output: spec.outputNames[0])
        } else {
            let names = spec.outputNames.map { "'." + $0 + "'" }.joined(separator: " or ")
            throw .malformed(text: text.trimmed, column: text.count + 1, expected: "an output (\(names)) after \(spec.canonical)")
        }
    }

    /// Parses a comma-separated list of columns, e.g. `rsi(14), macd(12,26,9).macdhist`.
    public static func parseList(_ text: String) throws(IndicatorError) -> [IndicatorColumn] {
        try SpecParser.parseItems(text).map { item throws(IndicatorError) in
            try IndicatorColumn(spec: item.spec, item.output, text: item.spec.canonical)
        }
    }

    /// Canonical column name, as in `IndicatorSpec.columnNames`.
    public var name: String { spec.outputNames.count == 1 ? spec.canonical : spec.canonical + "." + output }

    public var description: String { name }

    /// This column over the bars.
    public func compute(on bars: OHLCV) -> [Double] {
        spec.computeColumns(on: bars)[spec.outputNames.firstIndex(of: output)!]
    }
}
