import Foundation
import Testing

@testable import Learning

@Suite struct SplitterTests {
    /// Random overlapping spans: t0 uniform in [0, 1000), lengths up to 60, rows in random (not time) order.
    func randomSpans(rows: Int, seed: UInt64) throws -> EventSpans {
        var rng = SeededGenerator(seed: seed)
        var t0: [Double] = [], t1: [Double] = []
        for _ in 0..<rows {
            let start = (rng.nextUnit() * 1000).rounded()
            t0.append(start)
            t1.append(start + (rng.nextUnit() * 60).rounded())
        }
        return try EventSpans(t0: t0, t1: t1)
    }

    /// The property: no training span touches [min t0, max t1 + embargo] of the test fold, nor any test row's span.
    func checkPurged(_ folds: [Fold], _ spans: EventSpans, embargo: Double) {
        for fold in folds {
            let start = fold.test.map { spans.t0[$0] }.min()!, end = fold.test.map { spans.t1[$0] }.max()!
            #expect(Set(fold.train).isDisjoint(with: fold.test))
            for r in fold.train {
                #expect(spans.t1[r] < start || spans.t0[r] > end + embargo, "row \(r) [\(spans.t0[r]), \(spans.t1[r])] leaks")
            }
            for r in fold.train {
                for t in fold.test {
                    #expect(spans.t1[r] < spans.t0[t] || spans.t0[r] > spans.t1[t])
                }
            }
        }
    }

    @Test(arguments: [1 as UInt64, 2, 3, 4, 5])
    func purgedKFoldNeverLeaks(seed: UInt64) throws {
        let spans = try randomSpans(rows: 240, seed: seed)
        let embargo = Double(seed) * 7
        let folds = try PurgedKFold(k: 4, embargo: embargo).folds(spans)
        #expect(folds.count == 4)
        checkPurged(folds, spans, embargo: embargo)
        // Test folds partition the rows, and purging keeps most training rows (it is not simply dropping everything).
        #expect(folds.flatMap(\.test).sorted() == Array(0..<240))
        #expect(folds.allSatisfy { $0.train.count > 100 })
    }

    @Test(arguments: [11 as UInt64, 12, 13])
    func purgedWalkForwardNeverLeaksAndOnlyLooksBack(seed: UInt64) throws {
        let spans = try randomSpans(rows: 200, seed: seed)
        let folds = try PurgedWalkForward(folds: 4, embargo: 10).folds(spans)
        #expect(folds.count == 4)
        checkPurged(folds, spans, embargo: 10)
        for fold in folds {
            let testStart = fold.test.map { spans.t0[$0] }.min()!
            #expect(fold.train.allSatisfy { spans.t1[$0] < testStart })
        }
        #expect(folds.last!.train.count > folds.first!.train.count)
    }

    @Test func embargoDropsRowsRightAfterTheTestFold() throws {
        // Ten back-to-back one-unit spans; fold 2 of 5 tests rows 2, 3 (span [2, 4]); embargo 2 also drops rows 5, 6.
        let spans = try EventSpans(t0: (0..<10).map { Double($0) }, t1: (0..<10).map { Double($0) + 1 })
        let folds = try PurgedKFold(k: 5, embargo: 2).folds(spans)
        #expect(folds[1].test == [2, 3])
        #expect(folds[1].train == [0, 7, 8, 9])
        // What each rule removed, for the report: rows 1 and 4 overlap the test span, rows 5 and 6 only the embargo.
        #expect(folds[1].purged == 2 && folds[1].embargoed == 2)
        // Walk-forward trains on earlier rows only: the embargo after the test fold never removes one.
        let forward = try PurgedWalkForward(folds: 4, embargo: 2).folds(spans)
        #expect(forward.allSatisfy { $0.embargoed == 0 } && forward.contains { $0.purged > 0 })
    }
}
