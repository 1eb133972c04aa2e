import Foundation

/// Everything that can go wrong in the store, in words a user can act on.
public enum StorageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `database.url` could not be understood.
    case badURL(String)
    /// The database server or file could not be reached or opened.
    case unreachable(String)
    /// A uniqueness rule of the schema was violated (e.g. a second alert for the same model, symbol and bar).
    case duplicate(String)
    /// Another rule of the schema was violated: a check, a foreign key or a NOT NULL.
    case constraint(String)
    /// A named row does not exist.
    case notFound(String)
    /// The request contradicts the state of the data (e.g. publishing a spec whose artifact is missing).
    case conflict(String)
    /// A migration failed; the message names it.
    case migration(String)
    /// Any other database error, with the engine's message.
    case database(String)
    /// The artifact store (a directory or S3) failed or is misconfigured; the message names the object and what to check.
    case artifacts(String)

    public var description: String {
        switch self {
        case .badURL(let m): "bad database.url: \(m)"
        case .unreachable(let m): "database unreachable: \(m)"
        case .duplicate(let m): "duplicate: \(m)"
        case .constraint(let m): "constraint violated: \(m)"
        case .notFound(let m): m
        case .conflict(let m): m
        case .migration(let m): "migration failed: \(m)"
        case .database(let m): "database error: \(m)"
        case .artifacts(let m): "artifact store: \(m)"
        }
    }
}
