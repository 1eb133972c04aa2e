import AlertsCore
import Foundation

/// A plausible spec; tests change what they need.
func sampleSpec(name: String = "swing-us", digest: String = String(repeating: "a", count: 64)) -> ModelSpec {
    ModelSpec(
        name: name,
        featureset: FeatureSetRef(name: "core-daily", version: 1, features: ["rsi_14", "atr_14", "ret_5"]),
        labelCfg: LabelConfig(
            instrument: .equity, timeframe: .d1,
            plan: PlanSpec(takeProfit: .percent(0.04), stop: .atr(multiple: 1.5, period: 14), maxHoldBars: 10)),
        modelURI: "artifacts://sha256/\(digest)", artifactDigest: digest,
        thresholds: Thresholds(alert: 0.62, perRegime: ["high_vol": 0.7]),
        scope: ModelScope(allowPresets: ["us-mega-30"]),
        trainingCfg: .object(["seed": .number(7)]))
}
