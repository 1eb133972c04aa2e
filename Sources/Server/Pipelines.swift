import Alerting
import AlertsCore
import Features
import Foundation
import MarketData
import Storage

/// A recipe or workflow read from YAML or JSON: its name, the canonical JSON stored, and what a run of it does.
public struct ParsedPipeline: Sendable {
    public var kind: PipelineKind
    public var name: String
    public var json: String
    public var steps: PipelineSteps

    /// Parses YAML (JSON is YAML too); `source` names the file or body in errors.
    public static func parse(_ kind: PipelineKind, yaml text: String, source: String) throws(PipelineError) -> ParsedPipeline {
        switch kind {
        case .recipe: return make(kind, try PipelineDefinitions.decode(Recipe.self, yaml: text, source: source))
        case .workflow: return make(kind, try PipelineDefinitions.decode(Workflow.self, yaml: text, source: source))
        }
    }

    /// Parses JSON bytes (an HTTP body, a stored row).
    public static func parse(_ kind: PipelineKind, json data: Data, source: String) throws(PipelineError) -> ParsedPipeline {
        switch kind {
        case .recipe: return make(kind, try PipelineDefinitions.decode(Recipe.self, json: data, source: source))
        case .workflow: return make(kind, try PipelineDefinitions.decode(Workflow.self, json: data, source: source))
        }
    }

    /// A stored row, read back.
    public static func parse(_ stored: StoredPipeline, kind: PipelineKind) throws(PipelineError) -> ParsedPipeline {
        try parse(kind, json: Data(stored.json.utf8), source: "\(kind.singular) '\(stored.name)'")
    }

    static func make(_ kind: PipelineKind, _ recipe: Recipe) -> ParsedPipeline {
        ParsedPipeline(kind: kind, name: recipe.name, json: PipelineDefinitions.json(recipe), steps: recipe.pipeline)
    }

    static func make(_ kind: PipelineKind, _ workflow: Workflow) -> ParsedPipeline {
        ParsedPipeline(kind: kind, name: workflow.name, json: PipelineDefinitions.json(workflow), steps: workflow.pipeline)
    }
}

/// Recipes and workflows end to end, for `POST /recipes…` / `/workflows…` and `alertsai recipes|workflows`: checked
/// against the registry and stored (`SQLPipelineStore`, per-user visibility), and run through `AlertRunner` on the
/// bars the model was trained on (`ModelBars`), like `alerts run` and `/alerts/preview`.
public struct PipelineService: Sendable {
    public let config: AppConfig
    public let store: any Store
    public let registry: any ModelRegistry
    public let pipelines: any PipelineStore
    public let catalog: any FeatureSetCatalog
    public let models: ModelCache
    public let explainer: CheckedExplainer
    public let clock: any WallClock

    /// The explainer defaults to the configured one (`llm.base_url`: the LLM, else the template).
    public init(config: AppConfig, store: any Store, models: ModelCache, explainer: CheckedExplainer? = nil, clock: any WallClock = SystemClock()) {
        self.config = config
        self.store = store
        registry = SQLModelRegistry(store: store)
        pipelines = SQLPipelineStore(store: store)
        catalog = StoredFeatureSetCatalog(definitions: SQLDefinitionStore(store: store))
        self.models = models
        self.explainer = explainer ?? CheckedExplainer(primary: AppServices.explainer(config))
        self.clock = clock
    }

    /// Over the configured artifact store (commands).
    public init(config: AppConfig, store: any Store) throws {
        self.init(config: config, store: store, models: ModelCache(artifacts: try config.artifactStore()))
    }

    /// `watchlist:ID` as `owner` may name it: their own lists (an operator, nil: every list).
    func watchlists(owner: String?) -> any WatchlistSource {
        WatchlistsInStore(store: SQLWatchlistStore(store: store), ownerID: owner)
    }

    /// Checks a definition for `owner` (the model or pack published, the binding, the universe with their watchlists).
    public func check(_ parsed: ParsedPipeline, owner: String?) async throws {
        let bars = try ModelBars.resolve(config, for: await ModelBars.spec(of: parsed.steps.target, registry: registry))
        try await PipelineChecker(registry: registry, universes: bars.universes(watchlists: watchlists(owner: owner))).check(parsed.steps)
    }

    /// Checks and stores a definition for `owner` (nil: an operator's, shared with every user).
    public func create(_ parsed: ParsedPipeline, owner: String?) async throws -> StoredPipeline {
        try await check(parsed, owner: owner)
        do {
            return try await pipelines.create(parsed.kind, name: parsed.name, userID: owner, json: parsed.json)
        } catch StorageError.duplicate {
            // Names are unique per table, whoever holds them (DECISIONS 62): say only that the name is taken.
            throw StorageError.duplicate("name: a \(parsed.kind.singular) named '\(parsed.name)' exists already; choose another name")
        }
    }

    /// The stored definition `visibleTo` may see, parsed; nil when there is none such.
    public func stored(_ kind: PipelineKind, name: String, visibleTo: String?) async throws -> (StoredPipeline, ParsedPipeline)? {
        guard let row = try await pipelines.pipeline(kind, name: name, visibleTo: visibleTo) else { return nil }
        return (row, try ParsedPipeline.parse(row, kind: kind))
    }

    /// One run of the steps for `userID` (nil: the shared feed); `universe` and `asOf` override the definition's.
    public func run(
        _ steps: PipelineSteps, universe: String?, asOf: Int64?, userID: String?, mode: RunMode,
        progress: (@Sendable (Int, Int, String) -> Void)? = nil, note: (@Sendable (String) -> Void)? = nil
    ) async throws -> AlertRunReport {
        let bars = try ModelBars.resolve(config, for: await ModelBars.spec(of: steps.target, registry: registry))
        if let n = bars.note { note?(n) }
        var runner = AlertRunner(
            registry: registry, runs: SQLAlertRunRepository(store: store), alerts: SQLAlertRepository(store: store),
            subscriptions: SQLWebhookSubscriptionRepository(store: store), settings: SQLUserSettingsStore(store: store), models: models,
            provider: bars.provider, catalog: catalog, explainer: explainer, clock: clock,
            universes: bars.universes(watchlists: watchlists(owner: userID)))
        runner.silences = SQLSilenceStore(store: store)
        runner.cohorts = SQLCohortStore(store: store)
        runner.progress = progress
        return try await runner.run(steps, universe: universe, asOf: asOf, userID: userID, mode: mode)
    }
}
