import Foundation
import Testing

@testable import Learning

/// Small deterministic problems for the tests.
enum TestData {
    static func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

    /// Features from `make(row, rng)`, labels from the last value returned.
    static func table(rows: Int, features: Int, seed: UInt64, _ make: (inout SeededGenerator) -> ([Double], Double)) throws -> Dataset {
        var rng = SeededGenerator(seed: seed)
        var columns = [[Double]](repeating: [], count: features)
        var labels: [Double] = []
        for _ in 0..<rows {
            let (x, y) = make(&rng)
            for f in 0..<features { columns[f].append(x[f]) }
            labels.append(y)
        }
        return try Dataset(featureNames: (0..<features).map { "x\($0)" }, columns: columns, labels: labels)
    }

    static func uniform(_ rng: inout SeededGenerator) -> Double { 2 * rng.nextUnit() - 1 }

    /// y = (x0 > 0) xor (x1 > 0) with 5% flipped labels; x2 is noise. No single feature predicts y.
    static func xor(rows: Int, seed: UInt64) throws -> Dataset {
        try table(rows: rows, features: 3, seed: seed) { rng in
            let x = [uniform(&rng), uniform(&rng), uniform(&rng)]
            var y: Double = (x[0] > 0) != (x[1] > 0) ? 1 : 0
            if rng.nextUnit() < 0.05 { y = 1 - y }
            return (x, y)
        }
    }

    /// P(y = 1) = sigmoid(4·x0), increasing in x0; x1, x2 are noise.
    static func monotone(rows: Int, seed: UInt64) throws -> Dataset {
        try table(rows: rows, features: 3, seed: seed) { rng in
            let x = [uniform(&rng), uniform(&rng), uniform(&rng)]
            return (x, rng.nextUnit() < sigmoid(4 * x[0]) ? 1 : 0)
        }
    }

    /// The label is carried by missingness: x0 missing ⇒ y = 1 (90%); otherwise y follows x1 > 0.3 (90%).
    static func withNaNs(rows: Int, seed: UInt64) throws -> Dataset {
        try table(rows: rows, features: 3, seed: seed) { rng in
            let missing = rng.nextUnit() < 0.3
            let x = [missing ? Double.nan : uniform(&rng), uniform(&rng), rng.nextUnit() < 0.2 ? Double.nan : uniform(&rng)]
            let truth = missing || x[1] > 0.3
            return (x, (rng.nextUnit() < 0.9) == truth ? 1 : 0)
        }
    }

    /// Loads a file shipped in Fixtures/.
    static func fixture(_ name: String, _ ext: String) throws -> URL {
        try #require(Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures"), "fixture \(name).\(ext) missing")
    }
}
