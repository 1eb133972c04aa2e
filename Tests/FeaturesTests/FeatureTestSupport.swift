import AlertsCore
import Foundation
import Indicators
import MarketData
import Testing

@testable import Features

/// Shared fixtures: synthetic bars, the reference directory, and bitwise comparison.
enum FeatureTestSupport {
    /// `count` synthetic bars of `symbol` ending on `end` (deterministic).
    static func bars(
        _ symbol: String, count: Int, timeframe: Timeframe = .d1, market: Market = .us, end: LocalDate = LocalDate(2024, 6, 28)
    ) throws -> BarSeries {
        try SyntheticMarket().series(symbol: symbol, timeframe: timeframe, market: market, count: count, endingOn: end)
    }

    /// Equal bit patterns (so NaN equals NaN and 0 differs from −0).
    static func sameBits(_ a: Double, _ b: Double) -> Bool { a.bitPattern == b.bitPattern }

    /// `shared/reference`: `ALERTSAI_SHARED_DIR` if set, else the first ancestor of this file holding it.
    static func referenceDirectory() throws -> URL {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["ALERTSAI_SHARED_DIR"], !env.isEmpty {
            for url in [URL(fileURLWithPath: env).appendingPathComponent("reference"), URL(fileURLWithPath: env)]
            where fm.fileExists(atPath: url.appendingPathComponent("talib").path) {
                return url
            }
        }
        var dir = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("shared/reference")
            if fm.fileExists(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        Issue.record("shared/reference not found: set ALERTSAI_SHARED_DIR or clone with shared/ beside the repository")
        throw CocoaError(.fileNoSuchFile)
    }

    /// The repository root (the directory holding `examples/featuresets`).
    static func repositoryRoot() throws -> URL {
        var dir = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while dir.path != "/" {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("examples/featuresets").path) { return dir }
            dir = dir.deletingLastPathComponent()
        }
        Issue.record("examples/featuresets not found above \(#filePath)")
        throw CocoaError(.fileNoSuchFile)
    }

    /// A set with one feature per indicator kind (default parameters, every output), normalisations and derived
    /// features, with a short warm-up so that small series cover it.
    static func everyIndicatorSet() throws -> FeatureSet {
        let indicators = IndicatorKind.allCases.map { IndicatorFeature(spec: "\($0.rawValue)()") }
        return try FeatureSet(
            FeatureSetDefinition(
                // OBV, AD, SAR and KAMA's slow seed are accepted, flagged: the tests exercise every kind's machinery.
                name: "every-indicator", version: 1, warmupBars: 120,
                indicators: indicators + [
                    IndicatorFeature(spec: "atr(5)", name: "atr_5_pct", normalize: "divide_by_close"),
                    IndicatorFeature(spec: "rsi(7)", name: "rsi_7_z", normalize: "zscore(15)"),
                ],
                calendar: [CalendarFeature(kind: "day_of_week"), CalendarFeature(kind: "bar_of_session")],
                derived: [
                    DerivedFeature(name: "spread", expr: "ema_30 / sma_30 - 1", normalize: "zscore(10)"),
                    DerivedFeature(name: "macd_up", expr: "cross_above(macd_12_26_9_macd, macd_12_26_9_macdsignal)"),
                    DerivedFeature(name: "rsi_x_vol", expr: "rsi_14 * rvol_20 + spread"),
                ], allowUnstable: true))
    }
}
