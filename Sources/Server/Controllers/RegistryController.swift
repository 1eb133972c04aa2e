import AlertsCore
import Foundation
import Hummingbird
import MarketData
import Storage

/// `GET /models`, `GET /models/{name}`, `GET /models/{name}/versions/{version}`, `GET /packs`: the model registry,
/// read-only and open like `/score` (for operators on the internal network; nothing here is a secret).
struct RegistryController {
    let registry: any ModelRegistry
    /// Resolved alerts as trades per model version (`SQLOutcomeRepository.liveTrades`), for `/models/{name}/live`.
    var liveTrades: (@Sendable () async throws -> [LiveTrades])? = nil

    /// `GET /models/{name}/live`: each version's live figures against its promise (what `/metrics` exports), with trade
    /// statistics per regime.
    struct LiveBody: Encodable {
        struct Version: Encodable {
            var live: LiveAgainstPromise
            var status: String
            var perRegime: [String: TradeStatistics]

            enum CodingKeys: String, CodingKey { case live, status, perRegime = "per_regime" }
        }

        var model: String
        @ExplicitNull var publishedVersion: Int?
        var versions: [Version]

        enum CodingKeys: String, CodingKey { case model, publishedVersion = "published_version", versions }
    }

    /// One name: its published version (if any) and newest version.
    struct ModelSummary: Encodable {
        var name: String
        @ExplicitNull var publishedVersion: Int?
        var latestVersion: Int
        var versions: Int

        enum CodingKeys: String, CodingKey {
            case name, publishedVersion = "published_version", latestVersion = "latest_version", versions
        }
    }

    /// One version as listed: status, times, and the headline out-of-fold metrics of its newest training run.
    struct VersionSummary: Encodable {
        var version: Int
        var reference: String
        var specID: String
        var status: String
        var createdAt: String
        var updatedAt: String
        /// The last time this version was published (it may have been unpublished since: see `status`).
        @ExplicitNull var publishedAt: String?
        @ExplicitNull var metrics: [String: JSONValue]?

        enum CodingKeys: String, CodingKey {
            case version, reference, specID = "spec_id", status, createdAt = "created_at", updatedAt = "updated_at"
            case publishedAt = "published_at", metrics
        }
    }

    struct ModelDetail: Encodable {
        var name: String
        @ExplicitNull var publishedVersion: Int?
        var latestVersion: Int
        var versions: [VersionSummary]

        enum CodingKeys: String, CodingKey {
            case name, publishedVersion = "published_version", latestVersion = "latest_version", versions
        }
    }

    /// One version in full: the stored `ModelSpec` (its own Codable form) and its training runs, oldest first.
    struct VersionDetail: Encodable {
        var spec: ModelSpec
        @ExplicitNull var publishedAt: String?
        var trainingRuns: [TrainingRunRecord]

        enum CodingKeys: String, CodingKey { case spec, publishedAt = "published_at", trainingRuns = "training_runs" }
    }

    struct PackBody: Encodable {
        struct Component: Encodable {
            var role: String
            var model: String
            var version: Int
            var reference: String
            var specID: String
            var status: String

            enum CodingKeys: String, CodingKey { case role, model, version, reference, specID = "spec_id", status }
        }

        var name: String
        var description: String
        var status: String
        var components: [Component]
    }

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("/models") { _, _ -> Response in
            let specs = try await registry.list(name: nil)
            let byName = Dictionary(grouping: specs, by: \.name)
            let models = byName.keys.sorted().map { name in
                let versions = byName[name] ?? []
                return ModelSummary(
                    name: name, publishedVersion: versions.first { $0.status == .published }?.version,
                    latestVersion: versions.map(\.version).max() ?? 0, versions: versions.count)
            }
            return try jsonResponse(["models": models])
        }
        routes.get("/models/:name") { _, context -> Response in
            let name = try context.parameters.require("name")
            let specs = try await registry.list(name: name).sorted { $0.version > $1.version }
            guard !specs.isEmpty else { throw HTTPError(.notFound, message: "no model named '\(name)'; GET /models lists them") }
            let published = try await publishTimes(name)
            var versions: [VersionSummary] = []
            for spec in specs {
                let run = try await registry.trainingRuns(specID: spec.id).last
                versions.append(
                    VersionSummary(
                        version: spec.version, reference: spec.reference, specID: spec.id.uuidString.lowercased(), status: spec.status.rawValue,
                        createdAt: Self.iso8601(spec.createdAt), updatedAt: Self.iso8601(spec.updatedAt),
                        publishedAt: published[spec.version].map(Timestamps.iso8601),
                        metrics: run.map { Self.metricsSummary($0.metrics) }))
            }
            return try jsonResponse(
                ModelDetail(
                    name: name, publishedVersion: specs.first { $0.status == .published }?.version, latestVersion: specs[0].version,
                    versions: versions))
        }
        routes.get("/models/:name/live") { _, context -> Response in
            let name = try context.parameters.require("name")
            let specs = try await registry.list(name: name).sorted { $0.version < $1.version }
            guard !specs.isEmpty else { throw HTTPError(.notFound, message: "no model named '\(name)'; GET /models lists them") }
            let groups = try await liveTrades?() ?? []
            let versions = specs.map { spec in
                let trades = groups.first { $0.modelSpecID == spec.id }?.trades ?? []
                let live = LiveAgainstPromise.judge(model: spec.name, version: spec.version, trades: trades, promise: spec.promise)
                let byRegime = Dictionary(grouping: trades) { $0.regime ?? "unknown" }.mapValues { TradeStatistics.measure($0) }
                return LiveBody.Version(live: live, status: spec.status.rawValue, perRegime: byRegime)
            }
            return try jsonResponse(
                LiveBody(model: name, publishedVersion: specs.first { $0.status == .published }?.version, versions: versions))
        }
        routes.get("/models/:name/versions/:version") { _, context -> Response in
            let name = try context.parameters.require("name")
            let text = try context.parameters.require("version")
            guard let version = Int(text.hasPrefix("v") ? String(text.dropFirst()) : text), version >= 1 else {
                throw HTTPError(.badRequest, message: "version: '\(text)' is not a version number like 3")
            }
            // The registry's own 404s name the model or the version.
            let spec = try await registry.spec(name: name, version: version)
            let runs = try await registry.trainingRuns(specID: spec.id)
            let published = try await publishTimes(name)[version].map(Timestamps.iso8601)
            return try jsonResponse(VersionDetail(spec: spec, publishedAt: published, trainingRuns: runs))
        }
        routes.get("/packs") { _, _ -> Response in
            var packs: [PackBody] = []
            for pack in try await registry.listPublishedPacks() {
                var components: [PackBody.Component] = []
                for (role, id) in pack.components.sorted(by: { $0.key < $1.key }) {
                    let spec = try await registry.spec(id: id)
                    components.append(
                        PackBody.Component(
                            role: role, model: spec.name, version: spec.version, reference: spec.reference,
                            specID: spec.id.uuidString.lowercased(), status: spec.status.rawValue))
                }
                packs.append(PackBody(name: pack.name, description: pack.description, status: pack.status.rawValue, components: components))
            }
            return try jsonResponse(["packs": packs])
        }
        return routes
    }

    /// Version → the last time it was published, from the registry's append-only history.
    func publishTimes(_ name: String) async throws -> [Int: Int64] {
        var times: [Int: Int64] = [:]
        for event in try await registry.history(name: name) where event.modelName == name && event.packName == nil && event.action == "publish" {
            if let version = event.version { times[version] = max(times[version] ?? .min, event.at) }
        }
        return times
    }

    /// Written like every other instant of the API (`Timestamps.iso8601`: milliseconds only when there are some).
    static func iso8601(_ date: Date) -> String {
        Timestamps.iso8601(Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }

    /// The headline figures of a training run's metrics (`TrainingMetrics` as stored, snake_case): sample counts and the
    /// out-of-fold ranking and calibration quality. Missing figures are left out.
    static func metricsSummary(_ metrics: JSONValue) -> [String: JSONValue] {
        var summary: [String: JSONValue] = [:]
        for key in ["rows", "positives", "base_rate", "effective_rows"] {
            if let v = metrics[key], v != .null { summary[key] = v }
        }
        if let oof = metrics["out_of_fold"] {
            for key in ["auc", "precision_at_top", "lift", "precision_at_top_per_day", "brier", "ece", "log_loss"] {
                if let v = oof[key], v != .null { summary["oof_" + key] = v }
            }
        }
        return summary
    }
}
