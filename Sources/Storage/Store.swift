import Foundation
import Logging
import NIOCore
import NIOSSL
import NIOPosix
import PostgresKit
import PostgresNIO
import SQLKit
import SQLiteKit
import SQLiteNIO

/// One database behind the `sc` schema, SQLite or PostgreSQL; every repository is written against it.
///
/// SQL is written once with `sc.`-qualified names. In PostgreSQL `sc` is a schema; in SQLite the database
/// file is attached under the name `sc` to an in-memory main database, so the same names resolve.
public protocol Store: Sendable {
    var engine: DatabaseEngine { get }
    /// Seals and opens the secrets kept in this store (webhook signing secrets).
    var secrets: SecretBox { get }
    /// Runs `body` on one connection, outside any transaction.
    func withConnection<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Closes connections; the store is unusable afterwards.
    func shutdown() async
}

extension Store {
    /// Dialect fragments that differ between the engines.
    public var sql: SQLDialectFragments { SQLDialectFragments(engine: engine) }
}

/// Small dialect differences, kept in one place.
public struct SQLDialectFragments: Sendable {
    public let engine: DatabaseEngine

    /// A JSON column read back as text.
    public func jsonText(_ column: String) -> String {
        engine == .postgres ? "\(column)::text AS \(column)" : column
    }

    /// A cast applied to a bound JSON text parameter.
    public var jsonCast: String { engine == .postgres ? "::jsonb" : "" }
}

/// Opens the store named by a `database.url`.
public enum StoreFactory {
    /// `secrets` seals the webhook secrets; when nil, the key is the file `secrets.key` beside a SQLite file (made 0600
    /// when absent), `./data/secrets.key` for PostgreSQL, and a key of the process's own for an in-memory store.
    public static func open(
        url: DatabaseURL, logger base: Logger = Logger(label: "alertsai.storage"), secrets: SecretBox? = nil
    ) async throws -> any Store {
        // The drivers log every statement with its bound values at debug level: API key hashes and webhook secrets
        // among them. Their logger never goes below info, whatever `log.level` says (docs/SECURITY.md).
        var logger = base
        if logger.logLevel < .info { logger.logLevel = .info }
        switch url.location {
        case .sqliteFile(let path):
            let box = try secrets ?? SecretBox.file(defaultKeyFile(for: url))
            return try await SQLiteStore.open(path: path, logger: logger, secrets: box)
        case .sqliteMemory:
            return try await SQLiteStore.open(path: nil, logger: logger, secrets: secrets ?? .ephemeral())
        case .postgres(let host, let port, let user, let password, let database, let tls):
            let box = try secrets ?? SecretBox.file(defaultKeyFile(for: url))
            return try await PostgresStore.open(
                host: host, port: port, user: user, password: password, database: database, tls: tls, logger: logger, secrets: box)
        }
    }
}

extension StoreFactory {
    /// Where the secrets key lives unless configured: beside a SQLite file, else `./data/secrets.key`; nil in memory.
    public static func defaultKeyFile(for url: DatabaseURL) -> String {
        if case .sqliteFile(let path) = url.location {
            return URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("secrets.key").path
        }
        return "./data/secrets.key"
    }
}

/// Serialises access to one SQLite connection: FIFO, async, one holder at a time.
actor SerialGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}

/// The SQLite engine: one connection in WAL mode with foreign keys on, used by one task at a time.
public final class SQLiteStore: Store {
    public let engine = DatabaseEngine.sqlite
    public let secrets: SecretBox
    let connection: SQLiteConnection
    let logger: Logger
    private let gate = SerialGate()
    /// The database file, or nil for an in-memory store.
    public let path: String?

    init(connection: SQLiteConnection, path: String?, logger: Logger, secrets: SecretBox) {
        self.secrets = secrets
        self.connection = connection
        self.path = path
        self.logger = logger
    }

    public static func open(path: String?, logger: Logger, secrets: SecretBox = .ephemeral()) async throws -> SQLiteStore {
        if let path {
            let dir = URL(fileURLWithPath: path).deletingLastPathComponent()
            do {
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            } catch {
                throw StorageError.unreachable("cannot create directory \(dir.path) for the SQLite file: \(error.localizedDescription)")
            }
            // A new store is readable by its owner only (it holds API key hashes and webhook secrets); SQLite gives its
            // -wal and -shm files the mode of the database file. An existing file keeps the mode its owner chose.
            if !FileManager.default.fileExists(atPath: path) {
                guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                    throw StorageError.unreachable("cannot create the SQLite file \(path)")
                }
            }
        }
        let conn: SQLiteConnection
        do {
            conn = try await SQLiteConnection.open(storage: .memory, logger: logger)
        } catch {
            throw StorageError.unreachable("cannot open SQLite: \(error)")
        }
        let store = SQLiteStore(connection: conn, path: path, logger: logger, secrets: secrets)
        do {
            let db = conn.sql()
            let target = path ?? ":memory:"
            try await db.raw("ATTACH DATABASE \(bind: target) AS sc").run()
            try await db.raw("PRAGMA foreign_keys = ON").run()
            try await db.raw("PRAGMA busy_timeout = 10000").run()
            if path != nil {
                try await db.raw("PRAGMA sc.journal_mode = WAL").run()
                try await db.raw("PRAGMA sc.synchronous = NORMAL").run()
            }
        } catch {
            try? await conn.close()
            throw StorageError.unreachable("cannot open SQLite file '\(path ?? ":memory:")': \(error)")
        }
        return store
    }

    public func withConnection<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        await gate.acquire()
        do {
            let result = try await body(connection.sql())
            await gate.release()
            return result
        } catch {
            await gate.release()
            throw StorageErrorMapper.map(error)
        }
    }

    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        await gate.acquire()
        let db = connection.sql()
        do {
            // IMMEDIATE takes the write lock up front, so two processes cannot both read-then-write.
            try await db.raw("BEGIN IMMEDIATE").run()
        } catch {
            await gate.release()
            throw StorageErrorMapper.map(error)
        }
        do {
            let result = try await body(db)
            try await db.raw("COMMIT").run()
            await gate.release()
            return result
        } catch {
            try? await db.raw("ROLLBACK").run()
            await gate.release()
            throw StorageErrorMapper.map(error)
        }
    }

    public func shutdown() async {
        await gate.acquire()
        // An unstructured task does not inherit cancellation: a shutdown during a cancelled service group must still
        // finish closing (SQLiteNIO asserts if a connection is released before its close completes).
        let connection = connection
        await Task { try? await connection.close() }.value
        await gate.release()
    }
}

/// The PostgreSQL engine: a PostgresNIO connection pool; `sc` is a schema.
public final class PostgresStore: Store {
    public let engine = DatabaseEngine.postgres
    public let secrets: SecretBox
    let client: PostgresClient
    let runTask: Task<Void, Never>
    let logger: Logger

    init(client: PostgresClient, logger: Logger, secrets: SecretBox) {
        self.secrets = secrets
        self.client = client
        self.logger = logger
        runTask = Task { await client.run() }
    }

    public static func open(
        host: String, port: Int, user: String, password: String?, database: String, tls: Bool, logger: Logger,
        secrets: SecretBox = .ephemeral()
    ) async throws -> PostgresStore {
        var config = PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database,
            tls: tls ? .require(.makeClientConfiguration()) : .disable)
        config.options.maximumConnections = 8
        config.options.connectionIdleTimeout = Duration.seconds(60)
        // The pool logs failed connection attempts and early leases itself; the caller gets one clear error instead.
        let background = {
            var quiet = logger
            quiet.logLevel = max(logger.logLevel, .error)
            return quiet
        }()
        // Fail fast with one clear line: one direct connection first (the pool would retry quietly for a long time).
        do {
            let tlsContext = tls ? try NIOSSLContext(configuration: .makeClientConfiguration()) : nil
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    let probeConfig = PostgresConnection.Configuration(
                        host: host, port: port, username: user, password: password, database: database,
                        tls: tlsContext.map { .require($0) } ?? .disable)
                    let conn = try await PostgresConnection.connect(configuration: probeConfig, id: 0, logger: background)
                    try await conn.close()
                }
                group.addTask {
                    try await Task.sleep(for: .seconds(10))
                    throw StorageError.unreachable("no answer from \(host):\(port) within 10 s")
                }
                try await group.next()
                group.cancelAll()
            }
        } catch {
            if let e = error as? StorageError { throw e }
            throw StorageError.unreachable("cannot connect to PostgreSQL at \(host):\(port)/\(database): \(StorageErrorMapper.brief(error))")
        }
        let store = PostgresStore(
            client: PostgresClient(configuration: config, backgroundLogger: background), logger: logger, secrets: secrets)
        return store
    }

    public func withConnection<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { conn in
                try await body(conn.sql())
            }
        } catch {
            throw StorageErrorMapper.map(error)
        }
    }

    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { conn in
                let db = conn.sql()
                try await db.raw("BEGIN").run()
                do {
                    let result = try await body(db)
                    try await db.raw("COMMIT").run()
                    return result
                } catch {
                    try? await db.raw("ROLLBACK").run()
                    throw error
                }
            }
        } catch {
            throw StorageErrorMapper.map(error)
        }
    }

    public func shutdown() async {
        runTask.cancel()
        _ = await runTask.value
    }
}

/// Turns engine errors into `StorageError`s, keeping constraint violations typed.
enum StorageErrorMapper {
    static func map(_ error: any Error) -> any Error {
        if error is StorageError || error is CancellationError { return error }
        if let e = error as? SQLiteError {
            switch e.reason {
            case .constraintUniqueFailed, .constraintPrimaryKeyFailed:
                return StorageError.duplicate(e.message)
            case .constraint, .constraintCheckFailed, .constraintForeignKeyFailed, .constraintNotNullFailed,
                .constraintTriggerFailed:
                return StorageError.constraint(e.message)
            default:
                return StorageError.database(e.message)
            }
        }
        if let e = error as? PSQLError {
            if let state = e.serverInfo?[.sqlState] {
                let message = [e.serverInfo?[.message], e.serverInfo?[.detail]].compactMap { $0 }.joined(separator: ": ")
                switch state {
                case "23505": return StorageError.duplicate(message)
                case "23503", "23514", "23502", "23P01": return StorageError.constraint(message)
                default: return StorageError.database("\(state) \(message)")
                }
            }
            return StorageError.unreachable(brief(e))
        }
        return error
    }

    /// One line about a connection error, with no internals.
    static func brief(_ error: any Error) -> String {
        if let e = error as? PSQLError {
            if let msg = e.serverInfo?[.message] { return msg }
            if let underlying = e.underlying { return String(describing: underlying) }
            return "\(e.code)"
        }
        return String(describing: error)
    }
}
