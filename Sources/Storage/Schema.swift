import Foundation

/// The `sc` schema as numbered migrations; each has an `up` and a real `down`, written once for both engines.
///
/// Instants are stored as BIGINT milliseconds since the epoch, UTC, like bars. JSON columns are JSONB in
/// PostgreSQL and JSON-checked TEXT in SQLite. Invariants (uniqueness, allowed values, references) live in the
/// database as constraints.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    let up: @Sendable (SchemaDialect) -> [String]
    let down: @Sendable (SchemaDialect) -> [String]
}

/// DDL fragments per engine.
public struct SchemaDialect: Sendable {
    public let engine: DatabaseEngine

    var pg: Bool { engine == .postgres }
    /// An auto-increment integer primary key.
    var serialPK: String { pg ? "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT" }
    var real: String { pg ? "DOUBLE PRECISION" : "REAL" }
    var bool: String { pg ? "BOOLEAN" : "INTEGER" }
    /// A JSON column definition with its validity check.
    func json(_ column: String, nullable: Bool = false) -> String {
        let null = nullable ? "" : " NOT NULL"
        return pg ? "\(column) JSONB\(null)" : "\(column) TEXT\(null) CHECK (\(column) IS NULL OR json_valid(\(column)))"
    }
    /// `CREATE [UNIQUE] INDEX` on an `sc` table (the engines put the schema name in different places).
    func index(_ name: String, on table: String, _ columns: String, unique: Bool = false, where predicate: String? = nil) -> String {
        let u = unique ? "UNIQUE " : ""
        let w = predicate.map { " WHERE \($0)" } ?? ""
        return pg
            ? "CREATE \(u)INDEX IF NOT EXISTS \(name) ON sc.\(table) (\(columns))\(w)"
            : "CREATE \(u)INDEX IF NOT EXISTS sc.\(name) ON \(table) (\(columns))\(w)"
    }
    func dropIndex(_ name: String) -> String { "DROP INDEX IF EXISTS sc.\(name)" }
    /// A text column restricted to a set of values.
    func oneOf(_ column: String, _ values: [String], nullable: Bool = false) -> String {
        let list = values.map { "'\($0)'" }.joined(separator: ", ")
        return "\(column) TEXT\(nullable ? "" : " NOT NULL") CHECK (\(column) IN (\(list)))"
    }
}

public enum Schema {
    /// Every migration in order. Append only: a shipped migration never changes.
    public static let migrations: [Migration] = [
        registry, alerts, catalog, deliverySchedule, accessControl, netReturns, webhookOnce, jobQueue, modelPromise, traderControls,
        portableViews, recipesAndWorkflows, jobStreams, cohorts, alertsByAudience,
    ]

    static let registry = Migration(
        version: 1, name: "registry",
        up: { d in
            [
                d.pg ? "CREATE SCHEMA IF NOT EXISTS sc" : "",
                """
                CREATE TABLE sc.users (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
                    email TEXT UNIQUE,
                    created_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE sc.api_keys (
                    id TEXT PRIMARY KEY,
                    user_id TEXT NOT NULL REFERENCES sc_users_ref,
                    prefix TEXT NOT NULL UNIQUE CHECK (length(prefix) = 12),
                    key_hash TEXT NOT NULL UNIQUE CHECK (length(key_hash) = 64),
                    label TEXT,
                    created_at BIGINT NOT NULL,
                    revoked_at BIGINT
                )
                """,
                """
                CREATE TABLE sc.model_names (
                    name TEXT PRIMARY KEY,
                    last_version INTEGER NOT NULL CHECK (last_version >= 1)
                )
                """,
                """
                CREATE TABLE sc.model_specs (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL REFERENCES sc_model_names_ref,
                    version INTEGER NOT NULL CHECK (version >= 1),
                    \(d.json("featureset")),
                    \(d.json("label_cfg")),
                    model_uri TEXT NOT NULL CHECK (length(model_uri) > 0),
                    artifact_digest TEXT NOT NULL CHECK (length(artifact_digest) = 64),
                    \(d.json("thresholds")),
                    \(d.json("guardrails")),
                    \(d.json("scope")),
                    \(d.json("training_cfg")),
                    \(d.oneOf("status", ["draft", "published", "unpublished"])),
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    UNIQUE (name, version)
                )
                """,
                // At most one published version per model name: serving never has to choose.
                d.index("model_specs_one_published", on: "model_specs", "name", unique: true, where: "status = 'published'"),
                "CREATE VIEW sc.v_model_specs_published AS SELECT * FROM sc.model_specs WHERE status = 'published'",
                """
                CREATE TABLE sc.model_training_runs (
                    id TEXT PRIMARY KEY,
                    model_spec_id TEXT REFERENCES sc_model_specs_ref ON DELETE CASCADE,
                    model_name TEXT NOT NULL,
                    \(d.json("config")),
                    data_fingerprint TEXT NOT NULL,
                    code_version TEXT NOT NULL,
                    seed BIGINT NOT NULL,
                    \(d.json("metrics")),
                    artifact_digest TEXT NOT NULL,
                    \(d.oneOf("status", ["running", "succeeded", "failed"])),
                    started_at BIGINT NOT NULL,
                    finished_at BIGINT
                )
                """,
                d.index("model_training_runs_spec", on: "model_training_runs", "model_spec_id"),
                """
                CREATE TABLE sc.model_registry_history (
                    id \(d.serialPK),
                    model_name TEXT NOT NULL,
                    version INTEGER,
                    pack_name TEXT,
                    \(d.oneOf("action", ["register", "publish", "unpublish", "alias", "pack_create", "pack_add", "pack_publish", "pack_unpublish"])),
                    actor TEXT NOT NULL CHECK (length(actor) > 0),
                    at BIGINT NOT NULL,
                    \(d.json("detail", nullable: true))
                )
                """,
                d.index("model_registry_history_name", on: "model_registry_history", "model_name, id"),
                """
                CREATE TABLE sc.model_packs (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
                    description TEXT NOT NULL DEFAULT '',
                    \(d.oneOf("status", ["draft", "published", "unpublished"])),
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE sc.model_pack_components (
                    pack_id TEXT NOT NULL REFERENCES sc_model_packs_ref ON DELETE CASCADE,
                    role TEXT NOT NULL CHECK (length(role) > 0),
                    model_spec_id TEXT NOT NULL REFERENCES sc_model_specs_ref,
                    PRIMARY KEY (pack_id, role)
                )
                """,
                "CREATE VIEW sc.v_model_packs_published AS SELECT * FROM sc.model_packs WHERE status = 'published'",
            ].filter { !$0.isEmpty }.map { d.resolveReferences($0) }
        },
        down: { _ in
            [
                "DROP VIEW IF EXISTS sc.v_model_packs_published",
                "DROP TABLE IF EXISTS sc.model_pack_components",
                "DROP TABLE IF EXISTS sc.model_packs",
                "DROP TABLE IF EXISTS sc.model_registry_history",
                "DROP TABLE IF EXISTS sc.model_training_runs",
                "DROP VIEW IF EXISTS sc.v_model_specs_published",
                "DROP TABLE IF EXISTS sc.model_specs",
                "DROP TABLE IF EXISTS sc.model_names",
                "DROP TABLE IF EXISTS sc.api_keys",
                "DROP TABLE IF EXISTS sc.users",
            ]
        })

    static let alerts = Migration(
        version: 2, name: "alerts",
        up: { d in
            [
                """
                CREATE TABLE sc.webhook_endpoints (
                    id TEXT PRIMARY KEY,
                    user_id TEXT NOT NULL REFERENCES sc_users_ref ON DELETE CASCADE,
                    url TEXT NOT NULL CHECK (url LIKE 'http://%' OR url LIKE 'https://%'),
                    secret TEXT NOT NULL CHECK (length(secret) >= 16),
                    active \(d.bool) NOT NULL DEFAULT TRUE,
                    created_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE sc.alert_runs (
                    id TEXT PRIMARY KEY,
                    model_spec_id TEXT REFERENCES sc_model_specs_ref,
                    pack_id TEXT REFERENCES sc_model_packs_ref,
                    universe TEXT NOT NULL,
                    user_id TEXT REFERENCES sc_users_ref,
                    as_of BIGINT NOT NULL,
                    dry_run \(d.bool) NOT NULL DEFAULT FALSE,
                    \(d.oneOf("status", ["running", "succeeded", "failed"])),
                    \(d.json("counts")),
                    error TEXT,
                    started_at BIGINT NOT NULL,
                    finished_at BIGINT,
                    CHECK (model_spec_id IS NOT NULL OR pack_id IS NOT NULL)
                )
                """,
                """
                CREATE TABLE sc.alerts (
                    id TEXT PRIMARY KEY,
                    run_id TEXT NOT NULL REFERENCES sc_alert_runs_ref,
                    model_spec_id TEXT NOT NULL REFERENCES sc_model_specs_ref,
                    pack_id TEXT REFERENCES sc_model_packs_ref,
                    user_id TEXT REFERENCES sc_users_ref,
                    symbol TEXT NOT NULL,
                    market TEXT NOT NULL,
                    instrument TEXT NOT NULL,
                    timeframe TEXT NOT NULL,
                    bar_time BIGINT NOT NULL,
                    \(d.oneOf("side", ["long", "short"])),
                    score \(d.real) NOT NULL CHECK (score >= 0 AND score <= 1),
                    threshold \(d.real) NOT NULL,
                    regime TEXT,
                    \(d.json("plan")),
                    \(d.json("reasons")),
                    explanation TEXT NOT NULL,
                    disclaimer TEXT NOT NULL CHECK (length(disclaimer) > 0),
                    created_at BIGINT NOT NULL
                )
                """,
                // Idempotency: one alert per model version, symbol, timeframe, bar and audience.
                d.index("alerts_once", on: "alerts", "model_spec_id, symbol, timeframe, bar_time, COALESCE(user_id, '')", unique: true),
                d.index("alerts_recent", on: "alerts", "created_at"),
                """
                CREATE TABLE sc.alert_suppressions (
                    id \(d.serialPK),
                    run_id TEXT NOT NULL REFERENCES sc_alert_runs_ref ON DELETE CASCADE,
                    symbol TEXT NOT NULL,
                    guardrail TEXT NOT NULL,
                    detail TEXT NOT NULL,
                    score \(d.real) NOT NULL
                )
                """,
                """
                CREATE TABLE sc.alert_delivery (
                    id \(d.serialPK),
                    alert_id TEXT NOT NULL REFERENCES sc_alerts_ref ON DELETE CASCADE,
                    \(d.oneOf("channel", ["feed", "webhook"])),
                    endpoint_id TEXT REFERENCES sc_webhook_endpoints_ref,
                    \(d.oneOf("status", ["pending", "delivered", "failed"])),
                    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                    last_error TEXT,
                    created_at BIGINT NOT NULL,
                    delivered_at BIGINT,
                    CHECK (channel = 'feed' OR endpoint_id IS NOT NULL)
                )
                """,
                d.index("alert_delivery_alert", on: "alert_delivery", "alert_id"),
                """
                CREATE TABLE sc.alert_outcomes (
                    alert_id TEXT PRIMARY KEY REFERENCES sc_alerts_ref ON DELETE CASCADE,
                    \(d.oneOf("exit_reason", ["take_profit", "stop", "timeout"])),
                    exit_time BIGINT NOT NULL,
                    exit_price \(d.real) NOT NULL,
                    realized_return \(d.real) NOT NULL,
                    mfe \(d.real) NOT NULL,
                    mae \(d.real) NOT NULL,
                    label INTEGER NOT NULL CHECK (label IN (0, 1)),
                    resolved_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE sc.alert_subscriptions (
                    id TEXT PRIMARY KEY,
                    user_id TEXT NOT NULL REFERENCES sc_users_ref ON DELETE CASCADE,
                    model_name TEXT,
                    pack_name TEXT,
                    universe TEXT NOT NULL,
                    \(d.oneOf("channel", ["feed", "webhook"])),
                    endpoint_id TEXT REFERENCES sc_webhook_endpoints_ref,
                    active \(d.bool) NOT NULL DEFAULT TRUE,
                    created_at BIGINT NOT NULL,
                    CHECK ((model_name IS NULL) <> (pack_name IS NULL)),
                    CHECK (channel = 'feed' OR endpoint_id IS NOT NULL)
                )
                """,
                """
                CREATE TABLE sc.user_alert_settings (
                    user_id TEXT PRIMARY KEY REFERENCES sc_users_ref ON DELETE CASCADE,
                    daily_budget INTEGER CHECK (daily_budget >= 0),
                    cooldown_bars INTEGER CHECK (cooldown_bars >= 0),
                    max_per_sector INTEGER CHECK (max_per_sector >= 1),
                    max_per_direction INTEGER CHECK (max_per_direction >= 1),
                    max_exposure \(d.real) CHECK (max_exposure > 0),
                    options_min_dte INTEGER CHECK (options_min_dte >= 0),
                    options_max_dte INTEGER CHECK (options_max_dte >= 0),
                    max_leverage \(d.real) CHECK (max_leverage > 0),
                    market_hours_only \(d.bool),
                    updated_at BIGINT NOT NULL,
                    CHECK (options_min_dte IS NULL OR options_max_dte IS NULL OR options_min_dte <= options_max_dte)
                )
                """,
            ].map { d.resolveReferences($0) }
        },
        down: { _ in
            [
                "DROP TABLE IF EXISTS sc.user_alert_settings",
                "DROP TABLE IF EXISTS sc.alert_subscriptions",
                "DROP TABLE IF EXISTS sc.alert_outcomes",
                "DROP TABLE IF EXISTS sc.alert_delivery",
                "DROP TABLE IF EXISTS sc.alert_suppressions",
                "DROP TABLE IF EXISTS sc.alerts",
                "DROP TABLE IF EXISTS sc.alert_runs",
                "DROP TABLE IF EXISTS sc.webhook_endpoints",
            ]
        })

    static let catalog = Migration(
        version: 3, name: "catalog_and_jobs",
        up: { d in
            [
                """
                CREATE TABLE sc.presets (
                    name TEXT PRIMARY KEY,
                    market TEXT NOT NULL,
                    instrument TEXT NOT NULL,
                    \(d.json("symbols")),
                    builtin \(d.bool) NOT NULL DEFAULT FALSE
                )
                """,
                """
                CREATE TABLE sc.watchlists (
                    id TEXT PRIMARY KEY,
                    user_id TEXT NOT NULL REFERENCES sc_users_ref ON DELETE CASCADE,
                    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
                    market TEXT NOT NULL,
                    instrument TEXT NOT NULL,
                    \(d.json("symbols")),
                    created_at BIGINT NOT NULL,
                    UNIQUE (user_id, name)
                )
                """,
                """
                CREATE TABLE sc.feature_sets (
                    name TEXT NOT NULL,
                    version INTEGER NOT NULL CHECK (version >= 1),
                    \(d.json("definition")),
                    created_at BIGINT NOT NULL,
                    PRIMARY KEY (name, version)
                )
                """,
                """
                CREATE TABLE sc.strategies (
                    name TEXT NOT NULL,
                    version INTEGER NOT NULL CHECK (version >= 1),
                    \(d.json("definition")),
                    created_at BIGINT NOT NULL,
                    PRIMARY KEY (name, version)
                )
                """,
                """
                CREATE TABLE sc.recipes (
                    name TEXT PRIMARY KEY,
                    \(d.json("definition")),
                    created_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE sc.workflows (
                    name TEXT PRIMARY KEY,
                    \(d.json("definition")),
                    created_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE sc.jobs (
                    id \(d.serialPK),
                    kind TEXT NOT NULL CHECK (length(kind) > 0),
                    \(d.json("payload")),
                    \(d.oneOf("status", ["queued", "running", "done", "failed"])),
                    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                    max_attempts INTEGER NOT NULL DEFAULT 5 CHECK (max_attempts >= 1),
                    run_after BIGINT NOT NULL,
                    locked_by TEXT,
                    locked_at BIGINT,
                    last_error TEXT,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                d.index("jobs_ready", on: "jobs", "status, run_after"),
            ].map { d.resolveReferences($0) }
        },
        down: { _ in
            [
                "DROP TABLE IF EXISTS sc.jobs",
                "DROP TABLE IF EXISTS sc.workflows",
                "DROP TABLE IF EXISTS sc.recipes",
                "DROP TABLE IF EXISTS sc.strategies",
                "DROP TABLE IF EXISTS sc.feature_sets",
                "DROP TABLE IF EXISTS sc.watchlists",
                "DROP TABLE IF EXISTS sc.presets",
            ]
        })

    /// When a webhook delivery may be tried (again): the retry backoff, and the lease a sender takes on the rows it
    /// claims so that a second sender skips them. 0 (the default for existing rows) means due now.
    static let deliverySchedule = Migration(
        version: 4, name: "webhook_delivery_schedule",
        up: { d in
            [
                "ALTER TABLE sc.alert_delivery ADD COLUMN next_attempt_at BIGINT NOT NULL DEFAULT 0",
                "ALTER TABLE sc.alert_delivery ADD COLUMN last_attempt_at BIGINT",
                d.index("alert_delivery_due", on: "alert_delivery", "next_attempt_at, id", where: "status = 'pending'"),
            ]
        },
        down: { d in
            [
                d.dropIndex("alert_delivery_due"),
                "ALTER TABLE sc.alert_delivery DROP COLUMN last_attempt_at",
                "ALTER TABLE sc.alert_delivery DROP COLUMN next_attempt_at",
            ]
        })

    /// Scoped API keys: a scope list on user keys, service keys (not tied to a user), deleted users, and the
    /// answers kept for `Idempotency-Key` (docs/SECURITY.md).
    static let accessControl = Migration(
        version: 5, name: "access_control",
        up: { d in
            [
                "ALTER TABLE sc.api_keys ADD COLUMN scopes TEXT NOT NULL DEFAULT 'alerts'",
                "ALTER TABLE sc.users ADD COLUMN deleted_at BIGINT",
                """
                CREATE TABLE sc.service_keys (
                    id TEXT PRIMARY KEY,
                    service TEXT NOT NULL CHECK (length(service) BETWEEN 1 AND 64),
                    prefix TEXT NOT NULL UNIQUE CHECK (length(prefix) = 12),
                    key_hash TEXT NOT NULL UNIQUE CHECK (length(key_hash) = 64),
                    scopes TEXT NOT NULL CHECK (length(scopes) >= 1),
                    label TEXT,
                    created_at BIGINT NOT NULL,
                    revoked_at BIGINT
                )
                """,
                """
                CREATE TABLE sc.idempotency_keys (
                    principal TEXT NOT NULL,
                    idem_key TEXT NOT NULL CHECK (length(idem_key) BETWEEN 1 AND 255),
                    method TEXT NOT NULL,
                    path TEXT NOT NULL,
                    body_hash TEXT NOT NULL CHECK (length(body_hash) = 64),
                    status INTEGER,
                    response TEXT,
                    created_at BIGINT NOT NULL,
                    PRIMARY KEY (principal, idem_key)
                )
                """,
                d.index("idempotency_keys_created", on: "idempotency_keys", "created_at"),
            ]
        },
        down: { d in
            [
                d.dropIndex("idempotency_keys_created"),
                "DROP TABLE IF EXISTS sc.idempotency_keys",
                "DROP TABLE IF EXISTS sc.service_keys",
                "ALTER TABLE sc.users DROP COLUMN deleted_at",
                "ALTER TABLE sc.api_keys DROP COLUMN scopes",
            ]
        })

    /// 7: outcomes net of costs (percent and R) and the absolute levels the outcome was resolved against; alerts' expected
    /// net return at their score.
    static let netReturns = Migration(
        version: 7, name: "net_returns_and_expectancy",
        up: { d in
            [
                "ALTER TABLE sc.alert_outcomes ADD COLUMN net_return_pct \(d.real)",
                "ALTER TABLE sc.alert_outcomes ADD COLUMN net_r \(d.real)",
                "ALTER TABLE sc.alert_outcomes ADD COLUMN entry_price \(d.real)",
                "ALTER TABLE sc.alert_outcomes ADD COLUMN stop_level \(d.real)",
                "ALTER TABLE sc.alert_outcomes ADD COLUMN take_profit_level \(d.real)",
                "ALTER TABLE sc.alerts ADD COLUMN expected_return_pct \(d.real)",
                "ALTER TABLE sc.alerts ADD COLUMN expected_r \(d.real)",
            ]
        },
        down: { d in
            [
                "ALTER TABLE sc.alerts DROP COLUMN expected_r",
                "ALTER TABLE sc.alerts DROP COLUMN expected_return_pct",
                "ALTER TABLE sc.alert_outcomes DROP COLUMN take_profit_level",
                "ALTER TABLE sc.alert_outcomes DROP COLUMN stop_level",
                "ALTER TABLE sc.alert_outcomes DROP COLUMN entry_price",
                "ALTER TABLE sc.alert_outcomes DROP COLUMN net_r",
                "ALTER TABLE sc.alert_outcomes DROP COLUMN net_return_pct",
            ]
        })

    /// One endpoint per user and URL, one webhook delivery per alert and endpoint (one `webhook-id` however many
    /// subscriptions match), and the previous secret an endpoint still signs with while a rotation's overlap lasts.
    /// Existing twins are merged first: the oldest active endpoint of a user and URL is kept, the others' subscriptions
    /// move to it, their pending deliveries fail with a reason, and duplicate delivery rows of one alert and endpoint go.
    static let webhookOnce = Migration(
        version: 8, name: "webhook_endpoint_and_delivery_once",
        up: { d in
            [
                """
                UPDATE sc.alert_subscriptions SET endpoint_id = (
                    SELECT k.id FROM sc.webhook_endpoints k JOIN sc.webhook_endpoints e ON k.user_id = e.user_id AND k.url = e.url
                    WHERE e.id = alert_subscriptions.endpoint_id AND k.active ORDER BY k.created_at, k.id LIMIT 1)
                WHERE endpoint_id IN (SELECT id FROM sc.webhook_endpoints WHERE active)
                """,
                """
                UPDATE sc.alert_delivery SET status = 'failed',
                    last_error = 'endpoint merged into an older endpoint of the same user and URL (one endpoint per user and URL)'
                WHERE status = 'pending' AND endpoint_id IN (
                    SELECT e.id FROM sc.webhook_endpoints e WHERE e.active AND EXISTS (
                        SELECT 1 FROM sc.webhook_endpoints k WHERE k.active AND k.user_id = e.user_id AND k.url = e.url
                            AND (k.created_at < e.created_at OR (k.created_at = e.created_at AND k.id < e.id))))
                """,
                """
                UPDATE sc.webhook_endpoints SET active = FALSE
                WHERE active AND EXISTS (
                    SELECT 1 FROM sc.webhook_endpoints k WHERE k.active AND k.user_id = webhook_endpoints.user_id
                        AND k.url = webhook_endpoints.url
                        AND (k.created_at < webhook_endpoints.created_at
                            OR (k.created_at = webhook_endpoints.created_at AND k.id < webhook_endpoints.id)))
                """,
                """
                DELETE FROM sc.alert_delivery
                WHERE channel = 'webhook' AND EXISTS (
                    SELECT 1 FROM sc.alert_delivery o WHERE o.channel = 'webhook' AND o.alert_id = alert_delivery.alert_id
                        AND o.endpoint_id = alert_delivery.endpoint_id AND o.id < alert_delivery.id)
                """,
                d.index("webhook_endpoints_once", on: "webhook_endpoints", "user_id, url", unique: true, where: "active"),
                d.index("alert_delivery_once", on: "alert_delivery", "alert_id, endpoint_id", unique: true, where: "channel = 'webhook'"),
                "ALTER TABLE sc.webhook_endpoints ADD COLUMN previous_secret TEXT",
                "ALTER TABLE sc.webhook_endpoints ADD COLUMN previous_secret_until BIGINT",
            ]
        },
        down: { d in
            [
                "ALTER TABLE sc.webhook_endpoints DROP COLUMN previous_secret_until",
                "ALTER TABLE sc.webhook_endpoints DROP COLUMN previous_secret",
                d.dropIndex("alert_delivery_once"),
                d.dropIndex("webhook_endpoints_once"),
            ]
        })

    /// The job queue gets its real shape (`docs/OPERATIONS.md`): a unique key (a second enqueue is a no-op), leases
    /// with an owner and an expiry instead of a lock time, `dead` for jobs whose attempts are spent, and alert schedules.
    /// Old rows are kept (`failed` becomes `dead`).
    static let jobQueue = Migration(
        version: 9, name: "job_queue_and_schedules",
        up: { d in
            [
                """
                CREATE TABLE sc.jobs_v9 (
                    id \(d.serialPK),
                    kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 64),
                    \(d.json("payload")),
                    unique_key TEXT,
                    \(d.oneOf("status", ["queued", "running", "done", "dead"])),
                    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                    max_attempts INTEGER NOT NULL DEFAULT 5 CHECK (max_attempts >= 1),
                    run_after BIGINT NOT NULL,
                    lease_owner TEXT,
                    lease_expires_at BIGINT,
                    last_error TEXT,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    finished_at BIGINT,
                    CHECK (status <> 'running' OR (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL))
                )
                """,
                """
                INSERT INTO sc.jobs_v9 (kind, payload, status, attempts, max_attempts, run_after, last_error, created_at, updated_at)
                SELECT kind, payload, CASE status WHEN 'failed' THEN 'dead' WHEN 'running' THEN 'queued' ELSE status END, attempts, max_attempts,
                    run_after, last_error, created_at, updated_at
                FROM sc.jobs ORDER BY id
                """,
                d.dropIndex("jobs_ready"),
                "DROP TABLE sc.jobs",
                "ALTER TABLE sc.jobs_v9 RENAME TO jobs",
                d.index("jobs_unique", on: "jobs", "unique_key", unique: true),
                d.index("jobs_due", on: "jobs", "run_after, id", where: "status = 'queued'"),
                d.index("jobs_leased", on: "jobs", "lease_expires_at", where: "status = 'running'"),
                """
                CREATE TABLE sc.alert_schedules (
                    id TEXT PRIMARY KEY,
                    model_name TEXT,
                    pack_name TEXT,
                    universe TEXT NOT NULL CHECK (length(universe) BETWEEN 1 AND 16384),
                    user_id TEXT REFERENCES sc_users_ref ON DELETE CASCADE,
                    paused \(d.bool) NOT NULL DEFAULT FALSE,
                    created_by TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    last_enqueued_as_of BIGINT,
                    CHECK ((model_name IS NULL) <> (pack_name IS NULL))
                )
                """,
                // Named leases: one holder at a time (the scheduler acts in one process of many).
                "CREATE TABLE sc.leases (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at BIGINT NOT NULL)",
            ].map { d.resolveReferences($0) }
        },
        down: { d in
            [
                "DROP TABLE IF EXISTS sc.leases",
                "DROP TABLE IF EXISTS sc.alert_schedules",
                """
                CREATE TABLE sc.jobs_v3 (
                    id \(d.serialPK),
                    kind TEXT NOT NULL CHECK (length(kind) > 0),
                    \(d.json("payload")),
                    \(d.oneOf("status", ["queued", "running", "done", "failed"])),
                    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                    max_attempts INTEGER NOT NULL DEFAULT 5 CHECK (max_attempts >= 1),
                    run_after BIGINT NOT NULL,
                    locked_by TEXT,
                    locked_at BIGINT,
                    last_error TEXT,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                """
                INSERT INTO sc.jobs_v3 (kind, payload, status, attempts, max_attempts, run_after, last_error, created_at, updated_at)
                SELECT kind, payload, CASE status WHEN 'dead' THEN 'failed' WHEN 'running' THEN 'queued' ELSE status END, attempts, max_attempts,
                    run_after, last_error, created_at, updated_at
                FROM sc.jobs ORDER BY id
                """,
                d.dropIndex("jobs_leased"),
                d.dropIndex("jobs_due"),
                d.dropIndex("jobs_unique"),
                "DROP TABLE sc.jobs",
                "ALTER TABLE sc.jobs_v3 RENAME TO jobs",
                d.index("jobs_ready", on: "jobs", "status, run_after"),
            ]
        })

    /// 10: the forward-validated promise of a model version (`ModelPromise`, JSON; NULL for versions registered before
    /// it). The published view is recreated so that PostgreSQL, which expands `*` when a view is created, shows it.
    static let modelPromise = Migration(
        version: 10, name: "model_promise",
        up: { d in
            [
                "DROP VIEW sc.v_model_specs_published",
                "ALTER TABLE sc.model_specs ADD COLUMN \(d.json("promise", nullable: true))",
                "CREATE VIEW sc.v_model_specs_published AS SELECT * FROM sc.model_specs WHERE status = 'published'",
            ]
        },
        down: { _ in
            [
                "DROP VIEW sc.v_model_specs_published",
                "ALTER TABLE sc.model_specs DROP COLUMN promise",
                "CREATE VIEW sc.v_model_specs_published AS SELECT * FROM sc.model_specs WHERE status = 'published'",
            ]
        })

    /// 12: what a trader steers (issue 18): the settings beyond the model's guardrail defaults (quiet hours, alert
    /// windows and their time zone, a minimum expected return), silences (a user's or an operator's mute of a model,
    /// symbol, universe or regime for a time window), the silence a suppression came from, and a watchlist's change time.
    static let traderControls = Migration(
        version: 12, name: "trader_controls",
        up: { d in
            [
                "ALTER TABLE sc.user_alert_settings ADD COLUMN \(d.json("quiet_hours", nullable: true))",
                "ALTER TABLE sc.user_alert_settings ADD COLUMN \(d.json("alert_windows", nullable: true))",
                "ALTER TABLE sc.user_alert_settings ADD COLUMN time_zone TEXT",
                "ALTER TABLE sc.user_alert_settings ADD COLUMN min_expected_return_pct \(d.real)",
                """
                CREATE TABLE sc.silences (
                    id TEXT PRIMARY KEY,
                    user_id TEXT REFERENCES sc_users_ref ON DELETE CASCADE,
                    created_by TEXT NOT NULL,
                    model_name TEXT,
                    symbol TEXT,
                    universe TEXT,
                    regime TEXT,
                    starts_at BIGINT NOT NULL,
                    ends_at BIGINT NOT NULL,
                    comment TEXT,
                    created_at BIGINT NOT NULL,
                    CHECK (ends_at > starts_at),
                    CHECK (model_name IS NOT NULL OR symbol IS NOT NULL OR universe IS NOT NULL OR regime IS NOT NULL)
                )
                """,
                d.index("silences_window", on: "silences", "ends_at"),
                "ALTER TABLE sc.alert_suppressions ADD COLUMN silence_id TEXT",
                "ALTER TABLE sc.watchlists ADD COLUMN updated_at BIGINT",
            ].map { d.resolveReferences($0) }
        },
        down: { d in
            [
                "ALTER TABLE sc.watchlists DROP COLUMN updated_at",
                "ALTER TABLE sc.alert_suppressions DROP COLUMN silence_id",
                d.dropIndex("silences_window"),
                "DROP TABLE IF EXISTS sc.silences",
                "ALTER TABLE sc.user_alert_settings DROP COLUMN min_expected_return_pct",
                "ALTER TABLE sc.user_alert_settings DROP COLUMN time_zone",
                "ALTER TABLE sc.user_alert_settings DROP COLUMN alert_windows",
                "ALTER TABLE sc.user_alert_settings DROP COLUMN quiet_hours",
            ]
        })

    /// 14: SQLite's published views name their tables without `sc.`. A view in the attached `sc` database that says
    /// `FROM sc.model_specs` works while the file is attached as `sc`, but any other opener (the `sqlite3` shell,
    /// a backup tool) reads the file as `main` and refuses its whole schema ("malformed database schema
    /// (v_model_specs_published)"). A view's tables are always in the view's own database, so the bare name is the
    /// same table. PostgreSQL, where `sc` is a real schema, keeps its views as they are.
    static let portableViews = Migration(
        version: 14, name: "portable_views",
        up: { d in
            d.pg
                ? []
                : [
                    "DROP VIEW sc.v_model_specs_published",
                    "CREATE VIEW sc.v_model_specs_published AS SELECT * FROM model_specs WHERE status = 'published'",
                    "DROP VIEW sc.v_model_packs_published",
                    "CREATE VIEW sc.v_model_packs_published AS SELECT * FROM model_packs WHERE status = 'published'",
                ]
        },
        down: { d in
            d.pg
                ? []
                : [
                    "DROP VIEW sc.v_model_specs_published",
                    "CREATE VIEW sc.v_model_specs_published AS SELECT * FROM sc.model_specs WHERE status = 'published'",
                    "DROP VIEW sc.v_model_packs_published",
                    "CREATE VIEW sc.v_model_packs_published AS SELECT * FROM sc.model_packs WHERE status = 'published'",
                ]
        })

    /// 17: recipes and workflows (issue 18 point 6) get an owner (a user, or NULL for an operator's shared one) and a
    /// change time; a run records the recipe or workflow it came from (its alerts reach it through `run_id`).
    /// No foreign key on the added `user_id`: SQLite cannot add one by ALTER; deleting a user deletes their rows in code.
    static let recipesAndWorkflows = Migration(
        version: 17, name: "recipes_and_workflows",
        up: { _ in
            [
                "ALTER TABLE sc.recipes ADD COLUMN user_id TEXT",
                "ALTER TABLE sc.recipes ADD COLUMN updated_at BIGINT",
                "ALTER TABLE sc.workflows ADD COLUMN user_id TEXT",
                "ALTER TABLE sc.workflows ADD COLUMN updated_at BIGINT",
                "ALTER TABLE sc.alert_runs ADD COLUMN recipe_name TEXT",
                "ALTER TABLE sc.alert_runs ADD COLUMN workflow_name TEXT",
            ]
        },
        down: { _ in
            [
                "ALTER TABLE sc.alert_runs DROP COLUMN workflow_name",
                "ALTER TABLE sc.alert_runs DROP COLUMN recipe_name",
                "ALTER TABLE sc.workflows DROP COLUMN updated_at",
                "ALTER TABLE sc.workflows DROP COLUMN user_id",
                "ALTER TABLE sc.recipes DROP COLUMN updated_at",
                "ALTER TABLE sc.recipes DROP COLUMN user_id",
            ]
        })

    /// Ordered job streams: jobs of one stream (one target, universe and audience's alert runs) are claimed one at a
    /// time in `stream_order`, so a backfill worked by many workers sees each bar's alerts before the next bar's run
    /// (cooldowns and budgets read them). Jobs without a stream are claimed in any order, as before.
    static let jobStreams = Migration(
        version: 18, name: "job_streams",
        up: { d in
            [
                "ALTER TABLE sc.jobs ADD COLUMN stream TEXT",
                "ALTER TABLE sc.jobs ADD COLUMN stream_order BIGINT",
                d.index("jobs_stream_open", on: "jobs", "stream, stream_order", where: "status IN ('queued', 'running')"),
            ]
        },
        down: { d in
            [
                d.dropIndex("jobs_stream_open"),
                "ALTER TABLE sc.jobs DROP COLUMN stream_order",
                "ALTER TABLE sc.jobs DROP COLUMN stream",
            ]
        })

    /// 19: cohorts (issue 13 point 4, issue 18 point 4): a named group of users one alert run serves — symbols scored
    /// once, each member's settings, guardrails and (when set) watchlist applied to the shared candidates. A run, a
    /// schedule and a suppression name their cohort and member.
    static let cohorts = Migration(
        version: 19, name: "cohorts",
        up: { d in
            [
                """
                CREATE TABLE sc.cohorts (
                    name TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 100),
                    description TEXT NOT NULL DEFAULT '',
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE sc.cohort_members (
                    cohort_name TEXT NOT NULL REFERENCES \(d.pg ? "sc.cohorts(name)" : "cohorts(name)") ON DELETE CASCADE,
                    user_id TEXT NOT NULL REFERENCES sc_users_ref ON DELETE CASCADE,
                    watchlist_id TEXT,
                    added_at BIGINT NOT NULL,
                    PRIMARY KEY (cohort_name, user_id)
                )
                """,
                d.index("cohort_members_user", on: "cohort_members", "user_id"),
                "ALTER TABLE sc.alert_runs ADD COLUMN cohort_name TEXT",
                "ALTER TABLE sc.alert_schedules ADD COLUMN cohort_name TEXT",
                "ALTER TABLE sc.alert_suppressions ADD COLUMN user_id TEXT",
            ].map { d.resolveReferences($0) }
        },
        down: { d in
            [
                "ALTER TABLE sc.alert_suppressions DROP COLUMN user_id",
                "ALTER TABLE sc.alert_schedules DROP COLUMN cohort_name",
                "ALTER TABLE sc.alert_runs DROP COLUMN cohort_name",
                d.dropIndex("cohort_members_user"),
                "DROP TABLE IF EXISTS sc.cohort_members",
                "DROP TABLE IF EXISTS sc.cohorts",
            ]
        })

    /// 20: the guardrails' queries (duplicates, the daily budget, cooldowns) and the feed ask for one audience's alerts;
    /// without an index on `user_id` each of them read every alert of the store, once per run and user (a cohort of
    /// 1,000 took 4.7 s on an empty store and 21.6 s a session later).
    static let alertsByAudience = Migration(
        version: 20, name: "alerts_by_audience",
        up: { d in [d.index("alerts_audience", on: "alerts", "user_id, timeframe, bar_time")] },
        down: { d in [d.dropIndex("alerts_audience")] })

    /// Names of every table and view the migrations create, for checks.
    public static let tables = [
        "users", "api_keys", "model_names", "model_specs", "model_training_runs", "model_registry_history",
        "model_packs", "model_pack_components", "webhook_endpoints", "alert_runs", "alerts", "alert_suppressions",
        "alert_delivery", "alert_outcomes", "alert_subscriptions", "user_alert_settings", "presets", "watchlists",
        "feature_sets", "strategies", "recipes", "workflows", "jobs", "service_keys", "idempotency_keys", "alert_schedules", "leases",
        "silences", "cohorts", "cohort_members",
    ]
    public static let views = ["v_model_specs_published", "v_model_packs_published"]
}

extension SchemaDialect {
    /// Foreign keys are written `REFERENCES sc_TABLE_ref`; SQLite wants the bare table name (same schema),
    /// PostgreSQL the qualified one.
    func resolveReferences(_ ddl: String) -> String {
        var out = ddl
        for table in Schema.tables {
            out = out.replacingOccurrences(of: "sc_\(table)_ref", with: pg ? "sc.\(table)(\(primaryKey(table)))" : "\(table)(\(primaryKey(table)))")
        }
        return out
    }

    private func primaryKey(_ table: String) -> String { table == "model_names" ? "name" : "id" }
}
