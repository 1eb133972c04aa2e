import AlertsCore
import Foundation
import Learning
import Storage

/// Loads each model artifact once, keyed by its digest, and shares it between concurrent callers.
///
/// An actor so that two requests for a model not yet loaded start one load, not two; the bytes are checked
/// against the spec's SHA-256 before they are decoded.
public actor ModelCache {
    let artifacts: any ArtifactStore
    private var loaded: [String: ClassifierModel] = [:]
    private var loading: [String: Task<ClassifierModel, any Error>] = [:]
    /// How many artifacts were read from the store (a second request for the same digest does not read).
    public private(set) var loads = 0

    public init(artifacts: any ArtifactStore) {
        self.artifacts = artifacts
    }

    /// Serving models by spec id: building one (its TreeSHAP leaf tables) costs tens of milliseconds, so it is
    /// done once per spec, off the actor, and shared like the artifacts.
    private var serving: [UUID: ServingModel] = [:]
    private var preparing: [UUID: Task<ServingModel, any Error>] = [:]

    /// The serving model of `spec`, loading its artifact and preparing it on first use.
    public func model(for spec: ModelSpec) async throws -> ServingModel {
        if let m = serving[spec.id], m.spec == spec { return m }
        if let task = preparing[spec.id] { return try await task.value }
        let classifier = try await classifier(uri: spec.modelURI, digest: spec.artifactDigest, name: spec.reference)
        if let m = serving[spec.id], m.spec == spec { return m }
        if let task = preparing[spec.id] { return try await task.value }
        let task = Task.detached { try ServingModel(spec: spec, model: classifier) }
        preparing[spec.id] = task
        defer { preparing[spec.id] = nil }
        let m = try await task.value
        serving[spec.id] = m
        return m
    }

    func classifier(uri: String, digest: String, name: String) async throws -> ClassifierModel {
        if let m = loaded[digest] { return m }
        if let task = loading[digest] { return try await task.value }
        let artifacts = self.artifacts
        let task = Task.detached { () async throws -> ClassifierModel in
            let data: Data
            do { data = try await artifacts.get(uri: uri) } catch { throw AlertingError.badArtifact("model \(name): \(error)") }
            let actual = DirectoryArtifactStore.digest(data)
            guard actual == digest else {
                throw AlertingError.badArtifact(
                    "model \(name): artifact \(uri) hashes to \(actual.prefix(12))…, the spec records \(digest.prefix(12))…")
            }
            do { return try ModelFile.decode(data) } catch { throw AlertingError.badArtifact("model \(name): \(error)") }
        }
        loading[digest] = task
        loads += 1
        defer { loading[digest] = nil }
        let m = try await task.value
        loaded[digest] = m
        return m
    }
}

/// Published specs by name, remembered for a few seconds so that a hot `/score` path does not query the
/// registry on every request; a publish takes effect within `ttl`.
public actor PublishedModels {
    let registry: any ModelRegistry
    let ttl: Duration
    private var specs: [String: (spec: ModelSpec, until: ContinuousClock.Instant)] = [:]
    private var packs: [String: (specs: [(role: String, spec: ModelSpec)], packID: UUID, until: ContinuousClock.Instant)] = [:]

    public init(registry: any ModelRegistry, ttl: Duration = .seconds(5)) {
        self.registry = registry
        self.ttl = ttl
    }

    /// The published spec of `name`; `AlertingError.unknownModel` naming it when there is none.
    public func spec(name: String) async throws -> ModelSpec {
        let now = ContinuousClock.now
        if let hit = specs[name], hit.until > now { return hit.spec }
        let spec: ModelSpec
        do {
            spec = try await registry.published(name: name)
        } catch let StorageError.notFound(message) {
            throw AlertingError.unknownModel(message)
        }
        specs[name] = (spec, now + ttl)
        return spec
    }

    /// The components of the published pack `name` (role, spec), roles in name order.
    public func pack(name: String) async throws -> (packID: UUID, components: [(role: String, spec: ModelSpec)]) {
        let now = ContinuousClock.now
        if let hit = packs[name], hit.until > now { return (hit.packID, hit.specs) }
        let pack: ModelPack
        do {
            pack = try await registry.pack(name: name)
        } catch let StorageError.notFound(message) {
            throw AlertingError.unknownModel(message)
        }
        guard pack.status == .published else {
            throw AlertingError.unknownModel("model pack '\(name)' is not published (it is \(pack.status.rawValue))")
        }
        var components: [(role: String, spec: ModelSpec)] = []
        for role in pack.components.keys.sorted() {
            guard let id = pack.components[role] else { continue }
            components.append((role, try await registry.spec(id: id)))
        }
        packs[name] = (components, pack.id, now + ttl)
        return (pack.id, components)
    }
}
