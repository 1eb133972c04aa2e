import AlertsCore
import Foundation
import Testing

@testable import MarketData

/// Our calendars against exchange_calendars' sessions (2015–2025), session by session.
@Suite struct CalendarReferenceTests {
    @Test(arguments: [("XNYS", Market.us), ("XETR", Market.eu), ("XBOM", Market.india)])
    func agreesWithReference(code: String, market: Market) throws {
        let reference = try SharedReference.sessions(code)
        try #require(reference.count > 2500, "\(code).json looks truncated")
        let calendar = ExchangeMarketAdapter.of(market).calendar
        let ours = try calendar.sessions(from: #require(LocalDate(reference.first!.date)), to: #require(LocalDate(reference.last!.date)))
        let byDate = Dictionary(uniqueKeysWithValues: ours.map { ($0.date, $0) })
        var mismatches: [String] = []
        for r in reference {
            guard let s = byDate[r.date] else {
                mismatches.append("\(r.date): reference has a session, we have none")
                continue
            }
            let open = Timestamps.iso8601(s.open)
            let close = Timestamps.iso8601(s.close)
            if open != r.open || close != r.close {
                mismatches.append("\(r.date): reference \(r.open)…\(r.close), ours \(open)…\(close)")
            }
        }
        let referenceDates = Set(reference.map(\.date))
        for s in ours where !referenceDates.contains(s.date) {
            mismatches.append("\(s.date): we have a session, the reference has none")
        }
        #expect(mismatches.isEmpty, "\(code): \(mismatches.count) differences, first: \(mismatches.prefix(10))")
        #expect(ours.count == reference.count)
    }

    @Test func coversTwoThousandToTwentyThirtyForEveryMarket() throws {
        for market in Market.allCases {
            let cal = ExchangeMarketAdapter.of(market).calendar
            for year in 2000...2030 {
                let n = try cal.sessions(from: LocalDate(year, 1, 1), to: LocalDate(year, 12, 31)).count
                // Stock exchanges trade 240–255 days a year, FX every weekday.
                #expect((240...262).contains(n), "\(market) \(year): \(n) sessions")
            }
            #expect(throws: MarketDataError.self) { try cal.sessions(from: LocalDate(1999, 12, 1), to: LocalDate(2000, 1, 31)) }
        }
    }
}
