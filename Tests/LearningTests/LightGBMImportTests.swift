import Foundation
import Testing

@testable import Learning

/// Fixtures made once by scripts/fixtures/make_lightgbm_fixtures.py with LightGBM 4.7.0.
@Suite struct LightGBMImportTests {
    static let good = ["lgb_plain", "lgb_nan", "lgb_zero_missing", "lgb_none_missing", "lgb_depth"]

    func load(_ name: String) throws -> (GradientBoostedTrees, CSVTable, CSVTable) {
        let text = try String(contentsOf: TestData.fixture("\(name).model", "txt"), encoding: .utf8)
        let model = try LightGBMModelText.parse(text)
        let input = try CSVTable(contentsOf: TestData.fixture("\(name).input", "csv"))
        let expected = try CSVTable(contentsOf: TestData.fixture("\(name).expected", "csv"))
        return (model, input, expected)
    }

    @Test(arguments: good)
    func predictionsEqualLightGBM(name: String) throws {
        let (model, input, expected) = try load(name)
        #expect(model.featureNames == input.header)
        let data = try Dataset(featureNames: input.header, columns: input.columns)
        let raw = try model.rawScores(data)
        let wantRaw = try expected.column("raw"), wantProb = try expected.column("prob")
        #expect(raw.count == wantRaw.count)
        for r in 0..<raw.count {
            #expect(abs(raw[r] - wantRaw[r]) <= 1e-9, "row \(r)")
            #expect(abs(model.probability(raw: raw[r]) - wantProb[r]) <= 1e-9, "row \(r)")
            #expect(abs(model.rawScore(data.row(r)) - wantRaw[r]) <= 1e-9)
        }
        // Through our own file format and back, predictions must not move.
        let reloaded = try ModelFile.decode(ModelFile.encode(ClassifierModel(predictor: .trees(model), source: "lightgbm")))
        let again = try reloaded.rawScores(data)
        #expect(again == raw)
    }

    @Test func treeSHAPEqualsLightGBMPredContrib() throws {
        let (model, input, _) = try load("lgb_nan")
        let want = try CSVTable(contentsOf: TestData.fixture("lgb_nan.contrib", "csv"))
        let data = try Dataset(featureNames: input.header, columns: input.columns)
        for r in 0..<data.rowCount {
            let c = model.contributions(data.row(r))
            for (f, name) in model.featureNames.enumerated() {
                #expect(abs(c.values[f] - (try want.column(name))[r]) <= 1e-9, "row \(r) feature \(name)")
            }
            #expect(abs(c.expectedValue - (try want.column("expected"))[r]) <= 1e-9)
        }
    }

    @Test func fixturesCoverEveryMissingType() throws {
        var seen = Set<UInt8>()
        for name in Self.good {
            for tree in try load(name).0.trees { seen.formUnion(tree.missingType.map(\.rawValue)) }
        }
        #expect(seen == [MissingType.none.rawValue, MissingType.zero.rawValue, MissingType.nan.rawValue])
        let depth = try load("lgb_depth").0
        #expect(depth.trees.allSatisfy { $0.leafValue.count <= 8 })
    }

    @Test(arguments: [("lgb_categorical", "categorical"), ("lgb_linear", "linear tree"), ("lgb_multiclass", "multiclass")])
    func refusesUnsupportedContent(name: String, word: String) throws {
        let text = try String(contentsOf: TestData.fixture("\(name).model", "txt"), encoding: .utf8)
        do {
            _ = try LightGBMModelText.parse(text)
            Issue.record("\(name) was imported")
        } catch let error as LearningError {
            guard case .unsupportedLightGBM = error else { Issue.record("wrong error \(error)"); return }
            #expect(error.description.contains(word), "\(error.description)")
        }
    }

    @Test func refusesTruncatedAndMalformedText() throws {
        let text = try String(contentsOf: TestData.fixture("lgb_plain.model", "txt"), encoding: .utf8)
        let cut = String(text.prefix(text.count / 3))
        #expect(throws: LearningError.self) { try LightGBMModelText.parse(cut) }
        #expect(throws: LearningError.self) { try LightGBMModelText.parse("hello\nworld") }
        let broken = text.replacingOccurrences(of: "leaf_value=", with: "leaf_value=x ")
        do {
            _ = try LightGBMModelText.parse(broken)
            Issue.record("bad leaf values accepted")
        } catch let error as LearningError {
            #expect(error.description.contains("leaf_value"))
        }
    }
}
