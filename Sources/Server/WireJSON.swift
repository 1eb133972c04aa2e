import Foundation

/// The JSON the API writes: snake_case keys throughout (docs/API.md, docs/DECISIONS.md "Wire form").
///
/// Domain types keep their own `Codable` form, which is also their storage form (`ModelSpec` is stored as its JSON);
/// the server converts at the boundary instead: every key a type's `CodingKeys` names (`labelCfg`, `modelURI`,
/// `expectedReturnPct`) is written in snake_case (`label_cfg`, `model_uri`, `expected_return_pct`), keys already in
/// snake_case stay as they are. A field added to a domain type later is converted the same way, with no code here.
///
/// Keys that are data, not field names — feature names, training-config keys, regime labels, symbols — are never
/// rewritten: they are keys of dictionaries (`[String: …]`, `JSONValue` objects), which Foundation's encoder does not
/// pass through a key strategy, and below a field named in `verbatim` nothing is rewritten even where it would.
enum WireJSON {
    /// Fields whose values are user or model data keyed by arbitrary strings, written exactly as stored.
    static let verbatim: Set<String> = [
        "trainingCfg", "config", "metrics", "perRegime", "filters", "hints", "counts", "failures", "features", "detail",
    ]

    /// Sorted keys, unescaped slashes, ISO-8601 dates, snake_case field names.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.keyEncodingStrategy = .custom { path in
            guard let last = path.last else { return WireKey("") }
            if last.intValue != nil || path.dropLast().contains(where: { verbatim.contains($0.stringValue) }) { return last }
            return WireKey(snakeCase(last.stringValue))
        }
        return encoder
    }

    static func encode(_ value: some Encodable) throws -> Data {
        try encoder().encode(value)
    }

    /// `modelURI` → `model_uri`, `expectedR` → `expected_r`, `asOf` → `as_of`; `already_snake` and `rsi14` unchanged.
    static func snakeCase(_ key: String) -> String {
        let chars = Array(key)
        guard chars.contains(where: \.isUppercase) else { return key }
        var out = ""
        for (i, c) in chars.enumerated() {
            if c.isUppercase {
                let previous = i > 0 ? chars[i - 1] : nil
                let next = i + 1 < chars.count ? chars[i + 1] : nil
                let startsWord =
                    previous.map { $0.isLowercase || $0.isNumber || ($0.isUppercase && (next?.isLowercase ?? false)) } ?? false
                if startsWord, out.last != "_" { out.append("_") }
                out.append(contentsOf: c.lowercased())
            } else {
                out.append(c)
            }
        }
        return out
    }

    struct WireKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }

        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
