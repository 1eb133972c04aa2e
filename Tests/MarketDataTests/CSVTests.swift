import AlertsCore
import Foundation
import Testing

@testable import MarketData

/// CSV reading: aliases, timestamp forms, validation messages with line numbers, round trip with the writer.
@Suite struct CSVTests {
    let calendar = ExchangeMarketAdapter.us.calendar

    func parse(_ text: String, file: String = "bars.csv", symbol: String = "TEST") throws -> [String: BarSeries] {
        let parser = CSVBarParser(fileName: file, timeframe: .d1, calendar: calendar, defaultSymbol: symbol)
        return try Data(text.utf8).withUnsafeBytes { try parser.parse($0) }
    }

    /// The message of the error `text` raises, or a failure when it parses.
    func failure(_ text: String) -> String {
        do {
            let result = try parse(text)
            Issue.record("expected a validation error, got \(result.values.map(\.count)) bars")
            return ""
        } catch {
            return "\(error)"
        }
    }

    static let header = "date,open,high,low,close,volume\n"
    static let good = "2024-01-02,10,11,9,10.5,1000\n2024-01-03,10.5,11.5,10,11,1200\n"

    @Test func readsAliasesDateOnlyAndEpochMillis() throws {
        let text = "Time,O,H,L,C,Vol,VW\n1704205800000,10,11,9,10.5,1000,10.2\n2024-01-03,10.5,11.5,10,11,1200,\n"
        let s = try #require(try parse(text)["TEST"])
        #expect(s.count == 2)
        #expect(s.timestamps[0] == 1_704_205_800_000)
        // A date-only row sits at that session's open: 2024-01-03 09:30 New York = 14:30Z.
        #expect(Timestamps.iso8601(s.timestamps[1]) == "2024-01-03T14:30:00Z")
        #expect(s.vwap?[0] == 10.2)
        #expect(s.vwap?[1].isNaN == true)
        #expect(s.close == [10.5, 11])
    }

    @Test func readsOneFileWithASymbolColumnAndZones() throws {
        let text = """
            ticker,datetime,open,high,low,close,volume
            AAA,2024-01-02T09:30:00-05:00,1,2,0.5,1.5,10
            BBB,2024-01-02T14:30:00Z,3,4,2.5,3.5,20
            AAA,2024-01-03 14:30:00.250,1.5,2,1,1.75,11
            """
        let all = try parse(text)
        #expect(Set(all.keys) == ["AAA", "BBB"])
        #expect(all["AAA"]?.count == 2)
        #expect(Timestamps.iso8601(all["AAA"]!.timestamps[0]) == "2024-01-02T14:30:00Z")
        #expect(Timestamps.iso8601(all["AAA"]!.timestamps[1]) == "2024-01-03T14:30:00.250Z")
        #expect(all["BBB"]?.close == [3.5])
    }

    @Test(arguments: [
        ("2024-01-04,10,11,9,abc,100\n", "bars.csv line 4: close 'abc' is not a number"),
        ("2024-01-04,10,nan,9,10,100\n", "bars.csv line 4: high is NaN"),
        ("2024-01-04,0,11,9,10,100\n", "bars.csv line 4: open 0.0 is not a positive price"),
        ("2024-01-04,10,11,-9,10,100\n", "bars.csv line 4: low -9.0 is not a positive price"),
        ("2024-01-04,10.3,10.2,10.5,10.4,100\n", "bars.csv line 4: high 10.2 < low 10.5"),
        ("2024-01-04,12,11,9,10,100\n", "bars.csv line 4: open 12.0 outside [low 9.0, high 11.0]"),
        ("2024-01-04,10,11,9,8.5,100\n", "bars.csv line 4: close 8.5 outside [low 9.0, high 11.0]"),
        ("2024-01-04,10,11,9,10,-1\n", "bars.csv line 4: volume -1.0 is negative or infinite"),
        ("2024-01-03,10,11,9,10,100\n", "bars.csv line 4: duplicate timestamp"),
        ("2024-01-02,10,11,9,10,100\n", "bars.csv line 4: timestamp 2024-01-02T14:30:00Z is before line 3's"),
        ("2024-01-32,10,11,9,10,100\n", "bars.csv line 4: timestamp '2024-01-32' is not ISO-8601"),
        ("2024-01-04,10,11,9,10\n", "bars.csv line 4: expected 6 fields like the header, found 5"),
        ("2024-01-04,10,11,9,,100\n", "bars.csv line 4: empty close"),
    ])
    func eachBadRowHasItsOwnMessage(row: String, expected: String) {
        let message = failure(Self.header + Self.good + row + "2024-01-05,10,11,9,10,100\n")
        #expect(message.hasPrefix(expected), "got: \(message)")
    }

    @Test func missingColumnIsNamedOnLineOne() {
        let message = failure("date,open,high,close,volume\n2024-01-02,10,11,10.5,1000\n")
        #expect(message.hasPrefix("bars.csv line 1: missing column 'low' (accepted names: low, l)"), "got: \(message)")
    }

    @Test func unsortedRowsArePerSymbol() {
        let text = "symbol,date,open,high,low,close\nA,2024-01-03,1,2,1,1\nB,2024-01-02,1,2,1,1\nA,2024-01-02,1,2,1,1\n"
        let message = failure(text)
        #expect(message.hasPrefix("bars.csv line 4: timestamp"), "got: \(message)")
        #expect(message.contains("for A"))
    }

    @Test(
        "midnight daily stamps (UTC as pandas writes them, or the market's own) are that date's session, like a date",
        arguments: [
            "2024-01-02T00:00:00Z", "2024-01-02 00:00:00+00:00", "2024-01-02T00:00:00-05:00", "1704153600000", "2024-01-02",
        ])
    func midnightDailyStampsAreTheSession(stamp: String) throws {
        let text = Self.header + "\(stamp),10,11,9,10.5,1000\n"
        let s = try #require(try parse(text)["TEST"])
        #expect(s.timestamps == [calendar.openInstant(on: LocalDate(2024, 1, 2))], "\(Timestamps.iso8601(s.timestamps[0]))")
        // An intraday stamp at midnight stays an instant.
        let parser = CSVBarParser(fileName: "bars.csv", timeframe: .h1, calendar: calendar, defaultSymbol: "TEST")
        let hourly = try Data("timestamp,open,high,low,close\n2024-01-02T00:00:00Z,10,11,9,10.5\n".utf8).withUnsafeBytes { try parser.parse($0) }
        #expect(hourly["TEST"]?.timestamps == [1_704_153_600_000])
    }

    @Test("a folder of midnight-UTC daily bars loses no bar: the first and the last session are served")
    func midnightUTCDailyBarsKeepTheFirstBar() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("md-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let rows = ["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"].map { "\($0)T00:00:00Z,10,11,9,10.5,1000\n" }.joined()
        try Data((Self.header + rows).utf8).write(to: dir.appendingPathComponent("GOOG.csv"))
        let provider = try CSVBarProvider(path: dir)
        let s = try await provider.bars(symbol: "GOOG", timeframe: .d1, market: .us, from: LocalDate(2024, 1, 2), to: LocalDate(2024, 1, 5))
        #expect(s.count == 4)
        #expect(
            s.timestamps.map { calendar.localDate(of: $0) } == [
                LocalDate(2024, 1, 2), LocalDate(2024, 1, 3), LocalDate(2024, 1, 4), LocalDate(2024, 1, 5),
            ])
    }

    @Test func aBadFileLoadsNothingThroughTheProvider() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("md-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data((Self.header + Self.good + "2024-01-04,10,9,11,10,5\n").utf8).write(to: dir.appendingPathComponent("BAD.csv"))
        let provider = try CSVBarProvider(path: dir)
        await #expect(throws: MarketDataError.csv(file: "BAD.csv", line: 4, reason: "high 9.0 < low 11.0")) {
            _ = try await provider.bars(symbol: "BAD", timeframe: .d1, market: .us, from: LocalDate(2024, 1, 1), to: LocalDate(2024, 1, 31))
        }
        await #expect(throws: MarketDataError.self) {
            _ = try await provider.bars(symbol: "NOPE", timeframe: .d1, market: .us, from: LocalDate(2024, 1, 1), to: LocalDate(2024, 1, 31))
        }
    }

    @Test func writerRoundTripsEveryBit() async throws {
        var rng = SplitMix64(seed: 99)
        var series = BarSeries(symbol: "RT", timeframe: .d1)
        let sessions = try calendar.sessions(from: LocalDate(2024, 1, 1), to: LocalDate(2024, 3, 31))
        for s in sessions {
            let low = 1 + rng.nextDouble() * 100
            let high = low * (1 + rng.nextDouble() * 0.05)
            let open = low + (high - low) * rng.nextDouble()
            let close = low + (high - low) * rng.nextDouble()
            series.append(
                Bar(timestamp: s.open, open: open, high: high, low: low, close: close, volume: rng.nextDouble() * 1e6, vwap: (high + low) / 2))
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("md-rt-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try CSVBarWriter.write(series, toDirectory: dir)
        let back = try await CSVBarProvider(path: dir).bars(
            symbol: "RT", timeframe: .d1, market: .us, from: LocalDate(2024, 1, 1), to: LocalDate(2024, 3, 31))
        #expect(back == series)
        // A sub-range comes back as the matching sessions only.
        let february = try await CSVBarProvider(path: dir).bars(
            symbol: "RT", timeframe: .d1, market: .us, from: LocalDate(2024, 2, 1), to: LocalDate(2024, 2, 29))
        #expect(february.count == (try calendar.sessions(from: LocalDate(2024, 2, 1), to: LocalDate(2024, 2, 29))).count)
    }

    @Test func decimalParserAgreesWithStrtod() {
        let samples = [
            "0", "1", "-2.5", "10.2", "0.1", "123456.789", "1e-3", "3.14159265358979", "1.7976931348623157e308",
            "5e-324", "0.30000000000000004", "12345678901234567890.5", "+4.25", "185.64999999999998",
        ]
        for s in samples {
            let expected = Double(s)
            let got = Array(s.utf8).withUnsafeBufferPointer { DecimalParser.parse($0.baseAddress!, $0.count) }
            #expect(got == expected, "\(s)")
        }
        for bad in ["", "-", "1.2.3", "12a", "e5", "1e"] {
            let got = Array(bad.utf8).withUnsafeBufferPointer { $0.isEmpty ? nil : DecimalParser.parse($0.baseAddress!, $0.count) }
            #expect(got == nil, "\(bad)")
        }
    }
}
