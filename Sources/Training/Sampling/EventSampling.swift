import AlertsCore
import Foundation

/// Which bars become training events (candidate trades).
public enum EventSampling: Sendable, Hashable {
    /// Every bar with defined features.
    case everyBar
    /// A symmetric CUSUM filter on log returns (`CUSUMFilter`).
    case cusum(CUSUMFilter)
    /// The bars where the strategy's entry condition holds.
    case strategyEntry

    /// The name used in configs.
    public var name: String {
        switch self {
        case .everyBar: "every_bar"
        case .cusum: "cusum"
        case .strategyEntry: "strategy"
        }
    }
}

/// The symmetric CUSUM filter (López de Prado, *Advances in Financial Machine Learning*, §2.5.2.1).
///
/// With r_t the log return of bar t: S⁺_t = max(0, S⁺_{t−1} + r_t), S⁻_t = min(0, S⁻_{t−1} + r_t). Bar t is an event
/// when S⁺_t > h (then S⁺ restarts at 0) or S⁻_t < −h (then S⁻ restarts at 0). The threshold h is fixed
/// (`threshold`) or, with `volatilityMultiple` k, h_t = k · σ_{t−1}, σ the standard deviation of the `volWindow`
/// log returns before bar t (point in time: bar t's event uses bars ≤ t only).
public struct CUSUMFilter: Sendable, Hashable {
    public var threshold: Double?
    public var volatilityMultiple: Double?
    public var volWindow: Int

    public init(threshold: Double) {
        self.threshold = threshold
        volatilityMultiple = nil
        volWindow = 20
    }

    public init(volatilityMultiple: Double, volWindow: Int = 20) {
        threshold = nil
        self.volatilityMultiple = volatilityMultiple
        self.volWindow = volWindow
    }

    /// Event bar indices of `close`, ascending.
    public func events(close: ContiguousArray<Double>) -> [Int] {
        let n = close.count
        guard n > 1 else { return [] }
        var events: [Int] = []
        var up = 0.0
        var down = 0.0
        var returns = [Double](repeating: 0, count: n)
        for t in 1..<n { returns[t] = log(close[t] / close[t - 1]) }
        for t in 1..<n {
            let h: Double
            if let threshold {
                h = threshold
            } else {
                guard let k = volatilityMultiple, t > volWindow else { continue }
                var sum = 0.0
                var sq = 0.0
                for j in (t - volWindow)..<t {
                    sum += returns[j]
                    sq += returns[j] * returns[j]
                }
                let m = sum / Double(volWindow)
                h = k * max(0, (sq - Double(volWindow) * m * m) / Double(volWindow - 1)).squareRoot()
                guard h > 0 else { continue }
            }
            let r = returns[t]
            up = max(0, up + r)
            down = min(0, down + r)
            if up > h {
                up = 0
                events.append(t)
            } else if down < -h {
                down = 0
                events.append(t)
            }
        }
        return events
    }
}
