import AlertsCore
import Foundation
import Yams

/// Reads and writes feature sets and strategies as YAML or JSON (JSON is what the database stores).
public enum DefinitionFiles {
    /// Decodes YAML (JSON is accepted too, being YAML); `source` names the file or row in errors.
    public static func decode<T: Decodable>(_ type: T.Type, yaml text: String, source: String) throws(FeatureError) -> T {
        do {
            return try YAMLDecoder().decode(T.self, from: text)
        } catch {
            throw .unreadableDefinition(source: source, reason: describe(error))
        }
    }

    /// Decodes JSON bytes (the `definition` column of `sc.feature_sets`).
    public static func decode<T: Decodable>(_ type: T.Type, json data: Data, source: String) throws(FeatureError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw .unreadableDefinition(source: source, reason: describe(error))
        }
    }

    /// Reads a `.yaml`, `.yml` or `.json` file.
    public static func load<T: Decodable>(_ type: T.Type, from url: URL) throws(FeatureError) -> T {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .io(path: url.path, reason: "cannot read the file (\(error.localizedDescription))")
        }
        if url.pathExtension.lowercased() == "json" { return try decode(T.self, json: data, source: url.lastPathComponent) }
        return try decode(T.self, yaml: String(decoding: data, as: UTF8.self), source: url.lastPathComponent)
    }

    /// Canonical JSON (sorted keys): the same definition always gives the same bytes.
    public static func json(_ value: some Encodable) throws -> Data {
        try JSONEncoder.canonical.encode(value)
    }

    /// YAML for people.
    public static func yaml(_ value: some Encodable) throws -> String {
        try YAMLEncoder().encode(value)
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing key '\(key.stringValue)'\(path(context.codingPath))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
            DecodingError.dataCorrupted(let context):
            return "\(context.debugDescription)\(path(context.codingPath))"
        default:
            return "\(error)"
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        guard !keys.isEmpty else { return "" }
        return " at " + keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
