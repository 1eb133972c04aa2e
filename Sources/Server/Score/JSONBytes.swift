import Foundation

/// A forward-only reader over the bytes of one JSON document (RFC 8259), for bodies read on a hot path.
///
/// It reads members and elements one at a time and never builds a tree. Errors give the byte offset and what was
/// expected there.
struct JSONBytes {
    private let base: UnsafePointer<UInt8>?
    private let count: Int
    private(set) var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
        count = bytes.count
    }

    /// A string's raw bytes between its quotes; `escaped` when it holds a backslash escape.
    struct StringSpan {
        var bytes: UnsafeRawBufferPointer
        var escaped: Bool
    }

    func error(_ message: String) -> ScoreBodyError {
        ScoreBodyError(description: "malformed JSON at byte \(offset): \(message)")
    }

    @inline(__always)
    private func byte(_ i: Int) -> UInt8 { base.unsafelyUnwrapped[i] }

    @inline(__always)
    mutating func advance() { offset += 1 }

    /// The next byte that is not white space (not consumed); an error at the end of the body.
    @inline(__always)
    mutating func peek() throws(ScoreBodyError) -> UInt8 {
        while offset < count {
            let c = byte(offset)
            if c != 0x20 && c != 0x0A && c != 0x0D && c != 0x09 { return c }
            offset += 1
        }
        throw error("unexpected end of the body")
    }

    mutating func expect(_ c: UInt8) throws(ScoreBodyError) {
        guard try peek() == c else { throw error("expected '\(Character(Unicode.Scalar(c)))'") }
        offset += 1
    }

    mutating func expectObjectStart() throws(ScoreBodyError) {
        guard try peek() == UInt8(ascii: "{") else { throw error("the body must be a JSON object") }
        offset += 1
    }

    /// Nothing but white space may follow the document.
    mutating func expectEnd() throws(ScoreBodyError) {
        while offset < count {
            let c = byte(offset)
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { throw error("unexpected content after the JSON document") }
            offset += 1
        }
    }

    /// Inside an object just opened: true when another member follows (its key is next), false at `}` (consumed).
    mutating func nextMember(first: inout Bool) throws(ScoreBodyError) -> Bool {
        let c = try peek()
        if c == UInt8(ascii: "}") {
            offset += 1
            return false
        }
        if !first {
            guard c == UInt8(ascii: ",") else { throw error("expected ',' or '}'") }
            offset += 1
        }
        first = false
        guard try peek() == UInt8(ascii: "\"") else { throw error("expected a member name in quotes") }
        return true
    }

    /// Inside an array just opened: true when another element follows, false at `]` (consumed).
    mutating func nextElement(first: inout Bool) throws(ScoreBodyError) -> Bool {
        let c = try peek()
        if c == UInt8(ascii: "]") {
            offset += 1
            return false
        }
        if !first {
            guard c == UInt8(ascii: ",") else { throw error("expected ',' or ']'") }
            offset += 1
            _ = try peek()
        }
        first = false
        return true
    }

    /// The raw bytes of the string at the cursor (which must be its opening quote), consumed.
    mutating func stringSpan() throws(ScoreBodyError) -> StringSpan {
        guard try peek() == UInt8(ascii: "\"") else { throw error("expected a string") }
        offset += 1
        let start = offset
        var escaped = false
        while offset < count {
            let c = byte(offset)
            if c == UInt8(ascii: "\"") {
                let span = StringSpan(bytes: UnsafeRawBufferPointer(start: base.unsafelyUnwrapped + start, count: offset - start), escaped: escaped)
                offset += 1
                return span
            }
            if c == UInt8(ascii: "\\") {
                escaped = true
                offset += 2
                continue
            }
            guard c >= 0x20 else { throw error("control character in a string (escape it)") }
            offset += 1
        }
        throw error("unterminated string")
    }

    /// The string at the cursor, escapes decoded.
    mutating func string() throws(ScoreBodyError) -> String {
        try decode(try stringSpan())
    }

    /// The text of a span, with `\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t` and `\uXXXX` (surrogate pairs too) decoded.
    func decode(_ span: StringSpan) throws(ScoreBodyError) -> String {
        guard span.escaped else { return String(decoding: span.bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(span.bytes.count)
        var i = 0
        let b = span.bytes
        func hex4(_ at: Int) throws(ScoreBodyError) -> UInt32 {
            guard at + 4 <= b.count else { throw error("truncated \\u escape") }
            var v: UInt32 = 0
            for k in 0..<4 {
                let c = b[at + k]
                let d: UInt32
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
                default: throw error("bad hex digit in a \\u escape")
                }
                v = v << 4 | d
            }
            return v
        }
        while i < b.count {
            let c = b[i]
            guard c == UInt8(ascii: "\\") else {
                out.append(c)
                i += 1
                continue
            }
            guard i + 1 < b.count else { throw error("unterminated escape") }
            let e = b[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(i)
                i += 4
                if (0xD800..<0xDC00).contains(scalar) {
                    guard i + 6 <= b.count, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u") else {
                        throw error("unpaired surrogate in a \\u escape")
                    }
                    let low = try hex4(i + 2)
                    guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate in a \\u escape") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                guard let u = Unicode.Scalar(scalar) else { throw error("\\u escape is not a Unicode scalar") }
                out.append(contentsOf: String(Character(u)).utf8)
            default: throw error("unknown escape '\\\(Character(Unicode.Scalar(e)))'")
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A string or null.
    mutating func optionalString(member: String) throws(ScoreBodyError) -> String? {
        switch try peek() {
        case UInt8(ascii: "\""): return try string()
        case UInt8(ascii: "n"):
            try literal("null")
            return nil
        default: throw error("\"\(member)\" must be a string")
        }
    }

    /// true, false or null.
    mutating func optionalBool(member: String) throws(ScoreBodyError) -> Bool? {
        switch try peek() {
        case UInt8(ascii: "t"):
            try literal("true")
            return true
        case UInt8(ascii: "f"):
            try literal("false")
            return false
        case UInt8(ascii: "n"):
            try literal("null")
            return nil
        default: throw error("\"\(member)\" must be true or false")
        }
    }

    /// A feature value: a number, null (NaN), or one of the strings "NaN", "Infinity", "-Infinity"; nil for any
    /// other value (the caller names the row and feature).
    mutating func featureValue() throws(ScoreBodyError) -> Double? {
        let c = try peek()
        switch c {
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        case UInt8(ascii: "n"):
            try literal("null")
            return .nan
        case UInt8(ascii: "\""):
            let start = offset
            let span = try stringSpan()
            switch String(decoding: span.bytes, as: UTF8.self) {
            case "NaN" where !span.escaped: return .nan
            case "Infinity" where !span.escaped: return .infinity
            case "-Infinity" where !span.escaped: return -.infinity
            default:
                offset = start
                return nil
            }
        default: return nil
        }
    }

    /// A JSON number, parsed to the nearest double.
    mutating func number() throws(ScoreBodyError) -> Double {
        _ = try peek()
        let start = offset
        var negative = false
        if byte(offset) == UInt8(ascii: "-") {
            negative = true
            offset += 1
        }
        // Mantissa digits (up to 19 kept exactly), the decimal exponent they need, and whether any were dropped.
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var exact = true
        @inline(__always) func isDigit(_ i: Int) -> Bool { i < count && byte(i) &- UInt8(ascii: "0") < 10 }
        guard isDigit(offset) else { throw error("expected a number") }
        if byte(offset) == UInt8(ascii: "0") {
            offset += 1
            if isDigit(offset) { throw error("a number may not start with 0") }
        } else {
            while isDigit(offset) {
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(byte(offset) &- UInt8(ascii: "0"))
                    if mantissa != 0 { digits += 1 }
                } else {
                    exponent += 1
                    exact = false
                }
                offset += 1
            }
        }
        if offset < count && byte(offset) == UInt8(ascii: ".") {
            offset += 1
            guard isDigit(offset) else { throw error("expected a digit after the decimal point") }
            while isDigit(offset) {
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(byte(offset) &- UInt8(ascii: "0"))
                    if mantissa != 0 { digits += 1 }
                    exponent -= 1
                } else {
                    exact = false
                }
                offset += 1
            }
        }
        if offset < count && (byte(offset) == UInt8(ascii: "e") || byte(offset) == UInt8(ascii: "E")) {
            offset += 1
            var negativeExponent = false
            if offset < count && (byte(offset) == UInt8(ascii: "+") || byte(offset) == UInt8(ascii: "-")) {
                negativeExponent = byte(offset) == UInt8(ascii: "-")
                offset += 1
            }
            guard isDigit(offset) else { throw error("expected a digit in the exponent") }
            var e = 0
            while isDigit(offset) {
                if e < 100_000 { e = e * 10 + Int(byte(offset) &- UInt8(ascii: "0")) }
                offset += 1
            }
            exponent += negativeExponent ? -e : e
        }
        // Clinger's fast path: an exact mantissa below 2^53 times an exactly representable power of ten is
        // correctly rounded by one IEEE operation. Everything else goes to strtod.
        if exact && mantissa <= 1 << 53 && exponent >= -22 && exponent <= 22 {
            let m = Double(mantissa)
            let v = exponent >= 0 ? m * Self.powersOfTen[exponent] : m / Self.powersOfTen[-exponent]
            return negative ? -v : v
        }
        #if arch(x86_64) && !os(Windows)
        // Up to 19 digits (Python and Swift print 17): exact in the 64-bit significand of x87's extended precision,
        // as is 10^k for k ≤ 27, so one extended operation rounds once. Rounding that result to a double again
        // differs from rounding the exact value only when it lands exactly halfway between two doubles (low 11
        // significand bits 100…0); those rare cases go to strtod.
        if exact && exponent >= -27 && exponent <= 27 {
            let m = Float80(mantissa)
            let p = Self.extendedPowersOfTen[abs(exponent)]
            let x = exponent >= 0 ? m * p : m / p
            if x.significandBitPattern & 0x7FF != 0x400 {
                let v = Double(x)
                return negative ? -v : v
            }
        }
        #endif
        return slowNumber(from: start, to: offset)
    }

    /// strtod over a NUL-terminated copy of the number's bytes (already validated as a JSON number).
    private func slowNumber(from start: Int, to end: Int) -> Double {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: end - start + 1) { buffer in
            for i in start..<end { buffer[i - start] = CChar(bitPattern: byte(i)) }
            buffer[end - start] = 0
            return strtod(buffer.baseAddress!, nil)
        }
    }

    #if arch(x86_64) && !os(Windows)
    private static let extendedPowersOfTen: [Float80] = (0...27).map { k in
        var p: Float80 = 1
        for _ in 0..<k { p *= 10 }
        return p
    }
    #endif

    private static let powersOfTen: [Double] = (0...22).map { k in
        var p = 1.0
        for _ in 0..<k { p *= 10 }
        return p
    }

    /// Consumes the literal `word` (true, false, null).
    mutating func literal(_ word: StaticString) throws(ScoreBodyError) {
        let n = word.utf8CodeUnitCount
        guard offset + n <= count, memcmp(base.unsafelyUnwrapped + offset, word.utf8Start, n) == 0 else {
            throw error("expected \(word)")
        }
        offset += n
    }

    /// Skips any one value, nested ones included (depth bounded so a hostile body cannot exhaust the stack).
    mutating func skipValue(depth: Int = 0) throws(ScoreBodyError) {
        guard depth < 64 else { throw error("nesting deeper than 64 levels") }
        switch try peek() {
        case UInt8(ascii: "\""): _ = try stringSpan()
        case UInt8(ascii: "{"):
            offset += 1
            var first = true
            while try nextMember(first: &first) {
                _ = try stringSpan()
                try expect(UInt8(ascii: ":"))
                try skipValue(depth: depth + 1)
            }
        case UInt8(ascii: "["):
            offset += 1
            var first = true
            while try nextElement(first: &first) { try skipValue(depth: depth + 1) }
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: _ = try number()
        }
    }
}
