import AlertsCore
import Foundation
import Testing

@testable import MarketData

/// Rule behaviour outside the reference years, FX's 24×5 clock, navigation and bar alignment.
@Suite struct CalendarRuleTests {
    let us = ExchangeMarketAdapter.us.calendar

    func ms(_ iso: String) throws -> Int64 {
        guard case .instant(let t) = try #require(Timestamps.parse(iso)) else { throw MarketDataError.invalidArgument(iso) }
        return t
    }

    @Test func easterMatchesKnownDates() {
        // Published Easter Sundays.
        let known = [(2000, 4, 23), (2008, 3, 23), (2011, 4, 24), (2019, 4, 21), (2024, 3, 31), (2030, 4, 21)]
        for (y, m, d) in known { #expect(HolidayRules.easterSunday(y) == LocalDate(y, m, d)) }
    }

    @Test func nyseAdHocClosuresAndFutureRules() throws {
        for d in ["2001-09-11", "2001-09-14", "2004-06-11", "2007-01-02", "2012-10-29", "2012-10-30", "2018-12-05", "2025-01-09"] {
            #expect(us.session(on: LocalDate(d)!) == nil, "\(d) should be closed")
        }
        // 2026–2030 from rules: Juneteenth 2027 falls on a Saturday → Friday 18th closed; Christmas Eve 2029 (Monday) 13:00.
        #expect(us.session(on: LocalDate(2027, 6, 18)) == nil)
        let eve = try #require(us.session(on: LocalDate(2029, 12, 24)))
        #expect(Timestamps.iso8601(eve.close) == "2029-12-24T18:00:00Z")
        // Thanksgiving 2030 is November 28th; the Friday after closes at 13:00 New York.
        #expect(us.session(on: LocalDate(2030, 11, 28)) == nil)
        #expect(try Timestamps.iso8601(#require(us.session(on: LocalDate(2030, 11, 29))).close) == "2030-11-29T18:00:00Z")
    }

    @Test func fxRunsSundayEveningToFridayEvening() throws {
        let fx = ExchangeMarketAdapter.fx
        let monday = try #require(fx.calendar.session(on: LocalDate(2024, 1, 8)))
        #expect(Timestamps.iso8601(monday.open) == "2024-01-07T22:00:00Z")  // Sunday 17:00 New York (EST)
        #expect(Timestamps.iso8601(monday.close) == "2024-01-08T22:00:00Z")
        #expect(fx.isOpen(at: try ms("2024-01-10T03:00:00Z")))
        #expect(!fx.isOpen(at: try ms("2024-01-13T12:00:00Z")))  // Saturday
        #expect(!fx.isOpen(at: try ms("2024-01-12T22:30:00Z")))  // Friday after 17:00 New York
        #expect(fx.isOpen(at: try ms("2024-07-07T21:30:00Z")))  // Sunday 17:30 EDT
        #expect(fx.calendar.session(on: LocalDate(2024, 1, 6)) == nil)
    }

    @Test func navigationAroundAWeekendAndAHoliday() throws {
        let adapter = ExchangeMarketAdapter.us
        // Friday 2024-03-29 is Good Friday: after Thursday's close the next session is Monday April 1st.
        let thursdayEvening = try ms("2024-03-28T22:00:00Z")
        #expect(adapter.nextSession(after: thursdayEvening)?.date == "2024-04-01")
        #expect(adapter.previousSession(before: thursdayEvening)?.date == "2024-03-28")
        #expect(!adapter.isOpen(at: thursdayEvening))
        let mondayMidday = try ms("2024-04-01T16:00:00Z")
        #expect(adapter.isOpen(at: mondayMidday))
        #expect(adapter.previousSession(before: mondayMidday)?.date == "2024-03-28")
        #expect(adapter.nextSession(after: mondayMidday)?.date == "2024-04-02")
        // Across a year boundary.
        #expect(adapter.nextSession(after: try ms("2023-12-29T21:00:00Z"))?.date == "2024-01-02")
    }

    @Test func barAlignmentShortensTheLastBarAtAnEarlyClose() throws {
        let blackFriday = try #require(us.session(on: LocalDate(2024, 11, 29)))  // 09:30–13:00 New York
        let hourly = us.barStarts(of: blackFriday, timeframe: .h1)
        #expect(hourly.count == 4)  // 09:30, 10:30, 11:30, 12:30 (the last one 30 minutes long)
        #expect(Timestamps.iso8601(hourly.last!) == "2024-11-29T17:30:00Z")
        let regular = try #require(us.session(on: LocalDate(2024, 12, 2)))
        #expect(us.barStarts(of: regular, timeframe: .m5).count == 78)
        #expect(us.barStarts(of: regular, timeframe: .m1).count == 390)
        #expect(us.barStarts(of: regular, timeframe: .d1) == [regular.open])
    }

    @Test func indiaBeyondThePublishedListIsProvisional() throws {
        let india = ExchangeMarketAdapter.india.calendar
        #expect(!india.isProvisional(LocalDate(2025, 3, 3)))
        let sessions2028 = try india.sessions(from: LocalDate(2028, 1, 1), to: LocalDate(2028, 12, 31))
        #expect(!sessions2028.isEmpty)
        #expect(sessions2028.allSatisfy { india.isProvisional(LocalDate($0.date)!) })
        #expect(india.session(on: LocalDate(2028, 1, 26)) == nil)  // Republic Day, a Wednesday
    }

    @Test func localDateArithmetic() {
        #expect(LocalDate(1970, 1, 1).dayNumber == 0)
        #expect(LocalDate(2024, 2, 29).adding(days: 1) == LocalDate(2024, 3, 1))
        #expect(LocalDate(2024, 1, 1).weekday == 1)  // Monday
        #expect(LocalDate("2023-02-29") == nil)
        #expect(LocalDate("2024-13-01") == nil)
        #expect(LocalDate("1999-12-31")?.description == "1999-12-31")
    }
}
