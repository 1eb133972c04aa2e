import Foundation
import Testing

@testable import Learning

@Suite struct ModelFileTests {
    func trainedModel() throws -> (ClassifierModel, Dataset) {
        let data = try TestData.withNaNs(rows: 500, seed: 31)
        var p = GBDTParameters()
        p.numRounds = 10
        let trees = try GradientBoostedTrees.train(on: data, parameters: p)
        let iso = try Calibrator.fit(.isotonic, scores: try trees.rawScores(data).map(trees.probability(raw:)), labels: Array(data.labels))
        return (ClassifierModel(predictor: .trees(trees), calibrator: iso, trainingParameters: p.asDictionary, source: "test"), data)
    }

    func message(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "no error"
        } catch { return "\(error)" }
    }

    @Test func roundTripKeepsEveryPrediction() throws {
        let (model, data) = try trainedModel()
        let bytes = try ModelFile.encode(model)
        let back = try ModelFile.decode(bytes)
        #expect(try back.scores(data) == model.scores(data))
        #expect(try ModelFile.encode(back) == bytes)
        let json = try #require(JSONSerialization.jsonObject(with: bytes) as? [String: Any])
        #expect(json["format"] as? String == ModelFile.formatName)
        #expect(json["formatVersion"] as? Int == 1)
        #expect(json["featureNames"] as? [String] == data.featureNames)
        #expect((json["trainingParameters"] as? [String: String])?["num_rounds"] == "10")
        #expect(json["libraryVersion"] as? String == ModelFile.libraryVersion)
    }

    @Test func logisticAndPlattRoundTrip() throws {
        let data = try TestData.monotone(rows: 400, seed: 32)
        let lr = try LogisticRegression.train(on: data)
        let platt = try Calibrator.fit(.platt, scores: (0..<400).map { TestData.sigmoid(lr.rawScore(data.row($0))) }, labels: Array(data.labels))
        let model = ClassifierModel(predictor: .logistic(lr), calibrator: platt, source: "test")
        let back = try ModelFile.decode(ModelFile.encode(model))
        #expect(try back.scores(data) == model.scores(data))
    }

    @Test func refusesCorruptTruncatedForeignAndNewerFiles() throws {
        let bytes = try ModelFile.encode(trainedModel().0)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(message { _ = try ModelFile.decode(Data("{\"format\": oops}".utf8)) }.contains("corrupt"))
        #expect(message { _ = try ModelFile.decode(bytes.prefix(bytes.count / 2)) }.contains("truncated"))
        #expect(message { _ = try ModelFile.decode(Data()) }.contains("empty"))
        let newer = text.replacingOccurrences(of: "\"formatVersion\":1", with: "\"formatVersion\":7")
        #expect(newer != text)
        #expect(message { _ = try ModelFile.decode(Data(newer.utf8)) }.contains("version 7 is not supported"))
        #expect(message { _ = try ModelFile.decode(Data("{\"format\":\"onnx\"}".utf8)) }.contains("not an AlertsAI model file"))
        let badChild = text.replacingOccurrences(of: "\"leftChild\":[", with: "\"leftChild\":[99,")
        #expect(message { _ = try ModelFile.decode(Data(badChild.utf8)) }.contains("tree 0"))
        let noTrees = text.replacingOccurrences(of: "\"trees\"", with: "\"forest\"")
        #expect(message { _ = try ModelFile.decode(Data(noTrees.utf8)) }.contains("gbdt.trees"))
    }

    @Test func refusesInputWhoseFeaturesDoNotMatch() throws {
        let (model, data) = try trainedModel()
        let renamed = try Dataset(featureNames: ["x0", "x9", "x2"], rowCount: data.rowCount, values: data.values)
        let text = message { _ = try model.rawScores(renamed) }
        #expect(text.contains("do not match") && text.contains("x1"))
        #expect(message { _ = try model.columnIndices(for: ["x2", "x0", "label"]) }.contains("missing feature(s) x1"))
        #expect(try model.columnIndices(for: ["label", "x2", "x1", "x0"]) == [3, 2, 1])
    }

    @Test func csvReadsMissingAndNamesBadCells() throws {
        let table = try CSVTable(text: "a,b\n1,\n,2.5\nNaN,3\n")
        #expect(table.header == ["a", "b"])
        #expect(table.columns[0][0] == 1 && table.columns[0][1].isNaN && table.columns[0][2].isNaN)
        #expect(table.columns[1][0].isNaN && table.columns[1][2] == 3)
        #expect(message { _ = try CSVTable(text: "a,b\n1,x\n") }.contains("line 2"))
        #expect(message { _ = try CSVTable(text: "a,b\n1\n") }.contains("1 fields"))
        #expect(message { _ = try table.column("zz") }.contains("'zz' not found"))
    }
}
