import AlertsCore
import Foundation
import SQLKit

/// One entry of the registry's append-only history.
public struct RegistryEvent: Sendable, Hashable, Codable {
    public var modelName: String
    public var version: Int?
    public var packName: String?
    public var action: String
    public var actor: String
    public var at: Int64
    public var detail: JSONValue?
}

/// The lineage of one training run.
public struct TrainingRunRecord: Sendable, Hashable, Codable {
    public var id: UUID
    public var modelSpecID: UUID?
    public var modelName: String
    public var config: JSONValue
    public var dataFingerprint: String
    public var codeVersion: String
    public var seed: Int64
    public var metrics: JSONValue
    public var artifactDigest: String
    public var status: String
    public var startedAt: Int64
    public var finishedAt: Int64?

    public init(
        id: UUID = UUID(), modelSpecID: UUID? = nil, modelName: String, config: JSONValue, dataFingerprint: String,
        codeVersion: String, seed: Int64, metrics: JSONValue, artifactDigest: String, status: String = "succeeded",
        startedAt: Int64, finishedAt: Int64?
    ) {
        self.id = id
        self.modelSpecID = modelSpecID
        self.modelName = modelName
        self.config = config
        self.dataFingerprint = dataFingerprint
        self.codeVersion = codeVersion
        self.seed = seed
        self.metrics = metrics
        self.artifactDigest = artifactDigest
        self.status = status
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }
}

/// A model pack: specs bundled as named components (e.g. one per timeframe or instrument).
public struct ModelPack: Sendable, Hashable, Codable {
    public var id: UUID
    public var name: String
    public var description: String
    public var status: ModelStatus
    /// Component role → model spec id.
    public var components: [String: UUID]
}

/// The model registry: versioned specs, publication, training lineage and packs.
public protocol ModelRegistry: Sendable {
    /// Stores `spec` as a draft under the next version number of its name (1, 2, 3, … gap-free).
    func register(_ spec: ModelSpec, run: TrainingRunRecord?, actor: String) async throws -> ModelSpec
    /// One version, or the newest when `version` is nil.
    func spec(name: String, version: Int?) async throws -> ModelSpec
    func spec(id: UUID) async throws -> ModelSpec
    /// All versions of a name, or of every name, newest first.
    func list(name: String?) async throws -> [ModelSpec]
    /// Specs visible through `sc.v_model_specs_published`.
    func listPublished() async throws -> [ModelSpec]
    /// The published version of `name`; a clear error when there is none.
    func published(name: String) async throws -> ModelSpec
    /// Publishes a version, unpublishing the name's previous published version in the same transaction.
    /// `verify` runs first (e.g. the artifact check) and refuses by throwing. `forced` records an override of the
    /// publish gate (`PublishGate`): on the version's promise (`promise.forced_publish`) and in the publish event's detail.
    func publish(
        name: String, version: Int, actor: String, forced: ForcedPublish?, verify: @Sendable (ModelSpec) async throws -> Void
    ) async throws -> ModelSpec
    func unpublish(name: String, version: Int, actor: String) async throws -> ModelSpec
    func history(name: String) async throws -> [RegistryEvent]
    func trainingRuns(specID: UUID) async throws -> [TrainingRunRecord]

    func createPack(name: String, description: String, actor: String) async throws -> ModelPack
    func addToPack(pack: String, role: String, name: String, version: Int, actor: String) async throws -> ModelPack
    func publishPack(_ pack: String, actor: String) async throws -> ModelPack
    func pack(name: String) async throws -> ModelPack
    func listPublishedPacks() async throws -> [ModelPack]
}

extension ModelRegistry {
    /// Publishes without overriding the publish gate (the gate itself is the caller's: see `PublishGate`).
    public func publish(name: String, version: Int, actor: String, verify: @Sendable (ModelSpec) async throws -> Void) async throws -> ModelSpec {
        try await publish(name: name, version: version, actor: actor, forced: nil, verify: verify)
    }
}

/// `ModelRegistry` over the `sc` store, for both engines.
public struct SQLModelRegistry: ModelRegistry {
    let store: any Store

    public init(store: any Store) {
        self.store = store
    }

    static func encode(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder.canonical.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String, column: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw StorageError.database("column \(column) holds JSON this build cannot read: \(error)")
        }
    }

    private var columns: String {
        let f = store.sql
        return [
            "id", "name", "version", f.jsonText("featureset"), f.jsonText("label_cfg"), "model_uri", "artifact_digest",
            f.jsonText("thresholds"), f.jsonText("guardrails"), f.jsonText("scope"), f.jsonText("training_cfg"), "status",
            "created_at", "updated_at", f.jsonText("promise"),
        ].joined(separator: ", ")
    }

    static func spec(from row: any SQLRow) throws -> ModelSpec {
        let status = try row.decode(column: "status", as: String.self)
        return ModelSpec(
            id: UUID(uuidString: try row.decode(column: "id", as: String.self)) ?? UUID(),
            name: try row.decode(column: "name", as: String.self),
            version: try row.decode(column: "version", as: Int.self),
            featureset: try decode(FeatureSetRef.self, try row.decode(column: "featureset", as: String.self), column: "featureset"),
            labelCfg: try decode(LabelConfig.self, try row.decode(column: "label_cfg", as: String.self), column: "label_cfg"),
            modelURI: try row.decode(column: "model_uri", as: String.self),
            artifactDigest: try row.decode(column: "artifact_digest", as: String.self),
            thresholds: try decode(Thresholds.self, try row.decode(column: "thresholds", as: String.self), column: "thresholds"),
            guardrails: try decode(GuardrailDefaults.self, try row.decode(column: "guardrails", as: String.self), column: "guardrails"),
            scope: try decode(ModelScope.self, try row.decode(column: "scope", as: String.self), column: "scope"),
            trainingCfg: try decode(JSONValue.self, try row.decode(column: "training_cfg", as: String.self), column: "training_cfg"),
            status: ModelStatus(rawValue: status) ?? .draft,
            createdAt: Date(timeIntervalSince1970: Double(try row.decode(column: "created_at", as: Int64.self)) / 1000),
            updatedAt: Date(timeIntervalSince1970: Double(try row.decode(column: "updated_at", as: Int64.self)) / 1000),
            promise: try row.decode(column: "promise", as: String?.self).map { try decode(ModelPromise.self, $0, column: "promise") })
    }

    static func validateName(_ name: String) throws {
        let ok =
            !name.isEmpty && name.count <= 100
            && name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0) }
        guard ok else {
            throw StorageError.constraint("model name '\(name)' must be 1–100 letters, digits, '-', '_' or '.'")
        }
    }

    public func register(_ spec: ModelSpec, run: TrainingRunRecord?, actor: String) async throws -> ModelSpec {
        try Self.validateName(spec.name)
        let cast = store.sql.jsonCast
        let featureset = try Self.encode(spec.featureset)
        let labelCfg = try Self.encode(spec.labelCfg)
        let thresholds = try Self.encode(spec.thresholds)
        let guardrails = try Self.encode(spec.guardrails)
        let scope = try Self.encode(spec.scope)
        let trainingCfg = try Self.encode(spec.trainingCfg)
        let promise = try spec.promise.map { try Self.encode($0) }
        let runConfig = try run.map { try Self.encode($0.config) }
        let runMetrics = try run.map { try Self.encode($0.metrics) }
        return try await store.transaction { db in
            // The counter row is locked by the upsert until commit, so concurrent registrations of one name
            // queue up and each gets the next number; a rollback gives its number back.
            let version = try await db.raw(
                """
                INSERT INTO sc.model_names AS counter (name, last_version) VALUES (\(bind: spec.name), 1)
                ON CONFLICT (name) DO UPDATE SET last_version = counter.last_version + 1
                RETURNING last_version
                """
            ).first()?.decode(column: "last_version", as: Int.self)
            guard let version else { throw StorageError.database("version counter returned no row") }
            let now = Clock.nowMillis()
            var stored = spec
            stored.version = version
            stored.status = .draft
            stored.createdAt = Date(timeIntervalSince1970: Double(now) / 1000)
            stored.updatedAt = stored.createdAt
            try await db.raw(
                """
                INSERT INTO sc.model_specs (id, name, version, featureset, label_cfg, model_uri, artifact_digest,
                    thresholds, guardrails, scope, training_cfg, status, created_at, updated_at)
                VALUES (\(bind: spec.id.uuidString), \(bind: spec.name), \(bind: version), \(bind: featureset)\(unsafeRaw: cast),
                    \(bind: labelCfg)\(unsafeRaw: cast), \(bind: spec.modelURI), \(bind: spec.artifactDigest),
                    \(bind: thresholds)\(unsafeRaw: cast), \(bind: guardrails)\(unsafeRaw: cast), \(bind: scope)\(unsafeRaw: cast),
                    \(bind: trainingCfg)\(unsafeRaw: cast), 'draft', \(bind: now), \(bind: now))
                """
            ).run()
            // The promise column is written only when there is a promise, so that specs without one still register on
            // a store at an older migration (the column arrives with migration 10).
            if let promise {
                try await db.raw(
                    "UPDATE sc.model_specs SET promise = \(bind: promise)\(unsafeRaw: cast) WHERE id = \(bind: spec.id.uuidString)"
                ).run()
            }
            if let run, let runConfig, let runMetrics {
                try await db.raw(
                    """
                    INSERT INTO sc.model_training_runs (id, model_spec_id, model_name, config, data_fingerprint, code_version,
                        seed, metrics, artifact_digest, status, started_at, finished_at)
                    VALUES (\(bind: run.id.uuidString), \(bind: spec.id.uuidString), \(bind: spec.name), \(bind: runConfig)\(unsafeRaw: cast),
                        \(bind: run.dataFingerprint), \(bind: run.codeVersion), \(bind: run.seed), \(bind: runMetrics)\(unsafeRaw: cast),
                        \(bind: run.artifactDigest), \(bind: run.status), \(bind: run.startedAt), \(bind: run.finishedAt))
                    """
                ).run()
            }
            try await Self.record(db, cast: cast, name: spec.name, version: version, pack: nil, action: "register", actor: actor, at: now)
            return stored
        }
    }

    static func record(
        _ db: any SQLDatabase, cast: String, name: String, version: Int?, pack: String?, action: String, actor: String, at: Int64,
        detail: JSONValue? = nil
    ) async throws {
        let detailText = try detail.map { try encode($0) }
        try await db.raw(
            """
            INSERT INTO sc.model_registry_history (model_name, version, pack_name, action, actor, at, detail)
            VALUES (\(bind: name), \(bind: version), \(bind: pack), \(bind: action), \(bind: actor), \(bind: at), \(bind: detailText)\(unsafeRaw: cast))
            """
        ).run()
    }

    public func spec(name: String, version: Int?) async throws -> ModelSpec {
        let columns = columns
        let row = try await store.withConnection { db in
            if let version {
                return try await db.raw(
                    "SELECT \(unsafeRaw: columns) FROM sc.model_specs WHERE name = \(bind: name) AND version = \(bind: version)"
                ).first().map(Self.spec(from:))
            }
            return try await db.raw(
                "SELECT \(unsafeRaw: columns) FROM sc.model_specs WHERE name = \(bind: name) ORDER BY version DESC LIMIT 1"
            ).first().map(Self.spec(from:))
        }
        guard let row else {
            if let version { throw StorageError.notFound("model '\(name)' has no version \(version); see `alertsai models list`") }
            throw StorageError.notFound("no model named '\(name)'; see `alertsai models list`")
        }
        return row
    }

    public func spec(id: UUID) async throws -> ModelSpec {
        let columns = columns
        let row = try await store.withConnection { db in
            try await db.raw("SELECT \(unsafeRaw: columns) FROM sc.model_specs WHERE id = \(bind: id.uuidString)").first().map(Self.spec(from:))
        }
        guard let row else { throw StorageError.notFound("no model spec with id \(id)") }
        return row
    }

    public func list(name: String?) async throws -> [ModelSpec] {
        let columns = columns
        return try await store.withConnection { db in
            if let name {
                return try await db.raw(
                    "SELECT \(unsafeRaw: columns) FROM sc.model_specs WHERE name = \(bind: name) ORDER BY version DESC"
                ).all().map(Self.spec(from:))
            }
            return try await db.raw("SELECT \(unsafeRaw: columns) FROM sc.model_specs ORDER BY name, version DESC").all().map(Self.spec(from:))
        }
    }

    public func listPublished() async throws -> [ModelSpec] {
        let columns = columns
        return try await store.withConnection { db in
            try await db.raw("SELECT \(unsafeRaw: columns) FROM sc.v_model_specs_published ORDER BY name").all().map(Self.spec(from:))
        }
    }

    public func published(name: String) async throws -> ModelSpec {
        let columns = columns
        let row = try await store.withConnection { db in
            try await db.raw("SELECT \(unsafeRaw: columns) FROM sc.v_model_specs_published WHERE name = \(bind: name)").first()
                .map(Self.spec(from:))
        }
        guard let row else {
            let versions = try await list(name: name)
            if versions.isEmpty { throw StorageError.notFound("no model named '\(name)'; see `alertsai models list`") }
            throw StorageError.notFound(
                "model '\(name)' has no published version; publish one with `alertsai models publish \(name) \(versions[0].version)`")
        }
        return row
    }

    public func publish(
        name: String, version: Int, actor: String, forced: ForcedPublish?, verify: @Sendable (ModelSpec) async throws -> Void
    ) async throws -> ModelSpec {
        let target = try await spec(name: name, version: version)
        try await verify(target)
        let cast = store.sql.jsonCast
        let promise: String? = try forced.flatMap { f in
            try target.promise.map { p in
                var recorded = p
                recorded.forcedPublish = f
                return try Self.encode(recorded)
            }
        }
        let detail = try forced.map { JSONValue.object(["forced": try JSONValue(encoding: $0)]) }
        try await store.transaction { db in
            let now = Clock.nowMillis()
            let previous = try await db.raw(
                "SELECT version FROM sc.model_specs WHERE name = \(bind: name) AND status = 'published' AND version <> \(bind: version)"
            ).all().map { try $0.decode(column: "version", as: Int.self) }
            for v in previous {
                try await db.raw(
                    "UPDATE sc.model_specs SET status = 'unpublished', updated_at = \(bind: now) WHERE name = \(bind: name) AND version = \(bind: v)"
                ).run()
                try await Self.record(
                    db, cast: cast, name: name, version: v, pack: nil, action: "unpublish", actor: actor, at: now,
                    detail: .object(["replaced_by": .number(Double(version))]))
            }
            try await db.raw(
                "UPDATE sc.model_specs SET status = 'published', updated_at = \(bind: now) WHERE name = \(bind: name) AND version = \(bind: version)"
            ).run()
            if let promise {
                try await db.raw(
                    "UPDATE sc.model_specs SET promise = \(bind: promise)\(unsafeRaw: cast) WHERE name = \(bind: name) AND version = \(bind: version)"
                ).run()
            }
            try await Self.record(
                db, cast: cast, name: name, version: version, pack: nil, action: "publish", actor: actor, at: now, detail: detail)
        }
        return try await spec(name: name, version: version)
    }

    public func unpublish(name: String, version: Int, actor: String) async throws -> ModelSpec {
        let target = try await spec(name: name, version: version)
        guard target.status == .published else {
            throw StorageError.conflict("model '\(name)' version \(version) is not published (it is \(target.status.rawValue))")
        }
        let cast = store.sql.jsonCast
        try await store.transaction { db in
            let now = Clock.nowMillis()
            try await db.raw(
                "UPDATE sc.model_specs SET status = 'unpublished', updated_at = \(bind: now) WHERE name = \(bind: name) AND version = \(bind: version)"
            ).run()
            try await Self.record(db, cast: cast, name: name, version: version, pack: nil, action: "unpublish", actor: actor, at: now)
        }
        return try await spec(name: name, version: version)
    }

    public func history(name: String) async throws -> [RegistryEvent] {
        let detail = store.sql.jsonText("detail")
        return try await store.withConnection { db in
            try await db.raw(
                """
                SELECT model_name, version, pack_name, action, actor, at, \(unsafeRaw: detail)
                FROM sc.model_registry_history WHERE model_name = \(bind: name) OR pack_name = \(bind: name) ORDER BY id
                """
            ).all().map { row in
                RegistryEvent(
                    modelName: try row.decode(column: "model_name", as: String.self),
                    version: try row.decode(column: "version", as: Int?.self),
                    packName: try row.decode(column: "pack_name", as: String?.self),
                    action: try row.decode(column: "action", as: String.self),
                    actor: try row.decode(column: "actor", as: String.self),
                    at: try row.decode(column: "at", as: Int64.self),
                    detail: try row.decode(column: "detail", as: String?.self).map { try Self.decode(JSONValue.self, $0, column: "detail") })
            }
        }
    }

    public func trainingRuns(specID: UUID) async throws -> [TrainingRunRecord] {
        let f = store.sql
        return try await store.withConnection { db in
            try await db.raw(
                """
                SELECT id, model_spec_id, model_name, \(unsafeRaw: f.jsonText("config")), data_fingerprint, code_version, seed,
                    \(unsafeRaw: f.jsonText("metrics")), artifact_digest, status, started_at, finished_at
                FROM sc.model_training_runs WHERE model_spec_id = \(bind: specID.uuidString) ORDER BY started_at
                """
            ).all().map { row in
                TrainingRunRecord(
                    id: UUID(uuidString: try row.decode(column: "id", as: String.self)) ?? UUID(),
                    modelSpecID: try row.decode(column: "model_spec_id", as: String?.self).flatMap(UUID.init(uuidString:)),
                    modelName: try row.decode(column: "model_name", as: String.self),
                    config: try Self.decode(JSONValue.self, try row.decode(column: "config", as: String.self), column: "config"),
                    dataFingerprint: try row.decode(column: "data_fingerprint", as: String.self),
                    codeVersion: try row.decode(column: "code_version", as: String.self),
                    seed: try row.decode(column: "seed", as: Int64.self),
                    metrics: try Self.decode(JSONValue.self, try row.decode(column: "metrics", as: String.self), column: "metrics"),
                    artifactDigest: try row.decode(column: "artifact_digest", as: String.self),
                    status: try row.decode(column: "status", as: String.self),
                    startedAt: try row.decode(column: "started_at", as: Int64.self),
                    finishedAt: try row.decode(column: "finished_at", as: Int64?.self))
            }
        }
    }

    // MARK: packs

    public func createPack(name: String, description: String, actor: String) async throws -> ModelPack {
        try Self.validateName(name)
        let cast = store.sql.jsonCast
        let id = UUID()
        try await store.transaction { db in
            let now = Clock.nowMillis()
            try await db.raw(
                """
                INSERT INTO sc.model_packs (id, name, description, status, created_at, updated_at)
                VALUES (\(bind: id.uuidString), \(bind: name), \(bind: description), 'draft', \(bind: now), \(bind: now))
                """
            ).run()
            try await Self.record(db, cast: cast, name: name, version: nil, pack: name, action: "pack_create", actor: actor, at: now)
        }
        return try await pack(name: name)
    }

    public func addToPack(pack: String, role: String, name: String, version: Int, actor: String) async throws -> ModelPack {
        let p = try await self.pack(name: pack)
        let s = try await spec(name: name, version: version)
        let cast = store.sql.jsonCast
        try await store.transaction { db in
            let now = Clock.nowMillis()
            try await db.raw("DELETE FROM sc.model_pack_components WHERE pack_id = \(bind: p.id.uuidString) AND role = \(bind: role)").run()
            try await db.raw(
                "INSERT INTO sc.model_pack_components (pack_id, role, model_spec_id) VALUES (\(bind: p.id.uuidString), \(bind: role), \(bind: s.id.uuidString))"
            ).run()
            try await db.raw("UPDATE sc.model_packs SET updated_at = \(bind: now) WHERE id = \(bind: p.id.uuidString)").run()
            try await Self.record(
                db, cast: cast, name: name, version: version, pack: pack, action: "pack_add", actor: actor, at: now,
                detail: .object(["role": .string(role)]))
        }
        return try await self.pack(name: pack)
    }

    public func publishPack(_ name: String, actor: String) async throws -> ModelPack {
        let p = try await pack(name: name)
        guard !p.components.isEmpty else {
            throw StorageError.conflict("pack '\(name)' has no components; add one with `alertsai packs add \(name) ROLE MODEL VERSION`")
        }
        let cast = store.sql.jsonCast
        try await store.transaction { db in
            let now = Clock.nowMillis()
            try await db.raw("UPDATE sc.model_packs SET status = 'published', updated_at = \(bind: now) WHERE id = \(bind: p.id.uuidString)").run()
            try await Self.record(db, cast: cast, name: name, version: nil, pack: name, action: "pack_publish", actor: actor, at: now)
        }
        return try await pack(name: name)
    }

    public func pack(name: String) async throws -> ModelPack {
        let found: ModelPack? = try await store.withConnection { db in
            guard let row = try await db.raw("SELECT id, name, description, status FROM sc.model_packs WHERE name = \(bind: name)").first() else {
                return nil
            }
            return try await Self.pack(from: row, db: db)
        }
        guard let found else { throw StorageError.notFound("no model pack named '\(name)'; see `alertsai packs show`") }
        return found
    }

    public func listPublishedPacks() async throws -> [ModelPack] {
        try await store.withConnection { db in
            var packs: [ModelPack] = []
            for row in try await db.raw("SELECT id, name, description, status FROM sc.v_model_packs_published ORDER BY name").all() {
                packs.append(try await Self.pack(from: row, db: db))
            }
            return packs
        }
    }

    static func pack(from row: any SQLRow, db: any SQLDatabase) async throws -> ModelPack {
        let id = try row.decode(column: "id", as: String.self)
        var components: [String: UUID] = [:]
        for c in try await db.raw("SELECT role, model_spec_id FROM sc.model_pack_components WHERE pack_id = \(bind: id)").all() {
            components[try c.decode(column: "role", as: String.self)] = UUID(uuidString: try c.decode(column: "model_spec_id", as: String.self))
        }
        return ModelPack(
            id: UUID(uuidString: id) ?? UUID(), name: try row.decode(column: "name", as: String.self),
            description: try row.decode(column: "description", as: String.self),
            status: ModelStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .draft, components: components)
    }
}
