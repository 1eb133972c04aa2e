import AlertsCore
import Features
import Foundation
import Learning
import MarketData
import Storage

/// A run's inputs after loading, features and labels: everything cross-validation and the final fit need.
public struct PreparedTraining: Sendable {
    /// The config with every default resolved (plan, sampling, scope, model parameters, embargo).
    public let config: TrainingConfig
    public let instruments: [Instrument]
    public let kind: InstrumentKind
    public let market: Market
    public let featureSet: FeatureSet
    public let plan: PlanSpec
    public let sampling: EventSampling
    public let series: [BarSeries]
    public let cohort: CohortDataset
    /// SHA-256 of the bars (`BarFingerprint`).
    public let fingerprint: String
    /// Milliseconds spent in load, features and labels.
    public let timings: [String: Double]
    /// The control this run is, nil for a real run.
    public var control: TrainingControl? = nil
    /// The strategy of `features.strategy`, resolved (its entry condition is what live runs check).
    public var strategy: ResolvedStrategy? = nil

    /// The feature set as the model records it: an inline set carries its whole definition (no catalog holds it).
    public var featureSetRef: FeatureSetRef {
        var ref = featureSet.ref
        if config.features.inline != nil { ref.definition = try? JSONValue(encoding: featureSet.definition) }
        return ref
    }

    /// The label config: the trade, and — when the events were the strategy's entries — that strategy and its entry
    /// condition, so that a live run scores exactly the bars training sampled.
    public func labelConfig(timeframe: Timeframe) -> LabelConfig {
        let entries = sampling.name == EventSampling.strategyEntry.name ? strategy : nil
        return LabelConfig(
            labeler: labelerName, instrument: kind, timeframe: timeframe, plan: plan, strategy: entries?.definition.reference,
            entry: entries?.definition.entry)
    }

    /// The labeler's name recorded in `LabelConfig`.
    public var labelerName: String {
        switch kind {
        case .equity, .etf: "triple_barrier"
        case .option: "triple_barrier_option_atm_proxy"
        case .fx: "triple_barrier_fx_pips"
        }
    }
}

/// What evaluation and the final fit produced, before registration.
public struct TrainingEvaluation: Sendable {
    public let prepared: PreparedTraining
    /// Uncalibrated out-of-fold probabilities per row (NaN for rows no fold tested).
    public let outOfFold: [Double]
    public let calibrator: Calibrator?
    public let model: ClassifierModel
    /// The artifact: the Learning model file (JSON, calibrator and feature names inside); same inputs, same bytes.
    public let artifact: Data
    public let thresholds: Thresholds
    public let metrics: TrainingMetrics
}

/// A finished, registered run.
public struct TrainingResult: Sendable {
    public let spec: ModelSpec
    public let run: TrainingRunRecord
    public let metrics: TrainingMetrics
    /// The table printed by `alertsai train`.
    public let summary: String
    public let evaluation: TrainingEvaluation
}
