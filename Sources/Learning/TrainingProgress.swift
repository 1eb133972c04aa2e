/// One progress report from a training loop: the round just finished and the current losses.
public struct TrainingProgress: Sendable {
    /// 1-based round (boosting iteration or Newton step).
    public let round: Int
    public let totalRounds: Int
    /// Weighted mean log-loss on the training rows.
    public let trainLoss: Double
    /// Mean log-loss on the validation rows, when a validation set was given.
    public let validLoss: Double?
}

/// Receives progress reports; called on the training thread.
public typealias ProgressHandler = @Sendable (TrainingProgress) -> Void
