import Foundation

/// The two engines behind one store interface.
public enum DatabaseEngine: String, Sendable, Hashable, CaseIterable {
    case sqlite
    case postgres
}

/// A parsed `database.url`: `sqlite:PATH` (or `sqlite::memory:`) or `postgres://user:pass@host:port/db`.
public struct DatabaseURL: Sendable, Hashable, CustomStringConvertible {
    public enum Location: Sendable, Hashable {
        case sqliteFile(String)
        case sqliteMemory
        case postgres(host: String, port: Int, user: String, password: String?, database: String, tls: Bool)
    }

    public let location: Location

    public var engine: DatabaseEngine {
        switch location {
        case .sqliteFile, .sqliteMemory: .sqlite
        case .postgres: .postgres
        }
    }

    public init(_ text: String) throws(StorageError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("sqlite:") {
            var path = String(trimmed.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            if path == ":memory:" {
                location = .sqliteMemory
                return
            }
            guard !path.isEmpty else { throw .badURL("'\(text)' names no file; write sqlite:./data/alertsai.sqlite") }
            location = .sqliteFile(path)
            return
        }
        guard trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://") else {
            throw .badURL("'\(Self.redact(text))' is neither sqlite:PATH nor postgres://user:pass@host:port/db")
        }
        guard let comps = URLComponents(string: trimmed), let host = comps.host, !host.isEmpty else {
            throw .badURL("'\(Self.redact(text))' is not a valid URL (expected postgres://user:pass@host:port/db)")
        }
        guard let user = comps.user, !user.isEmpty else {
            throw .badURL("'\(Self.redact(text))' has no user name (expected postgres://user:pass@host:port/db)")
        }
        let db = comps.path.hasPrefix("/") ? String(comps.path.dropFirst()) : comps.path
        guard !db.isEmpty else { throw .badURL("'\(Self.redact(text))' names no database (expected …/DBNAME)") }
        let port = comps.port ?? 5432
        guard (1...65535).contains(port) else { throw .badURL("port \(port) is out of range") }
        let sslmode = comps.queryItems?.first { $0.name == "sslmode" }?.value ?? "disable"
        location = .postgres(
            host: host, port: port, user: user.removingPercentEncoding ?? user,
            password: comps.password?.removingPercentEncoding, database: db,
            tls: sslmode == "require" || sslmode == "verify-full")
    }

    /// The URL with any password replaced by `***`, for logs and errors.
    public var description: String {
        switch location {
        case .sqliteFile(let p): "sqlite:\(p)"
        case .sqliteMemory: "sqlite::memory:"
        case .postgres(let host, let port, let user, let pw, let db, _):
            "postgres://\(user)\(pw == nil ? "" : ":***")@\(host):\(port)/\(db)"
        }
    }

    /// Replaces a password in a free-form URL string.
    static func redact(_ text: String) -> String {
        guard let at = text.firstIndex(of: "@"), let scheme = text.range(of: "://") else { return text }
        let userinfo = text[scheme.upperBound..<at]
        guard let colon = userinfo.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }
}
