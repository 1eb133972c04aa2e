import AlertsCore
import Features

/// The seed's `RegimeAdapter`: regime flags from `RegimeClassifier`, and thresholds bent per regime.
///
/// Bending rule: a threshold the spec gives for the regime's label (`high_vol`, `normal_vol`, `low_vol`) wins;
/// otherwise high volatility asks `highVolatilityMargin` more of the score (capped at 0.99) and the other regimes
/// use the spec's base threshold. Wider swings make stops hit more at random, so the bar is raised, never lowered.
public struct VolatilityRegimeAdapter: RegimeAdapter {
    public var classifier: RegimeClassifier
    public var highVolatilityMargin: Double

    public init(classifier: RegimeClassifier = RegimeClassifier(), highVolatilityMargin: Double = 0.05) {
        self.classifier = classifier
        self.highVolatilityMargin = highVolatilityMargin
    }

    /// Bars of history that give the same flag at the last bar as the whole series would.
    public var historyBars: Int {
        max(classifier.percentileWindow + classifier.volWindow + 1, classifier.trendWindow + classifier.slopeBars + 1) + 1
    }

    /// The regime at `index`, or nil during the classifier's warm-up.
    public func regimeIfKnown(series: BarSeries, at index: Int) -> Regime? {
        guard index >= 0 && index < series.count else { return nil }
        // The classifier's windows are index-relative; a tail of `historyBars` gives the same flag for its last bar.
        let lo = max(0, index + 1 - historyBars)
        return classifier.classify(series.slice(lo..<(index + 1))).last ?? nil
    }

    /// The protocol's total form: during the warm-up the regime is normal volatility, flat trend.
    public func regime(series: BarSeries, at index: Int) -> Regime {
        regimeIfKnown(series: series, at: index) ?? Regime(volatility: .normal, trend: .flat)
    }

    public func threshold(base: Thresholds, regime: Regime) -> Double {
        if let t = base.perRegime[regime.label] { return t }
        switch regime.volatility {
        case .high: return min(0.99, max(base.alert, base.alert + highVolatilityMargin))
        case .normal, .low: return base.alert
        }
    }
}
