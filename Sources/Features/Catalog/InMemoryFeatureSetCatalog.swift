import Synchronization

/// A catalog held in memory: the built-in sets and strategies, plus whatever is registered at run time.
public final class InMemoryFeatureSetCatalog: FeatureSetCatalog {
    private let state: Mutex<(sets: [FeatureSetDefinition], strategies: [StrategyDefinition])>

    /// A catalog holding `sets` and `strategies`; they are validated when registered, not here.
    public init(sets: [FeatureSetDefinition] = [], strategies: [StrategyDefinition] = []) {
        state = Mutex((sets, strategies))
    }

    /// The built-in sets (`core-daily`, `core-intraday`) and strategies (`oversold-rebound`, `trend-pullback`).
    public static func builtIn() -> InMemoryFeatureSetCatalog {
        InMemoryFeatureSetCatalog(sets: BuiltInFeatureSets.all, strategies: BuiltInStrategies.all)
    }

    /// Validates and adds a set; the same name and version twice must be the same definition.
    public func register(_ definition: FeatureSetDefinition) throws(FeatureError) {
        _ = try FeatureSet(definition)
        try state.withLock { s throws(FeatureError) in
            if let existing = s.sets.first(where: { $0.name == definition.name && $0.version == definition.version }) {
                guard existing == definition else {
                    throw .invalidDefinition(
                        set: definition.reference, reason: "a different definition is already registered; bump the version")
                }
                return
            }
            s.sets.append(definition)
        }
    }

    /// Validates (against its feature set, which must be registered first) and adds a strategy.
    public func register(_ strategy: StrategyDefinition) async throws {
        _ = try ResolvedStrategy(strategy, featureSet: try await resolveFeatureSet(strategy.featureSet))
        try state.withLock { s throws(FeatureError) in
            if let existing = s.strategies.first(where: { $0.name == strategy.name && $0.version == strategy.version }) {
                guard existing == strategy else {
                    throw .invalidPlan(strategy: strategy.reference, reason: "a different definition is already registered; bump the version")
                }
                return
            }
            s.strategies.append(strategy)
        }
    }

    public func featureSet(named name: String, version: Int?) async throws -> FeatureSetDefinition? {
        state.withLock { s in
            s.sets.filter { $0.name == name && (version == nil || $0.version == version) }.max { $0.version < $1.version }
        }
    }

    public func strategy(named name: String, version: Int?) async throws -> StrategyDefinition? {
        state.withLock { s in
            s.strategies.filter { $0.name == name && (version == nil || $0.version == version) }.max { $0.version < $1.version }
        }
    }

    public func featureSets() async throws -> [FeatureSetDefinition] {
        state.withLock { $0.sets.sorted { ($0.name, $0.version) < ($1.name, $1.version) } }
    }

    public func strategies() async throws -> [StrategyDefinition] {
        state.withLock { $0.strategies.sorted { ($0.name, $0.version) < ($1.name, $1.version) } }
    }
}
