import Alerting
import Foundation

/// A `POST /score` body read straight from its bytes.
///
/// `JSONDecoder` would build a dictionary per row; a batch of 100 rows × 30 features spent most of its time there.
/// This reader makes one pass over the bytes: row keys are interned once per request (a row whose keys come in the
/// previous row's order costs one byte comparison per key) and each value lands in a flat list of cells, which
/// `matrix(features:)` then lays out in the model's feature order. Strict JSON (RFC 8259); an error names the byte
/// offset and what was expected, or the row and feature whose value is not a number.
package struct ScoreBody {
    var model: String?
    var pack: String?
    var regime: String?
    var reasons: Bool?
    /// Whether the body had a `rows` member at all.
    var hasRows = false
    package var rowCount = 0
    /// Distinct row keys, in first-seen order.
    var keys: [String] = []
    /// Every `key: value` of every row, in body order.
    var cells: [Cell] = []

    /// One value of one row: `key` indexes `keys`; null reads as NaN.
    struct Cell {
        var row: Int32
        var key: Int32
        var value: Double
    }

    /// Reads a whole body.
    package static func read(_ bytes: UnsafeRawBufferPointer) throws(ScoreBodyError) -> ScoreBody {
        var reader = JSONBytes(bytes)
        var body = ScoreBody()
        try reader.expectObjectStart()
        var first = true
        while try reader.nextMember(first: &first) {
            let key = try reader.string()
            try reader.expect(UInt8(ascii: ":"))
            switch key {
            case "model": body.model = try reader.optionalString(member: key)
            case "pack": body.pack = try reader.optionalString(member: key)
            case "regime": body.regime = try reader.optionalString(member: key)
            case "reasons": body.reasons = try reader.optionalBool(member: key)
            case "rows":
                body.hasRows = true
                body.rowCount = 0
                body.keys = []
                body.cells = []
                try body.readRows(&reader)
            default: try reader.skipValue()
            }
        }
        try reader.expectEnd()
        return body
    }

    private mutating func readRows(_ reader: inout JSONBytes) throws(ScoreBodyError) {
        guard try reader.peek() == UInt8(ascii: "[") else { throw reader.error("\"rows\" must be an array of objects") }
        reader.advance()
        var interner = KeyInterner()
        var firstRow = true
        while try reader.nextElement(first: &firstRow) {
            guard try reader.peek() == UInt8(ascii: "{") else { throw reader.error("rows[\(rowCount)] must be an object of feature values") }
            reader.advance()
            let row = Int32(rowCount)
            var position = 0
            var firstKey = true
            while try reader.nextMember(first: &firstKey) {
                let key = try interner.intern(&reader, position: position, into: &keys)
                position += 1
                try reader.expect(UInt8(ascii: ":"))
                guard let value = try reader.featureValue() else {
                    throw reader.error("rows[\(rowCount)] feature '\(keys[Int(key)])' must be a number, null, \"NaN\", \"Infinity\" or \"-Infinity\"")
                }
                cells.append(Cell(row: row, key: key, value: value))
            }
            rowCount += 1
        }
    }

    /// The rows laid out row by row in the order of `features` (zeros where a row has a problem), and each row's first
    /// problem in feature order: a missing feature, or a value that is NaN, infinite or null.
    package func matrix(features: [String]) -> (values: [Double], problems: [AlertingError?]) {
        let width = features.count
        var index: [String: Int] = [:]
        for (i, name) in features.enumerated() where index[name] == nil { index[name] = i }
        let column = keys.map { index[$0] ?? -1 }
        var values = [Double](repeating: 0, count: rowCount * width)
        var present = [Bool](repeating: false, count: rowCount * width)
        for cell in cells {
            let c = column[Int(cell.key)]
            guard c >= 0 else { continue }  // a key the model does not use
            let at = Int(cell.row) * width + c
            values[at] = cell.value
            present[at] = true
        }
        var problems = [AlertingError?](repeating: nil, count: rowCount)
        for r in 0..<rowCount {
            for f in 0..<width {
                let at = r * width + f
                if !present[at] {
                    problems[r] = .missingFeature(features[f], row: r)
                } else if !values[at].isFinite {
                    problems[r] = .nonFiniteFeature(features[f], value: values[at], row: r)
                } else {
                    continue
                }
                for g in 0..<width { values[r * width + g] = 0 }
                break
            }
        }
        return (values, problems)
    }
}

/// What is wrong with a `/score` body, in words.
package struct ScoreBodyError: Error, CustomStringConvertible {
    package var description: String
}

/// Interns row keys: the key at the same position as in the previous row is recognised by comparing bytes.
private struct KeyInterner {
    private var index: [String: Int32] = [:]
    /// Raw bytes of each key as it appeared (nil when it had escapes, which always take the slow path).
    private var raw: [[UInt8]?] = []
    private var atPosition: [Int32] = []

    mutating func intern(_ reader: inout JSONBytes, position: Int, into keys: inout [String]) throws(ScoreBodyError) -> Int32 {
        let span = try reader.stringSpan()
        if position < atPosition.count, let known = raw[Int(atPosition[position])], !span.escaped,
            known.count == span.bytes.count,
            known.isEmpty || known.withUnsafeBytes({ memcmp($0.baseAddress!, span.bytes.baseAddress!, known.count) == 0 })
        {
            return atPosition[position]
        }
        let name = try reader.decode(span)
        let key: Int32
        if let k = index[name] {
            key = k
        } else {
            key = Int32(keys.count)
            keys.append(name)
            index[name] = key
            raw.append(span.escaped ? nil : Array(span.bytes))
        }
        if position < atPosition.count { atPosition[position] = key } else { atPosition.append(key) }
        return key
    }
}
