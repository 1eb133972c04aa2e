import Configuration
import Foundation
import Alerting
import Logging
import Storage
internal import SystemPackage

/// Every setting of AlertsAI, resolved once: command line, then environment (`ALERTSAI_…`), then a config file,
/// then defaults. docs/CONFIG.md lists each key.
public struct AppConfig: Sendable {
    public var httpHost: String
    public var httpPort: Int
    public var databaseURL: String
    public var artifactsPath: String
    /// `artifacts.url`: `s3://bucket/prefix` for S3, `file:PATH` or a path for a directory; empty: `artifacts.path`.
    public var artifactsURL: String
    /// `artifacts.s3.*`; each unset field falls back to the AWS environment variables (`S3Location.resolve`).
    public var artifactsS3: S3Settings
    /// The `AWS_*` variables of the environment the configuration was loaded from (S3 credentials, region, endpoint).
    public var awsEnvironment: [String: String]
    public var logLevel: Logger.Level
    public var polygonAPIKey: String?
    public var polygonBaseURL: String
    public var cachePath: String
    public var llmBaseURL: String?
    /// `llm.model`: the model name sent in each chat-completions request.
    public var llmModel: String = "alertsai-explainer"
    /// `llm.api_key`: sent as `Authorization: Bearer …`; a secret, never logged (`description` redacts it).
    public var llmAPIKey: String?
    /// `llm.timeout_seconds`: how long one explanation may take before the template is used instead.
    public var llmTimeout: Double = 10
    /// Largest batch `POST /score` and `/indicator_sets/auto_build` accept.
    public var maxBatch: Int
    /// Where bars come from: `synthetic`, `polygon` or `csv`.
    public var dataProvider: String
    /// Whether `data.provider` was set (command line, environment or file) rather than defaulted: a run then uses it
    /// instead of the bars its model was trained on (`ModelBars`).
    public var dataProviderSet = false
    public var syntheticSeed: UInt64
    public var syntheticStrength: Double
    public var csvPath: String?
    /// Seconds between the webhook sender's passes while `alertsai serve` runs; 0 leaves sending to `alertsai alerts deliver`.
    public var webhookInterval: Double
    /// Seconds between scheduler ticks inside `alertsai serve` (workers tick too); 0: serve queues no scheduled run.
    public var scheduleInterval: Double = 60
    /// Seconds between refreshes of the live figures `/metrics` reads from the store; 0: none.
    public var metricsRefreshInterval: Double = 60
    /// Request limits and rate limits (docs/SECURITY.md).
    public var limits: RequestLimits
    /// Client networks (CIDRs) that may read `/metrics` without a key; empty: a `metrics` key is always needed.
    public var metricsAllowedNetworks: [IPNetwork]
    /// Networks (CIDRs) webhooks may be sent to although private or loopback (tests: their loopback receiver).
    public var webhookAllowedNetworks: [IPNetwork]
    /// How every webhook sender (serve's, a worker's `webhook_delivery` job) paces itself: batch, timeout, first retry.
    public var webhookPolicy = WebhookDeliveryPolicy()
    /// The key that seals webhook secrets in the store (base64 of 32 bytes); nil: `secretsKeyFile` or the default file.
    public var secretsKey: String?
    /// A file holding that key, made 0600 when absent; nil: `secrets.key` beside a SQLite file, else `./data/secrets.key`.
    public var secretsKeyFile: String?

    /// Every key with its default, in the order docs/CONFIG.md lists them.
    public static let defaults: [(key: String, value: String, meaning: String)] = [
        ("http.host", "127.0.0.1", "address the server binds to"),
        ("http.port", "8080", "port the server listens on (0 picks a free one)"),
        ("database.url", "sqlite:./data/alertsai.sqlite", "the sc store: sqlite:PATH or postgres://user:pass@host:port/db"),
        ("artifacts.path", "./data/artifacts", "directory of the model artifact store"),
        ("artifacts.url", "", "where artifacts live: s3://bucket/prefix, file:PATH or a path (empty: artifacts.path)"),
        (
            "artifacts.s3.endpoint", "",
            "S3 endpoint, path-style (default AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, else https://s3.<region>.amazonaws.com)"
        ),
        ("artifacts.s3.region", "", "S3 region signed into requests (default AWS_REGION, AWS_DEFAULT_REGION, else us-east-1)"),
        ("artifacts.s3.access_key_id", "", "S3 access key id (default AWS_ACCESS_KEY_ID)"),
        ("artifacts.s3.secret_access_key", "", "S3 secret access key (secret; never logged; default AWS_SECRET_ACCESS_KEY)"),
        ("log.level", "info", "trace, debug, info, notice, warning, error, critical"),
        ("polygon.api_key", "", "Polygon REST API key (secret; never logged)"),
        ("polygon.base_url", "https://api.polygon.io", "Polygon REST base URL"),
        ("cache.path", "./data/cache", "bar cache directory"),
        ("llm.base_url", "", "base URL of an OpenAI-compatible LLM for explanations (empty: template explainer)"),
        ("llm.model", "alertsai-explainer", "model name sent to the LLM (`model` of the chat-completions request)"),
        ("llm.api_key", "", "API key sent to the LLM as Authorization: Bearer (secret; never logged; empty: none sent)"),
        ("llm.timeout_seconds", "10", "seconds one LLM explanation may take before the template explanation is used"),
        ("serve.max_batch", "1000", "largest batch accepted by POST /score and /indicator_sets/auto_build"),
        ("data.provider", "synthetic", "where bars come from: synthetic, polygon or csv"),
        ("data.synthetic_seed", "7", "seed of the synthetic market"),
        ("data.synthetic_strength", "1", "strength of the synthetic market's planted patterns (0 = no edge)"),
        ("data.csv_path", "", "a directory of SYMBOL.csv files or one CSV file, for data.provider=csv"),
        ("webhooks.interval_seconds", "5", "seconds between webhook sender passes inside `alertsai serve` (0: the server sends none)"),
        ("webhooks.batch_size", "100", "deliveries one sender pass claims at once (1–10000)"),
        ("webhooks.timeout_seconds", "10", "seconds a receiver has to answer one delivery (0.1–120)"),
        (
            "webhooks.retry_seconds", "30",
            "seconds before a failed delivery's first retry; each next wait is 4× longer, at most an hour (1–3600)"
        ),
        ("schedules.interval_seconds", "60", "seconds between scheduler ticks inside `alertsai serve` (every worker ticks too; 0: serve does not)"),
        (
            "metrics.refresh_seconds", "60",
            "seconds between refreshes of /metrics' live figures from the store (live precision and expectancy, the queue; 0: none)"
        ),
        ("serve.max_body_bytes", "65536", "largest request body on JSON routes other than /score (which allows max_batch × 16 KiB)"),
        ("rate_limit.key_per_second", "100", "requests per second one API key may make, sustained (0: no per-key limit)"),
        ("rate_limit.key_burst", "200", "requests one API key may make at once before the sustained rate applies"),
        ("rate_limit.address_per_second", "200", "requests per second from one client address (0: no per-address limit)"),
        ("rate_limit.address_burst", "400", "requests from one client address at once"),
        ("rate_limit.auth_failures_per_minute", "20", "failed authentications per minute one address may make before it is slowed (429)"),
        (
            "webhooks.allowed_networks", "",
            "comma-separated CIDRs webhooks may reach although private, loopback or link-local (default: public addresses only)"
        ),
        ("metrics.allowed_networks", "", "comma-separated CIDRs that may read /metrics without a key (e.g. 10.0.0.0/8 for a scraper)"),
        ("secrets.key", "", "base64 of 32 bytes sealing webhook secrets in the store (secret; every server and worker of one store needs the same)"),
        (
            "secrets.key_file", "",
            "file holding that key, made with mode 0600 when absent (default: secrets.key beside the SQLite file, else ./data/secrets.key)"
        ),
    ]

    public init(
        httpHost: String = "127.0.0.1", httpPort: Int = 8080, databaseURL: String = "sqlite:./data/alertsai.sqlite",
        artifactsPath: String = "./data/artifacts", logLevel: Logger.Level = .info, polygonAPIKey: String? = nil,
        polygonBaseURL: String = "https://api.polygon.io", cachePath: String = "./data/cache", llmBaseURL: String? = nil,
        maxBatch: Int = 1000, dataProvider: String = "synthetic", syntheticSeed: UInt64 = 7, syntheticStrength: Double = 1,
        csvPath: String? = nil, webhookInterval: Double = 5, limits: RequestLimits = RequestLimits(),
        metricsAllowedNetworks: [IPNetwork] = [], webhookAllowedNetworks: [IPNetwork] = [], secretsKey: String? = nil,
        secretsKeyFile: String? = nil, artifactsURL: String = "", artifactsS3: S3Settings = S3Settings(),
        awsEnvironment: [String: String] = AppConfig.awsVariables(ProcessInfo.processInfo.environment)
    ) {
        self.artifactsURL = artifactsURL
        self.artifactsS3 = artifactsS3
        self.awsEnvironment = awsEnvironment
        self.secretsKey = secretsKey
        self.secretsKeyFile = secretsKeyFile
        self.httpHost = httpHost
        self.httpPort = httpPort
        self.databaseURL = databaseURL
        self.artifactsPath = artifactsPath
        self.logLevel = logLevel
        self.polygonAPIKey = polygonAPIKey
        self.polygonBaseURL = polygonBaseURL
        self.cachePath = cachePath
        self.llmBaseURL = llmBaseURL
        self.maxBatch = maxBatch
        self.dataProvider = dataProvider
        self.syntheticSeed = syntheticSeed
        self.syntheticStrength = syntheticStrength
        self.csvPath = csvPath
        self.webhookInterval = webhookInterval
        self.limits = limits
        self.metricsAllowedNetworks = metricsAllowedNetworks
        self.webhookAllowedNetworks = webhookAllowedNetworks
    }

    /// Reads the configuration from one reader whose providers are already in priority order.
    public init(reader: ConfigReader) throws(ConfigError) {
        httpHost = reader.string(forKey: "http.host", default: "127.0.0.1")
        httpPort = reader.int(forKey: "http.port", default: 8080)
        guard (0...65535).contains(httpPort) else { throw .invalid("http.port must be 0–65535, got \(httpPort)") }
        databaseURL = reader.string(forKey: "database.url", default: "sqlite:./data/alertsai.sqlite")
        artifactsPath = reader.string(forKey: "artifacts.path", default: "./data/artifacts")
        artifactsURL = reader.string(forKey: "artifacts.url", default: "")
        func optional(_ key: String, secret: Bool = false) -> String? {
            let v = reader.string(forKey: ConfigKey(key), isSecret: secret, default: "")
            return v.isEmpty ? nil : v
        }
        artifactsS3 = S3Settings(
            endpoint: optional("artifacts.s3.endpoint"), region: optional("artifacts.s3.region"),
            accessKeyID: optional("artifacts.s3.access_key_id", secret: true),
            secretAccessKey: optional("artifacts.s3.secret_access_key", secret: true))
        awsEnvironment = Self.awsVariables(ProcessInfo.processInfo.environment)
        if artifactsURL.contains("://") && !artifactsURL.hasPrefix("s3://") && !artifactsURL.hasPrefix("file://") {
            throw .invalid("artifacts.url '\(artifactsURL)' is not s3://bucket/prefix, file:PATH or a path")
        } else if !artifactsURL.isEmpty && !artifactsURL.hasPrefix("s3://") {
            // file:PATH, file:///abs/path (a URL) or a plain path: the directory store.
            if artifactsURL.hasPrefix("file://") {
                artifactsPath = URL(string: artifactsURL)?.path ?? String(artifactsURL.dropFirst("file://".count))
            } else {
                artifactsPath = artifactsURL.hasPrefix("file:") ? String(artifactsURL.dropFirst("file:".count)) : artifactsURL
            }
            guard !artifactsPath.isEmpty else { throw .invalid("artifacts.url '\(artifactsURL)' names no directory") }
        }
        let level = reader.string(forKey: "log.level", default: "info")
        guard let parsed = Logger.Level(rawValue: level.lowercased()) else {
            throw .invalid("log.level '\(level)' is not one of trace, debug, info, notice, warning, error, critical")
        }
        logLevel = parsed
        let key = reader.string(forKey: "polygon.api_key", isSecret: true, default: "")
        polygonAPIKey = key.isEmpty ? nil : key
        polygonBaseURL = reader.string(forKey: "polygon.base_url", default: "https://api.polygon.io")
        cachePath = reader.string(forKey: "cache.path", default: "./data/cache")
        let llm = reader.string(forKey: "llm.base_url", default: "")
        llmBaseURL = llm.isEmpty ? nil : llm
        if let llmBaseURL, URL(string: llmBaseURL)?.scheme.map({ ["http", "https"].contains($0.lowercased()) }) != true {
            throw .invalid("llm.base_url '\(llmBaseURL)' is not an http:// or https:// URL")
        }
        llmModel = reader.string(forKey: "llm.model", default: "alertsai-explainer")
        guard !llmModel.trimmingCharacters(in: .whitespaces).isEmpty else { throw .invalid("llm.model must not be empty") }
        llmAPIKey = optional("llm.api_key", secret: true)
        llmTimeout = Self.number(reader, "llm.timeout_seconds", default: 10)
        guard llmTimeout.isFinite, llmTimeout > 0, llmTimeout <= 600 else {
            throw .invalid("llm.timeout_seconds must be a number of seconds in (0, 600], got \(llmTimeout)")
        }
        maxBatch = reader.int(forKey: "serve.max_batch", default: 1000)
        guard maxBatch >= 1 else { throw .invalid("serve.max_batch must be ≥ 1, got \(maxBatch)") }
        dataProviderSet = reader.string(forKey: "data.provider") != nil
        dataProvider = reader.string(forKey: "data.provider", default: "synthetic")
        guard ["synthetic", "polygon", "csv"].contains(dataProvider) else {
            throw .invalid("data.provider '\(dataProvider)' is not one of synthetic, polygon, csv")
        }
        let seed = reader.int(forKey: "data.synthetic_seed", default: 7)
        guard seed >= 0 else { throw .invalid("data.synthetic_seed must be ≥ 0, got \(seed)") }
        syntheticSeed = UInt64(seed)
        syntheticStrength = Self.number(reader, "data.synthetic_strength", default: 1)
        guard (0...1).contains(syntheticStrength) else {
            throw .invalid("data.synthetic_strength must be in [0, 1], got \(syntheticStrength)")
        }
        let csv = reader.string(forKey: "data.csv_path", default: "")
        csvPath = csv.isEmpty ? nil : csv
        if dataProvider == "csv" && csvPath == nil { throw .invalid("data.provider is csv but data.csv_path is empty") }
        scheduleInterval = Self.number(reader, "schedules.interval_seconds", default: 60)
        guard scheduleInterval.isFinite, scheduleInterval >= 0 else {
            throw .invalid("schedules.interval_seconds must be ≥ 0, got \(scheduleInterval)")
        }
        metricsRefreshInterval = Self.number(reader, "metrics.refresh_seconds", default: 60)
        guard metricsRefreshInterval.isFinite, metricsRefreshInterval >= 0 else {
            throw .invalid("metrics.refresh_seconds must be ≥ 0, got \(metricsRefreshInterval)")
        }
        webhookInterval = Self.number(reader, "webhooks.interval_seconds", default: 5)
        guard webhookInterval.isFinite, webhookInterval >= 0 else {
            throw .invalid("webhooks.interval_seconds must be ≥ 0, got \(webhookInterval)")
        }
        func ranged(_ key: String, _ value: Double, _ range: ClosedRange<Double>) throws(ConfigError) -> Double {
            let v = Self.number(reader, key, default: value)
            guard v.isFinite, range.contains(v) else {
                func text(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(x) }
                throw .invalid("\(key) must be a number from \(text(range.lowerBound)) to \(text(range.upperBound)), got \(text(v))")
            }
            return v
        }
        webhookPolicy = WebhookDeliveryPolicy(
            batchSize: Int(try ranged("webhooks.batch_size", 100, 1...10_000)), timeout: try ranged("webhooks.timeout_seconds", 10, 0.1...120),
            firstRetryDelay: try ranged("webhooks.retry_seconds", 30, 1...3600))
        func nonNegative(_ key: String, _ value: Double) throws(ConfigError) -> Double {
            let v = Self.number(reader, key, default: value)
            guard v.isFinite, v >= 0 else { throw .invalid("\(key) must be a number ≥ 0, got \(v)") }
            return v
        }
        limits = RequestLimits(
            maxBodyBytes: Int(try nonNegative("serve.max_body_bytes", 65536)),
            keyPerSecond: try nonNegative("rate_limit.key_per_second", 100), keyBurst: try nonNegative("rate_limit.key_burst", 200),
            addressPerSecond: try nonNegative("rate_limit.address_per_second", 200),
            addressBurst: try nonNegative("rate_limit.address_burst", 400),
            authFailuresPerMinute: try nonNegative("rate_limit.auth_failures_per_minute", 20))
        guard limits.maxBodyBytes >= 1024 else { throw .invalid("serve.max_body_bytes must be ≥ 1024, got \(limits.maxBodyBytes)") }
        let networks = reader.string(forKey: "metrics.allowed_networks", default: "")
        do {
            metricsAllowedNetworks = try IPNetwork.parseList(networks)
        } catch {
            throw .invalid("metrics.allowed_networks: \(error)")
        }
        do {
            webhookAllowedNetworks = try IPNetwork.parseList(reader.string(forKey: "webhooks.allowed_networks", default: ""))
        } catch {
            throw .invalid("webhooks.allowed_networks: \(error)")
        }
        let sealKey = reader.string(forKey: "secrets.key", isSecret: true, default: "")
        secretsKey = sealKey.isEmpty ? nil : sealKey
        let keyFile = reader.string(forKey: "secrets.key_file", default: "")
        secretsKeyFile = keyFile.isEmpty ? nil : keyFile
        if let secretsKey {
            do {
                _ = try SecretBox.fromText(secretsKey, source: "secrets.key")
            } catch {
                throw .invalid("\(error)")
            }
        }
    }

    /// The box that seals webhook secrets in the configured store: `secrets.key`, else `secrets.key_file`, else nil (the
    /// store's default file, `StoreFactory.defaultKeyFile`).
    public func secretBox() throws -> SecretBox? {
        if let secretsKey { return try SecretBox.fromText(secretsKey, source: "secrets.key") }
        if let secretsKeyFile { return try SecretBox.file(secretsKeyFile) }
        return nil
    }

    /// `artifacts.s3.*` as configured; nil fields fall back to the AWS environment variables.
    public struct S3Settings: Sendable, CustomStringConvertible {
        public var endpoint: String?
        public var region: String?
        public var accessKeyID: String?
        public var secretAccessKey: String?

        public init(endpoint: String? = nil, region: String? = nil, accessKeyID: String? = nil, secretAccessKey: String? = nil) {
            self.endpoint = endpoint
            self.region = region
            self.accessKeyID = accessKeyID
            self.secretAccessKey = secretAccessKey
        }

        public var description: String {
            "S3Settings(endpoint: \(endpoint ?? "-"), region: \(region ?? "-"), access key: \(accessKeyID ?? "-"), secret \(secretAccessKey == nil ? "unset" : "redacted"))"
        }
    }

    /// The variables `S3Location.resolve` reads.
    public static func awsVariables(_ environment: [String: String]) -> [String: String] {
        environment.filter { $0.key.hasPrefix("AWS_") }
    }

    /// The S3 location of `artifacts.url = s3://…`, or nil when artifacts live in a directory (`artifactsPath`).
    public func artifactsS3Location() throws(ConfigError) -> S3Location? {
        guard artifactsURL.hasPrefix("s3://") else { return nil }
        do {
            return try S3Location.resolve(
                url: artifactsURL, endpoint: artifactsS3.endpoint, region: artifactsS3.region, accessKeyID: artifactsS3.accessKeyID,
                secretAccessKey: artifactsS3.secretAccessKey, environment: awsEnvironment)
        } catch {
            throw .invalid("\(error)")
        }
    }

    /// The configured artifact store: S3 for `artifacts.url = s3://…`, else the directory `artifacts.path`.
    public func artifactStore() throws(ConfigError) -> any ArtifactStore {
        if let location = try artifactsS3Location() { return S3ArtifactStore(location: location) }
        return DirectoryArtifactStore(path: artifactsPath)
    }

    /// Keys whose values are numbers; every other key is text (an all-digit API key stays a string).
    static let numericKeys: Set<String> = [
        "http.port", "serve.max_batch", "data.synthetic_seed", "data.synthetic_strength", "webhooks.interval_seconds", "schedules.interval_seconds",
        "webhooks.batch_size", "webhooks.timeout_seconds", "webhooks.retry_seconds", "metrics.refresh_seconds", "llm.timeout_seconds",
        "serve.max_body_bytes", "rate_limit.key_per_second", "rate_limit.key_burst", "rate_limit.address_per_second",
        "rate_limit.address_burst", "rate_limit.auth_failures_per_minute",
    ]

    /// A real-valued key, whether its source wrote it as a real or a whole number (`5` in a file, `-1` on the command line).
    static func number(_ reader: ConfigReader, _ key: String, default value: Double) -> Double {
        reader.double(forKey: ConfigKey(key)) ?? reader.int(forKey: ConfigKey(key)).map(Double.init) ?? value
    }

    /// Builds the reader: explicit overrides (the command line), then `ALERTSAI_*` environment variables,
    /// then the config file (JSON or YAML, from `configFile` or `ALERTSAI_CONFIG`), then defaults.
    public static func load(
        overrides: [String: String] = [:], environment: [String: String] = ProcessInfo.processInfo.environment,
        configFile: String? = nil
    ) async throws(ConfigError) -> AppConfig {
        var providers: [any ConfigProvider] = []
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for (k, v) in overrides {
            // Numeric keys typed like a file's values, so `reader.int`/`number` find a number where the command line gave one.
            let content: ConfigContent =
                numericKeys.contains(k) ? Int(v).map { .int($0) } ?? Double(v).map { .double($0) } ?? .string(v) : .string(v)
            values[AbsoluteConfigKey(stringLiteral: k)] = ConfigValue(content, isSecret: k.contains("key"))
        }
        providers.append(InMemoryProvider(name: "command line", values: values))
        // Only our own variables: ALERTSAI_DATABASE_URL → database.url (the provider maps DATABASE_URL to it).
        var env: [String: String] = [:]
        for (k, v) in environment where k.hasPrefix("ALERTSAI_") && k != "ALERTSAI_CONFIG" {
            env[String(k.dropFirst("ALERTSAI_".count))] = v
        }
        providers.append(
            EnvironmentVariablesProvider(
                environmentVariables: env,
                secretsSpecifier: .specific([
                    "POLYGON_API_KEY", "LLM_API_KEY", "SECRETS_KEY", "ARTIFACTS_S3_ACCESS_KEY_ID", "ARTIFACTS_S3_SECRET_ACCESS_KEY",
                ])))
        var fileKeys: [String] = []
        let file = configFile ?? environment["ALERTSAI_CONFIG"]
        if let path = file {
            guard FileManager.default.fileExists(atPath: path) else { throw .invalid("config file '\(path)' does not exist") }
            fileKeys = try ConfigFileKeys.keys(path: path)
            do {
                if path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
                    providers.append(try await FileProvider<YAMLSnapshot>(filePath: FilePath(path)))
                } else {
                    providers.append(try await FileProvider<JSONSnapshot>(filePath: FilePath(path)))
                }
            } catch {
                throw .invalid("config file '\(path)' cannot be read: \(error)")
            }
        }
        // The keys the reader was asked for are the known ones: a key added to `init(reader:)` is known at once.
        let asked = AskedKeys()
        var config = try AppConfig(reader: ConfigReader(providers: providers, accessReporter: asked))
        if let path = file { try ConfigFileKeys.refuseUnknown(fileKeys, known: asked.keys, path: path) }
        config.awsEnvironment = awsVariables(environment)
        // An S3 store without a bucket or credentials fails here, naming the keys, not at the first model read.
        _ = try config.artifactsS3Location()
        return config
    }
}

extension AppConfig: CustomStringConvertible {
    /// A dump safe to log: every secret (API keys, the sealing key, S3 credentials, a database password) redacted.
    public var description: String {
        func secret(_ v: String?) -> String { v == nil ? "unset" : "redacted" }
        let fields: [(String, String)] = [
            ("http", "\(httpHost):\(httpPort)"), ("database.url", (try? DatabaseURL(databaseURL)).map { "\($0)" } ?? "(not a database URL)"),
            ("artifacts.path", artifactsPath),
            ("artifacts.url", artifactsURL), ("artifacts.s3", artifactsS3.description), ("log.level", logLevel.rawValue),
            ("polygon.api_key", secret(polygonAPIKey)), ("polygon.base_url", polygonBaseURL), ("cache.path", cachePath),
            ("llm.base_url", llmBaseURL ?? ""), ("llm.model", llmModel), ("llm.api_key", secret(llmAPIKey)),
            ("llm.timeout_seconds", "\(llmTimeout)"), ("data.provider", dataProvider), ("secrets.key", secret(secretsKey)),
        ]
        return "AppConfig(" + fields.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + ")"
    }
}

/// A configuration value that cannot be used; the message names the key.
public enum ConfigError: Error, Sendable, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let m): m
        }
    }
}
