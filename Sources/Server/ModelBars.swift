import Alerting
import AlertsCore
import Foundation
import MarketData
import Storage

/// Where bars come from: a provider and what it needs (`csv` a path, `synthetic` a seed and a strength).
public struct BarSource: Sendable, Equatable, CustomStringConvertible {
    public var provider: String
    public var csvPath: String?
    public var syntheticSeed: UInt64?
    public var syntheticStrength: Double?

    public init(provider: String, csvPath: String? = nil, syntheticSeed: UInt64? = nil, syntheticStrength: Double? = nil) {
        self.provider = provider
        self.csvPath = csvPath
        self.syntheticSeed = syntheticSeed
        self.syntheticStrength = syntheticStrength
    }

    /// The source `data.provider` names in the app config.
    public init(config: AppConfig) {
        self.init(
            provider: config.dataProvider, csvPath: config.dataProvider == "csv" ? config.csvPath : nil,
            syntheticSeed: config.dataProvider == "synthetic" ? config.syntheticSeed : nil,
            syntheticStrength: config.dataProvider == "synthetic" ? config.syntheticStrength : nil)
    }

    /// The source a model was trained on, read from its spec's resolved training config (`data.provider`,
    /// `data.csv.path`, `data.synthetic`); nil for a spec without one (an imported model).
    public init?(spec: ModelSpec) {
        guard let data = spec.trainingCfg["data"], let provider = data["provider"]?.stringValue else { return nil }
        let synthetic = data["synthetic"]
        self.init(
            provider: provider, csvPath: data["csv"]?["path"]?.stringValue,
            syntheticSeed: provider == "synthetic" ? (synthetic?["seed"]?.doubleValue).map { UInt64($0) } ?? 7 : nil,
            syntheticStrength: provider == "synthetic" ? synthetic?["strength"]?.doubleValue ?? 1 : nil)
    }

    public var description: String {
        switch provider {
        case "csv": "csv \(csvPath ?? "")"
        case "synthetic": "synthetic (seed \(syntheticSeed ?? 7), strength \(syntheticStrength ?? 1))"
        default: provider
        }
    }

    /// `config` with this source as its `data.*`.
    func applied(to config: AppConfig) -> AppConfig {
        var c = config
        c.dataProvider = provider
        c.csvPath = csvPath ?? config.csvPath
        if let syntheticSeed { c.syntheticSeed = syntheticSeed }
        if let syntheticStrength { c.syntheticStrength = syntheticStrength }
        return c
    }
}

/// The bars a run, preview or backtest of a model uses: the model's own source, unless `data.provider` was set
/// (command line, environment or config file), which then wins and is said in `note` when it differs.
public struct ModelBars: Sendable {
    public var source: BarSource
    public var provider: any BarProvider
    /// Set when the bars are not the ones the model was trained on.
    public var note: String?

    public static func resolve(_ config: AppConfig, for spec: ModelSpec?) throws -> ModelBars {
        let configured = BarSource(config: config)
        guard let spec, let trained = BarSource(spec: spec) else {
            return ModelBars(source: configured, provider: try AppServices.barProvider(config), note: nil)
        }
        if config.dataProviderSet {
            let note =
                configured == trained
                ? nil : "bars from data.provider \(configured), not \(trained) that \(spec.reference) was trained on"
            return ModelBars(source: configured, provider: try AppServices.barProvider(config), note: note)
        }
        return ModelBars(source: trained, provider: try AppServices.barProvider(trained.applied(to: config)), note: nil)
    }

    /// A universe resolver whose `csv:*` lists this source's files.
    public func universes(watchlists: (any WatchlistSource)?) -> UniverseResolver {
        UniverseResolver(watchlists: watchlists, csvPath: source.csvPath)
    }

    /// The spec whose bars a run of `target` uses: the published version of a model, a pack's first component; nil
    /// when there is none (the run itself then says why).
    public static func spec(of target: ModelTarget, registry: any ModelRegistry) async -> ModelSpec? {
        switch target {
        case .model(let name): return try? await registry.published(name: name)
        case .modelVersion(let name, let version): return try? await registry.spec(name: name, version: version)
        case .pack(let name):
            guard let p = try? await registry.pack(name: name), let first = p.components.keys.sorted().first, let id = p.components[first]
            else { return nil }
            return try? await registry.spec(id: id)
        }
    }

    /// Each model version's bars for outcome resolution, by the same rule as runs: the bars the version was trained
    /// on unless `data.provider` was set; a version the registry does not know resolves on the configured bars.
    public static func sources(_ config: AppConfig, registry: any ModelRegistry) -> BarSources {
        BarSources { id in
            let spec: ModelSpec?
            do { spec = try await registry.spec(id: id) } catch StorageError.notFound { spec = nil }
            let bars = try resolve(config, for: spec)
            return BarSources.Source(key: bars.source.description, provider: bars.provider)
        }
    }
}
