import Foundation
import Indicators
import Testing

@Suite("TA-Lib agreement on the reference bars")
struct TALibAgreementTests {
    @Test("every column in outputs.json matches: NaN positions and 1e-9 tolerance")
    func everyReferenceColumnAgrees() throws {
        let (bars, outputs) = try ReferenceData.load()
        #expect(outputs.count >= 40, "outputs.json should hold every TA-Lib spec")
        for (key, expected) in outputs.sorted(by: { $0.key < $1.key }) {
            let column = try IndicatorColumn(parsing: key)
            #expect(column.name == key, "canonical column name differs from the reference key")
            let actual = column.compute(on: bars)
            try #require(actual.count == expected.count, "\(key): length")
            var firstMismatch: Int?
            var mismatches = 0
            for i in 0..<expected.count where !agrees(actual[i], expected[i]) {
                mismatches += 1
                if firstMismatch == nil { firstMismatch = i }
            }
            if let i = firstMismatch {
                Issue.record("\(key): \(mismatches) mismatches, first at row \(i): got \(actual[i]), TA-Lib \(expected[i])")
            }
            let expectedNaN = expected.prefix { $0.isNaN }.count
            #expect(expectedNaN == column.spec.lookback, "\(key): lookback \(column.spec.lookback) vs TA-Lib's \(expectedNaN) NaNs")
        }
    }

    @Test("outputs.json covers every TA-Lib indicator and every output of each")
    func referenceCoversEveryIndicator() throws {
        let (_, outputs) = try ReferenceData.load()
        let columns = try outputs.keys.map { try IndicatorColumn(parsing: $0) }
        for kind in IndicatorKind.allCases where kind.isTALib {
            let covered = Set(columns.filter { $0.spec.kind == kind }.map(\.output))
            #expect(covered == Set(kind.outputNames), "\(kind.rawValue): reference covers \(covered.sorted())")
        }
    }

    @Test("flat stretch (rows 1200–1229, identical OHLC, zero volume): flat-window guards give TA-Lib's exact values")
    func flatStretch() throws {
        let (bars, outputs) = try ReferenceData.load()
        let flat = 1200...1229
        #expect(flat.allSatisfy { bars.high[$0] == bars.low[$0] && bars.volume[$0] == 0 }, "fixture changed")
        // Windows fully inside the stretch: TA-Lib answers exactly 0 (no division by a zero range).
        let zeroInside: [(String, Int)] = [
            ("stddev(20)", 20), ("willr(14)", 14), ("stochf(14,3).fastk", 14), ("cci(14)", 14), ("mfi(14)", 15), ("roc(10)", 11),
        ]
        for (key, window) in zeroInside {
            let actual = try IndicatorColumn(parsing: key).compute(on: bars)
            for row in (flat.lowerBound + window - 1)...flat.upperBound {
                #expect(actual[row] == 0, "\(key) row \(row): \(actual[row])")
                #expect(outputs[key]?[row] == 0, "reference \(key) row \(row)")
            }
        }
        // Bands collapse onto the middle band; A/D stays level; OBV does not move on zero volume.
        let bands = try IndicatorSpec(parsing: "bbands(20,2)").compute(on: bars)
        let ad = try IndicatorSpec(parsing: "ad()").compute(on: bars)["real"]!
        let obv = try IndicatorSpec(parsing: "obv()").compute(on: bars)["real"]!
        for row in (flat.lowerBound + 19)...flat.upperBound {
            #expect(bands["upperband"]![row] == bands["middleband"]![row])
            #expect(bands["lowerband"]![row] == bands["middleband"]![row])
        }
        for row in flat.dropFirst() {
            #expect(ad[row] == ad[row - 1])
            #expect(obv[row] == obv[row - 1])
        }
    }

    @Test("NaN exactly during the lookback, for every spec on short inputs too")
    func nanPositionsOnShortSeries() throws {
        let (bars, _) = try ReferenceData.load()
        for spec in AllSpecs.list {
            for length in [0, 1, spec.lookback, spec.lookback + 1, spec.lookback + 2] {
                let columns = spec.computeColumns(on: bars.prefix(length))
                for (name, column) in zip(spec.outputNames, columns) {
                    #expect(column.count == length)
                    for (i, v) in column.enumerated() {
                        #expect(v.isNaN == (i < spec.lookback), "\(spec).\(name) length \(length) row \(i): \(v)")
                    }
                }
            }
        }
    }
}

/// One spec per indicator kind (defaults) plus every reference spec.
enum AllSpecs {
    static var list: [IndicatorSpec] {
        var specs = IndicatorKind.allCases.map { try! IndicatorSpec($0) }
        if let (_, outputs) = try? ReferenceData.load() {
            specs += outputs.keys.compactMap { try? IndicatorColumn(parsing: $0).spec }
        }
        specs += [try! IndicatorSpec(.macd, [26, 12, 9]), try! IndicatorSpec(.bbands, [10, 1.5, 2.5]), try! IndicatorSpec(.ultosc, [28, 7, 14])]
        return Array(Set(specs)).sorted { $0.canonical < $1.canonical }
    }
}
