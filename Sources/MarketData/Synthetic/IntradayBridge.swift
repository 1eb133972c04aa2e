import AlertsCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Intraday bars for one session: a Brownian bridge (in log price) from the daily open to the daily close, stretched
/// above and below so it touches exactly the daily high and low; volume follows a U-shaped day and sums to the
/// daily volume. The bars therefore aggregate back to the daily bar.
enum IntradayBridge {
    /// Path points per bar; a bar's high and low are the extremes of its points.
    static let pointsPerBar = 4

    static func append(
        to out: inout BarSeries, starts: [Int64], open o: Double, high h: Double, low l: Double, close c: Double, volume: Double,
        tick: Double, rng: inout SplitMix64
    ) {
        let bars = starts.count
        guard bars > 0 else { return }
        let m = bars * pointsPerBar
        var x = [Double](repeating: 0, count: m + 1)
        for k in 1...m { x[k] = x[k - 1] + rng.nextNormal() }
        let d = log(c / o)
        let up = log(h / o)
        let down = log(l / o)
        // A walk of m unit steps spans about 2√m; scale it to the day's range before stretching to the extremes.
        let scale = max(up - down, 1e-12) / (2 * Double(m).squareRoot())
        let wEnd = x[m]
        for k in 0...m {
            let f = Double(k) / Double(m)
            x[k] = (x[k] - f * wEnd) * scale + f * d
        }
        x[0] = 0
        x[m] = d
        let top = max(0, d)
        let bottom = min(0, d)
        var maxIndex = 1
        var minIndex = 1
        for k in 1..<m {
            if x[k] > x[maxIndex] { maxIndex = k }
            if x[k] < x[minIndex] { minIndex = k }
        }
        if m < 2 {
            maxIndex = 0
            minIndex = 0
        }
        let peak = x[maxIndex]
        let trough = x[minIndex]
        for k in 1..<max(1, m) {
            if x[k] > top && peak > top {
                x[k] = top + (x[k] - top) * (up - top) / (peak - top)
            } else if x[k] < bottom && trough < bottom {
                x[k] = bottom + (x[k] - bottom) * (down - bottom) / (trough - bottom)
            }
        }
        var price = [Double](repeating: 0, count: m + 1)
        for k in 0...m { price[k] = min(h, max(l, DailyPath.roundToTick(o * exp(x[k]), tick))) }
        price[0] = o
        price[m] = c
        // Touch the daily extremes exactly (at the path's own extremes, or at an interior point if it never left
        // the open–close band).
        if m >= 2 {
            if h > max(o, c) { price[peak > top ? maxIndex : m / 2] = h }
            if l < min(o, c) {
                var k = trough < bottom ? minIndex : m / 2
                if price[k] == h { k = k == 1 ? m - 1 : 1 }
                price[k] = l
            }
        }

        // U-shaped volume: heavier at the open and the close.
        var weights = [Double](repeating: 0, count: bars)
        var total = 0.0
        for j in 0..<bars {
            let u = bars == 1 ? 0.5 : Double(j) / Double(bars - 1)
            let w = (1 + 3 * (u - 0.5) * (u - 0.5) * 4) * exp(0.3 * rng.nextNormal())
            weights[j] = w
            total += w
        }
        var assigned = 0.0
        for j in 0..<bars {
            let a = j * pointsPerBar
            let b = a + pointsPerBar
            var bh = price[a]
            var bl = price[a]
            for k in (a + 1)...b {
                bh = max(bh, price[k])
                bl = min(bl, price[k])
            }
            let v = j == bars - 1 ? max(0, volume - assigned) : (volume * weights[j] / total).rounded(.down)
            assigned += v
            let bo = price[a]
            let bc = price[b]
            out.append(
                Bar(
                    timestamp: starts[j], open: bo, high: bh, low: bl, close: bc, volume: v,
                    vwap: min(bh, max(bl, (bh + bl + bc) / 3))))
        }
    }
}
