/// The columns a bar CSV may have and the header names accepted for each.
enum CSVColumn: Int, CaseIterable, Sendable {
    case timestamp, open, high, low, close, volume, vwap, symbol

    var aliases: [String] {
        switch self {
        case .timestamp: ["timestamp", "time", "date", "datetime"]
        case .open: ["open", "o"]
        case .high: ["high", "h"]
        case .low: ["low", "l"]
        case .close: ["close", "c"]
        case .volume: ["volume", "vol", "v"]
        case .vwap: ["vwap", "vw"]
        case .symbol: ["symbol", "ticker"]
        }
    }

    var name: String { aliases[0] }

    /// Columns every file must have; volume is optional (FX quotes often have none) and then 0.
    static let required: [CSVColumn] = [.timestamp, .open, .high, .low, .close]

    static func matching(header: String) -> CSVColumn? {
        let h = header.lowercased()
        return allCases.first { $0.aliases.contains(h) }
    }
}
