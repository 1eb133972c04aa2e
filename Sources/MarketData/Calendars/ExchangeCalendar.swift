import AlertsCore
import Foundation
import Synchronization

/// A trading calendar: an exchange's rules turned into sessions with UTC open/close instants, computed once per year
/// and cached, so a 31-year range costs a few milliseconds.
public final class ExchangeCalendar: Sendable {
    public let rules: any CalendarRules
    public let timeZone: TimeZone
    private let cache = Mutex<[Int: YearTable]>([:])

    public init(rules: any CalendarRules) {
        self.rules = rules
        guard let zone = TimeZone(identifier: rules.timeZoneIdentifier) else {
            preconditionFailure("unknown time zone \(rules.timeZoneIdentifier) in calendar \(rules.code)")
        }
        timeZone = zone
    }

    public var code: String { rules.code }
    public var years: ClosedRange<Int> { rules.years }

    /// One year of sessions with an index from day of year to session.
    struct YearTable: Sendable {
        var sessions: [TradingSession]
        var dates: [LocalDate]
        var provisional: [Bool]
        /// dayNumber of January 1st.
        var firstDay: Int
        /// Session index per day of year, -1 on non-trading days.
        var indexByDay: [Int32]
    }

    func table(year: Int) -> YearTable? {
        guard rules.years.contains(year) else { return nil }
        if let t = cache.withLock({ $0[year] }) { return t }
        let specs = rules.sessions(year: year)
        let first = LocalDate(year, 1, 1).dayNumber
        var index = [Int32](repeating: -1, count: 366)
        var sessions: [TradingSession] = []
        sessions.reserveCapacity(specs.count)
        for (i, s) in specs.enumerated() {
            index[s.date.dayNumber - first] = Int32(i)
            sessions.append(
                TradingSession(
                    date: s.date.description, open: utcMillis(s.date, minute: s.openMinute),
                    close: utcMillis(s.date, minute: s.closeMinute)))
        }
        let t = YearTable(
            sessions: sessions, dates: specs.map(\.date), provisional: specs.map(\.provisional), firstDay: first, indexByDay: index)
        cache.withLock { $0[year] = t }
        return t
    }

    // MARK: zone conversion

    /// The UTC instant (ms) of a local wall-clock time `minute` minutes after midnight of `date`.
    public func utcMillis(_ date: LocalDate, minute: Int) -> Int64 {
        let local = Int64(date.dayNumber) * 86_400 + Int64(minute) * 60
        let guess = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local)))
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local - Int64(guess))))
        return (local - Int64(offset)) * 1000
    }

    /// The local date (market time zone) of the instant `t` (ms UTC).
    public func localDate(of instant: Int64) -> LocalDate {
        // Years −9999…9999 at most: no instant can overflow the arithmetic below (callers bound their inputs further).
        let t = min(max(instant, -377_705_116_800_000), 253_402_300_799_999)
        let seconds = t >= 0 ? t / 1000 : (t - 999) / 1000
        let offset = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds))))
        let local = seconds + offset
        return LocalDate(dayNumber: Int(local >= 0 ? local / 86_400 : (local - 86_399) / 86_400))
    }

    // MARK: sessions

    /// Sessions dated `from…to` inclusive, oldest first; throws outside the calendar's years.
    public func sessions(from: LocalDate, to: LocalDate) throws -> [TradingSession] {
        try checkRange(from)
        try checkRange(to)
        guard from <= to else { return [] }
        var out: [TradingSession] = []
        for y in from.year...to.year {
            guard let t = table(year: y) else { continue }
            let lo = max(0, from.dayNumber - t.firstDay)
            let hi = min(t.indexByDay.count - 1, to.dayNumber - t.firstDay)
            guard lo <= hi else { continue }
            // First and last session indices inside the day window.
            var a = -1
            var b = -1
            for d in lo...hi where t.indexByDay[d] >= 0 {
                a = Int(t.indexByDay[d])
                break
            }
            for d in stride(from: hi, through: lo, by: -1) where t.indexByDay[d] >= 0 {
                b = Int(t.indexByDay[d])
                break
            }
            if a >= 0 && b >= a { out.append(contentsOf: t.sessions[a...b]) }
        }
        return out
    }

    /// Session dates `from…to` inclusive, oldest first.
    public func sessionDates(from: LocalDate, to: LocalDate) throws -> [LocalDate] {
        try checkRange(from)
        try checkRange(to)
        guard from <= to else { return [] }
        var out: [LocalDate] = []
        for y in from.year...to.year {
            guard let t = table(year: y) else { continue }
            for d in t.dates where d >= from && d <= to { out.append(d) }
        }
        return out
    }

    /// The session dated `date`, nil on a holiday, a weekend or outside the calendar's years.
    public func session(on date: LocalDate) -> TradingSession? {
        guard let t = table(year: date.year) else { return nil }
        let i = t.indexByDay[date.dayNumber - t.firstDay]
        return i >= 0 ? t.sessions[Int(i)] : nil
    }

    /// True when `date` is a session whose existence is inferred, not confirmed (see CALENDARS.md).
    public func isProvisional(_ date: LocalDate) -> Bool {
        guard let t = table(year: date.year) else { return true }
        let i = t.indexByDay[date.dayNumber - t.firstDay]
        return i >= 0 && t.provisional[Int(i)]
    }

    /// The open of the session dated `date`, or the regular open time on that date when it is not a session
    /// (used to place daily bars whose source trades on a day our calendar closes).
    public func openInstant(on date: LocalDate) -> Int64 {
        session(on: date)?.open ?? utcMillis(date, minute: rules.regularOpenMinute)
    }

    public func isOpen(at t: Int64) -> Bool {
        let d = localDate(of: t)
        return (session(on: d)?.contains(t) ?? false) || (session(on: d.adding(days: 1))?.contains(t) ?? false)
    }

    /// The session whose `[open, close)` contains `t`, if any.
    public func session(containing t: Int64) -> TradingSession? {
        let d = localDate(of: t)
        if let s = session(on: d), s.contains(t) { return s }
        if let s = session(on: d.adding(days: 1)), s.contains(t) { return s }
        return nil
    }

    /// The first session that opens after `t`.
    public func nextSession(after t: Int64) -> TradingSession? {
        let start = max(localDate(of: t).year, rules.years.lowerBound)
        guard start <= rules.years.upperBound else { return nil }
        for y in start...rules.years.upperBound {
            guard let table = table(year: y) else { continue }
            let s = table.sessions
            var lo = 0
            var hi = s.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if s[mid].open <= t { lo = mid + 1 } else { hi = mid }
            }
            if lo < s.count { return s[lo] }
        }
        return nil
    }

    /// The last session that closed at or before `t`.
    public func previousSession(before t: Int64) -> TradingSession? {
        let start = min(localDate(of: t).year, rules.years.upperBound)
        guard start >= rules.years.lowerBound else { return nil }
        for y in stride(from: start, through: rules.years.lowerBound, by: -1) {
            guard let table = table(year: y) else { continue }
            let s = table.sessions
            var lo = 0
            var hi = s.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if s[mid].close <= t { lo = mid + 1 } else { hi = mid }
            }
            if lo > 0 { return s[lo - 1] }
        }
        return nil
    }

    /// Start instants (ms UTC) of the bars of `session` for `timeframe`, counted from the open; the last bar is
    /// shorter when the session length is not a multiple of the bar (e.g. 13:00 early closes with 1h bars).
    /// Daily and weekly bars have one start: the open.
    public func barStarts(of session: TradingSession, timeframe: Timeframe) -> [Int64] {
        guard timeframe.isIntraday else { return [session.open] }
        let step = timeframe.seconds * 1000
        var starts: [Int64] = []
        starts.reserveCapacity(Int((session.close - session.open) / step) + 1)
        var t = session.open
        while t < session.close {
            starts.append(t)
            t += step
        }
        return starts
    }

    func checkRange(_ d: LocalDate) throws {
        guard rules.years.contains(d.year) else {
            throw MarketDataError.calendarOutOfRange(calendar: rules.code, date: d.description, supported: rules.years)
        }
    }
}
