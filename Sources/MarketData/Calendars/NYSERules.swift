/// New York Stock Exchange (XNYS): 09:30–16:00 New York, holidays and 13:00 early closes from rules,
/// closures for national mourning and disasters from a dated list.
public struct NYSERules: CalendarRules {
    public let code = "XNYS"
    public let timeZoneIdentifier = "America/New_York"
    public let years = 2000...2030
    public let regularOpenMinute = 9 * 60 + 30
    public let regularCloseMinute = 16 * 60
    static let earlyClose = 13 * 60

    /// Unscheduled full-day closures (dated, not derivable from rules).
    public static let adHocClosures: [LocalDate] = [
        LocalDate(2001, 9, 11), LocalDate(2001, 9, 12), LocalDate(2001, 9, 13), LocalDate(2001, 9, 14),  // September 11
        LocalDate(2004, 6, 11),  // President Reagan's funeral
        LocalDate(2007, 1, 2),  // President Ford's funeral
        LocalDate(2012, 10, 29), LocalDate(2012, 10, 30),  // Hurricane Sandy
        LocalDate(2018, 12, 5),  // President G. H. W. Bush's funeral
        LocalDate(2025, 1, 9),  // President Carter's funeral
    ]

    /// Unscheduled 13:00 closes.
    public static let adHocEarlyCloses: [LocalDate] = [LocalDate(2003, 12, 26)]

    public init() {}

    public func sessions(year y: Int) -> [LocalSessionSpec] {
        typealias R = HolidayRules
        var plan = WeekdaySessionPlan()
        let newYear = LocalDate(y, 1, 1)
        if newYear.weekday != 6 { plan.close(R.sundayToMonday(newYear)) }  // a Saturday New Year is not observed
        plan.close(R.nthWeekday(3, 1, month: 1, year: y))  // Martin Luther King Jr. Day
        plan.close(R.nthWeekday(3, 1, month: 2, year: y))  // Presidents' Day
        let easter = R.easterSunday(y)
        plan.close(easter.adding(days: -2))  // Good Friday
        plan.close(R.lastWeekday(1, month: 5, year: y))  // Memorial Day
        if y >= 2022 { plan.close(R.nearestWorkday(LocalDate(y, 6, 19))) }  // Juneteenth
        plan.close(R.nearestWorkday(LocalDate(y, 7, 4)))  // Independence Day
        plan.close(R.nthWeekday(1, 1, month: 9, year: y))  // Labor Day
        let thanksgiving = R.nthWeekday(4, 4, month: 11, year: y)
        plan.close(thanksgiving)
        plan.close(R.nearestWorkday(LocalDate(y, 12, 25)))  // Christmas
        for d in Self.adHocClosures where d.year == y { plan.close(d) }

        // 13:00 closes: July 3 (Mon/Tue/Thu, and Wed from 2013), Friday July 5 before 2013, the day after
        // Thanksgiving, Christmas Eve Monday–Thursday.
        let july3 = LocalDate(y, 7, 3)
        if [1, 2, 4].contains(july3.weekday) || (july3.weekday == 3 && y >= 2013) { plan.earlyCloses[july3] = Self.earlyClose }
        let july5 = LocalDate(y, 7, 5)
        if july5.weekday == 5 && y < 2013 { plan.earlyCloses[july5] = Self.earlyClose }
        plan.earlyCloses[thanksgiving.adding(days: 1)] = Self.earlyClose
        let christmasEve = LocalDate(y, 12, 24)
        if christmasEve.weekday <= 4 { plan.earlyCloses[christmasEve] = Self.earlyClose }
        for d in Self.adHocEarlyCloses where d.year == y { plan.earlyCloses[d] = Self.earlyClose }
        return plan.sessions(year: y, open: regularOpenMinute, close: regularCloseMinute)
    }
}
