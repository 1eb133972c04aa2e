import Foundation
import Indicators
import Testing

/// The committed fixtures of `scripts/fixtures/make_talib_fixtures.py`: bars with typical-price ties, flat runs,
/// zero volume, tiny FX prices and gaps, and TA-Lib's output for three parameter sets per indicator.
enum TALibFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func rows(_ name: String, separator: Character = ",") throws -> (header: [String], rows: [[Substring]]) {
        let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline)
        let header = lines.removeFirst().split(separator: separator).map(String.init)
        return (header, lines.map { $0.split(separator: separator, omittingEmptySubsequences: false) })
    }

    static func bars(_ series: String) throws -> OHLCV {
        let (header, rows) = try rows(series + ".bars.csv")
        try #require(header == ["open", "high", "low", "close", "volume"])
        func column(_ j: Int) throws -> [Double] { try rows.map { try #require(Double($0[j])) } }
        return OHLCV(open: try column(0), high: try column(1), low: try column(2), close: try column(3), volume: try column(4))
    }

    static func outputs(_ series: String) throws -> [(key: String, values: [Double])] {
        let (header, rows) = try rows(series + ".talib.csv", separator: ";")
        return header.enumerated().map { j, key in (key, rows.map { $0[j].isEmpty ? .nan : Double($0[j]) ?? .infinity }) }
    }
}

@Suite("TA-Lib agreement on the committed fixtures (ties, flat runs, zero volume, FX prices, gaps)")
struct TALibFixtureTests {
    @Test("every column agrees with TA-Lib: NaN positions and 1e-9", arguments: ["edge", "eurusd_h1"])
    func everyColumnAgrees(series: String) throws {
        let bars = try TALibFixtures.bars(series)
        let outputs = try TALibFixtures.outputs(series)
        #expect(outputs.count >= 100, "three parameter sets per indicator")
        for (key, expected) in outputs {
            let column = try IndicatorColumn(parsing: key)
            let actual = column.compute(on: bars)
            try #require(actual.count == expected.count, "\(key): length")
            let bad = (0..<expected.count).filter { !agrees(actual[$0], expected[$0]) }
            if let i = bad.first {
                Issue.record("\(series) \(key): \(bad.count) mismatches, first at row \(i): got \(actual[i]), TA-Lib \(expected[i])")
            }
        }
    }

    @Test("the fixtures cover every TA-Lib indicator, with three parameter sets where it has parameters")
    func coverage() throws {
        let keys = try TALibFixtures.outputs("eurusd_h1").map(\.key)
        let specs = Set(try keys.map { try IndicatorColumn(parsing: $0).spec })
        for kind in IndicatorKind.allCases where kind.isTALib {
            let count = specs.filter { $0.kind == kind }.count
            #expect(count == (kind.parameters.isEmpty ? 1 : 3), "\(kind.rawValue): \(count) parameter sets")
        }
    }

    @Test("the edge series really holds typical-price ties within an ulp that are not exact")
    func tiesPresent() throws {
        let b = try TALibFixtures.bars("edge")
        var near = 0
        for i in 1..<b.count {
            let t = (b.high[i] + b.low[i] + b.close[i]) / 3.0
            let p = (b.high[i - 1] + b.low[i - 1] + b.close[i - 1]) / 3.0
            if t != p && (t - p).magnitude <= 1e-14 * (t.magnitude + p.magnitude) { near += 1 }
        }
        #expect(near > 0, "no near-tie in the fixture")
    }
}
