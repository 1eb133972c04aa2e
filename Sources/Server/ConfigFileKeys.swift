import AlertsCore
import Configuration
import Foundation
import Yams

/// Records every key a `ConfigReader` is asked for: what `AppConfig.init(reader:)` reads is what is known.
final class AskedKeys: AccessReporter, @unchecked Sendable {
    private let lock = NSLock()
    private var asked: Set<String> = []

    func report(_ event: AccessEvent) {
        let key = event.metadata.key.components.joined(separator: ".")
        lock.withLock { _ = asked.insert(key) }
    }

    var keys: Set<String> { lock.withLock { asked } }
}

/// The keys a config file holds, flattened to `section.key`, and the refusal of those no reader asked for.
enum ConfigFileKeys {
    /// The dotted keys of a JSON or YAML config file; an empty file or one that is not a mapping is an error in words.
    static func keys(path: String) throws(ConfigError) -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { throw .invalid("config file '\(path)' cannot be read") }
        let parsed: Any?
        do {
            parsed = try Yams.load(yaml: String(decoding: data, as: UTF8.self))
        } catch {
            let first = String(describing: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            throw .invalid("config file '\(path)' is not valid JSON or YAML: \(first)")
        }
        let hint = "a config file is a mapping of keys such as `database: {url: sqlite:./data/alertsai.sqlite}` (docs/CONFIG.md)"
        switch parsed {
        case nil: throw .invalid("config file '\(path)' is empty; \(hint)")
        case let mapping as [AnyHashable: Any]: return flatten(mapping, prefix: "").sorted()
        case is [Any]: throw .invalid("config file '\(path)' holds a list; \(hint)")
        default: throw .invalid("config file '\(path)' holds a single value; \(hint)")
        }
    }

    private static func flatten(_ mapping: [AnyHashable: Any], prefix: String) -> [String] {
        mapping.flatMap { key, value -> [String] in
            let name = prefix + "\(key.base)"
            if let nested = value as? [AnyHashable: Any], !nested.isEmpty { return flatten(nested, prefix: name + ".") }
            return [name]
        }
    }

    /// Refuses the file's keys that are not in `known`, naming each with the nearest known key.
    static func refuseUnknown(_ keys: [String], known: Set<String>, path: String) throws(ConfigError) {
        let unknown = keys.filter { !known.contains($0) }
        guard !unknown.isEmpty else { return }
        let named = unknown.map { key in
            "'\(key)'" + (NearestKey.nearest(to: key, in: known).map { " (did you mean '\($0)'?)" } ?? "")
        }
        throw .invalid(
            "config file '\(path)': unknown key\(unknown.count == 1 ? "" : "s") \(named.joined(separator: ", ")); docs/CONFIG.md lists every key")
    }
}
