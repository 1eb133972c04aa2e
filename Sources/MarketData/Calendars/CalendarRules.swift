/// One session as an exchange's rules define it, in wall-clock minutes of the session date (local time).
public struct LocalSessionSpec: Sendable, Hashable {
    public var date: LocalDate
    /// Minutes after local midnight of `date`; negative when the session opens the evening before (FX).
    public var openMinute: Int
    public var closeMinute: Int
    /// True when the date comes from a rule we cannot confirm (e.g. India's lunar holidays beyond the known list).
    public var provisional: Bool

    public init(date: LocalDate, openMinute: Int, closeMinute: Int, provisional: Bool = false) {
        self.date = date
        self.openMinute = openMinute
        self.closeMinute = closeMinute
        self.provisional = provisional
    }
}

/// The rules of one exchange calendar: which local dates trade, and at which local times.
public protocol CalendarRules: Sendable {
    /// Exchange calendar code, e.g. `XNYS`.
    var code: String { get }
    /// IANA time zone of the exchange, e.g. `America/New_York`.
    var timeZoneIdentifier: String { get }
    /// Years the rules are written for.
    var years: ClosedRange<Int> { get }
    /// Regular open and close, minutes after local midnight.
    var regularOpenMinute: Int { get }
    var regularCloseMinute: Int { get }
    /// The year's sessions, oldest first.
    func sessions(year: Int) -> [LocalSessionSpec]
}

/// Weekday sessions of one year minus holidays, with early closes; what every stock exchange here needs.
struct WeekdaySessionPlan {
    var holidays: Set<LocalDate> = []
    /// Date → local close minute for shortened sessions.
    var earlyCloses: [LocalDate: Int] = [:]
    var provisional = false

    mutating func close(_ date: LocalDate?) {
        if let date { holidays.insert(date) }
    }

    func sessions(year: Int, open: Int, close: Int) -> [LocalSessionSpec] {
        var out: [LocalSessionSpec] = []
        out.reserveCapacity(262)
        var d = LocalDate(year, 1, 1)
        let end = LocalDate(year, 12, 31)
        while d <= end {
            if !d.isWeekend && !holidays.contains(d) {
                out.append(LocalSessionSpec(date: d, openMinute: open, closeMinute: earlyCloses[d] ?? close, provisional: provisional))
            }
            d = d.adding(days: 1)
        }
        return out
    }
}
