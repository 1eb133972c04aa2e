import AlertsCore
import ArgumentParser
import Foundation
import MarketData

/// `alertsai data …`: make or fetch bars and write them as CSV files, one per symbol.
struct DataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Generate synthetic bars or fetch bars (Polygon, CSV, synthetic) into CSV files.",
        discussion: """
            Each symbol gets one <SYMBOL>.csv (timestamp,open,high,low,close,volume; ISO-8601 UTC), the files the app \
            config's data.csv_path, a training file's data.csv.path and `alertsai indicators` read (docs/MARKETDATA.md).

            Examples:
              alertsai data synth --symbols preset:us-mega-30 --out data/bars
              alertsai data fetch --provider synthetic --symbols AAPL,MSFT --from 2024-01-02 --to 2024-12-31 --out data/bars
            """,
        subcommands: [Synth.self, Fetch.self]
    )

    /// `alertsai data synth --symbols 100 --bars 2520 --timeframe 1d --seed 7 --out DIR [--market US] [--strength 1]`.
    struct Synth: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write synthetic bars (deterministic from --seed and each symbol's name), one CSV per symbol.",
            discussion: """
                --symbols takes a count (SYN000, SYN001, …), a list (AAPL,MSFT) or a preset (preset:us-mega-30). \
                Bars end at the session dated --to; with --from they cover --from…--to instead of --bars. \
                --strength 0 gives a market with no planted edge, 1 the full patterns (docs/MARKETDATA.md).

                Examples:
                  alertsai data synth --out data/bars
                  alertsai data synth --symbols preset:us-mega-30 --from 2020-01-02 --to 2024-12-31 --out data/bars
                  alertsai data synth --symbols 100 --bars 2520 --strength 0 --seed 11 --out data/null-market
                """
        )

        @Option(help: "A count (names SYN000…), a list AAPL,MSFT, or preset:NAME.")
        var symbols: String = "10"
        @Option(help: "Bars per symbol (ignored when --from is given).")
        var bars: Int = 2520
        @Option(help: "Timeframe: 1m 5m 15m 30m 1h 1d 1w.")
        var timeframe: String = "1d"
        @Option(help: "Seed of the synthetic market.")
        var seed: UInt64 = 7
        @Option(help: "Strength of the planted patterns, 0…1.")
        var strength: Double = 1
        @Option(help: "Market whose calendar the bars follow: US, EU, IN, FX (a preset brings its own).")
        var market: String = "US"
        @Option(help: "First session date, YYYY-MM-DD (optional; default: --bars before --to).")
        var from: String?
        @Option(help: "Last session date, YYYY-MM-DD.")
        var to: String = "2024-12-31"
        @Option(help: "Directory for the CSV files.")
        var out: String

        func run() async throws {
            let tf = try parseTimeframe(timeframe)
            let m = try parseMarket(market)
            let instruments = try await symbolList(symbols, market: m, countPrefix: "SYN")
            guard bars > 0 else { throw ValidationError("--bars must be positive") }
            var config = SyntheticMarket.Config(seed: seed, patternStrength: strength)
            config = try config.validated()
            let generator = SyntheticMarket(config)
            let end = try LocalDate.parse(to, option: "--to")
            let start = try from.map { try LocalDate.parse($0, option: "--from") }
            let dir = URL(fileURLWithPath: out)
            let progress = ProgressDisplay(title: "synth", total: instruments.count)
            var total = 0
            for inst in instruments {
                let series =
                    try start.map {
                        try generator.series(symbol: inst.symbol, timeframe: tf, market: inst.market, from: $0, to: end)
                    } ?? generator.series(symbol: inst.symbol, timeframe: tf, market: inst.market, count: bars, endingOn: end)
                try CSVBarWriter.write(series, toDirectory: dir)
                total += series.count
                progress.advance("\(inst.symbol) \(series.count) bars")
            }
            progress.finish("done")
            print("wrote \(instruments.count) file\(instruments.count == 1 ? "" : "s"), \(total) \(tf.rawValue) bars, to \(dir.path)")
        }
    }

    /// `alertsai data fetch --provider polygon|csv|synthetic --symbols AAPL,MSFT --timeframe 1d --from … --to … --out DIR`.
    struct Fetch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fetch bars from a provider and write one CSV per symbol.",
            discussion: """
                Polygon needs an API key (--polygon-api-key or ALERTSAI_POLYGON_API_KEY); completed sessions are cached \
                under --cache-path (ALERTSAI_CACHE_PATH, default ./data/cache) and reused, today's session never. \
                --polygon-base-url (ALERTSAI_POLYGON_BASE_URL) points at a proxy or a test server. \
                csv reads --input: a directory of <SYMBOL>.csv files or one file with a symbol column.

                Examples:
                  alertsai data fetch --symbols AAPL,MSFT --from 2024-01-02 --to 2024-12-31 --out data/bars --polygon-api-key "$POLYGON_KEY"
                  alertsai data fetch --provider synthetic --symbols preset:us-etf-10 --timeframe 1h --from 2024-06-03 --to 2024-06-28 --out data/etf
                  alertsai data fetch --provider csv --input data/bars --symbols AAPL --from 2024-06-03 --to 2024-06-28 --out data/june
                """
        )

        @Option(help: "polygon, csv or synthetic.")
        var provider: String = "polygon"
        @Option(help: "A list AAPL,MSFT or preset:NAME.")
        var symbols: String
        @Option(help: "Timeframe: 1m 5m 15m 30m 1h 1d 1w.")
        var timeframe: String = "1d"
        @Option(help: "First session date, YYYY-MM-DD.")
        var from: String
        @Option(help: "Last session date, YYYY-MM-DD.")
        var to: String
        @Option(help: "Market: US, EU, IN, FX (a preset brings its own).")
        var market: String = "US"
        @Option(help: "Directory for the CSV files.")
        var out: String
        @Option(help: "csv provider: a directory of <SYMBOL>.csv files or one CSV file.")
        var input: String?
        @Option(help: "Polygon API key (default: $ALERTSAI_POLYGON_API_KEY). Never printed.")
        var polygonApiKey: String?
        @Option(help: "Polygon base URL (default: $ALERTSAI_POLYGON_BASE_URL or https://api.polygon.io).")
        var polygonBaseUrl: String?
        @Option(help: "Bar cache directory (default: $ALERTSAI_CACHE_PATH or ./data/cache).")
        var cachePath: String?
        @Flag(help: "Do not read or write the bar cache.")
        var noCache = false
        @Option(help: "synthetic provider: seed.")
        var seed: UInt64 = 7
        @Option(help: "synthetic provider: pattern strength 0…1.")
        var strength: Double = 1

        func run() async throws {
            let tf = try parseTimeframe(timeframe)
            let m = try parseMarket(market)
            let instruments = try await symbolList(symbols, market: m, countPrefix: nil)
            let start = try LocalDate.parse(from, option: "--from")
            let end = try LocalDate.parse(to, option: "--to")
            guard start <= end else { throw ValidationError("--from \(from) is after --to \(to)") }
            let source = try makeProvider()
            let dir = URL(fileURLWithPath: out)
            let progress = ProgressDisplay(title: "fetch \(source.name)", total: instruments.count)
            var total = 0
            for inst in instruments {
                let series = try await source.bars(
                    symbol: inst.symbol, timeframe: tf, market: inst.market, from: start, to: end, progress: { progress.update($0) })
                try CSVBarWriter.write(series, toDirectory: dir)
                total += series.count
                progress.advance("\(inst.symbol) \(series.count) bars")
            }
            progress.finish("done")
            print("wrote \(instruments.count) file\(instruments.count == 1 ? "" : "s"), \(total) \(tf.rawValue) bars, to \(dir.path)")
        }

        func makeProvider() throws -> any BarProvider {
            let env = ProcessInfo.processInfo.environment
            switch provider.lowercased() {
            case "polygon":
                let key = polygonApiKey ?? env["ALERTSAI_POLYGON_API_KEY"] ?? ""
                guard !key.isEmpty else {
                    throw ValidationError("polygon needs an API key: --polygon-api-key KEY or ALERTSAI_POLYGON_API_KEY")
                }
                let base = polygonBaseUrl ?? env["ALERTSAI_POLYGON_BASE_URL"] ?? PolygonConfig.defaultBaseURL.absoluteString
                guard let url = URL(string: base), url.scheme == "http" || url.scheme == "https" else {
                    throw ValidationError("--polygon-base-url: '\(base)' is not an http(s) URL")
                }
                let cacheDir = cachePath ?? env["ALERTSAI_CACHE_PATH"] ?? "./data/cache"
                return PolygonProvider(
                    config: PolygonConfig(apiKey: key, baseURL: url),
                    cache: noCache ? nil : BarCache(directory: URL(fileURLWithPath: cacheDir)))
            case "csv":
                guard let input else { throw ValidationError("the csv provider needs --input DIR_OR_FILE") }
                return try CSVBarProvider(path: URL(fileURLWithPath: input))
            case "synthetic":
                return SyntheticMarket(try SyntheticMarket.Config(seed: seed, patternStrength: strength).validated())
            default:
                throw ValidationError("--provider: '\(provider)' is not polygon, csv or synthetic")
            }
        }
    }
}

/// `--timeframe` text to a timeframe, or a usage error listing the accepted ones.
private func parseTimeframe(_ text: String) throws -> Timeframe {
    guard let tf = Timeframe(parsing: text) else {
        throw ValidationError("--timeframe: '\(text)' is not one of \(Timeframe.allCases.map(\.rawValue).joined(separator: " "))")
    }
    return tf
}

private func parseMarket(_ text: String) throws -> Market {
    guard let m = Market(parsing: text) else { throw ValidationError("--market: unknown market '\(text)'; use US, EU, IN or FX") }
    return m
}

/// `--symbols`: a count (with `countPrefix`), a list or `preset:NAME`.
private func symbolList(_ spec: String, market: Market, countPrefix: String?) async throws -> [Instrument] {
    if let prefix = countPrefix, let n = Int(spec.trimmingCharacters(in: .whitespaces)) {
        guard n > 0 && n <= 100_000 else { throw ValidationError("--symbols: count must be 1…100000, got \(n)") }
        let width = max(3, String(n - 1).count)
        return (0..<n).map { i in
            let digits = String(i)
            let name = prefix + String(repeating: "0", count: width - digits.count) + digits
            return Instrument(symbol: name, market: market, kind: market == .fx ? .fx : .equity)
        }
    }
    return try await UniverseResolver().resolve(spec, market: market)
}
