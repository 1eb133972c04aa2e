import AlertsCore
import Foundation
import Indicators

/// A validated feature set, ready to compute: every spec parsed, names unique, expressions checked, normalisations
/// parsed, and how far back each output reads (`lagBars`) worked out.
public struct FeatureSet: Sendable {
    public let definition: FeatureSetDefinition
    /// The output features, in order: what a model records and what a vector holds.
    public let featureNames: [String]
    /// Every name a condition may read: base columns, then all features (hidden included) in computation order.
    public let columnNames: [String]
    /// Indicator specs, each computed once whatever number of features read its outputs.
    let indicators: [Indicator]
    let calendarFeatures: [(name: String, kind: CalendarFeatureKind)]
    let derivedFeatures: [(name: String, condition: Condition)]
    let outputs: [Output]
    /// Earlier rows (beyond a row's own warm-up) that an output row reads: derived crosses and z-score windows.
    public let lagBars: Int
    /// Specs accepted under `allow_unstable` that no warm-up window reproduces, each with the reason.
    public let warnings: [String]

    /// The bar columns every condition can read besides the features.
    public static let baseColumns = ["open", "high", "low", "close", "volume"]

    /// One spec and the features fed by its outputs.
    struct Indicator: Sendable {
        var spec: IndicatorSpec
        /// (feature name, output index) pairs.
        var features: [(name: String, output: Int)]
        /// Window specs give the same bits from any start, so they are computed once over the whole series.
        var isWindowOnly: Bool { spec.history.bitExactBars != nil }
    }

    /// One output feature: the column it comes from and its normalisation.
    struct Output: Sendable {
        var name: String
        var normalization: FeatureNormalization
    }

    /// Validates `definition`; every error names the offending item.
    public init(_ definition: FeatureSetDefinition) throws(FeatureError) {
        let setName = definition.name
        guard !setName.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw .invalidDefinition(set: setName, reason: "the name is empty")
        }
        guard definition.version >= 1 else {
            throw .invalidDefinition(set: setName, reason: "version must be ≥ 1, got \(definition.version)")
        }
        guard definition.warmupBars >= 2 && definition.warmupBars <= 100_000 else {
            throw .invalidDefinition(set: setName, reason: "warmup_bars must be in 2…100000, got \(definition.warmupBars)")
        }
        var known: [String] = Self.baseColumns
        var knownSet = Set(known)
        var lag: [String: Int] = Dictionary(uniqueKeysWithValues: known.map { ($0, 0) })
        var outputs: [Output] = []
        func add(_ name: String, normalize: String?, hidden: Bool?, lagBars: Int) throws(FeatureError) {
            guard Self.isUsableName(name) else { throw .invalidFeatureName(name: name, set: setName) }
            guard knownSet.insert(name).inserted else { throw .duplicateFeature(name: name, set: setName) }
            known.append(name)
            lag[name] = lagBars
            let normalization = try FeatureNormalization(parsing: normalize, item: name)
            if hidden != true { outputs.append(Output(name: name, normalization: normalization)) }
        }

        var indicators: [Indicator] = []
        var warnings: [String] = []
        for item in definition.indicators {
            let label = item.name ?? item.spec
            let column: (spec: IndicatorSpec, output: String?)
            do {
                column = try Self.parseColumn(item.spec)
            } catch {
                throw .invalidSpec(item: label, spec: item.spec, reason: error.description)
            }
            guard column.spec.lookback < definition.warmupBars else {
                throw .invalidDefinition(
                    set: setName,
                    reason: "warmup_bars = \(definition.warmupBars) is shorter than \(column.spec.canonical)'s \(column.spec.lookback + 1)"
                        + " bars of lookback; raise warmup_bars")
            }
            if let reason = Self.warmupInstability(column.spec, warmupBars: definition.warmupBars) {
                guard definition.allowUnstable else {
                    throw .invalidSpec(item: label, spec: item.spec, reason: reason + " (or set allow_unstable: true to accept it, flagged)")
                }
                warnings.append("\(label): \(reason)")
            }
            let base = item.name ?? Self.defaultName(column.spec, output: column.output)
            var features: [(name: String, output: Int)] = []
            if let output = column.output {
                features.append((base, column.spec.outputNames.firstIndex(of: output)!))
            } else if column.spec.outputNames.count == 1 {
                features.append((base, 0))
            } else {
                for (i, output) in column.spec.outputNames.enumerated() { features.append((base + "_" + output, i)) }
            }
            for f in features { try add(f.name, normalize: item.normalize, hidden: item.hidden, lagBars: 0) }
            if let i = indicators.firstIndex(where: { $0.spec == column.spec }) {
                indicators[i].features += features
            } else {
                indicators.append(Indicator(spec: column.spec, features: features))
            }
        }

        var calendar: [(name: String, kind: CalendarFeatureKind)] = []
        for item in definition.calendar {
            guard let kind = CalendarFeatureKind(rawValue: item.kind.trimmingCharacters(in: .whitespaces).lowercased()) else {
                throw .unknownCalendarFeature(item: item.name ?? item.kind, kind: item.kind)
            }
            let name = item.name ?? kind.rawValue
            try add(name, normalize: item.normalize, hidden: item.hidden, lagBars: 0)
            calendar.append((name, kind))
        }

        var derived: [(name: String, condition: Condition)] = []
        for item in definition.derived {
            let condition = try Self.parseCondition(item.expr, item: item.name, known: known, knownSet: knownSet)
            let reads = condition.featureNames.map { lag[$0] ?? 0 }.max() ?? 0
            try add(item.name, normalize: item.normalize, hidden: item.hidden, lagBars: reads + (condition.readsPreviousBar ? 1 : 0))
            derived.append((item.name, condition))
        }
        guard !outputs.isEmpty else {
            throw .invalidDefinition(set: setName, reason: "it has no (visible) features; add indicators, calendar or derived items")
        }

        self.definition = definition
        self.warnings = warnings
        self.indicators = indicators
        self.calendarFeatures = calendar
        self.derivedFeatures = derived
        self.outputs = outputs
        self.featureNames = outputs.map(\.name)
        self.columnNames = known
        // One extra bar covers a strategy's entry condition reading the previous bar (cross_above on the last row).
        self.lagBars = (outputs.map { (lag[$0.name] ?? 0) + $0.normalization.lagBars }.max() ?? 0) + 1
    }

    /// The seed weight below which a recursive spec counts as stable within its warm-up window: a restart at a block
    /// start then moves the value by less than 1 % of the seed's initial deviation (docs/FEATURES.md, "Warm-up
    /// stability"). Stricter agreement (1e-10) is what `convergedBars` counts; 1 % is where a restart stops being a
    /// visible saw-tooth a model could learn.
    public static let stabilityTolerance = 1e-2

    /// Why `spec` cannot be a feature under a `warmupBars` window, or nil when it can. Features are computed from each
    /// row's warm-up block (at least W bars), so a value that no finite window reproduces — cumulative levels (OBV,
    /// AD) and the path-dependent SAR — restarts at every block and saw-tooths, and a recursive spec (EMA family,
    /// Wilder smoothing, MACD, ADX, KAMA) whose seed has not decayed within W bars jumps at each block start.
    static func warmupInstability(_ spec: IndicatorSpec, warmupBars: Int) -> String? {
        guard let stable = spec.history(tolerance: stabilityTolerance).convergedBars else {
            let alternative: String
            switch spec.kind {
            case .obv, .ad: alternative = "use a stationary form instead: adosc(3,10) (the AD oscillator, which no restart offsets) or mfi(14)"
            default: alternative = "use a stationary trend measure instead, e.g. a derived close / ema_20 - 1 or adx(14)"
            }
            return "\(spec.canonical) has no finite warm-up: it is "
                + (spec.kind == .sar ? "path dependent" : "a cumulative level")
                + ", so it restarts at each warm-up block and saw-tooths between training and serving; \(alternative)"
        }
        guard stable <= warmupBars else {
            return "\(spec.canonical) needs \(stable) bars for its seed to decay below \(stabilityTolerance) but warmup_bars is "
                + "\(warmupBars): its values would jump at each warm-up block; raise warmup_bars to at least \(stable)"
        }
        return nil
    }

    public var name: String { definition.name }
    public var version: Int { definition.version }
    public var warmupBars: Int { definition.warmupBars }
    /// `name@vN`.
    public var reference: String { definition.reference }
    /// What a model records about the set it was trained on.
    public var ref: FeatureSetRef { FeatureSetRef(name: name, version: version, features: featureNames) }

    /// Bars of history that always suffice for the latest row (2 W + lag): the online fetch budget.
    public var historyBars: Int { 2 * warmupBars + lagBars }

    /// Parses a condition (a derived feature or an entry rule) and checks its names against `known`.
    static func parseCondition(_ text: String, item: String, known: [String], knownSet: Set<String>) throws(FeatureError) -> Condition {
        let condition: Condition
        do {
            condition = try Condition(text)
        } catch {
            throw .invalidExpression(item: item, expression: text, reason: error.description)
        }
        let unknown = condition.featureNames.filter { !knownSet.contains($0) }
        guard unknown.isEmpty else { throw .unknownReferences(item: item, names: unknown, known: known) }
        return condition
    }

    /// Checks an entry condition against this set's columns.
    public func condition(_ text: String, item: String) throws(FeatureError) -> Condition {
        try Self.parseCondition(text, item: item, known: columnNames, knownSet: Set(columnNames))
    }

    static func parseColumn(_ text: String) throws(IndicatorError) -> (spec: IndicatorSpec, output: String?) {
        // `.output` can only follow the closing parenthesis (a `.` inside is a decimal parameter).
        let tail = text.lastIndex(of: ")").map { text[$0...] } ?? Substring(text)
        if tail.contains(".") {
            let column = try IndicatorColumn(parsing: text)
            return (column.spec, column.output)
        }
        return (try IndicatorSpec(parsing: text), nil)
    }

    /// `rsi(14)` → `rsi_14`, `macd(12,26,9).macdhist` → `macd_12_26_9_macdhist`, `obv()` → `obv`.
    static func defaultName(_ spec: IndicatorSpec, output: String?) -> String {
        var s = ""
        for c in spec.canonical {
            switch c {
            case "(", ",": s.append("_")
            case ")": break
            default: s.append(c)
            }
        }
        while s.hasSuffix("_") { s.removeLast() }
        if let output { s += "_" + output }
        return s
    }

    /// Names the condition language can read: a letter or `_`, then letters, digits, `_` and `.`.
    static func isUsableName(_ name: String) -> Bool {
        guard let first = name.first, first.isLetter || first == "_", first.isASCII else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }
    }
}

extension Condition {
    /// True when the expression calls `cross_above`/`cross_below`, which read the previous bar.
    var readsPreviousBar: Bool {
        func walk(_ e: ConditionExpression) -> Bool {
            switch e {
            case .number, .feature: return false
            case let .negate(a), let .not(a): return walk(a)
            case let .binary(_, a, b): return walk(a) || walk(b)
            case let .call(function, arguments):
                return function == .crossAbove || function == .crossBelow || arguments.contains(where: walk)
            }
        }
        return walk(expression)
    }
}
