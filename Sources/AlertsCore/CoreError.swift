/// Errors of the domain layer.
public enum CoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A value given by the user is not acceptable; the message names it.
    case invalid(String)
    /// Something named does not exist; the message names it.
    case notFound(String)

    public var description: String {
        switch self {
        case .invalid(let m): m
        case .notFound(let m): m
        }
    }
}
