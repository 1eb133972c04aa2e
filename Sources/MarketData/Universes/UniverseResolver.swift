import AlertsCore
import Foundation

/// A user's stored watchlists (the store implements it; MarketData only reads through it).
public protocol WatchlistSource: Sendable {
    /// The watchlist with this id, nil when there is none.
    func watchlist(id: String) async throws -> Watchlist?
}

/// A named list of symbols a user keeps.
public struct Watchlist: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var market: Market
    public var kind: InstrumentKind
    public var symbols: [String]

    public init(id: String, name: String, market: Market, kind: InstrumentKind, symbols: [String]) {
        self.id = id
        self.name = name
        self.market = market
        self.kind = kind
        self.symbols = symbols
    }
}

/// Turns `preset:NAME`, `watchlist:ID` or `AAPL,MSFT` into instruments.
public struct UniverseResolver: Sendable {
    public var watchlists: (any WatchlistSource)?
    /// The CSV source `csv:*` lists: a directory of `<SYMBOL>.csv` files or one file with a symbol column.
    public var csvPath: String?

    public init(watchlists: (any WatchlistSource)? = nil, csvPath: String? = nil) {
        self.watchlists = watchlists
        self.csvPath = csvPath
    }

    /// The symbols of a CSV source: every `*.csv` file's name in a directory (sorted), or a file's symbol column.
    public static func csvSymbols(path: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw MarketDataError.fileNotFound(path: path, hint: "csv:* lists the <SYMBOL>.csv files of data.csv_path (or data.csv.path)")
        }
        if isDirectory.boolValue {
            let files = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.lowercased().hasSuffix(".csv") }
            return unique(files.map { String($0.dropLast(4)).uppercased() }.sorted())
        }
        let url = URL(fileURLWithPath: path)
        let table = try CSVBarProvider.load(
            url, symbol: url.deletingPathExtension().lastPathComponent.uppercased(), timeframe: .d1, calendar: ExchangeMarketAdapter.of(.us).calendar)
        return table.keys.sorted()
    }

    /// Instruments of `spec`. Explicit symbols take `market` and `kind` (defaults: US; equity, or fx on the FX
    /// market); a preset's sectors are kept. Duplicates are dropped, order is kept.
    public func resolve(_ spec: String, market: Market = .us, kind: InstrumentKind? = nil) async throws -> [Instrument] {
        let text = spec.trimmingCharacters(in: .whitespaces)
        let lower = text.lowercased()
        if lower.hasPrefix("preset:") {
            let name = String(text.dropFirst("preset:".count))
            guard let preset = UniversePresets.named(name) else {
                throw MarketDataError.unknownUniverse(kind: "preset", name: name, known: UniversePresets.names)
            }
            return preset.instruments
        }
        if lower == "csv:*" {
            guard let csvPath else {
                throw MarketDataError.invalidArgument(
                    "csv:* lists the files of a CSV source: set data.csv_path (app config) or data.csv.path (training)")
            }
            let symbols = try Self.csvSymbols(path: csvPath)
            guard !symbols.isEmpty else { throw MarketDataError.invalidArgument("csv:* found no .csv file in \(csvPath)") }
            return try await resolve(symbols.joined(separator: ","), market: market, kind: kind)
        }
        if lower.hasPrefix("watchlist:") {
            let id = String(text.dropFirst("watchlist:".count))
            guard let watchlists else {
                throw MarketDataError.invalidArgument(
                    "watchlist:\(id) needs the watchlist store (run it through the server or a command that opens the database);"
                        + " presets available here: \(UniversePresets.names.joined(separator: ", "))")
            }
            guard let list = try await watchlists.watchlist(id: id) else {
                throw MarketDataError.unknownUniverse(kind: "watchlist", name: id, known: UniversePresets.names)
            }
            return Self.unique(list.symbols).map { Instrument(symbol: $0, market: list.market, kind: list.kind) }
        }
        let symbols = Self.unique(text.split(whereSeparator: { $0 == "," || $0 == " " }).map { $0.uppercased() })
        guard !symbols.isEmpty else {
            throw MarketDataError.invalidArgument(
                "no symbols in '\(spec)'; give AAPL,MSFT, preset:NAME (\(UniversePresets.names.joined(separator: ", "))) or watchlist:ID")
        }
        if let bad = symbols.first(where: { s in
            s.utf8.count > Self.maxSymbolLength
                || !s.unicodeScalars.allSatisfy {
                    $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || ".-:_^=".unicodeScalars.contains($0))
                }
        }) {
            throw MarketDataError.invalidArgument(
                "'\(bad.prefix(40))\(bad.count > 40 ? "…" : "")' is not a symbol (1–\(Self.maxSymbolLength) ASCII letters, digits and . - : _ ^ =)")
        }
        guard symbols.count <= Self.maxSymbols else {
            throw MarketDataError.invalidArgument("\(symbols.count) symbols; a universe holds at most \(Self.maxSymbols)")
        }
        let k = kind ?? (market == .fx ? .fx : .equity)
        return symbols.map { Instrument(symbol: $0, market: market, kind: k) }
    }

    /// The longest symbol accepted (OCC option symbols are 21 characters).
    public static let maxSymbolLength = 24
    /// The most symbols one explicit universe may list.
    public static let maxSymbols = 1000

    static func unique(_ symbols: [String]) -> [String] {
        var seen = Set<String>()
        return symbols.filter { seen.insert($0).inserted }
    }
}
