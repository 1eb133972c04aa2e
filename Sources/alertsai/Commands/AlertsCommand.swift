import Alerting
import AlertsCore
import ArgumentParser
import Features
import Foundation
import Logging
import MarketData
import Server
import Storage

/// `alertsai alerts …`: alert runs over a universe, webhook subscriptions, and the webhook sender.
struct AlertsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts", abstract: "Run a published model or pack over a universe and write alerts; send them to webhooks.",
        discussion: """
            A run scores every symbol of a universe with a published model (or pack) and writes the alerts its guardrails \
            let through. A subscription sends a user's alerts to a webhook; `alertsai alerts deliver` (or `alertsai serve`) \
            sends what is queued.

            Examples:
              alertsai alerts run --model demo-swing-daily-us --universe preset:us-mega-30
              alertsai alerts subscribe --user 3f9c… --model demo-swing-daily-us --webhook https://example.com/hooks/alertsai
              alertsai alerts deliver --once
            """,
        subcommands: [Run.self, Subscribe.self, Subscriptions.self, Unsubscribe.self, RotateSecret.self, Deliver.self])

    /// `alertsai alerts run --model NAME | --pack NAME --universe preset:us-mega-30 [--as-of DATE] [--user ID] [--dry-run]`.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run", abstract: "Score every symbol, apply guardrails, and write the run, its alerts and deliveries.",
            discussion: """
                Bars come from where the model was trained (its spec records the provider and CSV path), unless \
                data.provider is set, which then wins and is noted on stderr when it differs. Only bars closed at the run's instant are scored \
                (--as-of DATE means the end of that day, UTC; an ISO-8601 \
                instant is taken as is). Running the same model, universe and bar twice writes no second alert: the repeat \
                is counted as `duplicate`. --dry-run records the run and its counts but no alert. --cohort NAME serves every \
                member of a cohort in one run: each symbol is scored once, then each member's settings, silences, guardrails \
                and watchlist apply (`alertsai cohorts`).

                Examples:
                  alertsai alerts run --model demo-swing-daily-us --universe preset:us-mega-30
                  alertsai alerts run --model my-goog --universe csv:* --as-of 2024-06-28 --dry-run
                  alertsai alerts run --model demo-swing-daily-us --cohort desk --universe preset:us-mega-30
                  alertsai alerts run --pack swing --from 2024-06-03 --to 2024-06-28 --enqueue
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "A published model name.") var model: String?
        @Option(help: "A published model pack name.") var pack: String?
        @Option(help: "preset:NAME, watchlist:ID or AAPL,MSFT.") var universe = "preset:us-mega-30"
        @Option(name: .customLong("as-of"), help: "YYYY-MM-DD (end of that day, UTC) or an ISO-8601 instant; default now.") var asOf: String?
        @Option(help: "The user the alerts are for (their guardrail settings apply); default: the shared feed.") var user: String?
        @Option(help: "A cohort to serve instead of one user: shared scoring, each member's own guardrails.") var cohort: String?
        @Flag(name: .customLong("dry-run"), help: "Record the run and its counts, write no alert.") var dryRun = false
        @Flag(help: "Print the run report as JSON.") var json = false
        @Option(help: "Backfill from this session (YYYY-MM-DD): one run per closed bar up to --to, oldest first.") var from: String?
        @Option(help: "Backfill up to this session (YYYY-MM-DD), inclusive.") var to: String?
        @Flag(help: "With --from/--to: queue one alert_run job per bar for `alertsai worker` instead of running here.") var enqueue = false
        @OptionGroup var progressOptions: ProgressOptions

        func validate() throws {
            guard (model == nil) != (pack == nil) else { throw ValidationError("give exactly one of --model NAME and --pack NAME") }
            guard (from == nil) == (to == nil) else { throw ValidationError("--from and --to go together") }
            if user != nil, cohort != nil { throw ValidationError("give one of --user ID and --cohort NAME, not both") }
            if from != nil, asOf != nil { throw ValidationError("--as-of is one run; --from/--to is a range: give one of them") }
            if enqueue, from == nil { throw ValidationError("--enqueue queues a backfill: give --from and --to") }
            if enqueue, dryRun { throw ValidationError("--enqueue writes alerts through the queue; it has no --dry-run") }
            if let from, LocalDate(from) == nil { throw ValidationError("--from: '\(from)' is not YYYY-MM-DD") }
            if let to, LocalDate(to) == nil { throw ValidationError("--to: '\(to)' is not YYYY-MM-DD") }
            if let f = from.flatMap(LocalDate.init), let t = to.flatMap(LocalDate.init), t < f {
                throw ValidationError("--to \(t) is before --from \(f)")
            }
            if let asOf { _ = try parseAsOf(asOf) }
        }

        func run() async throws {
            let config = try await global.load()
            let at = try asOf.map(parseAsOf)
            let store = try await openStore(config)
            if let from = from.flatMap(LocalDate.init), let to = to.flatMap(LocalDate.init) {
                do {
                    try await backfill(config: config, store: store, from: from, to: to)
                } catch {
                    await store.shutdown()
                    throw error
                }
                await store.shutdown()
                return
            }
            do {
                let explainer = CheckedExplainer(primary: makeExplainer(config))
                // Bars from the model's own source unless data.provider says otherwise (ModelBars); feature sets from
                // the built-ins and those registered in the store.
                let bars = try ModelBars.resolve(config, for: await publishedSpec(model: model, pack: pack, store: store))
                if let note = bars.note { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
                var runner = AlertRunner(
                    store: store, artifacts: try config.artifactStore(), provider: bars.provider,
                    catalog: StoredFeatureSetCatalog(definitions: SQLDefinitionStore(store: store)), explainer: explainer)
                runner.universes = bars.universes(watchlists: StoredWatchlists(store: SQLWatchlistStore(store: store)))
                let line = ProgressLine("scoring", quiet: progressOptions.quiet)
                runner.progress = line.handler
                let target: ModelTarget = model.map { .model($0) } ?? .pack(pack ?? "")
                let report = try await runner.run(
                    AlertRunRequest(
                        target: target, universe: universe, asOf: at, userID: user, mode: dryRun ? .dryRun : .commit, cohort: cohort))
                line.finish()
                if json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                    print(String(decoding: try encoder.encode(report), as: UTF8.self))
                } else {
                    print(AlertRunText.render(report))
                }
            } catch {
                await store.shutdown()
                throw error
            }
            await store.shutdown()
        }

        /// Every closed bar between the sessions `from` and `to` (session closes for daily models, bar ends for intraday
        /// ones), run here in order or queued as one `alert_run` job each; both leave the same alerts.
        func backfill(config: AppConfig, store: any Store, from: LocalDate, to: LocalDate) async throws {
            let registry = SQLModelRegistry(store: store)
            let spec: ModelSpec
            do {
                if let model {
                    spec = try await registry.published(name: model)
                } else {
                    let p = try await registry.pack(name: pack ?? "")
                    guard let first = p.components.keys.sorted().first, let id = p.components[first] else {
                        throw CommandFailure("pack '\(p.name)' has no component")
                    }
                    spec = try await registry.spec(id: id)
                }
            } catch let e as StorageError {
                throw CommandFailure("\(e)")
            }
            // Bars from the model's own source unless data.provider says otherwise (ModelBars), as a single run.
            let bars = try ModelBars.resolve(config, for: spec)
            if let note = bars.note { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
            let universes = bars.universes(watchlists: StoredWatchlists(store: SQLWatchlistStore(store: store)))
            let instruments = try await universes.resolve(universe)
            let calendar = ExchangeMarketAdapter.of(instruments.first?.market ?? .us).calendar
            let timeframe = spec.labelCfg.timeframe
            let now = Clock.nowMillis()
            // The same enumeration as `alertsai backtest`.
            let instants = try RunInstants.closedBars(calendar: calendar, timeframe: timeframe, from: from, to: to, now: now).map(\.asOf)
            guard !instants.isEmpty else { throw CommandFailure("no closed \(timeframe.rawValue) bar between \(from) and \(to)") }
            if enqueue {
                let queue = SQLJobQueue(store: store)
                var queued = 0
                for t in instants {
                    let job = AlertRunJob(model: model, pack: pack, universe: universe, userID: user, asOf: t, cohort: cohort)
                    let payload = String(decoding: try JSONEncoder().encode(job), as: UTF8.self)
                    if try await queue.enqueue(
                        kind: JobKind.alertRun.rawValue, payload: payload, uniqueKey: job.uniqueKey, stream: job.stream, streamOrder: job.asOf,
                        runAfter: now, maxAttempts: 5, now: now) != nil
                    {
                        queued += 1
                    }
                }
                print(
                    "queued \(queued) alert_run job(s) for \(instants.count) bar(s) (\(instants.count - queued) already queued); `alertsai worker` runs them"
                )
                return
            }
            var runner = AlertRunner(
                store: store, artifacts: try config.artifactStore(), provider: bars.provider,
                catalog: StoredFeatureSetCatalog(definitions: SQLDefinitionStore(store: store)),
                explainer: CheckedExplainer(primary: makeExplainer(config)))
            runner.universes = universes
            let target: ModelTarget = model.map { .model($0) } ?? .pack(pack ?? "")
            var totals: [String: Int] = [:]
            for t in instants {
                let report = try await runner.run(
                    AlertRunRequest(
                        target: target, universe: universe, asOf: t, userID: user, mode: dryRun ? .dryRun : .commit, cohort: cohort))
                for key in ["alerted", "would_alert", "duplicate", "suppressed", "failed"] { totals[key, default: 0] += report.counts[key] ?? 0 }
                print(
                    "\(Timestamps.iso8601(t))  alerted \(report.counts["alerted"] ?? report.counts["would_alert"] ?? 0), duplicate \(report.counts["duplicate"] ?? 0), suppressed \(report.counts["suppressed"] ?? 0), failed \(report.counts["failed"] ?? 0)"
                )
            }
            print(
                "backfill: \(instants.count) run(s); alerted \(totals["alerted"] ?? 0), duplicate \(totals["duplicate"] ?? 0), suppressed \(totals["suppressed"] ?? 0), failed \(totals["failed"] ?? 0)"
            )
        }
    }
}

extension AlertsCommand {
    /// `alertsai alerts rotate-secret --user ID --endpoint EID [--overlap-hours 24]`.
    struct RotateSecret: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-secret", abstract: "Give a webhook endpoint a new signing secret, printed once.",
            discussion: """
                For --overlap-hours (default 24, at most 168) deliveries carry two signatures, one per secret, so the receiver \
                can switch to the new secret without rejecting anything; after that only the new secret signs.

                Examples:
                  alertsai alerts rotate-secret --user 3f9c… --endpoint 7b1e…
                  alertsai alerts rotate-secret --user 3f9c… --endpoint 7b1e… --overlap-hours 0
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "The endpoint's owner (sc.users id).") var user: String
        @Option(help: "The endpoint id (`alertsai alerts subscriptions` lists them).") var endpoint: String
        @Option(name: .customLong("overlap-hours"), help: "Hours the old secret still signs beside the new one (0–168).")
        var overlapHours: Double = 24

        func validate() throws {
            guard overlapHours.isFinite, (0...168).contains(overlapHours) else {
                throw ValidationError("--overlap-hours: 0 to 168, got \(overlapHours)")
            }
        }

        func run() async throws {
            let config = try await global.load()
            let store = try await openStore(config)
            do {
                let secret = WebhookSignature.generateSecret()
                let until = Clock.nowMillis() + Int64((overlapHours * 3_600_000).rounded())
                let info: WebhookEndpointInfo
                do {
                    info = try await SQLWebhookSubscriptionRepository(store: store).rotateWebhookSecret(
                        endpointID: endpoint, userID: user, secret: secret, previousUntil: until)
                } catch StorageError.notFound {
                    throw CommandFailure("no active webhook endpoint '\(endpoint)' of user '\(user)'; `alertsai alerts subscriptions` lists them")
                }
                print("endpoint \(info.id) → \(info.url): new secret")
                print("secret: \(secret)   (shown once)")
                if overlapHours > 0 {
                    print("the previous secret also signs until \(Timestamps.iso8601(until)); switch the receiver before then")
                }
            } catch {
                await store.shutdown()
                throw error
            }
            await store.shutdown()
        }
    }

    /// `alertsai alerts subscribe --user ID --model NAME | --pack NAME [--universe U] --webhook URL`.
    struct Subscribe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "subscribe", abstract: "Send a user's alerts of a model or pack to a webhook, signed with a secret.",
            discussion: """
                Every alert a later run writes for this user (or, with a run for the shared feed, for everyone subscribed) \
                whose symbol the universe covers is queued for the webhook; `alertsai alerts deliver` sends the queue. \
                Each POST is signed per Standard Webhooks (headers webhook-id, webhook-timestamp and \
                webhook-signature: v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">); docs/SECURITY.md shows how a \
                receiver verifies it. The endpoint's whsec_ secret is made here and printed once, when the URL is new for \
                the user; a second subscription to the same URL signs with the same secret (one endpoint per user and URL). \
                `alertsai alerts rotate-secret` makes a new one.

                Examples:
                  alertsai alerts subscribe --user 3f9c… --model demo-swing-daily-us --webhook https://example.com/hooks/alertsai
                  alertsai alerts subscribe --user 3f9c… --pack swing --universe AAPL,MSFT,NVDA --webhook https://example.com/hooks/alertsai
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "The user who receives the alerts (sc.users id).") var user: String
        @Option(help: "A registered model name.") var model: String?
        @Option(help: "A model pack name.") var pack: String?
        @Option(help: "Which alerts: * (all of the model's), preset:NAME, watchlist:ID or AAPL,MSFT.") var universe = "*"
        @Option(help: "The receiver's http:// or https:// URL.") var webhook: String

        func validate() throws {
            guard (model == nil) != (pack == nil) else { throw ValidationError("give exactly one of --model NAME and --pack NAME") }
        }

        func run() async throws {
            let config = try await global.load()
            let key = Self.randomSecret()
            let store = try await openStore(config)
            do {
                let scope = universe.trimmingCharacters(in: .whitespaces)
                if scope != "*" {
                    // The same resolution a run uses: an unknown preset or watchlist, or a malformed list, is named now.
                    _ = try await UniverseResolver(watchlists: StoredWatchlists(store: SQLWatchlistStore(store: store))).resolve(scope)
                }
                let subscription: WebhookSubscription
                do {
                    subscription = try await SQLWebhookSubscriptionRepository(store: store).subscribeWebhook(
                        userID: user, modelName: model, packName: pack, universe: scope, url: webhook, secret: key, at: Clock.nowMillis())
                } catch StorageError.constraint(let message) {
                    throw CommandFailure(message)
                }
                let what = subscription.modelName.map { "model \($0)" } ?? "pack \(subscription.packName ?? "")"
                print("subscribed \(subscription.id): \(what) on \(subscription.universe) → \(subscription.url)")
                if subscription.endpointCreated {
                    print("secret: \(key)   (shown once; the receiver verifies webhook-signature with it)")
                } else {
                    print(
                        "endpoint \(subscription.endpointID) exists: it signs with the secret given when it was made"
                            + " (`alertsai alerts rotate-secret --user \(user) --endpoint \(subscription.endpointID)` makes a new one)")
                }
                print("`alertsai alerts deliver` sends queued alerts; `alertsai alerts unsubscribe \(subscription.id)` stops new ones.")
            } catch {
                await store.shutdown()
                throw error
            }
            await store.shutdown()
        }

        static func randomSecret() -> String { WebhookSignature.generateSecret() }
    }

    /// `alertsai alerts subscriptions [--user ID]`.
    struct Subscriptions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "subscriptions", abstract: "List webhook subscriptions (secrets are never shown).",
            discussion: """
                One line each: the subscription id (what `alertsai alerts unsubscribe` takes), active or inactive, the user, \
                the model or pack, the universe and the URL.

                Examples:
                  alertsai alerts subscriptions
                  alertsai alerts subscriptions --user 3f9c…
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this user's.") var user: String?

        func run() async throws {
            let config = try await global.load()
            let store = try await openStore(config)
            do {
                let list = try await SQLWebhookSubscriptionRepository(store: store).webhookSubscriptions(userID: user)
                if list.isEmpty { print("no webhook subscriptions") }
                for s in list {
                    let what = s.modelName.map { "model \($0)" } ?? "pack \(s.packName ?? "")"
                    print("\(s.id)  \(s.active ? "active  " : "inactive")  user \(s.userID)  \(what)  \(s.universe)  → \(s.url)")
                }
            } catch {
                await store.shutdown()
                throw error
            }
            await store.shutdown()
        }
    }

    /// `alertsai alerts unsubscribe ID`.
    struct Unsubscribe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "unsubscribe", abstract: "Stop queuing new alerts for a webhook subscription (queued ones are still sent).",
            discussion: """
                The subscription stays listed, as inactive, in `alertsai alerts subscriptions`.

                Examples:
                  alertsai alerts unsubscribe 9d4a…
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The subscription id (see `alertsai alerts subscriptions`).") var id: String

        func run() async throws {
            let config = try await global.load()
            let store = try await openStore(config)
            do {
                let s = try await SQLWebhookSubscriptionRepository(store: store).setWebhookSubscription(id: id, active: false)
                print("unsubscribed \(s.id) (\(s.url))")
            } catch {
                await store.shutdown()
                throw error
            }
            await store.shutdown()
        }
    }

    /// `alertsai alerts deliver [--once] [--interval SECONDS] [--limit N]`.
    struct Deliver: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "deliver", abstract: "Send queued webhook alerts (signed POSTs); failures are retried with backoff.",
            discussion: """
                Each pass takes up to --limit due deliveries, POSTs them --concurrency at a time, and prints one line: \
                delivered / retried / failed. A 2xx answer is delivered; anything else, a timeout or a refused connection \
                is an attempt, retried after 30 s, 2 min, 8 min and 32 min, then marked failed with the last error. \
                Several senders (processes) can run at once: each claims its rows, so no alert is sent twice by two of them. \
                Without --once it runs until Ctrl-C / SIGTERM.

                Examples:
                  alertsai alerts deliver --once
                  alertsai alerts deliver --interval 5 --concurrency 8
                """)

        @OptionGroup var global: GlobalOptions
        @Flag(help: "One pass, then exit.") var once = false
        @Option(help: "Seconds between passes.") var interval: Double = 10
        @Option(help: "Deliveries taken per pass.") var limit = 100
        @Option(help: "POSTs in flight at once.") var concurrency = 4
        @Option(help: "Seconds to wait for a receiver's answer.") var timeout: Double = 10

        func validate() throws {
            guard interval > 0, interval.isFinite else { throw ValidationError("--interval must be a positive number of seconds, got \(interval)") }
            guard limit >= 1 else { throw ValidationError("--limit must be ≥ 1, got \(limit)") }
            guard concurrency >= 1 else { throw ValidationError("--concurrency must be ≥ 1, got \(concurrency)") }
            guard timeout > 0, timeout.isFinite else { throw ValidationError("--timeout must be a positive number of seconds, got \(timeout)") }
        }

        func run() async throws {
            let config = try await global.load()
            var logger = Logger(label: "alertsai.webhooks")
            logger.logLevel = config.logLevel
            let store = try await openStore(config)
            let worker = WebhookDeliveryWorker(
                store: SQLDeliveryRepository(store: store),
                policy: WebhookDeliveryPolicy(
                    batchSize: limit, concurrency: concurrency, timeout: timeout, firstRetryDelay: config.webhookPolicy.firstRetryDelay),
                logger: logger, addresses: WebhookAddressPolicy(allowed: config.webhookAllowedNetworks))
            if once {
                do {
                    print(Self.line(try await worker.runPass()))
                } catch {
                    await store.shutdown()
                    throw error
                }
                await store.shutdown()
                return
            }
            FileHandle.standardOutput.write(Data("delivering every \(interval) s; Ctrl-C to stop\n".utf8))
            let loop = Task {
                // Unbuffered, so a log file behind a pipe gets each pass as it happens.
                await worker.run(every: .milliseconds(Int64((interval * 1000).rounded()))) { pass in
                    FileHandle.standardOutput.write(Data((Self.line(pass) + "\n").utf8))
                }
            }
            // Ctrl-C / SIGTERM end the loop between POSTs; rows claimed but not sent are taken again when their lease ends.
            let signals = [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { loop.cancel() }
                source.resume()
                return source
            }
            await loop.value
            for s in signals { s.cancel() }
            await store.shutdown()
        }

        static func line(_ pass: WebhookDeliveryPass) -> String {
            "\(Timestamps.iso8601(Clock.nowMillis() / 1000 * 1000))  \(pass.summary)"
        }
    }
}

/// The published spec a run of `model` (or the first component of `pack`) scores; nil when there is none (the run
/// then reports that itself).
func publishedSpec(model: String?, pack: String?, store: any Store) async -> ModelSpec? {
    let target: ModelTarget = model.map { .model($0) } ?? .pack(pack ?? "")
    return await ModelBars.spec(of: target, registry: SQLModelRegistry(store: store))
}

/// `YYYY-MM-DD` → the end of that day (UTC), so that the day's bars are closed; an ISO-8601 instant as is.
func parseAsOf(_ text: String) throws -> Int64 {
    if let d = LocalDate(text) { return d.adding(days: 1).utcMidnightMillis - 1 }
    let f = ISO8601DateFormatter()
    if let date = f.date(from: text) { return Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }
    throw ValidationError("--as-of: '\(text)' is neither YYYY-MM-DD nor an ISO-8601 instant like 2024-06-28T20:00:00Z")
}

/// Opens the configured store and applies pending migrations.
func openStore(_ config: AppConfig) async throws -> any Store {
    var logger = Logger(label: "alertsai.alerts")
    logger.logLevel = .warning
    return try await openConfiguredStore(config, logger: logger)
}

/// The LLM explainer when `llm.base_url` is set, else the template.
func makeExplainer(_ config: AppConfig) -> any Explainer { AppServices.explainer(config) }

/// A run report for people.
enum AlertRunText {
    static func render(_ r: AlertRunReport) -> String {
        var lines: [String] = []
        // A cohort run names each line's member.
        let cohort = r.counts["users"] != nil
        func whose(_ p: ProposedAlert) -> String { cohort ? " for \(p.userID ?? "-")" : "" }
        let mode = r.mode == .commit ? "" : " (\(r.mode.rawValue))"
        lines.append("run \(r.runID ?? "-")\(mode): \(r.models.joined(separator: ", ")) on \(r.universe) as of \(Timestamps.iso8601(r.asOf))")
        lines.append("counts: " + r.counts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
        for a in r.alerts {
            if a.instrument == .option, let contract = a.plan.hints["contract"]?.stringValue, let premium = a.plan.hints["premium"]?.doubleValue {
                // The premium is a Black–Scholes estimate on realised volatility, and the barriers apply to it.
                lines.append(
                    "ALERT " + a.symbol.padding(toLength: 6, withPad: " ", startingAt: 0)
                        + " \(a.model) score \(String(format: "%.3f", a.score.score))"
                        + " ≥ \(String(format: "%.3f", a.score.threshold)) \(a.regime?.label ?? "-") \(contract) (dte \(a.dte ?? 0))"
                        + " premium ≈ \(String(format: "%.2f", premium)) (estimate)"
                        + " stop \(String(format: "%.2f", a.plan.hints["premium_stop"]?.doubleValue ?? 0)) (-\(String(format: "%.0f", a.plan.stopPct * 100))%)"
                        + " tp \(String(format: "%.2f", a.plan.hints["premium_take_profit"]?.doubleValue ?? 0)) (+\(String(format: "%.0f", a.plan.takeProfitPct * 100))%)"
                        + " leverage \(String(format: "%.1f", a.plan.hints["leverage"]?.doubleValue ?? 0))x hold \(a.plan.maxHoldBars)" + whose(a))
                if let e = a.explanation { lines.append("      \(e.text)") }
                continue
            }
            lines.append(
                "ALERT " + a.symbol.padding(toLength: 6, withPad: " ", startingAt: 0) + " \(a.model) score \(String(format: "%.3f", a.score.score))"
                    + " ≥ \(String(format: "%.3f", a.score.threshold)) \(a.regime?.label ?? "-") \(a.plan.side.rawValue)"
                    + " stop \(String(format: "%.2f", a.plan.stopPrice)) tp \(String(format: "%.2f", a.plan.takeProfitPrice))"
                    + " hold \(a.plan.maxHoldBars) size \(String(format: "%.1f%%", a.plan.sizingHint * 100))" + whose(a))
            if let e = a.explanation { lines.append("      \(e.text)") }
        }
        for s in r.suppressed {
            lines.append(
                "held  \(s.symbol) \(s.model) score \(String(format: "%.3f", s.score.score)) — \(s.guardrail ?? ""): \(s.detail ?? "")" + whose(s))
        }
        for d in r.duplicates { lines.append("dup   \(d.symbol) \(d.model): already alerted for this bar" + whose(d)) }
        for (k, v) in r.failures.sorted(by: { $0.key < $1.key }) { lines.append("fail  \(k): \(v)") }
        if !r.alerts.isEmpty { lines.append(AlertDisclaimer.text) }
        return lines.joined(separator: "\n")
    }
}
