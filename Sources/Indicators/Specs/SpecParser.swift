// The spec grammar:  list := item (',' item)* ;  item := name '(' [number (',' number)*] ')' ['.' output]
// Names and outputs are case-insensitive; blanks are allowed between tokens; commas inside parentheses
// separate parameters, commas outside separate items.

/// Reads specs and columns from text; error columns are 1-based and count from the start of the whole list.
struct SpecParser {
    let text: String
    let chars: [Character]
    var pos: Int
    let end: Int

    init(_ text: String, range: Range<Int>? = nil, fullText: String? = nil) {
        let all = Array(fullText ?? text)
        self.chars = all
        let r = range ?? 0..<all.count
        self.text = String(all[r])
        self.pos = r.lowerBound
        self.end = r.upperBound
    }

    mutating func skipBlanks() {
        while pos < end, chars[pos] == " " || chars[pos] == "\t" || chars[pos] == "\n" { pos += 1 }
    }

    func fail(_ expected: String) -> IndicatorError {
        let found = pos < end ? "'\(chars[pos])'" : "end of input"
        return .malformed(text: text.trimmed, column: pos + 1, expected: "\(expected) but found \(found)")
    }

    mutating func identifier(_ what: String) throws(IndicatorError) -> String {
        skipBlanks()
        let start = pos
        while pos < end, chars[pos] == "_" || chars[pos].isLetter || (pos > start && chars[pos].isNumber) { pos += 1 }
        guard pos > start else { throw fail(what) }
        return String(chars[start..<pos]).lowercased()
    }

    mutating func expect(_ c: Character) throws(IndicatorError) {
        skipBlanks()
        guard pos < end, chars[pos] == c else { throw fail("'\(c)'") }
        pos += 1
    }

    mutating func number() throws(IndicatorError) -> (value: Double, token: String) {
        skipBlanks()
        let start = pos
        while pos < end, chars[pos].isNumber || "+-.eE".contains(chars[pos]) { pos += 1 }
        let token = String(chars[start..<pos])
        guard !token.isEmpty else { pos = start; throw fail("a number") }
        guard let value = Double(token), value.isFinite else { pos = start; throw fail("a number") }
        return (value, token)
    }

    /// One `name(params)[.output]` item.
    mutating func item() throws(IndicatorError) -> (spec: IndicatorSpec, output: String?) {
        let name = try identifier("an indicator name")
        let itemText = text.trimmed
        guard let kind = IndicatorKind(rawValue: name) else { throw .unknownIndicator(name: name, text: itemText) }
        try expect("(")
        var values: [Double] = []
        var tokens: [String] = []
        skipBlanks()
        if pos < end, chars[pos] == ")" {
            pos += 1
        } else {
            while true {
                let n = try number()
                values.append(n.value)
                tokens.append(n.token)
                skipBlanks()
                guard pos < end else { throw fail("',' or ')'") }
                if chars[pos] == ")" {
                    pos += 1
                    break
                }
                guard chars[pos] == "," else { throw fail("',' or ')'") }
                pos += 1
            }
        }
        let spec = try IndicatorSpec(kind, values: values, tokens: tokens, text: itemText)
        skipBlanks()
        var output: String?
        if pos < end, chars[pos] == "." {
            pos += 1
            let name = try identifier("an output name")
            guard spec.outputNames.contains(name) else {
                throw .unknownOutput(text: itemText, output: name, available: spec.outputNames)
            }
            output = name
        }
        skipBlanks()
        guard pos == end else { throw fail(output == nil ? "'.' or end of spec" : "end of spec") }
        return (spec, output)
    }

    /// Splits a list at commas outside parentheses, returning each item's character range.
    static func items(of chars: [Character]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var depth = 0
        var start = 0
        for (i, c) in chars.enumerated() {
            if c == "(" {
                depth += 1
            } else if c == ")" {
                depth = max(0, depth - 1)
            } else if c == "," && depth == 0 {
                ranges.append(start..<i)
                start = i + 1
            }
        }
        ranges.append(start..<chars.count)
        return ranges
    }

    static func parseItems(_ text: String) throws(IndicatorError) -> [(spec: IndicatorSpec, output: String?)] {
        let chars = Array(text)
        var result: [(spec: IndicatorSpec, output: String?)] = []
        for range in items(of: chars) {
            var parser = SpecParser(text, range: range, fullText: text)
            result.append(try parser.item())
        }
        return result
    }
}

extension String {
    var trimmed: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}

extension IndicatorSpec {
    /// Parses one spec such as `rsi(14)`, `bbands(20,2)` or `obv()`; omitted trailing parameters take TA-Lib's defaults.
    public init(parsing text: String) throws(IndicatorError) {
        var parser = SpecParser(text)
        let item = try parser.item()
        if let output = item.output {
            throw .malformed(text: text.trimmed, column: text.count, expected: "a spec without an output, found '.\(output)'")
        }
        self = item.spec
    }

    /// Parses a comma-separated list of specs, e.g. `rsi(14), macd(12,26,9), bbands(20,2)`.
    public static func parseList(_ text: String) throws(IndicatorError) -> [IndicatorSpec] {
        try SpecParser.parseItems(text).map { item throws(IndicatorError) in
            if let output = item.output {
                throw .malformed(text: text, column: 1, expected: "specs without outputs in a spec list, found '\(item.spec).\(output)'")
            }
            return item.spec
        }
    }
}
