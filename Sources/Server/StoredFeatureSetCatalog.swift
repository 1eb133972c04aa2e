import Features
import Foundation
import Storage

/// Feature sets and strategies from `sc.feature_sets` / `sc.strategies`, with the built-in ones underneath:
/// a stored definition of the same name and version as a built-in one wins.
public struct StoredFeatureSetCatalog: FeatureSetCatalog {
    let definitions: any DefinitionStore
    let builtIn: InMemoryFeatureSetCatalog

    public init(definitions: any DefinitionStore, builtIn: InMemoryFeatureSetCatalog = .builtIn()) {
        self.definitions = definitions
        self.builtIn = builtIn
    }

    public func featureSet(named name: String, version: Int?) async throws -> FeatureSetDefinition? {
        let stored = try await definitions.definition(.featureSet, name: name, version: version)
            .map {
                try DefinitionFiles.decode(FeatureSetDefinition.self, json: Data($0.json.utf8), source: "sc.feature_sets \($0.name)@v\($0.version)")
            }
        let fallback = try await builtIn.featureSet(named: name, version: version)
        return Self.newest(stored, fallback, version: \.version)
    }

    public func strategy(named name: String, version: Int?) async throws -> StrategyDefinition? {
        let stored = try await definitions.definition(.strategy, name: name, version: version)
            .map { try DefinitionFiles.decode(StrategyDefinition.self, json: Data($0.json.utf8), source: "sc.strategies \($0.name)@v\($0.version)") }
        let fallback = try await builtIn.strategy(named: name, version: version)
        return Self.newest(stored, fallback, version: \.version)
    }

    public func featureSets() async throws -> [FeatureSetDefinition] {
        let stored = try await definitions.all(.featureSet).map {
            try DefinitionFiles.decode(FeatureSetDefinition.self, json: Data($0.json.utf8), source: "sc.feature_sets \($0.name)@v\($0.version)")
        }
        return Self.merge(stored, try await builtIn.featureSets(), key: { "\($0.name)@\($0.version)" })
    }

    public func strategies() async throws -> [StrategyDefinition] {
        let stored = try await definitions.all(.strategy).map {
            try DefinitionFiles.decode(StrategyDefinition.self, json: Data($0.json.utf8), source: "sc.strategies \($0.name)@v\($0.version)")
        }
        return Self.merge(stored, try await builtIn.strategies(), key: { "\($0.name)@\($0.version)" })
    }

    /// Validates and stores a feature set (its strategies' feature sets must resolve through this catalog).
    public func register(_ definition: FeatureSetDefinition) async throws {
        _ = try FeatureSet(definition)
        let json = String(decoding: try DefinitionFiles.json(definition), as: UTF8.self)
        try await definitions.save(.featureSet, name: definition.name, version: definition.version, json: json)
    }

    /// Validates a strategy against its feature set and stores it.
    public func register(_ strategy: StrategyDefinition) async throws {
        _ = try ResolvedStrategy(strategy, featureSet: try await resolveFeatureSet(strategy.featureSet))
        let json = String(decoding: try DefinitionFiles.json(strategy), as: UTF8.self)
        try await definitions.save(.strategy, name: strategy.name, version: strategy.version, json: json)
    }

    static func newest<T>(_ a: T?, _ b: T?, version: KeyPath<T, Int>) -> T? {
        switch (a, b) {
        case let (a?, b?): a[keyPath: version] >= b[keyPath: version] ? a : b
        case let (a?, nil): a
        case let (nil, b?): b
        default: nil
        }
    }

    static func merge<T>(_ stored: [T], _ builtIn: [T], key: (T) -> String) -> [T] {
        var seen = Set(stored.map(key))
        var out = stored
        for d in builtIn where !seen.contains(key(d)) {
            seen.insert(key(d))
            out.append(d)
        }
        return out
    }
}
