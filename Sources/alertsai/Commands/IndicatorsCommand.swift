import AlertsCore
import ArgumentParser
import Features
import Foundation
import Indicators
import MarketData

/// `alertsai indicators --input BARS.csv --spec 'sma(20),rsi(14),macd(12,26,9)' [--output OUT.csv]`.
struct IndicatorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicators",
        abstract: "Compute indicator columns over a bar CSV and write them as CSV.",
        discussion: """
            Columns are named by the spec tokens as written; multi-output specs add .output \
            (macd(12,26,9).macdsignal). NaN (an indicator's lookback) is an empty field; numbers use %.17g. \
            Specs and their parameters: docs/INDICATORS.md.

            Examples:
              alertsai indicators --input data/bars/AAPL.csv --spec 'sma(20),rsi(14),macd(12,26,9)'
              alertsai indicators --input data/bars/AAPL.csv --spec 'atr(14),bbands(20,2,2)' --output aapl-indicators.csv
              alertsai indicators --input bars-1h.csv --symbol MSFT --timeframe 1h --spec 'ema(50)'
            """
    )

    @Option(help: "Bar CSV: timestamp,open,high,low,close[,volume] (a symbol column is allowed).")
    var input: String
    @Option(help: "Comma-separated specs, e.g. 'sma(20),rsi(14),macd(12,26,9)'.")
    var spec: String
    @Option(help: "Output CSV (default: standard output).")
    var output: String?
    @Option(help: "Timeframe of the bars: 1m 5m 15m 30m 1h 1d 1w.")
    var timeframe: String = "1d"
    @Option(help: "Market whose calendar places date-only timestamps: US, EU, IN, FX.")
    var market: String = "US"
    @Option(help: "The symbol to use when the file holds several.")
    var symbol: String?

    func run() async throws {
        guard let tf = Timeframe(parsing: timeframe) else {
            throw ValidationError("unknown timeframe '\(timeframe)'; use 1m 5m 15m 30m 1h 1d 1w")
        }
        guard let m = Market(parsing: market) else { throw ValidationError("unknown market '\(market)'; use US, EU, IN or FX") }
        let text = try IndicatorsCommand.table(input: input, spec: spec, timeframe: tf, market: m, symbol: symbol)
        if let output {
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output))
            } catch {
                throw FeatureError.io(path: output, reason: "cannot write (\(error.localizedDescription))")
            }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    /// The CSV text for a bar file and a spec list (what `run` writes); errors name the bad token or line.
    static func table(input: String, spec: String, timeframe: Timeframe, market: Market, symbol: String?) throws -> String {
        let columns = try IndicatorTable.columns(spec)
        let url = URL(fileURLWithPath: input)
        let name = symbol ?? url.deletingPathExtension().lastPathComponent
        let calendar = ExchangeMarketAdapter.of(market).calendar
        let all = try CSVBarProvider.load(url, symbol: name, timeframe: timeframe, calendar: calendar)
        guard let series = all[name] ?? (all.count == 1 ? all.first!.value : nil) else {
            let names = all.keys.sorted().prefix(10).joined(separator: ", ")
            throw ValidationError("\(url.lastPathComponent) holds \(all.count) symbols (\(names)); pick one with --symbol")
        }
        return IndicatorTable.csv(series: series, columns: columns)
    }
}
