import AlertsCore
import Foundation

/// Writes bars as CSV: `timestamp,open,high,low,close,volume[,vwap]`, ISO-8601 UTC timestamps, doubles in their
/// shortest round-trip form (reading the file back gives the same bits).
public enum CSVBarWriter {
    /// The CSV text of `series`; with `includeSymbol` a leading `symbol` column (for one-file, many-symbol output).
    public static func text(_ series: BarSeries, includeSymbol: Bool = false, header: Bool = true) -> String {
        var out = ""
        out.reserveCapacity(series.count * 80 + 64)
        let hasVWAP = series.vwap != nil
        if header {
            out += (includeSymbol ? "symbol," : "") + "timestamp,open,high,low,close,volume" + (hasVWAP ? ",vwap" : "") + "\n"
        }
        for i in 0..<series.count {
            if includeSymbol { out += series.symbol + "," }
            out += Timestamps.iso8601(series.timestamps[i])
            for v in [series.open[i], series.high[i], series.low[i], series.close[i], series.volume[i]] {
                out += ","
                out += number(v)
            }
            if let vwap = series.vwap {
                out += vwap[i].isNaN ? "," : "," + number(vwap[i])
            }
            out += "\n"
        }
        return out
    }

    /// Shortest round-trip text of `v`; whole numbers without `.0` (volumes read better, and parse the same).
    static func number(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 9e15 { return String(Int64(v)) }
        return "\(v)"
    }

    /// A file name for `symbol` that is safe on every file system (`C:EURUSD` → `C_EURUSD.csv`).
    public static func fileName(for symbol: String) -> String {
        String(symbol.map { $0 == "/" || $0 == ":" || $0 == "\\" ? "_" : $0 }) + ".csv"
    }

    /// Writes `series` to `directory/<symbol>.csv` atomically and returns the file's URL.
    @discardableResult
    public static func write(_ series: BarSeries, toDirectory directory: URL) throws -> URL {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(fileName(for: series.symbol))
        try Data(text(series).utf8).write(to: url, options: .atomic)
        return url
    }
}
