import Foundation

/// A numeric CSV table with a header row; an empty field (or NA, NaN, nan, null) is a missing value.
///
/// Reading makes one pass over the bytes per row chunk, chunks on every core: no `String` per field, numbers by an
/// exact fast path with `Double(String)` (strtod) for the hard cases, so the result is always `Double(String)`'s, bit for bit, written
/// straight into per-column storage (docs/LEARNING.md, "Reading CSV").
public struct CSVTable: Sendable {
    public let header: [String]
    /// One array per column.
    public let columns: [[Double]]

    public var rowCount: Int { columns.first?.count ?? 0 }

    public init(header: [String], columns: [[Double]]) {
        self.header = header
        self.columns = columns
    }

    /// Parses CSV text; a non-numeric cell is an error naming its line and column.
    public init(text: String) throws {
        var text = text
        let parsed = try text.withUTF8 { try CSVReader.read(UnsafeRawBufferPointer($0)) }
        self.init(header: parsed.header, columns: parsed.columns)
    }

    /// Parses CSV bytes (UTF-8, an optional byte order mark, LF or CRLF line ends).
    public init(bytes: UnsafeRawBufferPointer) throws {
        let parsed = try CSVReader.read(bytes)
        self.init(header: parsed.header, columns: parsed.columns)
    }

    public init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
            throw LearningError.invalidCSV(line: 0, reason: "cannot read \(url.path): \(error.localizedDescription)")
        }
        try self.init(data: data)
    }

    /// Parses CSV bytes held in `data`.
    public init(data: Data) throws {
        let parsed = try data.withUnsafeBytes { try CSVReader.read($0) }
        self.init(header: parsed.header, columns: parsed.columns)
    }

    /// The column called `name`.
    public func column(_ name: String) throws -> [Double] {
        guard let i = header.firstIndex(of: name) else { throw LearningError.missingColumn(name: name, available: header) }
        return columns[i]
    }

    /// CSV text; NaN is written as an empty field, numbers in shortest round-trip form.
    public func text() -> String {
        var out = header.joined(separator: ",") + "\n"
        for r in 0..<rowCount {
            out += columns.map { $0[r].isNaN ? "" : "\($0[r])" }.joined(separator: ",")
            out += "\n"
        }
        return out
    }
}

/// The byte-level reader behind `CSVTable`.
///
/// Rules (those of the String-based reader it replaced, plus a byte order mark and quoted commas): the first line is
/// the header; every later line is a row, except blank lines at the end of the file; a line may end in CRLF; a field
/// is trimmed of spaces and of surrounding double quotes (a field that starts with a quote may hold commas, `""` is a
/// quote); a row must have as many fields as the header. Quoted fields do not span lines.
enum CSVReader {
    /// Chunks are at least this many bytes, so small files parse on one thread.
    static let minChunkBytes = 1 << 20

    static func read(_ buffer: UnsafeRawBufferPointer, minChunkBytes: Int = minChunkBytes) throws -> (header: [String], columns: [[Double]]) {
        guard let raw = buffer.baseAddress, buffer.count > 0 else {
            throw LearningError.invalidCSV(line: 1, reason: "the file is empty (a header row is needed)")
        }
        let base = raw.assumingMemoryBound(to: UInt8.self)
        var start = 0
        if buffer.count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF { start = 3 }
        // Trailing blank lines (and trailing spaces) are not rows.
        var end = buffer.count
        while end > start && (base[end - 1] == 10 || base[end - 1] == 13 || base[end - 1] == 32 || base[end - 1] == 9) { end -= 1 }
        guard end > start else { throw LearningError.invalidCSV(line: 1, reason: "the file is empty (a header row is needed)") }

        var headerEnd = start
        while headerEnd < end && base[headerEnd] != 10 { headerEnd += 1 }
        let header = try headerFields(base + start, base + headerEnd)
        let columnCount = header.count
        let dataStart = min(headerEnd + 1, end)

        // Chunks of whole lines; each counts its lines, then parses them into its own stretch of rows.
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let span = end - dataStart
        let chunkCount = span <= 0 ? 0 : max(1, min(4 * workers, span / max(minChunkBytes, 1)))
        var bounds = [Int](repeating: end, count: chunkCount + 1)
        if chunkCount > 0 {
            bounds[0] = dataStart
            for c in 1..<chunkCount {
                var p = max(dataStart + c * (span / chunkCount), bounds[c - 1])
                while p < end && base[p] != 10 { p += 1 }
                bounds[c] = min(p + 1, end)
            }
        }
        var lineCounts = [Int](repeating: 0, count: max(chunkCount, 1))
        lineCounts.withUnsafeMutableBufferPointer { out in
            let counts = SharedPointer(out.baseAddress!), b = UncheckedSendable((bounds, base))
            parallelFor(chunkCount) { c in
                let (bounds, src) = b.value
                let lo = bounds[c], hi = bounds[c + 1]
                var n = 0
                var q = src + lo
                let stop = src + hi
                while q < stop {
                    n &+= q[0] == 10 ? 1 : 0
                    q += 1
                }
                // The last chunk's final line has no newline (the end was trimmed to its last byte).
                if hi == end && hi > lo { n += 1 }
                counts[c] = n
            }
        }
        var firstRow = [Int](repeating: 0, count: chunkCount + 1)
        for c in 0..<chunkCount { firstRow[c + 1] = firstRow[c] + lineCounts[c] }
        let rows = firstRow[chunkCount]

        let storage = UnsafeMutablePointer<Double>.allocate(capacity: max(rows * columnCount, 1))
        defer { storage.deallocate() }
        var failures = [Failure?](repeating: nil, count: max(chunkCount, 1))
        failures.withUnsafeMutableBufferPointer { out in
            let fail = SharedPointer(out.baseAddress!)
            let b = UncheckedSendable((bounds, firstRow, header))
            let src = SharedPointer(UnsafeMutablePointer(mutating: base)), dst = SharedPointer(storage)
            parallelFor(chunkCount) { c in
                let (bounds, firstRow, header) = b.value
                var parser = ChunkParser(
                    base: UnsafePointer(src.base), end: bounds[c + 1], columns: dst.base, rowCount: rows, header: header)
                fail[c] = parser.parse(from: bounds[c], firstRow: firstRow[c])
            }
        }
        // The first bad line of the file, whichever thread found it.
        if let failure = failures.compactMap({ $0 }).first { throw LearningError.invalidCSV(line: failure.line, reason: failure.reason) }

        var columns = [[Double]](repeating: [], count: columnCount)
        columns.withUnsafeMutableBufferPointer { out in
            let o = SharedPointer(out.baseAddress!), s = SharedPointer(storage)
            parallelFor(columnCount, parallel: rows * columnCount > 1 << 16) { c in
                o[c] = Array(UnsafeBufferPointer(start: s.base + c * rows, count: rows))
            }
        }
        return (header, columns)
    }

    struct Failure: Sendable {
        var line: Int
        var reason: String
    }

    /// Header names: quote-aware fields, trimmed of spaces and quotes.
    static func headerFields(_ start: UnsafePointer<UInt8>, _ stop: UnsafePointer<UInt8>) throws -> [String] {
        var lineEnd = stop
        if lineEnd > start && lineEnd[-1] == 13 { lineEnd -= 1 }
        var names: [String] = []
        var p = start
        while true {
            guard let field = Field.scan(p, lineEnd) else {
                throw LearningError.invalidCSV(line: 1, reason: "a quoted header field has no closing quote")
            }
            names.append(field.text)
            p = field.next
            if p >= lineEnd { break }
            p += 1
        }
        return names
    }
}

/// One field located by the general (slow) path: its trimmed content and where the field ends.
struct Field {
    /// Content bytes (inside quotes when quoted, trimmed of spaces and quotes).
    var start: UnsafePointer<UInt8>
    var count: Int
    /// Position of the comma or line end after the field.
    var next: UnsafePointer<UInt8>
    /// `""` inside quotes: the content must be unescaped to be shown.
    var hasEscapedQuote: Bool

    var text: String {
        let s = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
        return hasEscapedQuote ? s.replacingOccurrences(of: "\"\"", with: "\"") : s
    }

    /// Scans the field at `p` on a line ending at `lineEnd` (the CR of a CRLF already excluded); nil when a quote
    /// opened at the field's start is never closed.
    static func scan(_ p: UnsafePointer<UInt8>, _ lineEnd: UnsafePointer<UInt8>) -> Field? {
        var a = p
        while a < lineEnd && a[0] == 32 { a += 1 }
        if a < lineEnd && a[0] == 34 {
            var q = a + 1
            var escaped = false
            while true {
                guard q < lineEnd else { return nil }
                if q[0] == 34 {
                    if q + 1 < lineEnd && q[1] == 34 {
                        escaped = true
                        q += 2
                        continue
                    }
                    break
                }
                q += 1
            }
            var next = q + 1
            while next < lineEnd && next[0] != 44 { next += 1 }
            // Content: inside the quotes, trimmed of spaces.
            var s = a + 1, e = q
            while s < e && s[0] == 32 { s += 1 }
            while e > s && e[-1] == 32 { e -= 1 }
            // Anything but spaces between the closing quote and the comma stays part of the value (and fails to parse).
            var tail = q + 1
            while tail < next && tail[0] == 32 { tail += 1 }
            if tail < next { e = next; while e > s && (e[-1] == 32 || e[-1] == 34) { e -= 1 } }
            return Field(start: s, count: e - s, next: next, hasEscapedQuote: escaped)
        }
        var next = a
        while next < lineEnd && next[0] != 44 { next += 1 }
        var s = a, e = next
        while s < e && (s[0] == 32 || s[0] == 34) { s += 1 }
        while e > s && (e[-1] == 32 || e[-1] == 34) { e -= 1 }
        return Field(start: s, count: e - s, next: next, hasEscapedQuote: false)
    }
}

/// Parses the lines of one chunk into the column-major storage.
struct ChunkParser {
    let base: UnsafePointer<UInt8>
    /// End of the chunk (a line start, or the end of the file's data).
    let end: Int
    let columns: UnsafeMutablePointer<Double>
    let rowCount: Int
    let header: [String]

    /// Parses every line from `start`; returns the first failure, or nil.
    mutating func parse(from start: Int, firstRow: Int) -> CSVReader.Failure? {
        let columnCount = header.count
        let stop = base + end
        var p = base + start
        var row = firstRow
        while p < stop {
            // Fast path: one pass, field by field, numbers parsed where they stand.
            var c = 0
            var cell = columns + row
            let lineStart = p
            var failed = false
            while true {
                let b = p < stop ? p[0] : 10
                if b == 44 || b == 10 || (b == 13 && (p + 1 == stop || p[1] == 10)) {
                    // Empty field.
                    guard c < columnCount else { failed = true; break }
                    cell.pointee = .nan
                } else if let (value, next) = NumberParser.fast(p, stop), next == stop || next[0] == 44 || next[0] == 10 || next[0] == 13 {
                    guard c < columnCount else { failed = true; break }
                    cell.pointee = value
                    p = next
                } else {
                    failed = true
                    break
                }
                c += 1
                cell += rowCount
                let t = p < stop ? p[0] : 10
                if t == 44 {
                    p += 1
                    continue
                }
                if t == 13 && (p + 1 == stop || p[1] == 10) { p += 1 }
                if p < stop && p[0] != 10 { failed = true; break }
                // End of line.
                if c != columnCount { failed = true }
                break
            }
            if failed {
                // General path for the whole line: trimming, quotes, missing tokens, strtod, and the error messages.
                if let failure = slowLine(lineStart, row: row) { return failure }
                p = lineStart
                while p < stop && p[0] != 10 { p += 1 }
            }
            p += 1
            row += 1
        }
        return nil
    }

    /// Parses one line by the general rules; returns a failure naming the line, or nil when the line was good.
    func slowLine(_ lineStart: UnsafePointer<UInt8>, row: Int) -> CSVReader.Failure? {
        let line = row + 2
        let columnCount = header.count
        let stop = base + end
        var lineEnd = lineStart
        while lineEnd < stop && lineEnd[0] != 10 { lineEnd += 1 }
        if lineEnd > lineStart && lineEnd[-1] == 13 { lineEnd -= 1 }
        // Count the fields first, so a short or long row is reported as such (as before).
        var fields: [Field] = []
        var p = lineStart
        while true {
            guard let field = Field.scan(p, lineEnd) else {
                return CSVReader.Failure(line: line, reason: "field \(fields.count + 1) opens a quote that is not closed on this line")
            }
            fields.append(field)
            p = field.next
            if p >= lineEnd { break }
            p += 1
        }
        guard fields.count == columnCount else {
            return CSVReader.Failure(line: line, reason: "\(fields.count) fields, the header has \(columnCount)")
        }
        for (c, field) in fields.enumerated() {
            let cell = columns + c * rowCount + row
            if let value = NumberParser.cell(field.start, field.count) {
                cell.pointee = value
            } else {
                return CSVReader.Failure(line: line, reason: "column '\(header[c])' has non-numeric value '\(field.text)'")
            }
        }
        return nil
    }
}

/// Decimal numbers from bytes, always equal to `Double(String)` of the same text.
enum NumberParser {
    static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ]

    /// A cell's value (already trimmed): NaN for the missing-value spellings, nil when not a number.
    static func cell(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        if n == 0 || isMissingToken(p, n) { return .nan }
        if let (value, next) = fast(p, p + n), next == p + n { return value }
        return general(p, n)
    }

    /// NA, NaN, nan and null: the spellings of a missing value besides the empty field.
    static func isMissingToken(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        func equals(_ s: StaticString) -> Bool {
            guard s.utf8CodeUnitCount == n else { return false }
            let q = s.utf8Start
            for i in 0..<n where p[i] != q[i] { return false }
            return true
        }
        return equals("NA") || equals("NaN") || equals("nan") || equals("null")
    }

    /// The exact fast path (Clinger): a decimal literal with ≤ 19 significant digits whose value is a ≤ 2^53 integer
    /// times or over a power of ten ≤ 10^22 is correctly rounded by one multiplication or division. Returns the value
    /// and the first byte after the literal, or nil when the bytes at `p` need the general path.
    @inline(__always)
    static func fast(_ p: UnsafePointer<UInt8>, _ stop: UnsafePointer<UInt8>) -> (Double, UnsafePointer<UInt8>)? {
        var q = p
        var negative = false
        if q < stop && (q[0] == 45 || q[0] == 43) {
            negative = q[0] == 45
            q += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var sawDigit = false
        while q < stop, q[0] &- 48 < 10 {
            if digits >= 19 { return nil }
            mantissa = mantissa &* 10 &+ UInt64(q[0] &- 48)
            if mantissa != 0 { digits += 1 }
            sawDigit = true
            q += 1
        }
        if q < stop && q[0] == 46 {
            q += 1
            while q < stop, q[0] &- 48 < 10 {
                if digits >= 19 { return nil }
                mantissa = mantissa &* 10 &+ UInt64(q[0] &- 48)
                if mantissa != 0 { digits += 1 }
                exponent -= 1
                sawDigit = true
                q += 1
            }
        }
        guard sawDigit else { return nil }
        if q < stop && (q[0] == 101 || q[0] == 69) {
            q += 1
            var expNegative = false
            if q < stop && (q[0] == 45 || q[0] == 43) {
                expNegative = q[0] == 45
                q += 1
            }
            var e = 0
            var expDigits = 0
            while q < stop, q[0] &- 48 < 10 {
                if e < 100_000 { e = e * 10 + Int(q[0] &- 48) }
                expDigits += 1
                q += 1
            }
            guard expDigits > 0 else { return nil }
            exponent += expNegative ? -e : e
        }
        guard mantissa <= 1 << 53 else { return nil }
        var value = Double(mantissa)
        if mantissa != 0 {
            guard exponent >= -22 && exponent <= 22 else { return nil }
            if exponent < 0 { value /= powersOfTen[-exponent] } else if exponent > 0 { value *= powersOfTen[exponent] }
        }
        return (negative ? -value : value, q)
    }

    /// The general path: `Double(String)` itself on the cell's bytes (it calls `strtod` in the C locale; overflow
    /// gives ±∞, hex, `inf`, `nan(…)` and `snan` are accepted), so a hard case can never differ from it.
    static func general(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        Double(String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self))
    }
}
