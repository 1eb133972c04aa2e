import Foundation
import Storage

/// The kinds of job `alertsai worker` runs, and their payloads (JSON, snake_case). docs/OPERATIONS.md.
public enum JobKind: String, Sendable, CaseIterable, Codable {
    /// One alert run: a model or pack over a universe at one instant, for a user or the shared feed.
    case alertRun = "alert_run"
    /// Resolve every alert whose hold has elapsed by `as_of` (default: now).
    case outcomeResolution = "outcome_resolution"
    /// Send due webhook deliveries (the outbox), and queue the next pass when retries wait.
    case webhookDelivery = "webhook_delivery"
    /// Train a config and register the model version (a draft).
    case training

    /// Parses `alert_run,training` (commas or spaces) naming the allowed kinds when one is unknown.
    public static func parseList(_ text: String) throws -> [JobKind] {
        try text.split(whereSeparator: { $0 == "," || $0 == " " }).map { name in
            guard let kind = JobKind(rawValue: String(name)) else {
                throw ConfigError.invalid(
                    "unknown job kind '\(name)'; kinds: \(JobKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return kind
        }
    }
}

/// `alert_run` payload.
public struct AlertRunJob: Sendable, Hashable, Codable {
    public var model: String?
    public var pack: String?
    public var universe: String
    public var userID: String?
    /// The instant scored (ms UTC): a bar close.
    public var asOf: Int64
    /// The schedule that queued it, if one did.
    public var scheduleID: String?
    /// The cohort it serves instead of one user (`userID` is nil then).
    public var cohort: String?

    enum CodingKeys: String, CodingKey {
        case model, pack, universe, userID = "user_id", asOf = "as_of", scheduleID = "schedule_id", cohort
    }

    public init(
        model: String?, pack: String?, universe: String, userID: String?, asOf: Int64, scheduleID: String? = nil, cohort: String? = nil
    ) {
        self.cohort = cohort
        self.model = model
        self.pack = pack
        self.universe = universe
        self.userID = userID
        self.asOf = asOf
        self.scheduleID = scheduleID
    }

    /// The job stream: one target, universe and audience's runs, claimed one bar at a time in `asOf` order (a bar's
    /// cooldowns and budgets read the alerts of the bars before it).
    public var stream: String { key(instant: nil) }

    /// The unique key: one job per target, universe, audience and instant, however many times it is queued.
    public var uniqueKey: String { key(instant: asOf) }

    /// `alert_run|target|universe|audience[|instant]`, the audience a user id, `cohort:NAME` or `*` (the shared feed);
    /// universes may be long symbol lists: past 200 characters the key holds their digest instead, after the audience
    /// and the instant.
    private func key(instant: Int64?) -> String {
        let target = model.map { "model:\($0)" } ?? "pack:\(pack ?? "")"
        let at = instant.map { "|\($0)" } ?? ""
        let audience = cohort.map { "cohort:\($0)" } ?? userID ?? "*"
        let key = "alert_run|\(target)|\(universe)|\(audience)\(at)"
        guard key.utf8.count > 200 else { return key }
        return "alert_run|\(target)|\(audience)\(at)|" + DirectoryArtifactStore.digest(Data(universe.utf8))
    }
}

/// `outcome_resolution` payload.
public struct OutcomeResolutionJob: Sendable, Hashable, Codable {
    public var asOf: Int64?

    enum CodingKeys: String, CodingKey { case asOf = "as_of" }

    public init(asOf: Int64?) { self.asOf = asOf }
}

/// `training` payload: a config file readable by the worker.
public struct TrainingJob: Sendable, Hashable, Codable {
    public var config: String

    public init(config: String) { self.config = config }
}

/// JSON in and out of job payloads.
enum JobJSON {
    static func encode(_ value: some Encodable) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return String(decoding: try e.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String, kind: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw JobError.badPayload("\(kind) payload \(text.prefix(200)) does not decode: \(error)")
        }
    }
}

/// Why a job could not be done; the message is kept as the job's `last_error`.
public enum JobError: Error, Sendable, CustomStringConvertible {
    case badPayload(String)
    case failed(String)

    public var description: String {
        switch self {
        case .badPayload(let m), .failed(let m): m
        }
    }
}
