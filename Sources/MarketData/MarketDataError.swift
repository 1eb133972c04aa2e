import AlertsCore
import Foundation

/// Everything that can go wrong in MarketData, each with a message naming the bad input and what to do.
public enum MarketDataError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// A CSV file failed validation; nothing from it was loaded.
    case csv(file: String, line: Int, reason: String)
    /// A file or directory the provider needs is not there.
    case fileNotFound(path: String, hint: String)
    /// A date, symbol, option or parameter is not acceptable.
    case invalidArgument(String)
    /// The calendar has no rules for the requested years.
    case calendarOutOfRange(calendar: String, date: String, supported: ClosedRange<Int>)
    /// The source has no bars at all for the request.
    case noData(symbol: String, timeframe: Timeframe, from: String, to: String, source: String)
    /// Polygon refused the API key (401/403).
    case unauthorized(status: Int, message: String)
    /// An HTTP request failed for good (after retries where they apply).
    case requestFailed(symbol: String, range: String, status: Int?, attempts: Int, detail: String)
    /// The server answered something that is not the documented wire format.
    case malformedResponse(symbol: String, detail: String)
    /// A cache file is unreadable; delete it to refetch.
    case corruptCache(path: String, detail: String)
    /// A universe (preset or watchlist) name is unknown.
    case unknownUniverse(kind: String, name: String, known: [String])

    public var description: String {
        switch self {
        case .csv(let file, let line, let reason):
            "\(file) line \(line): \(reason)"
        case .fileNotFound(let path, let hint):
            "no such file: \(path)\(hint.isEmpty ? "" : " (\(hint))")"
        case .invalidArgument(let message):
            message
        case .calendarOutOfRange(let calendar, let date, let supported):
            "calendar \(calendar) covers \(supported.lowerBound)–\(supported.upperBound); \(date) is outside it"
        case .noData(let symbol, let timeframe, let from, let to, let source):
            "\(source) has no \(timeframe.rawValue) bars for \(symbol) between \(from) and \(to); check the symbol"
                + " (FX pairs look like EURUSD with --market FX) and the dates"
        case .unauthorized(let status, let message):
            "Polygon rejected the API key (HTTP \(status): \(message)); set a valid key with --polygon-api-key"
                + " or ALERTSAI_POLYGON_API_KEY"
        case .requestFailed(let symbol, let range, let status, let attempts, let detail):
            "fetching \(symbol) \(range) failed after \(attempts) attempt\(attempts == 1 ? "" : "s")"
                + (status.map { " (last HTTP status \($0))" } ?? "") + ": \(detail)"
        case .malformedResponse(let symbol, let detail):
            "unexpected response for \(symbol): \(detail)"
        case .corruptCache(let path, let detail):
            "cache file \(path) is unreadable (\(detail)); delete it and fetch again"
        case .unknownUniverse(let kind, let name, let known):
            "unknown \(kind) '\(name)'" + (known.isEmpty ? "" : "; known presets: \(known.joined(separator: ", "))")
        }
    }

    public var errorDescription: String? { description }
}
