import AlertsCore

/// A named, versioned feature set as written in YAML or JSON: indicators, calendar features, derived expressions.
///
/// This is the stored form (the lead keeps it as JSON in `sc.feature_sets`); `FeatureSet(_:)` validates it and is what
/// computes. Feature order is indicators (multi-output specs expand in output order), then calendar, then derived,
/// each in the order written, hidden items left out; a model records exactly that list.
public struct FeatureSetDefinition: Sendable, Hashable, Codable {
    public var name: String
    public var version: Int
    /// One line for people browsing the catalog.
    public var summary: String?
    /// The timeframe the set was designed for (informational: any timeframe computes).
    public var timeframe: Timeframe?
    /// W: the features at bar t are computed from the bars since the start of the warm-up block holding bar t − W + 1
    /// (between W and 2W − 1 bars; see docs/FEATURES.md). It bounds history and makes online equal offline bit for bit.
    public var warmupBars: Int
    public var indicators: [IndicatorFeature]
    public var calendar: [CalendarFeature]
    public var derived: [DerivedFeature]
    /// Accept specs that no warm-up window reproduces (OBV, AD, SAR, recursive specs whose seed outlives W), each
    /// flagged in `FeatureSet.warnings` with the reason, instead of refusing the set. Off by default.
    public var allowUnstable: Bool

    public init(
        name: String, version: Int, summary: String? = nil, timeframe: Timeframe? = nil, warmupBars: Int,
        indicators: [IndicatorFeature], calendar: [CalendarFeature] = [], derived: [DerivedFeature] = [], allowUnstable: Bool = false
    ) {
        self.allowUnstable = allowUnstable
        self.name = name
        self.version = version
        self.summary = summary
        self.timeframe = timeframe
        self.warmupBars = warmupBars
        self.indicators = indicators
        self.calendar = calendar
        self.derived = derived
    }

    /// `name@vN`, the way bindings and models refer to a set version.
    public var reference: String { "\(name)@v\(version)" }

    enum CodingKeys: String, CodingKey {
        case name, version, summary, timeframe, indicators, calendar, derived
        case warmupBars = "warmup_bars"
        case allowUnstable = "allow_unstable"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        version = try c.decode(Int.self, forKey: .version)
        summary = try c.decodeIfPresent(String.self, forKey: .summary)
        timeframe = try c.decodeIfPresent(Timeframe.self, forKey: .timeframe)
        warmupBars = try c.decode(Int.self, forKey: .warmupBars)
        indicators = try c.decodeIfPresent([IndicatorFeature].self, forKey: .indicators) ?? []
        calendar = try c.decodeIfPresent([CalendarFeature].self, forKey: .calendar) ?? []
        derived = try c.decodeIfPresent([DerivedFeature].self, forKey: .derived) ?? []
        allowUnstable = try c.decodeIfPresent(Bool.self, forKey: .allowUnstable) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(version, forKey: .version)
        try c.encodeIfPresent(summary, forKey: .summary)
        try c.encodeIfPresent(timeframe, forKey: .timeframe)
        try c.encode(warmupBars, forKey: .warmupBars)
        try c.encode(indicators, forKey: .indicators)
        if !calendar.isEmpty { try c.encode(calendar, forKey: .calendar) }
        if !derived.isEmpty { try c.encode(derived, forKey: .derived) }
        if allowUnstable { try c.encode(true, forKey: .allowUnstable) }
    }
}

/// One indicator in a set: a spec (`rsi(14)`, `macd(12,26,9).macdhist`, `bbands(20,2)`) and the feature name.
///
/// Without `name` the name comes from the spec (`rsi(14)` → `rsi_14`). A multi-output spec without `.output` gives
/// one feature per output, `<name>_<output>` (`bbands(20,2)` named `bb` → `bb_upperband`, `bb_middleband`, …).
public struct IndicatorFeature: Sendable, Hashable, Codable {
    public var spec: String
    public var name: String?
    /// `none` (default), `zscore(n)` or `divide_by_close`; see `FeatureNormalization`.
    public var normalize: String?
    /// Computed for derived features and conditions but left out of the feature vector.
    public var hidden: Bool?

    public init(spec: String, name: String? = nil, normalize: String? = nil, hidden: Bool? = nil) {
        self.spec = spec
        self.name = name
        self.normalize = normalize
        self.hidden = hidden
    }
}

/// A calendar feature computed in the market's time zone: `day_of_week` or `bar_of_session`.
public struct CalendarFeature: Sendable, Hashable, Codable {
    /// One of `CalendarFeatureKind`'s raw values.
    public var kind: String
    /// Defaults to the kind.
    public var name: String?
    public var normalize: String?
    public var hidden: Bool?

    public init(kind: String, name: String? = nil, normalize: String? = nil, hidden: Bool? = nil) {
        self.kind = kind
        self.name = name
        self.normalize = normalize
        self.hidden = hidden
    }
}

/// A feature written in the condition language over earlier features and `open high low close volume`.
///
/// Expressions read raw values (before normalisation); `cross_above`/`cross_below` read the previous bar too.
public struct DerivedFeature: Sendable, Hashable, Codable {
    public var name: String
    public var expr: String
    public var normalize: String?
    public var hidden: Bool?

    public init(name: String, expr: String, normalize: String? = nil, hidden: Bool? = nil) {
        self.name = name
        self.expr = expr
        self.normalize = normalize
        self.hidden = hidden
    }
}
