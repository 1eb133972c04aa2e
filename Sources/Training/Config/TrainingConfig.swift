import AlertsCore
import Features
import Foundation
import Learning

/// One training run, declared in a single file (like a qlib workflow): data, features, events, the trade (plan),
/// model, validation, calibration, threshold policy, scope and guardrails. Every key is documented in
/// docs/TRAINING.md; `TrainingConfigFile.load` reads YAML or JSON, and the struct can be built in code.
public struct TrainingConfig: Sendable, Hashable, Codable {
    /// Registry name of the model (`swing-daily-us`); each run registers its next version.
    public var name: String
    /// Seeds model training (GBDT bagging / feature sampling) unless `model.params.seed` is given.
    public var seed: UInt64
    public var data: DataSection
    public var features: FeaturesSection
    /// Which bars become events; nil = the strategy's entries when a strategy is given, else every bar.
    public var sampling: SamplingSection?
    /// The trade that is the label and the alert's plan; nil = the strategy's plan.
    public var plan: PlanSpec?
    public var options: OptionProxy
    public var model: ModelSection
    public var validation: ValidationSection
    /// `isotonic`, `platt` or nil (no calibrator).
    public var calibration: Calibrator.Method?
    public var thresholds: ThresholdPolicy
    public var evaluation: EvaluationSection
    /// Nil = the universe (a preset becomes `allow_presets`, a symbol list `allow_symbols`).
    public var scope: ModelScope?
    public var guardrails: GuardrailDefaults
    public var sampleWeights: SampleWeighting

    public init(
        name: String, seed: UInt64 = 7, data: DataSection, features: FeaturesSection, sampling: SamplingSection? = nil,
        plan: PlanSpec? = nil, options: OptionProxy = OptionProxy(), model: ModelSection = ModelSection(),
        validation: ValidationSection = ValidationSection(), calibration: Calibrator.Method? = .isotonic,
        thresholds: ThresholdPolicy = ThresholdPolicy(), evaluation: EvaluationSection = EvaluationSection(), scope: ModelScope? = nil,
        guardrails: GuardrailDefaults = GuardrailDefaults(), sampleWeights: SampleWeighting = .uniqueness
    ) {
        self.name = name
        self.seed = seed
        self.data = data
        self.features = features
        self.sampling = sampling
        self.plan = plan
        self.options = options
        self.model = model
        self.validation = validation
        self.calibration = calibration
        self.thresholds = thresholds
        self.evaluation = evaluation
        self.scope = scope
        self.guardrails = guardrails
        self.sampleWeights = sampleWeights
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, seed, data, features, sampling, plan, options, model, validation, calibration, thresholds, evaluation, scope, guardrails
        case sampleWeights = "sample_weights"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 7
        data = try c.decode(DataSection.self, forKey: .data)
        features = try c.decode(FeaturesSection.self, forKey: .features)
        sampling = try c.decodeIfPresent(SamplingSection.self, forKey: .sampling)
        plan = try c.decodeIfPresent(PlanDocument.self, forKey: .plan)?.spec
        options = try c.decodeIfPresent(OptionProxyDocument.self, forKey: .options)?.value ?? OptionProxy()
        model = try c.decodeIfPresent(ModelSection.self, forKey: .model) ?? ModelSection()
        validation = try c.decodeIfPresent(ValidationSection.self, forKey: .validation) ?? ValidationSection()
        let cal = try c.decodeIfPresent(String.self, forKey: .calibration) ?? "isotonic"
        if cal == "none" {
            calibration = nil
        } else if let m = Calibrator.Method(rawValue: cal) {
            calibration = m
        } else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: c.codingPath + [CodingKeys.calibration], debugDescription: "'\(cal)' is not isotonic, platt or none"))
        }
        thresholds = try c.decodeIfPresent(ThresholdPolicy.self, forKey: .thresholds) ?? ThresholdPolicy()
        evaluation = try c.decodeIfPresent(EvaluationSection.self, forKey: .evaluation) ?? EvaluationSection()
        scope = try c.decodeIfPresent(ScopeDocument.self, forKey: .scope)?.value
        guardrails = try c.decodeIfPresent(GuardrailsDocument.self, forKey: .guardrails)?.value ?? GuardrailDefaults()
        sampleWeights = try c.decodeIfPresent(SampleWeighting.self, forKey: .sampleWeights) ?? .uniqueness
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(seed, forKey: .seed)
        try c.encode(data, forKey: .data)
        try c.encode(features, forKey: .features)
        try c.encodeIfPresent(sampling, forKey: .sampling)
        try c.encodeIfPresent(plan.map(PlanDocument.init), forKey: .plan)
        try c.encode(OptionProxyDocument(options), forKey: .options)
        try c.encode(model, forKey: .model)
        try c.encode(validation, forKey: .validation)
        try c.encode(calibration?.rawValue ?? "none", forKey: .calibration)
        try c.encode(thresholds, forKey: .thresholds)
        try c.encode(evaluation, forKey: .evaluation)
        try c.encodeIfPresent(scope, forKey: .scope)
        try c.encode(GuardrailsDocument(guardrails), forKey: .guardrails)
        try c.encode(sampleWeights, forKey: .sampleWeights)
    }
}

/// How rows are weighted in training.
public enum SampleWeighting: String, Sendable, Hashable, Codable {
    /// Average label uniqueness (overlapping labels count less), mean 1.
    case uniqueness
    /// Every row weighs 1.
    case none
}

/// Where the bars come from and for which symbols.
public struct DataSection: Sendable, Hashable, Codable {
    /// `synthetic`, `csv` or `polygon`.
    public var provider: String
    /// `preset:NAME`, `watchlist:ID` or `AAPL,MSFT`.
    public var universe: String
    /// Market of an explicit symbol list (a preset brings its own); `US` by default.
    public var market: Market?
    /// Instrument kind; default: the universe's (equity for a symbol list, fx on the FX market).
    public var instrument: InstrumentKind?
    public var timeframe: Timeframe
    /// Session dates, inclusive (`YYYY-MM-DD`).
    public var from: String
    public var to: String
    /// Synthetic market: seed and pattern strength (0 = no edge).
    public var syntheticSeed: UInt64
    public var syntheticStrength: Double
    /// Synthetic market: the planted oversold rebound's drift, in σ per session (`synthetic.planted_drift`; nil = the
    /// market's default 0.25). The `planted` control uses it (default 0.75 there).
    public var syntheticPlantedDrift: Double? = nil
    /// CSV provider: a directory of `<SYMBOL>.csv` or one file with a symbol column.
    public var csvPath: String?

    public init(
        provider: String = "synthetic", universe: String, market: Market? = nil, instrument: InstrumentKind? = nil, timeframe: Timeframe = .d1,
        from: String, to: String, syntheticSeed: UInt64 = 7, syntheticStrength: Double = 1, csvPath: String? = nil
    ) {
        self.provider = provider
        self.universe = universe
        self.market = market
        self.instrument = instrument
        self.timeframe = timeframe
        self.from = from
        self.to = to
        self.syntheticSeed = syntheticSeed
        self.syntheticStrength = syntheticStrength
        self.csvPath = csvPath
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case provider, universe, market, instrument, timeframe, from, to, synthetic, csv
    }

    struct SyntheticKeys: Codable {
        var seed: UInt64?
        var strength: Double?
        var plantedDrift: Double?
        enum CodingKeys: String, CodingKey, CaseIterable {
            case seed, strength
            case plantedDrift = "planted_drift"
        }
        init(seed: UInt64?, strength: Double?, plantedDrift: Double? = nil) {
            self.seed = seed
            self.strength = strength
            self.plantedDrift = plantedDrift
        }
        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            seed = try c.decodeIfPresent(UInt64.self, forKey: .seed)
            strength = try c.decodeIfPresent(Double.self, forKey: .strength)
            plantedDrift = try c.decodeIfPresent(Double.self, forKey: .plantedDrift)
        }
    }

    struct CSVKeys: Codable {
        var path: String
        enum CodingKeys: String, CodingKey, CaseIterable { case path }
        init(path: String) { self.path = path }
        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            path = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .path)
        }
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        provider = try c.decodeIfPresent(String.self, forKey: .provider) ?? "synthetic"
        guard ["synthetic", "csv", "polygon"].contains(provider) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: c.codingPath + [CodingKeys.provider], debugDescription: "'\(provider)' is not synthetic, csv or polygon"))
        }
        universe = try c.decode(String.self, forKey: .universe)
        if let m = try c.decodeIfPresent(String.self, forKey: .market) {
            guard let market = Market(parsing: m) else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: c.codingPath + [CodingKeys.market], debugDescription: "unknown market '\(m)' (US, EU, IN, FX)"))
            }
            self.market = market
        } else {
            market = nil
        }
        instrument = try c.decodeIfPresent(InstrumentKind.self, forKey: .instrument)
        let tf = try c.decodeIfPresent(String.self, forKey: .timeframe) ?? "1d"
        guard let timeframe = Timeframe(parsing: tf) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: c.codingPath + [CodingKeys.timeframe], debugDescription: "'\(tf)' is not a timeframe (1m 5m 15m 30m 1h 1d 1w)"))
        }
        self.timeframe = timeframe
        from = try c.decode(String.self, forKey: .from)
        to = try c.decode(String.self, forKey: .to)
        for (key, value) in [(CodingKeys.from, from), (.to, to)] where LocalDateText.isDate(value) == false {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath + [key], debugDescription: "'\(value)' is not a date YYYY-MM-DD"))
        }
        let synthetic = try c.decodeIfPresent(SyntheticKeys.self, forKey: .synthetic)
        syntheticSeed = synthetic?.seed ?? 7
        syntheticStrength = synthetic?.strength ?? 1
        syntheticPlantedDrift = synthetic?.plantedDrift
        csvPath = try c.decodeIfPresent(CSVKeys.self, forKey: .csv)?.path
        if provider == "csv" && csvPath == nil {
            throw DecodingError.keyNotFound(AnyKey(stringValue: "path"), .init(codingPath: c.codingPath + [CodingKeys.csv], debugDescription: ""))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(provider, forKey: .provider)
        try c.encode(universe, forKey: .universe)
        try c.encodeIfPresent(market?.rawValue, forKey: .market)
        try c.encodeIfPresent(instrument, forKey: .instrument)
        try c.encode(timeframe.rawValue, forKey: .timeframe)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        if provider == "synthetic" {
            try c.encode(
                SyntheticKeys(seed: syntheticSeed, strength: syntheticStrength, plantedDrift: syntheticPlantedDrift), forKey: .synthetic)
        }
        try c.encodeIfPresent(csvPath.map(CSVKeys.init), forKey: .csv)
    }
}

/// A date check without MarketData's parser (config decoding stays independent of providers).
enum LocalDateText {
    static func isDate(_ s: String) -> Bool {
        let parts = s.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let m = Int(parts[1]), let d = Int(parts[2]), Int(parts[0]) != nil
        else { return false }
        return (1...12).contains(m) && (1...31).contains(d)
    }
}

/// The feature set: a catalog reference (`core-daily`, `core-daily@v1`), an inline definition, or a strategy's set.
public struct FeaturesSection: Sendable, Hashable, Codable {
    public var set: String?
    public var inline: FeatureSetDefinition?
    /// A strategy (`oversold-rebound`): its feature set, entry condition (sampling) and plan.
    public var strategy: String?

    public init(set: String? = nil, inline: FeatureSetDefinition? = nil, strategy: String? = nil) {
        self.set = set
        self.inline = inline
        self.strategy = strategy
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case set, inline, strategy }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        set = try c.decodeIfPresent(String.self, forKey: .set)
        inline = try c.decodeIfPresent(FeatureSetDefinition.self, forKey: .inline)
        strategy = try c.decodeIfPresent(String.self, forKey: .strategy)
        let given = [set != nil, inline != nil, strategy != nil].filter { $0 }.count
        guard given == 1 else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: c.codingPath, debugDescription: "give exactly one of set, inline and strategy (found \(given))"))
        }
    }
}

/// Event sampling: `every_bar`, `cusum` (with `threshold` or `threshold_sigmas` + `vol_window`) or `strategy`.
public struct SamplingSection: Sendable, Hashable, Codable {
    public var method: String
    public var threshold: Double?
    public var thresholdSigmas: Double?
    public var volWindow: Int?

    public init(method: String, threshold: Double? = nil, thresholdSigmas: Double? = nil, volWindow: Int? = nil) {
        self.method = method
        self.threshold = threshold
        self.thresholdSigmas = thresholdSigmas
        self.volWindow = volWindow
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case method, threshold
        case thresholdSigmas = "threshold_sigmas"
        case volWindow = "vol_window"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        method = try c.decode(String.self, forKey: .method)
        threshold = try c.decodeIfPresent(Double.self, forKey: .threshold)
        thresholdSigmas = try c.decodeIfPresent(Double.self, forKey: .thresholdSigmas)
        volWindow = try c.decodeIfPresent(Int.self, forKey: .volWindow)
        guard ["every_bar", "cusum", "strategy"].contains(method) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: c.codingPath + [CodingKeys.method], debugDescription: "'\(method)' is not every_bar, cusum or strategy"))
        }
        if method == "cusum" && (threshold == nil) == (thresholdSigmas == nil) {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: c.codingPath + [CodingKeys.threshold], debugDescription: "cusum needs exactly one of threshold and threshold_sigmas"))
        }
    }
}

/// The classifier and its parameters (LightGBM names for gbdt; `lambda_l2`, `max_iter`, `tolerance` for logistic).
public struct ModelSection: Sendable, Hashable, Codable {
    /// `gbdt` or `logistic`.
    public var kind: String
    public var params: [String: String]

    public init(kind: String = "gbdt", params: [String: String] = [:]) {
        self.kind = kind
        self.params = params
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case kind, params }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decodeIfPresent(String.self, forKey: .kind) ?? "gbdt"
        guard kind == "gbdt" || kind == "logistic" else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: c.codingPath + [CodingKeys.kind], debugDescription: "'\(kind)' is not gbdt or logistic"))
        }
        let raw = try c.decodeIfPresent([String: JSONValue].self, forKey: .params) ?? [:]
        var params: [String: String] = [:]
        for (k, v) in raw {
            switch v {
            case .number(let d): params[k] = d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : "\(d)"
            case .string(let s): params[k] = s
            case .bool(let b): params[k] = b ? "true" : "false"
            default:
                throw DecodingError.dataCorrupted(
                    .init(codingPath: c.codingPath + [CodingKeys.params, AnyKey(stringValue: k)], debugDescription: "expected a number or a string"))
            }
        }
        self.params = params
    }
}

/// Purged cross-validation for out-of-fold scores.
public struct ValidationSection: Sendable, Hashable, Codable {
    /// `purged_walk_forward` (expanding window, the default) or `purged_kfold`.
    public var method: String
    public var folds: Int
    /// Bars embargoed after each test block; nil = the plan's `max_hold_bars`.
    public var embargoBars: Int?

    public init(method: String = "purged_walk_forward", folds: Int = 5, embargoBars: Int? = nil) {
        self.method = method
        self.folds = folds
        self.embargoBars = embargoBars
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case method, folds
        case embargoBars = "embargo_bars"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        method = try c.decodeIfPresent(String.self, forKey: .method) ?? "purged_walk_forward"
        guard method == "purged_walk_forward" || method == "purged_kfold" else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: c.codingPath + [CodingKeys.method], debugDescription: "'\(method)' is not purged_walk_forward or purged_kfold"))
        }
        folds = try c.decodeIfPresent(Int.self, forKey: .folds) ?? 5
        guard folds >= 2 else {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath + [CodingKeys.folds], debugDescription: "must be ≥ 2, got \(folds)"))
        }
        embargoBars = try c.decodeIfPresent(Int.self, forKey: .embargoBars)
    }
}

/// How the alert threshold is chosen on the calibrated out-of-fold scores.
public struct ThresholdPolicy: Sendable, Hashable, Codable {
    /// `target_precision` or `top_k`.
    public var policy: String
    /// target_precision: the lowest threshold whose alerts reach this precision (with ≥ `minAlerts` of them).
    public var targetPrecision: Double
    /// top_k: the threshold that would have raised this many alerts per day on average across the universe.
    public var alertsPerDay: Double
    public var minAlerts: Int
    /// Per-regime thresholds chosen by the same policy on each regime's rows (else only the high-vol bend).
    public var perRegime: Bool
    /// High volatility gets at least `alert + highVolMargin` (more conservative).
    public var highVolMargin: Double
    /// positive_expectancy: alert only where the expected net return (percent) exceeds this.
    public var minExpectedReturnPct: Double
    /// positive_expectancy: when set (e.g. 0.95), the one-sided lower confidence bound at this level of the expected
    /// net return must exceed `minExpectedReturnPct`, not only its mean.
    public var lowerConfidence: Double?

    public init(
        policy: String = "target_precision", targetPrecision: Double = 0.55, alertsPerDay: Double = 5, minAlerts: Int = 30,
        perRegime: Bool = false, highVolMargin: Double = 0.05, minExpectedReturnPct: Double = 0, lowerConfidence: Double? = nil
    ) {
        self.minExpectedReturnPct = minExpectedReturnPct
        self.lowerConfidence = lowerConfidence
        self.policy = policy
        self.targetPrecision = targetPrecision
        self.alertsPerDay = alertsPerDay
        self.minAlerts = minAlerts
        self.perRegime = perRegime
        self.highVolMargin = highVolMargin
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case policy
        case targetPrecision = "target_precision"
        case alertsPerDay = "alerts_per_day"
        case minAlerts = "min_alerts"
        case perRegime = "per_regime"
        case highVolMargin = "high_vol_margin"
        case minExpectedReturnPct = "min_expected_return_pct"
        case lowerConfidence = "lower_confidence"
    }

    /// The standard normal quantile for `lowerConfidence` (one-sided), nil when no bound is asked.
    public var lowerBoundZ: Double? {
        lowerConfidence.map { NormalQuantile.z($0) }
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ThresholdPolicy()
        policy = try c.decodeIfPresent(String.self, forKey: .policy) ?? d.policy
        guard ["target_precision", "top_k", "positive_expectancy"].contains(policy) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: c.codingPath + [CodingKeys.policy],
                    debugDescription: "'\(policy)' is not target_precision, top_k or positive_expectancy"))
        }
        targetPrecision = try c.decodeIfPresent(Double.self, forKey: .targetPrecision) ?? d.targetPrecision
        guard targetPrecision > 0, targetPrecision < 1 else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: c.codingPath + [CodingKeys.targetPrecision], debugDescription: "must be in (0, 1), got \(targetPrecision)"))
        }
        alertsPerDay = try c.decodeIfPresent(Double.self, forKey: .alertsPerDay) ?? d.alertsPerDay
        guard alertsPerDay > 0 else {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath + [CodingKeys.alertsPerDay], debugDescription: "must be > 0"))
        }
        minAlerts = try c.decodeIfPresent(Int.self, forKey: .minAlerts) ?? d.minAlerts
        perRegime = try c.decodeIfPresent(Bool.self, forKey: .perRegime) ?? d.perRegime
        highVolMargin = try c.decodeIfPresent(Double.self, forKey: .highVolMargin) ?? d.highVolMargin
        minExpectedReturnPct = try c.decodeIfPresent(Double.self, forKey: .minExpectedReturnPct) ?? d.minExpectedReturnPct
        lowerConfidence = try c.decodeIfPresent(Double.self, forKey: .lowerConfidence)
        if let level = lowerConfidence, !(level >= 0.5 && level < 1) {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: c.codingPath + [CodingKeys.lowerConfidence],
                    debugDescription: "must be in [0.5, 1) (a one-sided confidence level such as 0.9 or 0.95), got \(level)"))
        }
        if lowerConfidence != nil && policy != "positive_expectancy" {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: c.codingPath + [CodingKeys.lowerConfidence],
                    debugDescription: "applies to policy positive_expectancy only (policy is \(policy))"))
        }
    }
}

/// What the evaluation reports: precision in the top fraction of rows, and in the top K per day.
public struct EvaluationSection: Sendable, Hashable, Codable {
    public var topFraction: Double
    public var topPerDay: Int

    public init(topFraction: Double = 0.05, topPerDay: Int = 5) {
        self.topFraction = topFraction
        self.topPerDay = topPerDay
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case topFraction = "top_fraction"
        case topPerDay = "top_per_day"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        topFraction = try c.decodeIfPresent(Double.self, forKey: .topFraction) ?? 0.05
        topPerDay = try c.decodeIfPresent(Int.self, forKey: .topPerDay) ?? 5
    }
}

/// The option proxy's keys in a config (`options:`), each optional.
struct OptionProxyDocument: Codable {
    var value: OptionProxy

    init(_ v: OptionProxy) { value = v }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(OptionProxy.CodingKeys.self)
        let c = try decoder.container(keyedBy: OptionProxy.CodingKeys.self)
        let d = OptionProxy()
        value = OptionProxy(
            delta: try c.decodeIfPresent(Double.self, forKey: .delta) ?? d.delta,
            targetDTE: try c.decodeIfPresent(Int.self, forKey: .targetDTE) ?? d.targetDTE,
            minDTE: try c.decodeIfPresent(Int.self, forKey: .minDTE) ?? d.minDTE,
            maxDTE: try c.decodeIfPresent(Int.self, forKey: .maxDTE) ?? d.maxDTE,
            volWindow: try c.decodeIfPresent(Int.self, forKey: .volWindow) ?? d.volWindow,
            minVolatility: try c.decodeIfPresent(Double.self, forKey: .minVolatility) ?? d.minVolatility,
            maxLeverage: try c.decodeIfPresent(Double.self, forKey: .maxLeverage))
    }

    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
