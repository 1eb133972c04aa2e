/// Date rules that exchange holidays are built from: Easter, nth weekday of a month, weekend observance.
enum HolidayRules {
    /// Easter Sunday (Gregorian, the anonymous "Meeus/Jones/Butcher" computus).
    static func easterSunday(_ year: Int) -> LocalDate {
        let a = year % 19
        let b = year / 100
        let c = year % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return LocalDate(year, month, day)
    }

    /// The `n`-th (1-based) ISO `weekday` (1 = Monday) of a month.
    static func nthWeekday(_ n: Int, _ weekday: Int, month: Int, year: Int) -> LocalDate {
        let first = LocalDate(year, month, 1)
        let offset = (weekday - first.weekday + 7) % 7
        return first.adding(days: offset + 7 * (n - 1))
    }

    /// The last ISO `weekday` of a month.
    static func lastWeekday(_ weekday: Int, month: Int, year: Int) -> LocalDate {
        let last = LocalDate(year, month, LocalDate.daysInMonth(year: year, month: month))
        return last.adding(days: -((last.weekday - weekday + 7) % 7))
    }

    /// US "nearest workday" observance: Saturday moves to Friday, Sunday to Monday.
    static func nearestWorkday(_ d: LocalDate) -> LocalDate {
        switch d.weekday {
        case 6: d.adding(days: -1)
        case 7: d.adding(days: 1)
        default: d
        }
    }

    /// Sunday moves to Monday; a Saturday holiday is simply lost.
    static func sundayToMonday(_ d: LocalDate) -> LocalDate {
        d.weekday == 7 ? d.adding(days: 1) : d
    }

    /// The weekday before `d` (skipping the weekend).
    static func previousWeekday(_ d: LocalDate) -> LocalDate {
        var x = d.adding(days: -1)
        while x.isWeekend { x = x.adding(days: -1) }
        return x
    }
}
