import Foundation
import Indicators
import Testing

@Suite("Model features beyond TA-Lib, against their textbook definitions")
struct ModelFeatureTests {
    func close(_ a: Double, _ b: Double) -> Bool { agrees(a, b) }

    @Test("logret, rvol, zscore, volz, gap, dist_high, dist_low")
    func definitions() throws {
        let (bars, _) = try ReferenceData.load()
        let c = bars.close, h = bars.high, l = bars.low, v = bars.volume, o = bars.open
        let logret = try IndicatorColumn(parsing: "logret(5)").compute(on: bars)
        let rvol = try IndicatorColumn(parsing: "rvol(20)").compute(on: bars)
        let zscore = try IndicatorColumn(parsing: "zscore(20)").compute(on: bars)
        let volz = try IndicatorColumn(parsing: "volz(10)").compute(on: bars)
        let gap = try IndicatorColumn(parsing: "gap()").compute(on: bars)
        let distHigh = try IndicatorColumn(parsing: "dist_high(20)").compute(on: bars)
        let distLow = try IndicatorColumn(parsing: "dist_low(20)").compute(on: bars)
        for t in [25, 400, 1210, 1235, 2500, 3100, 3999] {
            #expect(close(logret[t], Foundation.log(c[t]) - Foundation.log(c[t - 5])))
            let returns = ((t - 19)...t).map { Foundation.log(c[$0] / c[$0 - 1]) }
            let mean = returns.reduce(0, +) / 20
            let sample = (returns.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 19).squareRoot()
            #expect(close(rvol[t], sample), "rvol row \(t)")
            let window = Array(c[(t - 19)...t])
            let m = window.reduce(0, +) / 20
            let sd = (window.map { ($0 - m) * ($0 - m) }.reduce(0, +) / 20).squareRoot()
            #expect(close(zscore[t], sd == 0 ? 0 : (c[t] - m) / sd), "zscore row \(t)")
            let vw = Array(v[(t - 9)...t])
            let vm = vw.reduce(0, +) / 10
            let vsd = (vw.map { ($0 - vm) * ($0 - vm) }.reduce(0, +) / 10).squareRoot()
            #expect(close(volz[t], vsd == 0 ? 0 : (v[t] - vm) / vsd), "volz row \(t)")
            #expect(close(gap[t], o[t] / c[t - 1] - 1))
            #expect(close(distHigh[t], c[t] / h[(t - 19)...t].max()! - 1))
            #expect(close(distLow[t], c[t] / l[(t - 19)...t].min()! - 1))
        }
        #expect(gap[2500] > 0.02, "the fixture's gap up at row 2500")
        #expect(gap[3100] < -0.02, "the fixture's gap down at row 3100")
        #expect(zscore[1225] == 0 && volz[1225] == 0, "flat window: z-score is 0 by definition")
        #expect(rvol[1225] == 0, "flat window: no returns, no volatility")
    }
}
