import AlertsCore
import Foundation

/// Any key, to list what a config mapping really holds.
public struct AnyKey: CodingKey {
    public var stringValue: String
    public var intValue: Int?

    public init(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) {
        stringValue = "\(intValue)"
        self.intValue = intValue
    }
}

extension Decoder {
    /// Refuses keys that `Keys` does not know, so a typo (`max_hold_bar`) is an error naming it, not a silent default.
    public func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type) throws {
        let known = Set(Keys.allCases.map(\.stringValue))
        let present = try container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
        if let bad = present.first(where: { !known.contains($0) }) {
            // The nearest known key, spelt with its full path, is named first: the likely fix of a typo.
            var parent = ""
            for k in codingPath { parent += k.intValue.map { "[\($0)]" } ?? ((parent.isEmpty ? "" : ".") + k.stringValue) }
            let nearest = NearestKey.nearest(to: bad, in: known).map { "did you mean '\(parent.isEmpty ? "" : parent + ".")\($0)'? " } ?? ""
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: codingPath + [AnyKey(stringValue: bad)],
                    debugDescription: "unknown key '\(bad)' (\(nearest)known here: \(known.sorted().joined(separator: ", ")))"))
        }
    }
}
