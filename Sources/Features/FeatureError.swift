import AlertsCore

/// Everything that can go wrong in Features, each naming the feature set, item, symbol or token to fix.
public enum FeatureError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An indicator spec does not parse or is out of range; `reason` is the Indicators message.
    case invalidSpec(item: String, spec: String, reason: String)
    /// Two features (or a feature and a base column) share a name.
    case duplicateFeature(name: String, set: String)
    /// A feature name is not usable in conditions (letters, digits, `_`, `.`; not starting with a digit).
    case invalidFeatureName(name: String, set: String)
    /// A derived feature or an entry condition does not parse.
    case invalidExpression(item: String, expression: String, reason: String)
    /// A derived feature or an entry condition reads names the set does not define (before it).
    case unknownReferences(item: String, names: [String], known: [String])
    /// A normalisation is not one of `none`, `zscore(n)`, `divide_by_close`, or its window is out of range.
    case invalidNormalization(item: String, text: String, reason: String)
    /// A calendar feature kind is unknown.
    case unknownCalendarFeature(item: String, kind: String)
    /// The definition as a whole is not acceptable (name, version, warm-up, empty).
    case invalidDefinition(set: String, reason: String)
    /// A YAML or JSON definition file does not decode.
    case unreadableDefinition(source: String, reason: String)
    /// No feature set of that name (and version) is known.
    case unknownFeatureSet(name: String, version: Int?, known: [String])
    /// No strategy of that name (and version) is known.
    case unknownStrategy(name: String, version: Int?, known: [String])
    /// A strategy's plan is not acceptable.
    case invalidPlan(strategy: String, reason: String)
    /// An auto_build request names more symbols than one call may compute.
    case tooManySymbols(count: Int, limit: Int)
    /// An auto_build request is malformed (no symbols, both or neither of set and strategy).
    case invalidRequest(String)
    /// The bars do not reach back far enough for the set's warm-up.
    case notEnoughHistory(symbol: String, bars: Int, needed: Int, set: String)
    /// The command line `indicators` input or output failed.
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidSpec(item, spec, reason):
            return "indicator '\(item)': bad spec '\(spec)': \(reason)"
        case let .duplicateFeature(name, set):
            return "feature set '\(set)': feature name '\(name)' is used twice; give one of them another `name:`"
        case let .invalidFeatureName(name, set):
            return "feature set '\(set)': '\(name)' is not a usable feature name; use letters, digits, '_' and '.',"
                + " starting with a letter or '_'"
        case let .invalidExpression(item, expression, reason):
            return "'\(item)': expression '\(expression)' is invalid: \(reason)"
        case let .unknownReferences(item, names, known):
            return "'\(item)' reads unknown feature\(names.count == 1 ? "" : "s") \(names.joined(separator: ", "));"
                + " known here: \(known.joined(separator: ", "))"
        case let .invalidNormalization(item, text, reason):
            return "feature '\(item)': normalisation '\(text)' is invalid: \(reason);"
                + " use none, zscore(n) with n ≥ 2, or divide_by_close"
        case let .unknownCalendarFeature(item, kind):
            return "calendar feature '\(item)': unknown kind '\(kind)'; known: "
                + CalendarFeatureKind.allCases.map(\.rawValue).joined(separator: ", ")
        case let .invalidDefinition(set, reason):
            return "feature set '\(set)': \(reason)"
        case let .unreadableDefinition(source, reason):
            return "\(source): not a valid definition: \(reason)"
        case let .unknownFeatureSet(name, version, known):
            return "unknown feature set '\(name)\(version.map { "@v\($0)" } ?? "")'; known: \(known.joined(separator: ", "))"
        case let .unknownStrategy(name, version, known):
            return "unknown strategy '\(name)\(version.map { "@v\($0)" } ?? "")'; known: \(known.joined(separator: ", "))"
        case let .invalidPlan(strategy, reason):
            return "strategy '\(strategy)': \(reason)"
        case let .tooManySymbols(count, limit):
            return "\(count) symbols in one request; the limit is \(limit): split the request"
        case let .invalidRequest(message):
            return message
        case let .notEnoughHistory(symbol, bars, needed, set):
            return "\(symbol): only \(bars) closed bars reach back far enough, feature set '\(set)' needs \(needed);"
                + " fetch more history"
        case let .io(path, reason):
            return "\(path): \(reason)"
        }
    }
}
