import AlertsCore

/// Everything that can go wrong while scoring, planning, explaining or running alerts, in words a user can act on.
public enum AlertingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A feature the model needs is absent from the input; names the feature (and the row of a batch).
    case missingFeature(String, row: Int?)
    /// A feature is NaN or infinite; names it (and the row of a batch).
    case nonFiniteFeature(String, value: Double, row: Int?)
    /// The model artifact cannot be loaded or does not match its spec.
    case badArtifact(String)
    /// No published model or pack with that name.
    case unknownModel(String)
    /// A request or argument is not acceptable; the message names it.
    case invalid(String)
    /// The plan cannot be resolved to prices (e.g. an ATR barrier without ATR).
    case unplannable(String)
    /// The LLM answered with an error or something that is not a chat completion.
    case explainer(String)

    public var description: String {
        switch self {
        case .missingFeature(let name, let row):
            return "\(row.map { "row \($0): " } ?? "")missing feature '\(name)'"
        case .nonFiniteFeature(let name, let value, let row):
            return "\(row.map { "row \($0): " } ?? "")feature '\(name)' is \(value) (must be a finite number)"
        case .badArtifact(let m), .unknownModel(let m), .invalid(let m), .unplannable(let m), .explainer(let m):
            return m
        }
    }
}
