import AlertsCore
import Features
import Foundation

/// Guardrail defaults in a config, snake_case, every key optional.
struct GuardrailsDocument: Codable {
    var value: GuardrailDefaults

    init(_ v: GuardrailDefaults) { value = v }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case dailyBudget = "daily_budget"
        case cooldownBars = "cooldown_bars"
        case maxPerSector = "max_per_sector"
        case maxPerDirection = "max_per_direction"
        case maxExposure = "max_exposure"
        case optionsMinDTE = "options_min_dte"
        case optionsMaxDTE = "options_max_dte"
        case maxLeverage = "max_leverage"
        case marketHoursOnly = "market_hours_only"
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = GuardrailDefaults()
        value = GuardrailDefaults(
            dailyBudget: try c.decodeIfPresent(Int.self, forKey: .dailyBudget) ?? d.dailyBudget,
            cooldownBars: try c.decodeIfPresent(Int.self, forKey: .cooldownBars) ?? d.cooldownBars,
            maxPerSector: try c.decodeIfPresent(Int.self, forKey: .maxPerSector) ?? d.maxPerSector,
            maxPerDirection: try c.decodeIfPresent(Int.self, forKey: .maxPerDirection) ?? d.maxPerDirection,
            maxExposure: try c.decodeIfPresent(Double.self, forKey: .maxExposure) ?? d.maxExposure,
            optionsMinDTE: try c.decodeIfPresent(Int.self, forKey: .optionsMinDTE) ?? d.optionsMinDTE,
            optionsMaxDTE: try c.decodeIfPresent(Int.self, forKey: .optionsMaxDTE) ?? d.optionsMaxDTE,
            maxLeverage: try c.decodeIfPresent(Double.self, forKey: .maxLeverage) ?? d.maxLeverage,
            marketHoursOnly: try c.decodeIfPresent(Bool.self, forKey: .marketHoursOnly) ?? d.marketHoursOnly)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(value.dailyBudget, forKey: .dailyBudget)
        try c.encode(value.cooldownBars, forKey: .cooldownBars)
        try c.encode(value.maxPerSector, forKey: .maxPerSector)
        try c.encode(value.maxPerDirection, forKey: .maxPerDirection)
        try c.encode(value.maxExposure, forKey: .maxExposure)
        try c.encode(value.optionsMinDTE, forKey: .optionsMinDTE)
        try c.encode(value.optionsMaxDTE, forKey: .optionsMaxDTE)
        try c.encode(value.maxLeverage, forKey: .maxLeverage)
        try c.encode(value.marketHoursOnly, forKey: .marketHoursOnly)
    }
}

/// Turns a decoding error into one line naming the key path.
enum ConfigErrorText {
    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing key '\(path(context.codingPath + [key]))'"
        case DecodingError.typeMismatch(let type, let context):
            let name = typeName(type)
            let at = context.codingPath.isEmpty ? "the top of the file" : "key '\(path(context.codingPath))'"
            // Yams' own text ("Expected to decode Mapping but found Node instead.") says nothing more for shapes.
            let detail = name.hasPrefix("a mapping") || name.hasPrefix("a list") ? "" : " (\(context.debugDescription))"
            return "\(at): expected \(name)\(detail)"
        case DecodingError.valueNotFound(let type, let context):
            return "key '\(path(context.codingPath))': expected \(typeName(type)), found nothing"
        case DecodingError.dataCorrupted(let context):
            return context.codingPath.isEmpty ? context.debugDescription : "key '\(path(context.codingPath))': \(context.debugDescription)"
        case let e as TrainingError:
            if case .config(let m) = e { return m }
            return e.description
        default:
            return "\(error)"
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        var out = ""
        for k in keys {
            if let i = k.intValue, k.stringValue == "\(i)" || k.stringValue.hasPrefix("Index") {
                out += "[\(i)]"
            } else {
                out += (out.isEmpty ? "" : ".") + k.stringValue
            }
        }
        return out
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is UInt64.Type: "an integer"
        case is Double.Type: "a number"
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        default:
            "\(type)".contains("Mapping") || "\(type)".hasPrefix("Dictionary")
                ? "a mapping of keys (key: value lines)"
                : "\(type)".contains("Sequence") || "\(type)".hasPrefix("Array") ? "a list" : "\(type)"
        }
    }
}

/// A model scope in a config, every key optional: `{allow_presets: [...], allow_symbols: [...], filters: {...}}`.
struct ScopeDocument: Codable {
    var value: ModelScope

    init(_ v: ModelScope) { value = v }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case allowPresets = "allow_presets"
        case allowSymbols = "allow_symbols"
        case filters
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let filters = try c.decodeIfPresent([String: JSONValue].self, forKey: .filters) ?? [:]
        do {
            _ = try ScopeFilters(filters)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .filters, in: c, debugDescription: "\(error)")
        }
        value = ModelScope(
            allowPresets: try c.decodeIfPresent([String].self, forKey: .allowPresets) ?? [],
            allowSymbols: try c.decodeIfPresent([String].self, forKey: .allowSymbols) ?? [], filters: filters)
    }

    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
