import AlertsCore
import Foundation
import Testing

@Suite("Domain types")
struct AlertsCoreTests {
    func series() -> BarSeries {
        BarSeries(
            symbol: "AAPL", timeframe: .d1,
            bars: (0..<10).map { i in
                Bar(
                    timestamp: Int64(i) * 86_400_000, open: 100 + Double(i), high: 102 + Double(i), low: 99 + Double(i), close: 101 + Double(i),
                    volume: 1_000)
            })
    }

    @Test("BarSeries stores columns and slices by time")
    func barSeries() {
        let s = series()
        #expect(s.count == 10)
        #expect(s[3].close == 104)
        #expect(s.firstIndex(atOrAfter: 3 * 86_400_000) == 3)
        #expect(s.firstIndex(atOrAfter: 3 * 86_400_000 + 1) == 4)
        let day: Int64 = 86_400_000
        let mid = s.between(from: 2 * day, to: 5 * day)
        let expectedTimes: [Int64] = [2 * day, 3 * day, 4 * day]
        let expectedCloses: [Double] = [103, 104, 105]
        #expect(Array(mid.timestamps) == expectedTimes)
        #expect(Array(mid.close) == expectedCloses)
        #expect(s.between(from: 50 * day, to: 60 * day).isEmpty)
        var withVwap = s
        withVwap.append(Bar(timestamp: 10 * 86_400_000, open: 1, high: 2, low: 1, close: 2, volume: 1, vwap: 1.5))
        #expect(withVwap.vwap?.count == 11)
        #expect(withVwap[10].vwap == 1.5)
        #expect(withVwap[0].vwap == nil)
    }

    @Test("timeframes and markets parse their common spellings")
    func parsing() {
        #expect(Timeframe(parsing: "1d") == .d1)
        #expect(Timeframe(parsing: "hour") == .h1)
        #expect(Timeframe(parsing: "3d") == nil)
        #expect(Market(parsing: "xnys") == .us)
        #expect(Market(parsing: "NSE") == .india)
        #expect(Market(parsing: "mars") == nil)
        #expect(Timeframe.h1.isIntraday && !Timeframe.d1.isIntraday)
    }

    @Test("PlanSpec validation names the offending field")
    func planValidation() {
        #expect(throws: Never.self) { try PlanSpec(takeProfit: .percent(0.04), stop: .percent(0.02), maxHoldBars: 10).validate() }
        #expect { try PlanSpec(takeProfit: .percent(-0.01), stop: .percent(0.02), maxHoldBars: 10).validate() } throws: {
            ($0 as? CoreError)?.description.contains("plan.take_profit") == true
        }
        #expect { try PlanSpec(takeProfit: .percent(0.04), stop: .atr(multiple: 1, period: 0), maxHoldBars: 10).validate() } throws: {
            ($0 as? CoreError)?.description.contains("plan.stop") == true
        }
        #expect { try PlanSpec(takeProfit: .percent(0.04), stop: .percent(0.02), maxHoldBars: 0).validate() } throws: {
            ($0 as? CoreError)?.description.contains("max_hold_bars") == true
        }
        #expect(BarrierDistance.atr(multiple: 2, period: 14).fraction(signalClose: 100, atr: 1.5) == 0.03)
        #expect(BarrierDistance.atr(multiple: 2, period: 14).fraction(signalClose: 100, atr: nil) == nil)
    }

    @Test("JSONValue round-trips any Codable value with canonical bytes")
    func json() throws {
        let plan = PlanSpec(side: .short, takeProfit: .atr(multiple: 2, period: 14), stop: .percent(0.01), maxHoldBars: 5, entry: .signalClose)
        let value = try JSONValue(encoding: plan)
        #expect(try value.decode(PlanSpec.self) == plan)
        let a = try JSONEncoder.canonical.encode(JSONValue.object(["b": .number(1), "a": .array([.null, .bool(true), .string("x")])]))
        #expect(String(decoding: a, as: UTF8.self) == #"{"a":[null,true,"x"],"b":1}"#)
    }

    @Test("thresholds fall back to the default outside known regimes")
    func thresholds() {
        let t = Thresholds(alert: 0.6, perRegime: ["high_vol": 0.7])
        #expect(t.threshold(for: "high_vol") == 0.7)
        #expect(t.threshold(for: "low_vol") == 0.6)
        #expect(t.threshold(for: nil) == 0.6)
        #expect(Regime(volatility: .high, trend: .up).label == "high_vol")
    }
}
