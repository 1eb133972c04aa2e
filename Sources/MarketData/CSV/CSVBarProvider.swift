import AlertsCore
import Foundation
import Synchronization

/// Bars from CSV files: a directory with one `<SYMBOL>.csv` per symbol, or one file with a `symbol` column.
/// Every file is validated as a whole; see `CSVBarParser` for the accepted columns and timestamps.
public final class CSVBarProvider: BarProvider {
    /// Where the files are.
    public enum Layout: Sendable, Hashable {
        case directory(URL)
        case file(URL)
    }

    public let name = "csv"
    public let layout: Layout
    /// Parsed one-file sources, by timeframe and market, so that asking for many symbols reads the file once.
    private let parsedFiles = Mutex<[String: [String: BarSeries]]>([:])

    public init(layout: Layout) { self.layout = layout }

    /// A provider for `path`: a directory of per-symbol files or a single file.
    public convenience init(path: URL) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path.path, isDirectory: &isDirectory) else {
            throw MarketDataError.fileNotFound(path: path.path, hint: "give a directory of <SYMBOL>.csv files or one CSV file")
        }
        self.init(layout: isDirectory.boolValue ? .directory(path) : .file(path))
    }

    public func bars(
        symbol: String, timeframe: Timeframe, market: Market, from: LocalDate, to: LocalDate, progress: FetchProgressHandler?
    ) async throws -> BarSeries {
        let calendar = ExchangeMarketAdapter.of(market).calendar
        let all: BarSeries
        switch layout {
        case .directory(let dir):
            let url = try fileURL(for: symbol, in: dir)
            all =
                try Self.load(url, symbol: symbol, timeframe: timeframe, calendar: calendar)[symbol]
                ?? BarSeries(symbol: symbol, timeframe: timeframe)
        case .file(let url):
            let key = "\(timeframe.rawValue)|\(market.rawValue)"
            let table: [String: BarSeries]
            if let cached = parsedFiles.withLock({ $0[key] }) {
                table = cached
            } else {
                table = try Self.load(url, symbol: symbol, timeframe: timeframe, calendar: calendar)
                parsedFiles.withLock { $0[key] = table }
            }
            guard let s = table[symbol] else {
                let known = table.keys.sorted().prefix(10).joined(separator: ", ")
                throw MarketDataError.noData(
                    symbol: symbol, timeframe: timeframe, from: from.description, to: to.description,
                    source: "\(url.lastPathComponent) (symbols in it: \(known)\(table.count > 10 ? ", …" : ""))")
            }
            all = s
        }
        let range = calendar.instantRange(from: from, to: to)
        let out = all.between(from: range.lowerBound, to: range.upperBound)
        progress?(FetchProgress(symbol: symbol, bars: out.count, fraction: 1))
        return out
    }

    /// Every series in `url`, validated.
    public static func load(_ url: URL, symbol: String, timeframe: Timeframe, calendar: ExchangeCalendar) throws -> [String: BarSeries] {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw MarketDataError.fileNotFound(path: url.path, hint: "\(error.localizedDescription)")
        }
        let parser = CSVBarParser(fileName: url.lastPathComponent, timeframe: timeframe, calendar: calendar, defaultSymbol: symbol)
        return try data.withUnsafeBytes { try parser.parse($0) }
    }

    private func fileURL(for symbol: String, in dir: URL) throws -> URL {
        let exact = dir.appendingPathComponent(CSVBarWriter.fileName(for: symbol))
        if FileManager.default.fileExists(atPath: exact.path) { return exact }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        let wanted = CSVBarWriter.fileName(for: symbol).lowercased()
        if let match = files.first(where: { $0.lowercased() == wanted }) { return dir.appendingPathComponent(match) }
        let csvCount = files.filter { $0.lowercased().hasSuffix(".csv") }.count
        throw MarketDataError.fileNotFound(
            path: exact.path, hint: "the directory has \(csvCount) CSV file\(csvCount == 1 ? "" : "s"); name them <SYMBOL>.csv")
    }
}
