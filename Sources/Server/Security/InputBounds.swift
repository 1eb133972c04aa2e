import Foundation
import Hummingbird
import MarketData

/// Bounds every input is checked against before use; a violation is a 422 naming the field (docs/SECURITY.md).
enum InputBounds {
    /// 1970-01-01T00:00:00Z.
    static let earliestInstant: Int64 = 0
    /// 2100-01-01T00:00:00Z: calendars and bar stores cover no later instant.
    static let latestInstant: Int64 = 4_102_444_800_000
    static let maxUniverseLength = 16_384
    static let maxNameLength = 200

    static func invalid(_ field: String, _ why: String) -> HTTPError {
        HTTPError(.unprocessableContent, message: "\(field): \(why)")
    }

    /// An instant in milliseconds within 1970…2100.
    static func instant(_ ms: Int64, field: String) throws -> Int64 {
        guard (earliestInstant..<latestInstant).contains(ms) else {
            throw invalid(field, "\(ms) is outside 1970-01-01…2100-01-01 (milliseconds since 1970 UTC)")
        }
        return ms
    }

    /// An instant given as milliseconds or ISO-8601 text, within 1970…2100.
    static func instant(text: String, field: String) throws -> Int64 {
        if let ms = Int64(text) { return try instant(ms, field: field) }
        guard text.utf8.count <= 64 else { throw invalid(field, "not an instant (over 64 characters)") }
        let precise = ISO8601DateFormatter()
        precise.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = precise.date(from: text) ?? ISO8601DateFormatter().date(from: text) else {
            throw invalid(field, "'\(text)' is neither milliseconds since 1970 nor an ISO-8601 instant like 2024-07-01T20:05:04Z")
        }
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite, seconds >= 0, seconds < Double(latestInstant / 1000) else {
            throw invalid(field, "'\(text)' is outside 1970-01-01…2100-01-01")
        }
        return Int64((seconds * 1000).rounded(.down))
    }

    /// A universe: `preset:NAME`, `watchlist:ID` or symbols separated by commas or spaces, in printable ASCII.
    static func universe(_ text: String, field: String = "universe") throws -> String {
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw invalid(field, "empty") }
        guard text.utf8.count <= maxUniverseLength else {
            throw invalid(field, "\(text.utf8.count) bytes; at most \(maxUniverseLength)")
        }
        guard text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) else {
            throw invalid(field, "only printable ASCII is allowed (symbols, preset:NAME, watchlist:ID)")
        }
        let symbols = text.split(whereSeparator: { $0 == "," || $0 == " " })
        if let long = symbols.first(where: { $0.utf8.count > max(UniverseResolver.maxSymbolLength, 80) }) {
            throw invalid(field, "'\(long.prefix(40))…' is longer than a symbol (at most \(UniverseResolver.maxSymbolLength) characters)")
        }
        guard symbols.count <= UniverseResolver.maxSymbols else {
            throw invalid(field, "\(symbols.count) symbols; at most \(UniverseResolver.maxSymbols)")
        }
        return text
    }

    /// One symbol: 1–24 ASCII letters, digits and `. - : _ ^ =` (the rule `UniverseResolver` applies to universes).
    static func symbol(_ text: String, field: String) throws -> String {
        let allowed = text.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || ".-:_^=".unicodeScalars.contains($0))
        }
        guard (1...UniverseResolver.maxSymbolLength).contains(text.utf8.count), allowed else {
            throw invalid(
                field, "'\(text.prefix(40))' is not a symbol (1–\(UniverseResolver.maxSymbolLength) ASCII letters, digits and . - : _ ^ =)")
        }
        return text
    }

    /// A model, pack or user name/id: 1–200 printable characters.
    static func name(_ text: String, field: String) throws -> String {
        guard (1...maxNameLength).contains(text.count), !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw invalid(field, "must be 1–\(maxNameLength) printable characters")
        }
        return text
    }
}
