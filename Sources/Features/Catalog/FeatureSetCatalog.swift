import AlertsCore
import Foundation

/// Where feature sets and strategies are looked up: built in, in memory, or (in the server) the `sc.feature_sets`
/// table. Lookups return nil when nothing matches; `nil` version means the latest.
public protocol FeatureSetCatalog: Sendable {
    func featureSet(named name: String, version: Int?) async throws -> FeatureSetDefinition?
    func strategy(named name: String, version: Int?) async throws -> StrategyDefinition?
    /// Every stored version, by name then version.
    func featureSets() async throws -> [FeatureSetDefinition]
    func strategies() async throws -> [StrategyDefinition]
}

/// A strategy with its feature set and entry condition validated.
public struct ResolvedStrategy: Sendable {
    public let definition: StrategyDefinition
    public let featureSet: FeatureSet
    public let entry: Condition

    /// Validates the strategy against `featureSet`: the entry condition's names and the plan.
    public init(_ definition: StrategyDefinition, featureSet: FeatureSet) throws(FeatureError) {
        do {
            try definition.plan.validate()
        } catch {
            throw .invalidPlan(strategy: definition.name, reason: error.description)
        }
        self.definition = definition
        self.featureSet = featureSet
        self.entry = try featureSet.condition(definition.entry, item: "strategy '\(definition.name)' entry")
    }

    public var plan: PlanSpec { definition.plan }
}

/// `name`, `name@vN` or `name@N`: a reference to a version, or to the latest when no version is given.
public struct DefinitionReference: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var version: Int?

    public init(name: String, version: Int? = nil) {
        self.name = name
        self.version = version
    }

    public init(parsing text: String) throws(FeatureError) {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard let at = t.lastIndex(of: "@") else {
            self.init(name: t)
            return
        }
        var v = t[t.index(after: at)...]
        if v.first == "v" || v.first == "V" { v = v.dropFirst() }
        guard let version = Int(v), version >= 1 else {
            throw .invalidRequest("'\(text)': a version reference looks like name@v2")
        }
        self.init(name: String(t[..<at]), version: version)
    }

    public var description: String { version.map { "\(name)@v\($0)" } ?? name }
}

extension FeatureSetCatalog {
    /// The validated feature set of a reference (`core-daily`, `core-daily@v1`); unknown → `unknownFeatureSet`.
    public func resolveFeatureSet(_ reference: String) async throws -> FeatureSet {
        let ref = try DefinitionReference(parsing: reference)
        guard let definition = try await featureSet(named: ref.name, version: ref.version) else {
            let known = try await featureSets().map(\.reference)
            throw FeatureError.unknownFeatureSet(name: ref.name, version: ref.version, known: known)
        }
        return try FeatureSet(definition)
    }

    /// The validated strategy of a reference, with its feature set; unknown → `unknownStrategy`.
    public func resolveStrategy(_ reference: String) async throws -> ResolvedStrategy {
        let ref = try DefinitionReference(parsing: reference)
        guard let definition = try await strategy(named: ref.name, version: ref.version) else {
            let known = try await strategies().map(\.reference)
            throw FeatureError.unknownStrategy(name: ref.name, version: ref.version, known: known)
        }
        return try ResolvedStrategy(definition, featureSet: try await resolveFeatureSet(definition.featureSet))
    }

    /// The feature set of a binding, and its strategy when bound to one.
    public func resolve(_ binding: FeatureBinding) async throws -> (set: FeatureSet, strategy: ResolvedStrategy?) {
        switch binding {
        case .indicatorSet(let id): return (try await resolveFeatureSet(id), nil)
        case .strategy(let id):
            let s = try await resolveStrategy(id)
            return (s.featureSet, s)
        }
    }
}

extension FeatureSetCatalog {
    /// The feature set a registered model computes: the definition stored with it (an inline set), else the catalog's
    /// `name@vN`. It must compute every feature the model reads.
    public func resolveFeatureSet(for spec: ModelSpec) async throws -> FeatureSet {
        let set: FeatureSet
        if let stored = spec.featureset.definition {
            let definition: FeatureSetDefinition
            do {
                definition = try stored.decode(FeatureSetDefinition.self)
            } catch {
                throw FeatureError.invalidRequest("model \(spec.reference): its stored feature set definition does not decode: \(error)")
            }
            set = try FeatureSet(definition)
        } else {
            set = try await resolveFeatureSet("\(spec.featureset.name)@v\(spec.featureset.version)")
        }
        let missing = spec.featureset.features.filter { !set.featureNames.contains($0) }
        guard missing.isEmpty else {
            throw FeatureError.invalidRequest(
                "model \(spec.reference) needs features \(missing.joined(separator: ", ")) that \(set.reference) does not compute")
        }
        return set
    }

    /// The entry condition a strategy model was trained on, checked against its set; nil for models of every bar.
    public func entryCondition(for spec: ModelSpec, set: FeatureSet) throws(FeatureError) -> Condition? {
        guard let entry = spec.labelCfg.entry else { return nil }
        return try set.condition(entry, item: "model \(spec.reference) entry (strategy \(spec.labelCfg.strategy ?? "-"))")
    }
}
