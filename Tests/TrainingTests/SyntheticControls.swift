import AlertsCore
import Features
import Foundation
import Learning
import MarketData

@testable import Training

/// Small synthetic training runs for the honest-evaluation controls and the registry tests.
enum SyntheticControls {
    /// A light, scale-free feature set with a short warm-up, so the runs stay fast in debug builds.
    static let features = FeatureSetDefinition(
        name: "control-daily", version: 1, timeframe: .d1, warmupBars: 80,
        indicators: [
            IndicatorFeature(spec: "logret(1)", name: "ret_1"),
            IndicatorFeature(spec: "logret(4)", name: "ret_4"),
            IndicatorFeature(spec: "logret(20)", name: "ret_20"),
            IndicatorFeature(spec: "rvol(20)", name: "rvol_20"),
            IndicatorFeature(spec: "rvol(60)", name: "rvol_60"),
            IndicatorFeature(spec: "rsi(14)", name: "rsi_14"),
            IndicatorFeature(spec: "volz(20)", name: "volume_z_20"),
            IndicatorFeature(spec: "dist_low(20)"),
            IndicatorFeature(spec: "zscore(20)", name: "close_z_20"),
            IndicatorFeature(spec: "ema(20)", name: "ema_20", hidden: true),
        ],
        derived: [
            DerivedFeature(name: "ret_4_in_vol", expr: "ret_4 / rvol_20"),
            DerivedFeature(name: "vol_ratio", expr: "rvol_20 / rvol_60"),
            DerivedFeature(name: "ema_gap", expr: "(close / ema_20 - 1) / rvol_60"),
        ])

    /// `symbols` synthetic symbols over `years` of daily bars ending 2024-12-31.
    static func config(
        name: String = "control", symbols: Int = 40, from: String = "2021-11-01", strength: Double = 1, model: ModelSection? = nil,
        folds: Int = 4, plan: PlanSpec = directional
    ) -> TrainingConfig {
        let list = (0..<symbols).map { String(format: "SYN%03d", $0) }.joined(separator: ",")
        return TrainingConfig(
            name: name, seed: 7,
            data: DataSection(
                provider: "synthetic", universe: list, timeframe: .d1, from: from, to: "2024-12-31", syntheticSeed: 7, syntheticStrength: strength),
            features: FeaturesSection(inline: features),
            plan: plan,
            model: model ?? ModelSection(kind: "logistic", params: ["lambda_l2": "1"]),
            validation: ValidationSection(method: "purged_walk_forward", folds: folds, embargoBars: plan.maxHoldBars),
            thresholds: ThresholdPolicy(policy: "top_k", alertsPerDay: 3))
    }

    /// A label that is almost all direction: +2 ATR before −1 ATR, with a hold long enough that timeouts are rare.
    /// (Timeouts make a label partly a volatility forecast, which volatility clustering makes learnable even when
    /// nothing predicts direction; the no-edge controls must not mistake that for an edge.)
    static let directional = PlanSpec(
        side: .long, takeProfit: .atr(multiple: 2, period: 14), stop: .atr(multiple: 1, period: 14), maxHoldBars: 40)

    /// A rare, short trade (+3 ATR before −1 ATR within 5 bars): the planted rebound's drift moves its odds the most.
    static let rebound = PlanSpec(side: .long, takeProfit: .atr(multiple: 3, period: 14), stop: .atr(multiple: 1, period: 14), maxHoldBars: 5)

    /// The synthetic market with its planted oversold rebound at 0.75 σ per session instead of the default 0.25 σ.
    static var amplifiedRebound: SyntheticMarket {
        var c = SyntheticMarket.Config(seed: 7, patternStrength: 1)
        c.reboundDrift = 0.75
        return SyntheticMarket(c)
    }

    /// Null standard error of the AUC for n rows at base rate p (Hanley & McNeil under H0: (n₁ + n₀ + 1) / (12 n₁ n₀)).
    static func nullAUCStandardError(rows: Double, baseRate p: Double) -> Double {
        let n1 = rows * p
        let n0 = rows * (1 - p)
        return ((n1 + n0 + 1) / (12 * n1 * n0)).squareRoot()
    }
}
