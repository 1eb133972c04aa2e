import Alerting
import AlertsCore
import ArgumentParser
import Features
import Foundation
import MarketData
import Server
import Storage

/// What `alertsai recipes …` and `alertsai workflows …` share: each subcommand is the same over `PipelineKind`.
enum PipelineCommands {
    static let header = ["name", "owner", "model", "universe", "updated"]

    static func row(_ p: StoredPipeline, _ parsed: ParsedPipeline?) -> [String] {
        let target: String
        switch parsed?.steps.target {
        case .model(let n)?: target = n
        case .pack(let n)?: target = "pack \(n)"
        case .modelVersion(let n, let v)?: target = "\(n)@v\(v)"
        case nil: target = "?"
        }
        return [p.name, p.userID ?? "(shared)", target, parsed?.steps.universe ?? "-", Timestamps.iso8601(p.updatedAt)]
    }

    static func json(_ p: StoredPipeline) -> JSONValue {
        .object([
            "name": .string(p.name), "user_id": p.userID.map { .string($0) } ?? .null, "scope": .string(p.userID == nil ? "shared" : "user"),
            "definition": (try? JSONDecoder().decode(JSONValue.self, from: Data(p.json.utf8))) ?? .null,
            "created_at": .string(Timestamps.iso8601(p.createdAt)), "updated_at": .string(Timestamps.iso8601(p.updatedAt)),
        ])
    }

    /// A user named with --user must exist.
    static func checkUser(_ user: String?, store: any Store) async throws {
        guard let user else { return }
        _ = try await WatchlistsCommand.refusing { try await SQLUserStore(store: store).user(id: user) }
    }

    static func create(_ kind: PipelineKind, file: String, user: String?, json: Bool, global: GlobalOptions) async throws {
        let parsed = try ParsedPipeline.parse(kind, yaml: try read(file), source: (file as NSString).lastPathComponent)
        try await withStore(global) { config, store in
            try await checkUser(user, store: store)
            let service = try PipelineService(config: config, store: store)
            let stored = try await WatchlistsCommand.refusing { try await service.create(parsed, owner: user) }
            if json {
                try UsersCommand.printJSON(Self.json(stored))
            } else {
                print("created \(kind.singular) \(stored.name) (\(user.map { "user \($0)" } ?? "shared with every user"))")
            }
        }
    }

    static func read(_ file: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: file) else { throw CommandFailure("cannot read \(file): no such file or not readable") }
        return String(decoding: data, as: UTF8.self)
    }

    static func list(_ kind: PipelineKind, user: String?, json: Bool, global: GlobalOptions) async throws {
        try await withStore(global) { _, store in
            try await checkUser(user, store: store)
            let rows = try await SQLPipelineStore(store: store).pipelines(kind, visibleTo: user)
            if json {
                try UsersCommand.printJSON(rows.map(Self.json))
            } else if rows.isEmpty {
                print("no \(kind.rawValue); create one with `alertsai \(kind.rawValue) create FILE.yaml` (examples/\(kind.rawValue)/)")
            } else {
                print(Table.render(header: header, rows: rows.map { row($0, try? ParsedPipeline.parse($0, kind: kind)) }))
            }
        }
    }

    static func show(_ kind: PipelineKind, name: String, user: String?, json: Bool, global: GlobalOptions) async throws {
        try await withStore(global) { _, store in
            try await checkUser(user, store: store)
            guard let p = try await SQLPipelineStore(store: store).pipeline(kind, name: name, visibleTo: user) else {
                throw notFound(kind, name, user)
            }
            if json {
                try UsersCommand.printJSON(Self.json(p))
            } else {
                print(
                    "# \(kind.singular) \(p.name), \(p.userID.map { "user \($0)" } ?? "shared with every user"), updated \(Timestamps.iso8601(p.updatedAt))"
                )
                let definition = (try? JSONDecoder().decode(JSONValue.self, from: Data(p.json.utf8))) ?? .null
                print(yaml(definition), terminator: "")
            }
        }
    }

    static func delete(_ kind: PipelineKind, name: String, user: String?, global: GlobalOptions) async throws {
        try await withStore(global) { _, store in
            try await checkUser(user, store: store)
            guard try await SQLPipelineStore(store: store).delete(kind, name: name, ownedBy: user) else { throw notFound(kind, name, user) }
            print("deleted \(kind.singular) \(name)")
        }
    }

    static func notFound(_ kind: PipelineKind, _ name: String, _ user: String?) -> CommandFailure {
        CommandFailure(
            "no \(kind.singular) '\(name)'\(user.map { " of user \($0) or shared" } ?? ""); `alertsai \(kind.rawValue) list\(user.map { " --user \($0)" } ?? "")` lists them"
        )
    }

    // swiftlint:disable:next function_parameter_count
    static func run(
        _ kind: PipelineKind, name: String, universe: String?, asOf: String?, user: String?, mode: RunMode, json: Bool, quiet: Bool,
        global: GlobalOptions
    ) async throws {
        let at = try asOf.map(parseAsOf)
        try await withStore(global) { config, store in
            try await checkUser(user, store: store)
            let service = try PipelineService(config: config, store: store)
            guard let parsed = try await service.stored(kind, name: name, visibleTo: user)?.1 else { throw notFound(kind, name, user) }
            let line = ProgressLine("scoring", quiet: quiet)
            let report = try await service.run(
                parsed.steps, universe: universe, asOf: at, userID: user, mode: mode, progress: line.handler,
                note: { FileHandle.standardError.write(Data("note: \($0)\n".utf8)) })
            line.finish()
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else {
                print("\(kind.singular) \(name)")
                print(AlertRunText.render(report))
            }
        }
    }

    /// A definition as YAML for people: `name` first, other keys sorted, numbers as written (`0.5`, not `5e-1`).
    static func yaml(_ value: JSONValue, indent: String = "") -> String {
        switch value {
        case .object(let fields):
            guard !fields.isEmpty else { return "\(indent){}\n" }
            let keys = fields.keys.sorted { ($0 == "name" ? 0 : 1, $0) < ($1 == "name" ? 0 : 1, $1) }
            return keys.map { key in
                let v = fields[key] ?? .null
                switch v {
                case .object(let o) where !o.isEmpty: return "\(indent)\(key):\n" + yaml(v, indent: indent + "  ")
                case .array(let a) where !a.isEmpty: return "\(indent)\(key):\n" + yaml(v, indent: indent + "  ")
                default: return "\(indent)\(key): \(scalar(v))\n"
                }
            }.joined()
        case .array(let items):
            guard !items.isEmpty else { return "\(indent)[]\n" }
            return items.map { item in
                switch item {
                case .object(let o) where !o.isEmpty:
                    // `- key: value` with the mapping's other keys under it.
                    let body = yaml(item, indent: indent + "  ")
                    return indent + "- " + body.dropFirst(indent.count + 2)
                case .array(let a) where !a.isEmpty: return "\(indent)-\n" + yaml(item, indent: indent + "  ")
                default: return "\(indent)- \(scalar(item))\n"
                }
            }.joined()
        default:
            return "\(indent)\(scalar(value))\n"
        }
    }

    static func scalar(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let d): return d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : "\(d)"
        case .string(let t):
            let plain =
                !t.isEmpty && t.trimmingCharacters(in: .whitespaces) == t && Double(t) == nil
                && !["true", "false", "null", "yes", "no", "~"].contains(t.lowercased())
                && !t.contains(where: { ":#{}[],&*!|>'\"%@`".contains($0) }) && t.first != "-"
            if plain { return t }
            let data = (try? JSONEncoder().encode(t)) ?? Data("\"\"".utf8)
            return String(decoding: data, as: UTF8.self)
        case .array, .object:
            return String(decoding: (try? JSONEncoder().encode(value)) ?? Data(), as: UTF8.self)
        }
    }
}
