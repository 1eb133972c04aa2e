extension SyntheticMarket {
    /// Everything that shapes the synthetic market. Defaults give daily equity-like bars: ~18 % a year of
    /// volatility in the calm regime, ~40 % in the volatile one, fat tails, gaps, and two planted patterns.
    public struct Config: Sendable, Hashable, Codable {
        /// Master seed; with the symbol name it fixes every bar.
        public var seed: UInt64 = 7
        /// 0…1: scales every path-dependent drift (the planted patterns and the trend / mean-reversion regime).
        /// At 0 the expected log return is a constant: nothing in the past predicts the next bar's direction.
        public var patternStrength: Double = 1
        /// Paths start at the first session on or after this date, whatever range is asked for, so a date's bar
        /// never depends on the request.
        public var origin = LocalDate(2000, 1, 1)

        // Volatility regimes (a two-state Markov chain).
        /// Daily standard deviation of log returns in the calm and volatile regimes.
        public var calmVolatility = 0.011
        public var volatileVolatility = 0.025
        /// Probability of staying in the regime from one session to the next.
        public var calmPersistence = 0.985
        public var volatilePersistence = 0.95
        /// Degrees of freedom of the Student-t shocks (even, ≥ 4; 4 gives fat tails with finite variance).
        public var tailDegreesOfFreedom = 4
        /// Constant expected log return per year (the same every day; no pattern). FX pairs get none.
        public var annualDrift = 0.06
        /// Share of a session's return variance that arrives overnight (the gap between close and next open).
        public var overnightShare = 0.3

        // Trend regime: trending (drift in a persistent direction) vs mean-reverting (pull toward a 20-day EMA).
        public var trendPersistence = 0.97
        public var meanReversionPersistence = 0.97
        /// Trending drift per session, in units of the regime's σ (scaled by `patternStrength`).
        public var trendDrift = 0.06
        /// Daily pull toward the 20-session EMA of log price (scaled by `patternStrength`).
        public var meanReversionSpeed = 0.04

        // Planted pattern 1: oversold rebound in a calm regime.
        /// Sessions over which the drawdown is measured.
        public var oversoldLookback = 4
        /// The drawdown must exceed `oversoldThreshold · σ · √lookback` (σ of the current regime).
        public var oversoldThreshold = 1.5
        /// Sessions over which the rebound drift applies, and its size per session in units of σ.
        public var reboundSessions = 5
        public var reboundDrift = 0.25

        // Planted pattern 2: volume breakout continuation.
        /// A session with volume above `breakoutVolumeRatio ×` its 20-session average and a return beyond
        /// `breakoutReturnSigmas · σ` is followed by drift in its direction for `breakoutSessions` sessions.
        public var breakoutVolumeRatio = 2.0
        public var breakoutReturnSigmas = 1.5
        public var breakoutSessions = 3
        public var breakoutDrift = 0.2

        public init(seed: UInt64 = 7, patternStrength: Double = 1) {
            self.seed = seed
            self.patternStrength = patternStrength
        }

        /// Checks ranges; the message names the bad parameter.
        public func validated() throws -> Config {
            func bad(_ name: String, _ rule: String) -> MarketDataError {
                .invalidArgument("SyntheticMarket.Config.\(name) must be \(rule)")
            }
            guard (0...1).contains(patternStrength) else { throw bad("patternStrength", "in 0…1, got \(patternStrength)") }
            guard calmVolatility > 0, volatileVolatility > 0 else { throw bad("calmVolatility/volatileVolatility", "positive") }
            guard (0..<1).contains(calmPersistence), (0..<1).contains(volatilePersistence) else {
                throw bad("calmPersistence/volatilePersistence", "in [0, 1)")
            }
            guard tailDegreesOfFreedom >= 4, tailDegreesOfFreedom % 2 == 0 else { throw bad("tailDegreesOfFreedom", "even and ≥ 4") }
            guard (0...0.9).contains(overnightShare) else { throw bad("overnightShare", "in 0…0.9") }
            guard oversoldLookback >= 1, reboundSessions >= 1, breakoutSessions >= 1 else {
                throw bad("oversoldLookback/reboundSessions/breakoutSessions", "at least 1")
            }
            return self
        }
    }
}
