#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How many of the latest bars a spec must see for its last value to equal the value computed on the whole series.
///
/// Three families: window indicators (MOM, WILLR, CCI, …) depend only on their window, so `lookback + 1` bars give
/// the identical bits. Running-sum indicators (SMA, BBANDS, STOCH, …) give the same value to ~1e-13 from any start,
/// but the last bits depend on the rounding history, so bit-exactness needs the same first bar. Recursive
/// indicators (EMA family, Wilder smoothing, KAMA) depend on all history: bit-exactness needs the same first bar,
/// and agreement within 1e-10 relative needs the warm-up in `convergedBars`. OBV and AD are cumulative levels and SAR
/// is path dependent: only the same first bar reproduces them.
public struct HistoryRequirement: Sendable, Hashable {
    /// Latest bars that reproduce the full-history value bit for bit; `nil`: every bar since the series' first matters.
    public let bitExactBars: Int?
    /// Latest bars after which the value agrees with the full-history value within ~1e-10 relative; `nil`: no
    /// finite window suffices.
    public let convergedBars: Int?

    public init(bitExactBars: Int?, convergedBars: Int?) {
        self.bitExactBars = bitExactBars
        self.convergedBars = convergedBars
    }

    static func recursive(_ converged: Int) -> HistoryRequirement {
        HistoryRequirement(bitExactBars: nil, convergedBars: converged)
    }

    /// The seed weight `convergedBars` counts down to: agreement within ~1e-10 relative.
    public static let convergedTolerance = 1e-10

    /// Bars for a smoothing factor `alpha` to shrink the seed's weight below `tolerance`: ln(1/tolerance) / −ln(1 − alpha).
    static func decayBars(alpha: Double, tolerance: Double = convergedTolerance) -> Int {
        guard alpha < 1 else { return 1 }
        return Int((log(1 / tolerance) / -log(1 - alpha)).rounded(.up))
    }

    static func decayBars(emaAlpha period: Int, tolerance: Double = convergedTolerance) -> Int {
        decayBars(alpha: 2.0 / Double(period + 1), tolerance: tolerance)
    }
}
