/// NSE/BSE (India): 09:15–15:30 Kolkata, no daylight saving. Holidays up to `IndiaHolidayList.lastKnownYear` come
/// from the exchanges' published lists; after that only holidays knowable by rule are applied (fixed national days
/// and Good Friday) and every session is flagged provisional, because festival dates are lunar and unannounced.
public struct IndiaRules: CalendarRules {
    public let code = "XNSE"
    public let timeZoneIdentifier = "Asia/Kolkata"
    public let years = 2000...2030
    public let regularOpenMinute = 9 * 60 + 15
    public let regularCloseMinute = 15 * 60 + 30

    /// Last year whose holidays are published; later years are provisional.
    public static var lastKnownYear: Int { IndiaHolidayList.lastKnownYear }

    public init() {}

    public func sessions(year y: Int) -> [LocalSessionSpec] {
        var plan = WeekdaySessionPlan()
        if y <= IndiaHolidayList.lastKnownYear {
            let lo = y * 10_000
            let hi = lo + 9_999
            for code in IndiaHolidayList.dates where code >= lo && code <= hi {
                plan.close(LocalDate(code / 10_000, code / 100 % 100, code % 100))
            }
        } else {
            plan.provisional = true
            // Republic Day, Ambedkar Jayanti, Maharashtra Day, Independence Day, Gandhi Jayanti, Christmas.
            for (m, d) in [(1, 26), (4, 14), (5, 1), (8, 15), (10, 2), (12, 25)] { plan.close(LocalDate(y, m, d)) }
            plan.close(HolidayRules.easterSunday(y).adding(days: -2))
        }
        return plan.sessions(year: y, open: regularOpenMinute, close: regularCloseMinute)
    }
}
