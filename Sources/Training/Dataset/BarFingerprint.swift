import AlertsCore
import Foundation
import Storage

/// SHA-256 of the bars a model was trained on, over a canonical byte order, so a run's data can be recognised.
///
/// Series sorted by symbol; for each: the symbol's UTF-8 bytes, a 0 byte, the timeframe's name, a 0 byte, the bar
/// count (Int64), then per bar its timestamp (Int64 ms UTC) and open, high, low, close, volume (IEEE-754 binary64
/// bit patterns), all little-endian.
public enum BarFingerprint {
    public static func sha256(_ series: [BarSeries]) -> String {
        var data = Data()
        data.reserveCapacity(series.reduce(0) { $0 + 16 + $1.symbol.utf8.count + $1.count * 48 })
        func append(_ v: UInt64) {
            withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) }
        }
        for s in series.sorted(by: { $0.symbol < $1.symbol }) {
            data.append(contentsOf: Array(s.symbol.utf8))
            data.append(0)
            data.append(contentsOf: Array(s.timeframe.rawValue.utf8))
            data.append(0)
            append(UInt64(s.count))
            for i in 0..<s.count {
                append(UInt64(bitPattern: s.timestamps[i]))
                append(s.open[i].bitPattern)
                append(s.high[i].bitPattern)
                append(s.low[i].bitPattern)
                append(s.close[i].bitPattern)
                append(s.volume[i].bitPattern)
            }
        }
        return DirectoryArtifactStore.digest(data)
    }
}
