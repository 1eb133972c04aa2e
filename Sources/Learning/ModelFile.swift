import Foundation

/// The on-disk model format: one self-describing, versioned JSON document.
public enum ModelFile {
    public static let formatName = "alertsai.learning.model"
    public static let formatVersion = 1
    public static let libraryVersion = "1.0.0"

    /// The JSON document; field names are the file's schema.
    struct Document: Codable {
        var format: String
        var formatVersion: Int
        var libraryVersion: String
        var source: String
        var kind: String
        var featureNames: [String]
        var gbdt: TreesPayload?
        var logistic: LogisticRegression?
        var calibrator: CalibratorPayload?
        var trainingParameters: [String: String]
    }

    /// The `gbdt` section.
    struct TreesPayload: Codable {
        var baseScore: Double
        var sigmoid: Double
        var trees: [DecisionTree]
    }

    /// The `calibrator` section: the method and its fitted values.
    struct CalibratorPayload: Codable {
        var method: Calibrator.Method
        var isotonic: IsotonicCalibrator?
        var platt: PlattCalibrator?
    }

    /// Encodes a model; the same model always gives the same bytes (sorted keys, shortest round-trip numbers).
    public static func encode(_ model: ClassifierModel) throws -> Data {
        var doc = Document(
            format: formatName, formatVersion: formatVersion, libraryVersion: libraryVersion, source: model.source, kind: "",
            featureNames: model.featureNames, gbdt: nil, logistic: nil, calibrator: nil, trainingParameters: model.trainingParameters)
        switch model.predictor {
        case .trees(let m):
            doc.kind = "gbdt"
            doc.gbdt = TreesPayload(baseScore: m.baseScore, sigmoid: m.sigmoid, trees: m.trees)
        case .logistic(let m):
            doc.kind = "logistic"
            doc.logistic = m
        }
        switch model.calibrator {
        case .isotonic(let c): doc.calibrator = CalibratorPayload(method: .isotonic, isotonic: c, platt: nil)
        case .platt(let c): doc.calibrator = CalibratorPayload(method: .platt, isotonic: nil, platt: c)
        case nil: break
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // LightGBM uses an infinite threshold for "NaN versus every value" splits.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(doc)
    }

    /// Decodes and validates a model file, with a specific error for corrupt, truncated, foreign or newer files.
    public static func decode(_ data: Data) throws -> ClassifierModel {
        guard !data.isEmpty else { throw LearningError.truncatedModelFile("the file is empty") }
        let top: Any
        do {
            top = try JSONSerialization.jsonObject(with: data)
        } catch {
            let text = String(decoding: data.suffix(64), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.hasSuffix("}") {
                throw LearningError.truncatedModelFile("the JSON ends early after \(data.count) bytes")
            }
            throw LearningError.corruptModelFile("not valid JSON (\((error as NSError).userInfo[NSDebugDescriptionErrorKey] ?? error))")
        }
        guard let dict = top as? [String: Any] else { throw LearningError.notAModelFile("the JSON is not an object") }
        guard let format = dict["format"] as? String, format == formatName else {
            throw LearningError.notAModelFile("format is '\(dict["format"] ?? "missing")', expected '\(formatName)'")
        }
        guard let version = dict["formatVersion"] as? Int else { throw LearningError.corruptModelFile("formatVersion is missing") }
        guard version == formatVersion else { throw LearningError.unsupportedModelVersion(found: version, supported: formatVersion) }
        let doc: Document
        do {
            let decoder = JSONDecoder()
            decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            doc = try decoder.decode(Document.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw LearningError.corruptModelFile("field '\(path(context.codingPath + [key]))' is missing")
        } catch let DecodingError.typeMismatch(_, context) {
            throw LearningError.corruptModelFile("field '\(path(context.codingPath))' has the wrong type")
        } catch let DecodingError.valueNotFound(_, context) {
            throw LearningError.corruptModelFile("field '\(path(context.codingPath))' is null")
        } catch let DecodingError.dataCorrupted(context) {
            throw LearningError.corruptModelFile("field '\(path(context.codingPath))': \(context.debugDescription)")
        }
        let predictor: ClassifierModel.Predictor
        switch doc.kind {
        case "gbdt":
            guard let g = doc.gbdt else { throw LearningError.corruptModelFile("kind is gbdt but the 'gbdt' section is missing") }
            predictor = .trees(try GradientBoostedTrees(featureNames: doc.featureNames, trees: g.trees, baseScore: g.baseScore, sigmoid: g.sigmoid))
        case "logistic":
            guard let l = doc.logistic else { throw LearningError.corruptModelFile("kind is logistic but the 'logistic' section is missing") }
            guard l.featureNames == doc.featureNames else { throw LearningError.corruptModelFile("logistic feature names differ from the file's") }
            predictor = .logistic(
                try LogisticRegression(
                    featureNames: l.featureNames, means: l.means, scales: l.scales, coefficients: l.coefficients, intercept: l.intercept,
                    lows: l.lows, highs: l.highs))
        default:
            throw LearningError.corruptModelFile("unknown model kind '\(doc.kind)' (expected gbdt or logistic)")
        }
        var calibrator: Calibrator?
        if let c = doc.calibrator {
            switch c.method {
            case .isotonic:
                guard let i = c.isotonic else { throw LearningError.corruptModelFile("isotonic calibrator has no blocks") }
                calibrator = .isotonic(try IsotonicCalibrator(blockLow: i.blockLow, blockHigh: i.blockHigh, blockValue: i.blockValue))
            case .platt:
                guard let p = c.platt else { throw LearningError.corruptModelFile("Platt calibrator has no coefficients") }
                calibrator = .platt(try PlattCalibrator(a: p.a, b: p.b))
            }
        }
        return ClassifierModel(predictor: predictor, calibrator: calibrator, trainingParameters: doc.trainingParameters, source: doc.source)
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
    }

    public static func write(_ model: ClassifierModel, to url: URL) throws {
        try encode(model).write(to: url, options: .atomic)
    }

    public static func read(from url: URL) throws -> ClassifierModel {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw LearningError.corruptModelFile("cannot read \(url.path): \(error.localizedDescription)")
        }
        return try decode(data)
    }
}
