/// The stages of a training run, in order; each is timed and reported.
public enum TrainingStage: String, Sendable, CaseIterable {
    case load
    case features
    case labels
    case cv
    case calibration
    case finalFit = "final_fit"
    case register
}

/// Receives one line per stage event (start, progress, end) — the command prints them on stderr.
public typealias TrainingProgressHandler = @Sendable (TrainingStage, String) -> Void
