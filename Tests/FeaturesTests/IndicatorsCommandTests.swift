import AlertsCore
import Foundation
import MarketData
import Testing

@testable import Features

/// `alertsai indicators` writes the table `IndicatorTable` makes from the CSV provider's bars; check it on the TA-Lib
/// reference bars against TA-Lib's own outputs.
@Suite struct IndicatorsCommandTests {
    func splitCSV(_ line: Substring) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        for c in line {
            if c == "\"" {
                quoted.toggle()
            } else if c == "," && !quoted {
                fields.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        fields.append(current)
        return fields
    }

    @Test func tableMatchesTALibReference() throws {
        let dir = try FeatureTestSupport.referenceDirectory().appendingPathComponent("talib")
        let url = dir.appendingPathComponent("bars.csv")
        let series = try #require(
            try CSVBarProvider.load(url, symbol: "bars", timeframe: .d1, calendar: ExchangeMarketAdapter.us.calendar)["bars"])
        let columns = try IndicatorTable.columns("sma(20), rsi(14),macd(12,26,9)")
        let text = IndicatorTable.csv(series: series, columns: columns)
        let lines = text.split(separator: "\n")
        #expect(lines.count == series.count + 1)
        let header = splitCSV(lines[0])
        #expect(header == ["timestamp", "sma(20)", "rsi(14)", "macd(12,26,9).macd", "macd(12,26,9).macdsignal", "macd(12,26,9).macdhist"])

        let input = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("outputs.json"))) as? [String: Any]
        let outputs = try #require(object?["outputs"] as? [String: [Any]])
        for (k, key) in header.enumerated().dropFirst() {
            let reference = try #require(outputs[key], "outputs.json has no \(key)")
            for (i, line) in lines.dropFirst().enumerated() {
                let fields = splitCSV(line)
                // The reference stamps are midnight UTC: daily bars are read as that date's session, at its open.
                if k == 1 { #expect(fields[0].prefix(10) == input[i + 1].prefix(10), "timestamp of row \(i)") }
                let field = fields[k]
                if let expected = reference[i] as? Double {
                    let value = try #require(Double(field), "\(key) row \(i): '\(field)' is not a number")
                    #expect(abs(value - expected) <= 1e-9 * max(1, abs(expected)), "\(key) row \(i): \(value) vs TA-Lib \(expected)")
                } else {
                    #expect(field.isEmpty, "\(key) row \(i): TA-Lib has no value, the table has '\(field)'")
                }
            }
        }
    }

    @Test func numbersKeepEveryBit() {
        for v in [0.1, 1.0 / 3.0, 123_456.789_012_345_6, -2.5e-300, Double.leastNonzeroMagnitude] {
            #expect(Double(IndicatorTable.format(v)) == v)
        }
        #expect(IndicatorTable.format(0.1) == "0.10000000000000001")
    }

    @Test func badSpecNamesTheToken() {
        do {
            _ = try IndicatorTable.columns("sma(20), rsi(14.5), macd()")
            Issue.record("rsi(14.5) accepted")
        } catch {
            #expect(error.description.contains("rsi(14.5)"), "\(error)")
        }
        #expect(throws: FeatureError.self) { try IndicatorTable.columns("sma(20),,rsi(14)") }
        #expect(throws: FeatureError.self) { try IndicatorTable.columns("macd(12,26,9).signal") }
    }
}
