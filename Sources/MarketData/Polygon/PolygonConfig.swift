import Foundation

/// How to reach Polygon and how hard to try. The key is never logged: every message goes through `redact`.
public struct PolygonConfig: Sendable {
    public var apiKey: String
    /// `https://api.polygon.io` unless a proxy or a test server is used.
    public var baseURL: URL
    /// Timeout of one HTTP request, seconds.
    public var requestTimeout: TimeInterval = 30
    /// Retries after the first attempt on 429, 5xx and transport errors.
    public var maxRetries = 5
    /// First backoff, doubled per retry, with jitter (×0.5…1), capped at `maxBackoff` (seconds).
    public var initialBackoff: TimeInterval = 1
    public var maxBackoff: TimeInterval = 60
    /// Longest `Retry-After` honoured, seconds.
    public var maxRetryAfter: TimeInterval = 120
    /// Ask for split/dividend-adjusted bars.
    public var adjusted = true
    /// Keep only intraday bars inside regular sessions (drops pre- and post-market).
    public var regularHoursOnly = true
    /// Page size (`limit`); Polygon's maximum is 50,000.
    public var pageLimit = 50_000

    public static let defaultBaseURL = URL(string: "https://api.polygon.io")!

    public init(apiKey: String, baseURL: URL = PolygonConfig.defaultBaseURL) {
        self.apiKey = apiKey
        self.baseURL = baseURL
    }

    /// `text` with the key and any `apiKey=` value replaced by `REDACTED`.
    public func redact(_ text: String) -> String {
        var out = text
        if !apiKey.isEmpty { out = out.replacingOccurrences(of: apiKey, with: "REDACTED") }
        var searchFrom = out.startIndex
        while let range = out.range(of: "apikey=", options: .caseInsensitive, range: searchFrom..<out.endIndex) {
            var end = range.upperBound
            while end < out.endIndex, !"& \"'\n".contains(out[end]) { end = out.index(after: end) }
            out.replaceSubrange(range.upperBound..<end, with: "REDACTED")
            searchFrom = out.index(range.upperBound, offsetBy: "REDACTED".count)
        }
        return out
    }
}
