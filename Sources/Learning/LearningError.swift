import Foundation

/// Every failure the Learning module reports, each with a message a user can act on.
public enum LearningError: Error, Equatable, CustomStringConvertible, LocalizedError {
    case invalidDataset(String)
    case invalidParameter(name: String, value: String, reason: String)
    case unknownParameter(name: String, valid: [String])
    case invalidCSV(line: Int, reason: String)
    case missingColumn(name: String, available: [String])
    case corruptModelFile(String)
    case truncatedModelFile(String)
    case unsupportedModelVersion(found: Int, supported: Int)
    case notAModelFile(String)
    case invalidModel(String)
    case featureMismatch(expected: [String], found: [String])
    case unsupportedLightGBM(String)
    case invalidLightGBM(line: Int, reason: String)

    public var description: String {
        switch self {
        case .invalidDataset(let reason):
            return "invalid dataset: \(reason)"
        case .invalidParameter(let name, let value, let reason):
            return "invalid value '\(value)' for parameter '\(name)': \(reason)"
        case .unknownParameter(let name, let valid):
            return "unknown parameter '\(name)'; valid parameters are: \(valid.joined(separator: ", "))"
        case .invalidCSV(let line, let reason):
            return "CSV line \(line): \(reason)"
        case .missingColumn(let name, let available):
            return "column '\(name)' not found; the file has: \(available.joined(separator: ", "))"
        case .corruptModelFile(let reason):
            return "model file is corrupt: \(reason)"
        case .truncatedModelFile(let reason):
            return "model file is truncated: \(reason); re-export or copy it again"
        case .unsupportedModelVersion(let found, let supported):
            return "model file format version \(found) is not supported (this library reads version \(supported)); "
                + "use a matching alertsai release or re-train the model"
        case .notAModelFile(let reason):
            return "not an AlertsAI model file: \(reason)"
        case .invalidModel(let reason):
            return "invalid model: \(reason)"
        case .featureMismatch(let expected, let found):
            let missing = expected.filter { !found.contains($0) }
            let detail =
                missing.isEmpty
                ? "expected features in the order [\(expected.joined(separator: ", "))] but got [\(found.joined(separator: ", "))]"
                : "missing feature(s) \(missing.joined(separator: ", ")); the model needs [\(expected.joined(separator: ", "))]"
            return "input features do not match the model: \(detail)"
        case .unsupportedLightGBM(let reason):
            return "unsupported LightGBM model: \(reason)"
        case .invalidLightGBM(let line, let reason):
            return "LightGBM model text, line \(line): \(reason)"
        }
    }

    public var errorDescription: String? { description }
}
