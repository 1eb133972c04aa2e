import AlertsCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One symbol's daily OHLCV over a list of sessions, the core of `SyntheticMarket`.
struct DailyPath {
    var timestamps: ContiguousArray<Int64>
    var open: ContiguousArray<Double>
    var high: ContiguousArray<Double>
    var low: ContiguousArray<Double>
    var close: ContiguousArray<Double>
    var volume: ContiguousArray<Double>
    var vwap: ContiguousArray<Double>
    /// Price increment the path is rounded to.
    var tick: Double

    /// Per-symbol character (start price, volume level, volatility multiplier), from the symbol's own stream.
    struct Profile {
        var startPrice: Double
        var baseVolume: Double
        var volatilityScale: Double
        var tick: Double

        init(market: Market, symbol: String, rng: inout SplitMix64) {
            let u1 = rng.nextDouble()
            let u2 = rng.nextDouble()
            let u3 = rng.nextDouble()
            switch market {
            case .fx:
                let jpy = symbol.uppercased().contains("JPY")
                startPrice = (jpy ? 100 : 0.7) * exp(u1 * 0.8)
                baseVolume = 20_000 * exp(2 * u2)
                volatilityScale = 0.45 * (0.8 + 0.4 * u3)
                tick = jpy ? 0.001 : 0.00001
            case .india:
                startPrice = 100 * exp(u1 * 3.4)
                baseVolume = 200_000 * exp(3 * u2)
                volatilityScale = 0.8 + 0.5 * u3
                tick = 0.05
            case .us, .eu:
                startPrice = 20 * exp(u1 * 3.2)
                baseVolume = 300_000 * exp(3.5 * u2)
                volatilityScale = 0.75 + 0.55 * u3
                tick = 0.01
            }
        }
    }

    static func generate(config c: SyntheticMarket.Config, symbol: String, market: Market, sessions: [TradingSession]) -> DailyPath {
        let n = sessions.count
        var rng = SplitMix64(seed: SplitMix64.mix(c.seed, SymbolHash.fnv1a(symbol), SymbolHash.fnv1a(market.rawValue)))
        let profile = Profile(market: market, symbol: symbol, rng: &rng)
        var p = DailyPath(
            timestamps: ContiguousArray(sessions.lazy.map(\.open)), open: [], high: [], low: [], close: [], volume: [], vwap: [],
            tick: profile.tick)
        p.open.reserveCapacity(n)
        p.high.reserveCapacity(n)
        p.low.reserveCapacity(n)
        p.close.reserveCapacity(n)
        p.volume.reserveCapacity(n)
        p.vwap.reserveCapacity(n)

        let strength = c.patternStrength
        let mu = market == .fx ? 0 : c.annualDrift / 252  // currencies carry no equity premium
        let gapScale = c.overnightShare.squareRoot()
        let intraScale = (1 - c.overnightShare).squareRoot()
        let nu = c.tailDegreesOfFreedom
        let lookback = c.oversoldLookback
        let emaAlpha = 2.0 / 21.0
        let tick = profile.tick

        var volatile = false
        var trending = false
        var trendDirection = 1.0
        var prevClose = roundToTick(profile.startPrice, tick)
        var ema = log(prevClose)
        var returns = [Double](repeating: 0, count: lookback)  // ring of the last close-to-close log returns
        var returnSum = 0.0
        var volumes = [Double](repeating: profile.baseVolume, count: 20)  // ring of the last 20 volumes
        var volumeSum = profile.baseVolume * 20
        var reboundLeft = 0
        var reboundSize = 0.0
        var breakoutLeft = 0
        var breakoutSize = 0.0
        var patternDriftSum = 0.0

        for i in 0..<n {
            // Regime transitions; drawn every session so the random stream never depends on the strength.
            let uVol = rng.nextDouble()
            volatile = volatile ? uVol < c.volatilePersistence : uVol >= c.calmPersistence
            let uTrend = rng.nextDouble()
            let uDirection = rng.nextDouble()
            let wasTrending = trending
            trending = trending ? uTrend < c.trendPersistence : uTrend >= c.meanReversionPersistence
            if trending && !wasTrending { trendDirection = uDirection < 0.5 ? -1 : 1 }
            let sigma = (volatile ? c.volatileVolatility : c.calmVolatility) * profile.volatilityScale

            // Expected log return: constant, plus path-dependent terms scaled by the strength.
            var drift = mu
            if strength > 0 {
                var pattern = trending ? c.trendDrift * sigma * trendDirection : -c.meanReversionSpeed * (log(prevClose) - ema)
                if reboundLeft > 0 { pattern += reboundSize }
                if breakoutLeft > 0 { pattern += breakoutSize }
                pattern *= strength
                // Rebounds only ever push up; subtracting the average pattern drift so far keeps the long-run
                // return at `annualDrift` instead of compounding the patterns into a strong upward trend.
                drift += pattern - (i > 0 ? patternDriftSum / Double(i) : 0)
                patternDriftSum += pattern
            }
            if reboundLeft > 0 { reboundLeft -= 1 }
            if breakoutLeft > 0 { breakoutLeft -= 1 }

            let gap = sigma * gapScale * rng.nextStudentT(nu: nu)
            let intraday = drift + sigma * intraScale * rng.nextStudentT(nu: nu)
            let wickUp = abs(rng.nextNormal())
            let wickDown = abs(rng.nextNormal())
            let volumeNoise = rng.nextNormal()

            let o = roundToTick(prevClose * exp(gap), tick)
            let cl = roundToTick(o * exp(intraday), tick)
            let wick = sigma * intraScale * 0.5
            let h = max(roundToTick(max(o, cl) * exp(wick * wickUp), tick), o, cl)
            let l = min(max(roundToTick(min(o, cl) * exp(-wick * wickDown), tick), tick), o, cl)
            let r = log(cl / prevClose)
            let z = abs(r) / sigma
            let v = (profile.baseVolume * exp(0.45 * z + (volatile ? 0.35 : 0) + 0.25 * volumeNoise - 0.5)).rounded()
            p.open.append(o)
            p.high.append(h)
            p.low.append(l)
            p.close.append(cl)
            p.volume.append(v)
            p.vwap.append(min(h, max(l, roundToTick((h + l + cl) / 3, tick))))

            // Pattern triggers seen at this close act from the next session on.
            let slot = i % lookback
            returnSum += r - returns[slot]
            returns[slot] = r
            if !volatile && i >= lookback && returnSum < -c.oversoldThreshold * sigma * Double(lookback).squareRoot() {
                reboundLeft = c.reboundSessions
                reboundSize = c.reboundDrift * sigma
            }
            let averageVolume = volumeSum / 20
            if i >= 20 && v > c.breakoutVolumeRatio * averageVolume && z > c.breakoutReturnSigmas {
                breakoutLeft = c.breakoutSessions
                breakoutSize = c.breakoutDrift * sigma * (r > 0 ? 1 : -1)
            }
            volumeSum += v - volumes[i % 20]
            volumes[i % 20] = v
            ema += emaAlpha * (log(cl) - ema)
            prevClose = cl
        }
        return p
    }

    /// `x` on the tick grid; dividing by the ticks per unit (an integer) gives the double nearest the decimal
    /// price, so 584.43 prints as 584.43 and not 584.4300000000001.
    @inline(__always)
    static func roundToTick(_ x: Double, _ tick: Double) -> Double {
        let perUnit = (1 / tick).rounded()
        return max(1, (x * perUnit).rounded()) / perUnit
    }

    func series(symbol: String, range: Range<Int>) -> BarSeries {
        BarSeries(
            symbol: symbol, timeframe: .d1, timestamps: ContiguousArray(timestamps[range]), open: ContiguousArray(open[range]),
            high: ContiguousArray(high[range]), low: ContiguousArray(low[range]), close: ContiguousArray(close[range]),
            volume: ContiguousArray(volume[range]), vwap: ContiguousArray(vwap[range]))
    }

    /// Monday-based week number of the session opening at `open`. Half a day after any open (FX opens at 17:00 the
    /// evening before) is always on the session's own date.
    static func week(of open: Int64, _ calendar: ExchangeCalendar) -> Int {
        (calendar.localDate(of: open + 43_200_000).dayNumber + 3) / 7
    }

    /// Weekly bars (Monday–Sunday weeks in the market's zone), stamped at the week's first session open.
    func weekly(symbol: String, range: Range<Int>, calendar: ExchangeCalendar) -> BarSeries {
        var out = BarSeries(symbol: symbol, timeframe: .w1)
        out.vwap = []
        var i = range.lowerBound
        while i < range.upperBound {
            let week = Self.week(of: timestamps[i], calendar)
            var j = i
            var h = high[i]
            var l = low[i]
            var v = 0.0
            var pv = 0.0
            while j < range.upperBound && Self.week(of: timestamps[j], calendar) == week {
                h = max(h, high[j])
                l = min(l, low[j])
                v += volume[j]
                pv += vwap[j] * volume[j]
                j += 1
            }
            out.append(
                Bar(
                    timestamp: timestamps[i], open: open[i], high: h, low: l, close: close[j - 1], volume: v,
                    vwap: v > 0 ? min(h, max(l, pv / v)) : close[j - 1]))
            i = j
        }
        return out
    }
}
