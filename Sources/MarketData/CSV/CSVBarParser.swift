import AlertsCore

/// Parses bar CSV bytes column by column without making a String per field, validating every row; the first bad
/// row stops the parse with its line number and reason, so a bad file loads nothing.
public struct CSVBarParser: Sendable {
    /// Name used in messages (`bars.csv`).
    public var fileName: String
    public var timeframe: Timeframe
    /// Places date-only timestamps at their session's open.
    public var calendar: ExchangeCalendar
    /// Symbol of the bars when the file has no symbol column.
    public var defaultSymbol: String

    public init(fileName: String, timeframe: Timeframe, calendar: ExchangeCalendar, defaultSymbol: String) {
        self.fileName = fileName
        self.timeframe = timeframe
        self.calendar = calendar
        self.defaultSymbol = defaultSymbol
    }

    /// One symbol's columns as they are read.
    struct Builder {
        var series: BarSeries
        var lastTimestamp = Int64.min
        var lastLine = 0
        var hasVWAP: Bool
    }

    /// Series per symbol (one entry, `defaultSymbol`, when the file has no symbol column).
    public func parse(_ bytes: UnsafeRawBufferPointer) throws -> [String: BarSeries] {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count > 0 else {
            throw MarketDataError.csv(
                file: fileName, line: 1, reason: "the file is empty; expected a header such as timestamp,open,high,low,close,volume")
        }
        let end = bytes.count
        var pos = 0
        if end >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF { pos = 3 }  // UTF-8 byte order mark

        // Header.
        var headerEnd = pos
        while headerEnd < end && base[headerEnd] != 10 { headerEnd += 1 }
        let headerText = String(decoding: UnsafeRawBufferPointer(start: base + pos, count: headerEnd - pos), as: UTF8.self)
        let names = headerText.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: [" ", "\t", "\r", "\""])
        }
        var roleOfField = [Int](repeating: -1, count: names.count)
        var fieldOfRole = [Int](repeating: -1, count: CSVColumn.allCases.count)
        for (i, n) in names.enumerated() {
            guard let c = CSVColumn.matching(header: n) else { continue }
            if fieldOfRole[c.rawValue] >= 0 {
                throw MarketDataError.csv(
                    file: fileName, line: 1, reason: "columns '\(names[fieldOfRole[c.rawValue]])' and '\(n)' both mean \(c.name); keep one")
            }
            fieldOfRole[c.rawValue] = i
            roleOfField[i] = c.rawValue
        }
        for c in CSVColumn.required where fieldOfRole[c.rawValue] < 0 {
            throw MarketDataError.csv(
                file: fileName, line: 1,
                reason: "missing column '\(c.name)' (accepted names: \(c.aliases.joined(separator: ", ")));"
                    + " header is '\(headerText.trimmingCharacters(in: ["\r"]))'")
        }
        let fieldCount = names.count
        let hasSymbol = fieldOfRole[CSVColumn.symbol.rawValue] >= 0
        let hasVWAP = fieldOfRole[CSVColumn.vwap.rawValue] >= 0

        var builders: [String: Builder] = [:]
        var current = Builder(series: BarSeries(symbol: defaultSymbol, timeframe: timeframe), hasVWAP: hasVWAP)
        var currentSymbol = defaultSymbol
        var currentSymbolStart = 0
        var currentSymbolLength = -1
        if !hasSymbol {
            let estimate = max(16, end / max(32, headerEnd - pos + 8))
            current.series.reserveCapacity(estimate)
            if hasVWAP { current.series.vwap = [] }
            current.series.vwap?.reserveCapacity(estimate)
        }

        pos = min(end, headerEnd + 1)
        var line = 1
        // Scratch buffers for one row, allocated once (array writes in the loop would check uniqueness each time).
        let values = UnsafeMutablePointer<Double>.allocate(capacity: CSVColumn.allCases.count)
        let fieldStart = UnsafeMutablePointer<Int>.allocate(capacity: fieldCount)
        let fieldLength = UnsafeMutablePointer<Int>.allocate(capacity: fieldCount)
        defer {
            values.deallocate()
            fieldStart.deallocate()
            fieldLength.deallocate()
        }
        values.initialize(repeating: 0, count: CSVColumn.allCases.count)
        fieldStart.initialize(repeating: 0, count: fieldCount)
        fieldLength.initialize(repeating: 0, count: fieldCount)
        let vwapField = fieldOfRole[CSVColumn.vwap.rawValue]
        let numeric = Self.numericColumns.map { (role: $0.rawValue, field: fieldOfRole[$0.rawValue], column: $0) }

        while pos < end {
            line += 1
            // Find the line's end and its fields.
            var lineEnd = pos
            while lineEnd < end && base[lineEnd] != 10 { lineEnd += 1 }
            var contentEnd = lineEnd
            if contentEnd > pos && base[contentEnd - 1] == 13 { contentEnd -= 1 }
            if contentEnd == pos {  // blank line
                pos = lineEnd + 1
                continue
            }
            var f = 0
            var s = pos
            var k = pos
            while true {
                if k == contentEnd || base[k] == UInt8(ascii: ",") {
                    if f < fieldCount {
                        var a = s
                        var b = k
                        while a < b && (base[a] == 32 || base[a] == 9) { a += 1 }
                        while b > a && (base[b - 1] == 32 || base[b - 1] == 9) { b -= 1 }
                        if b - a >= 2 && base[a] == 34 && base[b - 1] == 34 {
                            a += 1
                            b -= 1
                        }
                        fieldStart[f] = a
                        fieldLength[f] = b - a
                    }
                    f += 1
                    if k == contentEnd { break }
                    s = k + 1
                }
                k += 1
            }
            guard f == fieldCount else {
                throw MarketDataError.csv(file: fileName, line: line, reason: "expected \(fieldCount) fields like the header, found \(f)")
            }

            // Numbers.
            for (role, field, c) in numeric {
                guard field >= 0 else {
                    values[role] = c == .vwap ? .nan : 0
                    continue
                }
                let n = fieldLength[field]
                if n == 0 {
                    if c == .vwap {
                        values[role] = .nan
                        continue
                    }
                    throw MarketDataError.csv(file: fileName, line: line, reason: "empty \(c.name)")
                }
                guard let v = DecimalParser.parse(base + fieldStart[field], n) else {
                    throw MarketDataError.csv(
                        file: fileName, line: line, reason: "\(c.name) '\(text(base, fieldStart[field], n))' is not a number")
                }
                values[role] = v
            }
            let o = values[CSVColumn.open.rawValue]
            let h = values[CSVColumn.high.rawValue]
            let l = values[CSVColumn.low.rawValue]
            let cl = values[CSVColumn.close.rawValue]
            let vol = values[CSVColumn.volume.rawValue]
            let vw = values[CSVColumn.vwap.rawValue]
            try checkPrice(.open, o, line)
            try checkPrice(.high, h, line)
            try checkPrice(.low, l, line)
            try checkPrice(.close, cl, line)
            if !(vol >= 0) || !vol.isFinite {
                throw MarketDataError.csv(file: fileName, line: line, reason: vol.isNaN ? "volume is NaN" : "volume \(vol) is negative or infinite")
            }
            if vwapField >= 0 && fieldLength[vwapField] > 0 && !(vw > 0 && vw.isFinite) {
                throw MarketDataError.csv(file: fileName, line: line, reason: vw.isNaN ? "vwap is NaN" : "vwap \(vw) is not a positive price")
            }
            if h < l { throw MarketDataError.csv(file: fileName, line: line, reason: "high \(h) < low \(l)") }
            if o < l || o > h { throw MarketDataError.csv(file: fileName, line: line, reason: "open \(o) outside [low \(l), high \(h)]") }
            if cl < l || cl > h { throw MarketDataError.csv(file: fileName, line: line, reason: "close \(cl) outside [low \(l), high \(h)]") }

            // Timestamp.
            let tf = fieldOfRole[CSVColumn.timestamp.rawValue]
            let timestamp: Int64
            switch Timestamps.parse(UnsafeRawBufferPointer(start: base + fieldStart[tf], count: fieldLength[tf])) {
            case .instant(let t): timestamp = sessionStamp(t) ?? t
            case .date(let d): timestamp = calendar.openInstant(on: d)
            case nil:
                throw MarketDataError.csv(
                    file: fileName, line: line,
                    reason: "timestamp '\(text(base, fieldStart[tf], fieldLength[tf]))' is not ISO-8601 (2024-01-05, 2024-01-05T14:30:00Z)"
                        + " or epoch milliseconds")
            }

            // Symbol: a String is made only when the symbol changes from the previous row.
            if hasSymbol {
                let sf = fieldOfRole[CSVColumn.symbol.rawValue]
                let n = fieldLength[sf]
                let same = n == currentSymbolLength && memcmpEqual(base + fieldStart[sf], base + currentSymbolStart, n)
                if !same {
                    guard n > 0 else { throw MarketDataError.csv(file: fileName, line: line, reason: "empty symbol") }
                    if currentSymbolLength >= 0 { builders[currentSymbol] = current }
                    currentSymbol = text(base, fieldStart[sf], n)
                    currentSymbolStart = fieldStart[sf]
                    currentSymbolLength = n
                    current =
                        builders.removeValue(forKey: currentSymbol)
                        ?? Builder(series: BarSeries(symbol: currentSymbol, timeframe: timeframe), hasVWAP: hasVWAP)
                    if hasVWAP && current.series.vwap == nil { current.series.vwap = [] }
                }
            }
            if timestamp <= current.lastTimestamp {
                let what = timestamp == current.lastTimestamp ? "duplicate timestamp" : "timestamp"
                let order = timestamp == current.lastTimestamp ? "repeats" : "is before"
                throw MarketDataError.csv(
                    file: fileName, line: line,
                    reason: "\(what) \(Timestamps.iso8601(timestamp)) \(order) line \(current.lastLine)'s "
                        + "\(Timestamps.iso8601(current.lastTimestamp))\(hasSymbol ? " for \(currentSymbol)" : ""); rows must be sorted oldest first")
            }
            current.lastTimestamp = timestamp
            current.lastLine = line
            current.series.timestamps.append(timestamp)
            current.series.open.append(o)
            current.series.high.append(h)
            current.series.low.append(l)
            current.series.close.append(cl)
            current.series.volume.append(vol)
            if hasVWAP { current.series.vwap!.append(vw) }
            pos = lineEnd + 1
        }
        if hasSymbol {
            if currentSymbolLength >= 0 { builders[currentSymbol] = current }
        } else {
            builders[defaultSymbol] = current
        }
        return builders.mapValues(\.series)
    }

    static let numericColumns: [CSVColumn] = [.open, .high, .low, .close, .volume, .vwap]

    @inline(__always)
    /// A daily or weekly bar stamped at midnight, UTC (pandas' default) or the market's own, is that date's session,
    /// placed at its open like a date-only stamp; read as an instant it would fall before the open, in the previous
    /// session (docs/MARKETDATA.md, "Daily timestamps"). Intraday stamps, and daily ones at other times, stay as they are.
    func sessionStamp(_ t: Int64) -> Int64? {
        guard timeframe == .d1 || timeframe == .w1 else { return nil }
        if t % 86_400_000 == 0 { return calendar.openInstant(on: LocalDate(dayNumber: Int(t / 86_400_000))) }
        let local = calendar.localDate(of: t)
        if calendar.utcMillis(local, minute: 0) == t { return calendar.openInstant(on: local) }
        return nil
    }

    private func checkPrice(_ c: CSVColumn, _ v: Double, _ line: Int) throws {
        if v > 0 && v.isFinite { return }
        throw MarketDataError.csv(file: fileName, line: line, reason: v.isNaN ? "\(c.name) is NaN" : "\(c.name) \(v) is not a positive price")
    }

    private func text(_ base: UnsafePointer<UInt8>, _ start: Int, _ n: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: base + start, count: n), as: UTF8.self)
    }

    @inline(__always)
    private func memcmpEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        for i in 0..<n where a[i] != b[i] { return false }
        return true
    }
}
