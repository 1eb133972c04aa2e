import AlertsCore
import Foundation
import Indicators
import MarketData

/// Indicator columns over one series as CSV: what `alertsai indicators` writes.
///
/// `timestamp` (ISO-8601 UTC) then one column per output, headed by the spec token as written (multi-output specs
/// add `.output`); NaN is an empty field and numbers keep every bit (`%.17g`). Headers with commas are quoted.
public enum IndicatorTable {
    /// One output column: its header and where it comes from.
    public struct Column: Sendable, Hashable {
        public let header: String
        public let spec: IndicatorSpec
        public let output: Int
    }

    /// Parses `sma(20), rsi(14), macd(12,26,9), bbands(20,2).upperband`; an error names the bad token.
    public static func columns(_ specList: String) throws(FeatureError) -> [Column] {
        var out: [Column] = []
        for token in splitList(specList) {
            guard !token.isEmpty else {
                throw .invalidSpec(item: specList, spec: token, reason: "empty spec in the list (two commas in a row?)")
            }
            let parsed: (spec: IndicatorSpec, output: String?)
            do {
                parsed = try FeatureSet.parseColumn(token)
            } catch {
                throw .invalidSpec(item: token, spec: token, reason: error.description)
            }
            if let output = parsed.output {
                out.append(Column(header: token, spec: parsed.spec, output: parsed.spec.outputNames.firstIndex(of: output)!))
            } else if parsed.spec.outputNames.count == 1 {
                out.append(Column(header: token, spec: parsed.spec, output: 0))
            } else {
                for (i, name) in parsed.spec.outputNames.enumerated() {
                    out.append(Column(header: token + "." + name, spec: parsed.spec, output: i))
                }
            }
        }
        return out
    }

    /// The CSV text of `columns` over `series`.
    public static func csv(series: BarSeries, columns: [Column]) -> String {
        let bars = OHLCV(
            open: Array(series.open), high: Array(series.high), low: Array(series.low), close: Array(series.close),
            volume: Array(series.volume))
        var computed: [IndicatorSpec: [[Double]]] = [:]
        for c in columns where computed[c.spec] == nil { computed[c.spec] = c.spec.computeColumns(on: bars) }
        let values = columns.map { computed[$0.spec]![$0.output] }
        var text = "timestamp"
        for c in columns { text += "," + quoted(c.header) }
        text += "\n"
        text.reserveCapacity(series.count * (22 + 24 * columns.count))
        for i in 0..<series.count {
            text += Timestamps.iso8601(series.timestamps[i])
            for column in values {
                text += ","
                let v = column[i]
                if !v.isNaN { text += format(v) }
            }
            text += "\n"
        }
        return text
    }

    /// `%.17g`: enough digits to read back the same double.
    public static func format(_ v: Double) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 40) { buffer in
            _ = withVaList([v]) { vsnprintf(buffer.baseAddress!, 40, "%.17g", $0) }
            return String(cString: buffer.baseAddress!)
        }
    }

    static func quoted(_ field: String) -> String {
        guard field.contains(",") || field.contains("\"") else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Splits at commas outside parentheses and trims each token.
    static func splitList(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var depth = 0
        for c in text {
            switch c {
            case "(": depth += 1
            case ")": depth = max(0, depth - 1)
            case "," where depth == 0:
                tokens.append(current.trimmingCharacters(in: .whitespacesAndNewlines))
                current = ""
                continue
            default: break
            }
            current.append(c)
        }
        tokens.append(current.trimmingCharacters(in: .whitespacesAndNewlines))
        return tokens
    }
}
