import AlertsCore
import Foundation
import Yams

/// Reads a training config from YAML or JSON; every error is one line naming the file and the key.
public enum TrainingConfigFile {
    /// Parses config text (YAML; JSON is YAML too). `source` names the file in errors.
    public static func parse(_ text: String, source: String? = nil) throws(TrainingError) -> TrainingConfig {
        let file = source.map { "\($0): " } ?? ""
        do {
            // The shape first, so an empty file or a list is said plainly, not as a decoding path of ''.
            switch try Yams.load(yaml: text) {
            case nil:
                throw TrainingError.config(
                    "\(file)the file is empty; a training config is a mapping of keys (data:, features:, plan:, …; docs/TRAINING.md)")
            case is [AnyHashable: Any]: break
            case is [Any]:
                throw TrainingError.config("\(file)the file holds a list; a training config is a mapping of keys (data:, features:, plan:, …)")
            default:
                throw TrainingError.config(
                    "\(file)the file holds a single value; a training config is a mapping of keys (data:, features:, plan:, …)")
            }
            return try YAMLDecoder().decode(TrainingConfig.self, from: text)
        } catch let error as TrainingError {
            throw error
        } catch let error as YamlError {
            throw .config("\(source.map { "\($0): " } ?? "")not valid YAML: \(String(describing: error).split(separator: "\n").first ?? "")")
        } catch {
            throw .config("\(source.map { "\($0): " } ?? "")\(ConfigErrorText.describe(error))")
        }
    }

    /// Reads a `.yaml`, `.yml` or `.json` file.
    public static func load(path: String) throws(TrainingError) -> TrainingConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .config("cannot read \(path): no such file or not readable")
        }
        return try parse(String(decoding: data, as: UTF8.self), source: (path as NSString).lastPathComponent)
    }
}
