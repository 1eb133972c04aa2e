/// Everything that can stop a training run, in words a user can act on (each names the key, symbol or stage).
public enum TrainingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The training config is unreadable or a value in it is wrong; the message names the key.
    case config(String)
    /// Market data could not be loaded or is too short for the feature set and plan.
    case data(String)
    /// The plan cannot be labeled for this instrument (e.g. an option hold longer than the option lives).
    case plan(String)
    /// Too few labeled rows, or a single class, to train and validate.
    case dataset(String)
    /// A pipeline stage failed; the message names the stage.
    case stage(String, String)
    /// A model trained elsewhere cannot be registered (`alertsai models import`); the message names the input or feature.
    case modelImport(String)

    public var description: String {
        switch self {
        case .config(let m): "training config: \(m)"
        case .data(let m): "training data: \(m)"
        case .plan(let m): "plan: \(m)"
        case .dataset(let m): "training set: \(m)"
        case .stage(let s, let m): "\(s): \(m)"
        case .modelImport(let m): "models import: \(m)"
        }
    }
}
