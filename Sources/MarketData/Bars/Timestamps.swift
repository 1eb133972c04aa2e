/// ISO-8601 text for bar instants (ms UTC), written and read without Foundation formatters (they are slow and
/// locale-sensitive).
public enum Timestamps {
    /// `2024-01-05T14:30:00Z`, with `.mmm` only when the instant has milliseconds.
    public static func iso8601(_ t: Int64) -> String {
        let ms = Int(((t % 1000) + 1000) % 1000)
        let seconds = (t - Int64(ms)) / 1000
        let day = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let sod = Int(seconds - Int64(day) * 86_400)
        var s = LocalDate(dayNumber: day).description
        s += "T" + LocalDate.pad(sod / 3600, 2) + ":" + LocalDate.pad(sod / 60 % 60, 2) + ":" + LocalDate.pad(sod % 60, 2)
        if ms != 0 { s += "." + LocalDate.pad(ms, 3) }
        return s + "Z"
    }

    /// The result of reading one timestamp field.
    enum Parsed {
        /// An instant in ms UTC.
        case instant(Int64)
        /// A date without a time: the caller places it at that session's open.
        case date(LocalDate)
    }

    /// Reads `YYYY-MM-DD`, `YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z|±HH:MM|±HHMM]` (no zone = UTC) or epoch milliseconds.
    static func parse(_ b: UnsafeRawBufferPointer) -> Parsed? {
        let n = b.count
        guard n > 0 else { return nil }
        if n != 10 || b[4] != UInt8(ascii: "-") {
            // Epoch milliseconds, possibly negative.
            var i = 0
            var negative = false
            if b[0] == UInt8(ascii: "-") {
                negative = true
                i = 1
            }
            if i < n && n - i <= 16 {
                var v: Int64 = 0
                var allDigits = true
                while i < n {
                    let d = Int64(b[i]) &- 48
                    if d < 0 || d > 9 {
                        allDigits = false
                        break
                    }
                    v = v * 10 + d
                    i += 1
                }
                if allDigits { return .instant(negative ? -v : v) }
            }
        }
        guard n >= 10, let date = LocalDate.parse(UnsafeRawBufferPointer(rebasing: b[0..<10])) else { return nil }
        if n == 10 { return .date(date) }
        guard b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " ") else { return nil }
        var i = 11
        func two() -> Int? {
            guard i + 1 < n else { return nil }
            let a = Int(b[i]) - 48
            let c = Int(b[i + 1]) - 48
            guard a >= 0 && a <= 9 && c >= 0 && c <= 9 else { return nil }
            i += 2
            return a * 10 + c
        }
        guard let hh = two(), hh < 24, i < n, b[i] == UInt8(ascii: ":"),
            {
                i += 1; return true
            }(), let mm = two(), mm < 60
        else { return nil }
        var ss = 0
        var ms = 0
        if i < n && b[i] == UInt8(ascii: ":") {
            i += 1
            guard let s = two(), s < 61 else { return nil }
            ss = s
            if i < n && (b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",")) {
                i += 1
                var scale = 100
                var digits = 0
                while i < n, b[i] >= 48, b[i] <= 57 {
                    ms += Int(b[i] - 48) * scale
                    scale /= 10
                    digits += 1
                    i += 1
                }
                guard digits > 0 else { return nil }
            }
        }
        var offsetMinutes = 0
        if i < n {
            if b[i] == UInt8(ascii: "Z") && i + 1 == n {
                i += 1
            } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
                let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
                i += 1
                guard let oh = two() else { return nil }
                if i < n && b[i] == UInt8(ascii: ":") { i += 1 }
                guard let om = two(), i == n else { return nil }
                offsetMinutes = sign * (oh * 60 + om)
            } else {
                return nil
            }
        }
        guard i == n else { return nil }
        let local = Int64(date.dayNumber) * 86_400 + Int64(hh * 3600 + mm * 60 + ss) - Int64(offsetMinutes * 60)
        return .instant(local * 1000 + Int64(ms))
    }

    /// Parses a timestamp string (for callers outside the CSV hot path).
    static func parse(_ text: String) -> Parsed? {
        var t = text
        return t.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }
}
