/// Xetra, Frankfurt (XETR): 09:00–17:30 Berlin, holidays from rules (Easter-based and fixed dates, no weekend
/// observance), a 14:00 close on the last weekday before New Year's Eve from 2010.
public struct XetraRules: CalendarRules {
    public let code = "XETR"
    public let timeZoneIdentifier = "Europe/Berlin"
    public let years = 2000...2030
    public let regularOpenMinute = 9 * 60
    public let regularCloseMinute = 17 * 60 + 30
    static let earlyClose = 14 * 60

    /// One-off closures: Whit Monday 2007 (before it was regular) and the Reformation's 500th anniversary.
    public static let adHocClosures: [LocalDate] = [LocalDate(2007, 5, 28), LocalDate(2017, 10, 31)]

    public init() {}

    public func sessions(year y: Int) -> [LocalSessionSpec] {
        var plan = WeekdaySessionPlan()
        let easter = HolidayRules.easterSunday(y)
        plan.close(LocalDate(y, 1, 1))
        plan.close(easter.adding(days: -2))  // Good Friday
        plan.close(easter.adding(days: 1))  // Easter Monday
        plan.close(LocalDate(y, 5, 1))  // Labour Day
        // Whit Monday and German Unity Day closed Xetra only 2015–2021 (Unity Day from 2014); trading since.
        if (2015...2021).contains(y) { plan.close(easter.adding(days: 50)) }
        if (2014...2021).contains(y) { plan.close(LocalDate(y, 10, 3)) }
        for d in [24, 25, 26, 31] { plan.close(LocalDate(y, 12, d)) }
        for d in Self.adHocClosures where d.year == y { plan.close(d) }
        if y >= 2010 { plan.earlyCloses[HolidayRules.previousWeekday(LocalDate(y, 12, 31))] = Self.earlyClose }
        return plan.sessions(year: y, open: regularOpenMinute, close: regularCloseMinute)
    }
}
