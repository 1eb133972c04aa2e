import Foundation

/// Lifecycle state of a registered model version.
public enum ModelStatus: String, Sendable, Codable, Hashable, CaseIterable {
    case draft
    case published
    case unpublished
}

/// The feature set a model was trained on: its name, version, and the exact feature names in order.
public struct FeatureSetRef: Sendable, Hashable, Codable {
    public var name: String
    public var version: Int
    public var features: [String]
    /// The set's whole definition (the `FeatureSetDefinition` JSON) when it is not in any catalog: a training config's
    /// `features.inline` set travels with the model, so every place that runs the model computes it without a lookup.
    public var definition: JSONValue?

    public init(name: String, version: Int, features: [String], definition: JSONValue? = nil) {
        self.name = name
        self.version = version
        self.features = features
        self.definition = definition
    }
}

/// How labels were made: the labeler, instrument, timeframe and the trade (`PlanSpec`) itself.
public struct LabelConfig: Sendable, Hashable, Codable {
    public var labeler: String
    public var instrument: InstrumentKind
    public var timeframe: Timeframe
    public var plan: PlanSpec
    /// The strategy (`name@vN`) whose entries were the training events, and its entry condition as trained: live, only
    /// bars where it holds are scored. Nil for models trained on every bar or CUSUM events.
    public var strategy: String?
    public var entry: String?

    public init(
        labeler: String = "triple_barrier", instrument: InstrumentKind, timeframe: Timeframe, plan: PlanSpec, strategy: String? = nil,
        entry: String? = nil
    ) {
        self.labeler = labeler
        self.instrument = instrument
        self.timeframe = timeframe
        self.plan = plan
        self.strategy = strategy
        self.entry = entry
    }
}

/// Decision thresholds on the calibrated score, with optional per-regime overrides.
public struct Thresholds: Sendable, Hashable, Codable {
    /// Alert when the calibrated score is at least this.
    public var alert: Double
    /// Per-regime thresholds keyed by regime label (e.g. `high_vol`).
    public var perRegime: [String: Double]
    /// Out-of-fold calibrated score → expected net return (% and R); nil for models trained before it existed.
    public var expectedReturn: ExpectedReturnMap?

    public init(alert: Double, perRegime: [String: Double] = [:], expectedReturn: ExpectedReturnMap? = nil) {
        self.alert = alert
        self.perRegime = perRegime
        self.expectedReturn = expectedReturn
    }

    /// The threshold for a regime label, falling back to the default.
    public func threshold(for regime: String?) -> Double {
        regime.flatMap { perRegime[$0] } ?? alert
    }
}

/// Default guardrail settings carried by a model; a user's settings override them.
public struct GuardrailDefaults: Sendable, Hashable, Codable {
    public var dailyBudget: Int
    public var cooldownBars: Int
    public var maxPerSector: Int
    public var maxPerDirection: Int
    public var maxExposure: Double
    public var optionsMinDTE: Int
    public var optionsMaxDTE: Int
    public var maxLeverage: Double
    public var marketHoursOnly: Bool

    public init(
        dailyBudget: Int = 5, cooldownBars: Int = 5, maxPerSector: Int = 2, maxPerDirection: Int = 5,
        maxExposure: Double = 1.0, optionsMinDTE: Int = 7, optionsMaxDTE: Int = 60, maxLeverage: Double = 10,
        marketHoursOnly: Bool = false
    ) {
        self.dailyBudget = dailyBudget
        self.cooldownBars = cooldownBars
        self.maxPerSector = maxPerSector
        self.maxPerDirection = maxPerDirection
        self.maxExposure = maxExposure
        self.optionsMinDTE = optionsMinDTE
        self.optionsMaxDTE = optionsMaxDTE
        self.maxLeverage = maxLeverage
        self.marketHoursOnly = marketHoursOnly
    }
}

/// Which symbols a model may score: presets, explicit symbols, and free-form filters (cohort vs per-ticker).
public struct ModelScope: Sendable, Hashable, Codable {
    public var allowPresets: [String]
    public var allowSymbols: [String]
    public var filters: [String: JSONValue]

    public init(allowPresets: [String] = [], allowSymbols: [String] = [], filters: [String: JSONValue] = [:]) {
        self.allowPresets = allowPresets
        self.allowSymbols = allowSymbols
        self.filters = filters
    }

    enum CodingKeys: String, CodingKey {
        case allowPresets = "allow_presets"
        case allowSymbols = "allow_symbols"
        case filters
    }
}

/// The seed's ModelSpec: one registered, versioned model with everything needed to serve it.
public struct ModelSpec: Sendable, Hashable, Codable, Identifiable {
    public var id: UUID
    public var name: String
    /// Assigned by the registry: 1, 2, 3, … per name, gap-free.
    public var version: Int
    public var featureset: FeatureSetRef
    public var labelCfg: LabelConfig
    /// Where the model artifact lives in the object store (e.g. `artifacts://sha256/ab…`).
    public var modelURI: String
    /// SHA-256 of the artifact bytes; publishing checks it.
    public var artifactDigest: String
    public var thresholds: Thresholds
    public var guardrails: GuardrailDefaults
    public var scope: ModelScope
    /// The resolved training configuration, enough to reproduce the run.
    public var trainingCfg: JSONValue
    public var status: ModelStatus
    public var createdAt: Date
    public var updatedAt: Date
    /// The forward-validated promise (docs/TRAINING.md, "The promise"); nil for models registered before it existed or
    /// by hand. Decodes from specs stored without it.
    public var promise: ModelPromise?

    public init(
        id: UUID = UUID(), name: String, version: Int = 0, featureset: FeatureSetRef, labelCfg: LabelConfig,
        modelURI: String, artifactDigest: String, thresholds: Thresholds, guardrails: GuardrailDefaults = .init(),
        scope: ModelScope = .init(), trainingCfg: JSONValue = .object([:]), status: ModelStatus = .draft,
        createdAt: Date = Date(), updatedAt: Date = Date(), promise: ModelPromise? = nil
    ) {
        self.id = id
        self.name = name
        self.version = version
        self.featureset = featureset
        self.labelCfg = labelCfg
        self.modelURI = modelURI
        self.artifactDigest = artifactDigest
        self.thresholds = thresholds
        self.guardrails = guardrails
        self.scope = scope
        self.trainingCfg = trainingCfg
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.promise = promise
    }

    /// `name@vN`, the way people refer to a model version.
    public var reference: String { "\(name)@v\(version)" }
}
