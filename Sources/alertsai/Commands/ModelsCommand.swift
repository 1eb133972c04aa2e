import Alerting
import AlertsCore
import ArgumentParser
import Features
import Foundation
import Logging
import MarketData
import Server
import Storage
import Training

/// `alertsai models`: the model registry — list, show, publish, unpublish, history, diff.
struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "Inspect and publish registered models (sc.model_specs and their training runs).",
        discussion: """
            A model is a name with numbered versions: `alertsai train` (or `models import`) registers each new version as \
            a draft, `models publish` makes one version the one runs, previews, schedules and subscriptions of the name \
            score, and every change is kept in the history.

            Examples:
              alertsai models list
              alertsai models show demo-swing-daily-us
              alertsai models publish demo-swing-daily-us 2
              alertsai models diff demo-swing-daily-us 1 2
            """,
        subcommands: [List.self, Show.self, Import.self, Publish.self, Unpublish.self, History.self, Diff.self]
    )
}

extension ModelsCommand {
    /// `models list [NAME]`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every model version (or one name's), newest first.",
            discussion: """
                One row per version: name, version, status (draft, published or unpublished), feature set, instrument, \
                timeframe, alert threshold and when it was registered.

                Examples:
                  alertsai models list
                  alertsai models list demo-swing-daily-us
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Only this model name.") var name: String?

        func run() async throws {
            try await CommandFailure.oneLine {
                let config = try await global.load()
                try await RegistryConnection.with(config) { registry, _ in
                    let specs = try await registry.list(name: name)
                    guard !specs.isEmpty else {
                        print(
                            name.map { "no model named '\($0)'; train one with `alertsai train RUN.yaml`" }
                                ?? "no models yet; train one with `alertsai train RUN.yaml`")
                        return
                    }
                    print(
                        Table.render(
                            header: ["name", "version", "status", "feature set", "instrument", "timeframe", "alert threshold", "created"],
                            rows: specs.map { s in
                                [
                                    s.name, "\(s.version)", s.status.rawValue, "\(s.featureset.name)@v\(s.featureset.version)",
                                    s.labelCfg.instrument.rawValue,
                                    s.labelCfg.timeframe.rawValue, String(format: "%.4f", s.thresholds.alert), Table.date(s.createdAt),
                                ]
                            }))
                }
            }
        }
    }

    /// `models show NAME [VERSION] [--json]`.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a model version (newest by default) and its training run.",
            discussion: """
                The spec (artifact, feature set, label and plan, thresholds, guardrails, scope, and its promise with whether it \
                is publishable), then each training run: rows, out-of-fold metrics, calibration, threshold and stage timings.

                Examples:
                  alertsai models show demo-swing-daily-us
                  alertsai models show demo-swing-daily-us 1 --json
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Model name.") var name: String
        @Argument(help: "Version (default: the newest).") var version: Int?
        @Flag(help: "Print the spec and its runs as JSON.") var json = false

        func run() async throws {
            try await CommandFailure.oneLine {
                let config = try await global.load()
                try await RegistryConnection.with(config) { registry, _ in
                    let spec = try await registry.spec(name: name, version: version)
                    let runs = try await registry.trainingRuns(specID: spec.id)
                    if json {
                        let doc = JSONValue.object(["spec": try JSONValue(encoding: spec), "training_runs": try JSONValue(encoding: runs)])
                        print(String(decoding: try Table.prettyJSON(doc), as: UTF8.self))
                        return
                    }
                    print(SpecText.describe(spec))
                    for run in runs {
                        print("")
                        print(SpecText.describe(run))
                    }
                    if runs.isEmpty { print("\ntraining run: none recorded (imported or registered by hand)") }
                }
            }
        }
    }

    /// `models publish NAME VERSION [--force]`.
    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish a version (the previous published one is unpublished); refused when its artifact is missing or corrupt.",
            discussion: """
                Also refused when the version's forward expectancy interval (its promise, measured walk-forward at training) does not \
                lie above both zero and the null band (the same alert rate picked at random): drift and costs alone are not an \
                edge. --force publishes anyway and records who overrode the refusal, and when, on the spec (promise.forced_publish) \
                and in the registry history.

                Examples:
                  alertsai models publish demo-swing-daily-us 2
                  alertsai models publish my-goog 1 --force --actor alice
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The model name (`alertsai models list` lists them).") var name: String
        @Argument(help: "The version number, as `alertsai models show NAME` prints it.") var version: Int
        @Option(help: "Who publishes (recorded in the history); default $USER or cli.") var actor: String = RegistryConnection.defaultActor
        @Flag(help: "Publish even when the promise does not clear the bar (the override is recorded on the spec).") var force = false

        func run() async throws {
            try await CommandFailure.oneLine {
                let config = try await global.load()
                try await RegistryConnection.with(config) { registry, artifacts in
                    let target = try await registry.spec(name: name, version: version)
                    let refusal = PublishGate.refusal(target)
                    if let refusal, !force { throw CommandFailure(refusal) }
                    // A model that cannot run live is refused whatever --force says: the override is for the promise only.
                    let dryRun = try await Self.dryRun(target, config: config)
                    if let why = dryRun.refusal { throw CommandFailure(why) }
                    for (symbol, why) in dryRun.failures.sorted(by: { $0.key < $1.key }) {
                        FileHandle.standardError.write(Data("warning: dry run: \(symbol): \(why)\n".utf8))
                    }
                    let forced = refusal.map { ForcedPublish(by: actor, at: Timestamps.iso8601(Clock.nowMillis()), refusal: $0) }
                    let spec = try await registry.publish(name: name, version: version, actor: actor, forced: forced) { spec in
                        do {
                            try await artifacts.verify(uri: spec.modelURI, digest: spec.artifactDigest)
                        } catch {
                            throw CommandFailure("refusing to publish \(spec.reference): \(error)")
                        }
                    }
                    if let refusal {
                        FileHandle.standardError.write(Data("warning: published over the gate (--force, recorded): \(refusal)\n".utf8))
                    }
                    print("published \(spec.reference) (artifact \(spec.artifactDigest.prefix(12))… verified) by \(actor)")
                    print(
                        "dry run on \(dryRun.universe) as of \(Timestamps.iso8601(dryRun.asOf)): \(dryRun.served) of \(dryRun.symbols) symbol(s) served"
                    )
                }
            }
        }

        /// The model run once as live (features, bars from `data.provider`, score, plan) on its universe's last closed bar.
        static func dryRun(_ spec: ModelSpec, config: AppConfig) async throws -> PublishDryRun {
            let store = try await openStore(config)
            let found: PublishDryRun
            do {
                var runner = AlertRunner(
                    store: store, artifacts: try config.artifactStore(), provider: try AppServices.barProvider(config),
                    catalog: StoredFeatureSetCatalog(definitions: SQLDefinitionStore(store: store)))
                runner.universes = UniverseResolver(watchlists: StoredWatchlists(store: SQLWatchlistStore(store: store)))
                found = await runner.publishDryRun(spec)
            } catch {
                await store.shutdown()
                throw error
            }
            await store.shutdown()
            return found
        }
    }

    /// `models import --format lightgbm --input model.txt --name NAME --feature-set SET --plan FILE`.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a model trained elsewhere (a LightGBM model.txt) as the next draft version of NAME.",
            discussion: """
                The model's feature names must be exactly the feature set's (an error names the missing and extra ones). The \
                plan file is a plan in YAML or JSON (side, take_profit, stop, max_hold_bars, entry, costs), the trade the model \
                alerts. An imported model has no forward promise, so publishing it needs --force (recorded), and the publish \
                dry run checks that it can run on its universe.

                Examples:
                  alertsai models import --input Tests/LearningTests/Fixtures/lgb_plain.model.txt --name py-lgb \
                --feature-set examples/kinds/lightgbm-set.yaml --plan examples/kinds/lightgbm-plan.yaml
                  alertsai models import --input model.txt --name goog-lgb --feature-set core-daily@v1 \
                --plan examples/kinds/lightgbm-plan.yaml --universe GOOG --threshold 0.6
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "Source format (lightgbm).") var format: String = "lightgbm"
        @Option(help: "LightGBM model.txt from booster.save_model.") var input: String
        @Option(help: "Registry name; the import is its next version (a draft).") var name: String
        @Option(name: .customLong("feature-set"), help: "The feature set computing the model's inputs: NAME, NAME@vN, or a YAML/JSON file of one.")
        var featureSet: String
        @Option(help: "A YAML or JSON file holding the plan.") var plan: String
        @Option(help: "Alert when the model's probability is at least this.") var threshold: Double = 0.5
        @Option(help: "Timeframe of the bars the model scores.") var timeframe: String = "1d"
        @Option(help: "equity, etf, option or fx.") var instrument: String = "equity"
        @Option(help: "The universe it runs on (preset:NAME or AAPL,MSFT): its scope.") var universe: String?
        @Option(help: "Who registers (recorded in the history); default $USER or cli.") var actor: String = RegistryConnection.defaultActor

        func run() async throws {
            try await CommandFailure.oneLine {
                guard format == "lightgbm" else { throw CommandFailure("--format must be lightgbm, not '\(format)'") }
                guard let tf = Timeframe(rawValue: timeframe) else {
                    throw CommandFailure("--timeframe '\(timeframe)' is not one of 1m 5m 15m 30m 1h 1d 1w")
                }
                guard let kind = InstrumentKind(rawValue: instrument) else {
                    throw CommandFailure("--instrument '\(instrument)' is not one of equity, etf, option, fx")
                }
                guard let text = try? String(contentsOf: URL(fileURLWithPath: input), encoding: .utf8) else {
                    throw CommandFailure("--input: cannot read '\(input)'")
                }
                guard let planText = try? String(contentsOf: URL(fileURLWithPath: plan), encoding: .utf8) else {
                    throw CommandFailure("--plan: cannot read '\(plan)'")
                }
                let planSpec: PlanSpec
                do {
                    planSpec = try DefinitionFiles.decode(PlanDocument.self, yaml: planText, source: plan).spec
                } catch {
                    throw CommandFailure("--plan: \(error)")
                }
                let config = try await global.load()
                let store = try await openStore(config)
                do {
                    let catalog = StoredFeatureSetCatalog(definitions: SQLDefinitionStore(store: store))
                    let (set, inline) = try await Self.resolveSet(featureSet, catalog: catalog)
                    let scope: ModelScope =
                        universe.map { u in
                            u.lowercased().hasPrefix("preset:")
                                ? ModelScope(allowPresets: [String(u.dropFirst("preset:".count))])
                                : ModelScope(allowSymbols: u.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() })
                        } ?? ModelScope()
                    let importer = ModelImport(
                        name: name, featureSet: set, inlineSet: inline, plan: planSpec, instrument: kind, timeframe: tf, threshold: threshold,
                        scope: scope)
                    let made = try importer.lightGBM(text, source: input)
                    var spec = made.spec
                    let (uri, digest) = try await config.artifactStore().put(made.artifact)
                    spec.modelURI = uri
                    spec.artifactDigest = digest
                    let registered = try await SQLModelRegistry(store: store).register(spec, run: nil, actor: actor)
                    print(
                        "registered \(registered.reference) (draft) from \(input): \(spec.featureset.features.count) features of "
                            + "\(set.reference), artifact \(digest.prefix(12))…")
                } catch {
                    await store.shutdown()
                    throw error
                }
                await store.shutdown()
            }
        }

        /// A catalog reference, or a file holding a feature set definition (then stored with the model).
        static func resolveSet(_ text: String, catalog: any FeatureSetCatalog) async throws -> (FeatureSet, Bool) {
            if text.hasSuffix(".yaml") || text.hasSuffix(".yml") || text.hasSuffix(".json") {
                let definition = try DefinitionFiles.load(FeatureSetDefinition.self, from: URL(fileURLWithPath: text))
                return (try FeatureSet(definition), true)
            }
            return (try await catalog.resolveFeatureSet(text), false)
        }
    }

    /// `models unpublish NAME VERSION`.
    struct Unpublish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Unpublish a published version.",
            discussion: """
                Runs of the name then have no published version to score until one is published again; the version stays \
                registered (status unpublished) and `alertsai models publish NAME VERSION` can publish it again.

                Examples:
                  alertsai models unpublish demo-swing-daily-us 1
                  alertsai models unpublish demo-swing-daily-us 1 --actor alice
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The model name (`alertsai models list` lists them).") var name: String
        @Argument(help: "The version number, as `alertsai models show NAME` prints it.") var version: Int
        @Option(help: "Who unpublishes; default $USER or cli.") var actor: String = RegistryConnection.defaultActor

        func run() async throws {
            try await CommandFailure.oneLine {
                let config = try await global.load()
                try await RegistryConnection.with(config) { registry, _ in
                    let spec = try await registry.unpublish(name: name, version: version, actor: actor)
                    print("unpublished \(spec.reference) by \(actor)")
                }
            }
        }
    }

    /// `models history NAME`.
    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The registry history of a model name: register, publish, unpublish, packs.",
            discussion: """
                Examples:
                  alertsai models history demo-swing-daily-us
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The model name (`alertsai models list` lists them).") var name: String

        func run() async throws {
            try await CommandFailure.oneLine {
                let config = try await global.load()
                try await RegistryConnection.with(config) { registry, _ in
                    let events = try await registry.history(name: name)
                    guard !events.isEmpty else { throw CommandFailure("no history for '\(name)'; see `alertsai models list`") }
                    print(
                        Table.render(
                            header: ["at", "action", "model", "version", "pack", "actor", "detail"],
                            rows: events.map { e in
                                [
                                    Table.date(Date(timeIntervalSince1970: Double(e.at) / 1000)), e.action, e.modelName,
                                    e.version.map(String.init) ?? "",
                                    e.packName ?? "", e.actor, e.detail.map(Table.compact) ?? "",
                                ]
                            }))
                }
            }
        }
    }

    /// `models diff NAME V1 V2`.
    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What differs between two versions: spec fields, training config and metrics.",
            discussion: """
                Examples:
                  alertsai models diff demo-swing-daily-us 1 2
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The model name (`alertsai models list` lists them).") var name: String
        @Argument(help: "The first version to compare.") var v1: Int
        @Argument(help: "The second version to compare.") var v2: Int

        func run() async throws {
            try await CommandFailure.oneLine {
                let config = try await global.load()
                try await RegistryConnection.with(config) { registry, _ in
                    let a = try await registry.spec(name: name, version: v1)
                    let b = try await registry.spec(name: name, version: v2)
                    let ra = try await registry.trainingRuns(specID: a.id).last
                    let rb = try await registry.trainingRuns(specID: b.id).last
                    func doc(_ s: ModelSpec, _ r: TrainingRunRecord?) throws -> [String: String] {
                        var out: [String: String] = [:]
                        let spec: [String: JSONValue] = [
                            "status": .string(s.status.rawValue), "featureset": try JSONValue(encoding: s.featureset),
                            "label_cfg": try JSONValue(encoding: s.labelCfg), "thresholds": try JSONValue(encoding: s.thresholds),
                            "guardrails": try JSONValue(encoding: s.guardrails), "scope": try JSONValue(encoding: s.scope),
                            "artifact_digest": .string(s.artifactDigest), "training_cfg": s.trainingCfg,
                        ]
                        Table.flatten(.object(spec), prefix: "", into: &out)
                        if let r {
                            Table.flatten(r.metrics, prefix: "metrics", into: &out)
                            out["data_fingerprint"] = r.dataFingerprint
                            out["code_version"] = r.codeVersion
                        }
                        out = out.filter { !$0.key.hasPrefix("metrics.timings_ms") }
                        return out
                    }
                    let da = try doc(a, ra)
                    let db = try doc(b, rb)
                    let keys = Set(da.keys).union(db.keys).sorted()
                    let changed = keys.filter { da[$0] != db[$0] }
                    guard !changed.isEmpty else {
                        print("\(a.reference) and \(b.reference) are the same (apart from ids, times and stage timings)")
                        return
                    }
                    print(
                        Table.render(
                            header: ["field", a.reference, b.reference],
                            rows: changed.map { [$0, da[$0] ?? "—", db[$0] ?? "—"] }))
                }
            }
        }
    }
}

/// Opens the store (migrating it, which is idempotent) and the artifact store for one command.
enum RegistryConnection {
    static var defaultActor: String { ProcessInfo.processInfo.environment["USER"] ?? "cli" }

    static func with(_ config: AppConfig, _ body: (any ModelRegistry, any ArtifactStore) async throws -> Void) async throws {
        var logger = Logger(label: "alertsai.registry")
        logger.logLevel = .warning
        let artifacts = try config.artifactStore()
        let store = try await StoreFactory.open(url: try DatabaseURL(config.databaseURL), logger: logger)
        do {
            try await Migrator(store: store, logger: logger).migrate()
            try await body(SQLModelRegistry(store: store), artifacts)
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
    }
}

/// A command failure with its message; `CommandErrors` prints it as one `Error: …` line and exits 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ message: String) { description = message }

    /// Runs `body`; every command's errors end the same way in `CommandErrors`, so this only passes them on.
    static func oneLine(_ body: () async throws -> Void) async throws {
        try await body()
    }
}

/// Plain-text rendering for the registry commands.
enum Table {
    static func render(header: [String], rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in i == cells.count - 1 ? c : c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }
        return ([line(header), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line)).joined(separator: "\n")
    }

    static func date(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: d)
    }

    static func compact(_ v: JSONValue) -> String {
        (try? String(decoding: JSONEncoder.canonical.encode(v), as: UTF8.self)) ?? ""
    }

    static func prettyJSON(_ v: JSONValue) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try e.encode(v)
    }

    /// `a.b[2].c = value` lines of a JSON value.
    static func flatten(_ v: JSONValue, prefix: String, into out: inout [String: String]) {
        switch v {
        case .object(let o):
            for (k, x) in o { flatten(x, prefix: prefix.isEmpty ? k : "\(prefix).\(k)", into: &out) }
        case .array(let a):
            if a.allSatisfy({ if case .object = $0 { return false } else { return true } }) {
                out[prefix] = compact(v)
            } else {
                for (i, x) in a.enumerated() { flatten(x, prefix: "\(prefix)[\(i)]", into: &out) }
            }
        case .number(let d): out[prefix] = d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(format: "%.6g", d)
        case .string(let s): out[prefix] = s
        case .bool(let b): out[prefix] = b ? "true" : "false"
        case .null: out[prefix] = "null"
        }
    }
}

/// The text of `models show`.
enum SpecText {
    static func describe(_ s: ModelSpec) -> String {
        let plan = s.labelCfg.plan
        func barrier(_ b: BarrierDistance) -> String {
            switch b {
            case .percent(let p): String(format: "%g%%", p * 100)
            case .atr(let m, let n): String(format: "%g×ATR(%d)", m, n)
            }
        }
        let regimes = s.thresholds.perRegime.sorted { $0.key < $1.key }.map { "\($0.key) " + String(format: "%.4f", $0.value) }.joined(
            separator: ", ")
        let g = s.guardrails
        let features = s.featureset.features
        let shown = features.prefix(8).joined(separator: ", ") + (features.count > 8 ? ", …" : "")
        let symbols = s.scope.allowSymbols.prefix(10).joined(separator: ", ") + (s.scope.allowSymbols.count > 10 ? ", …" : "")
        let filters = s.scope.filters.isEmpty ? "" : " filters \(Table.compact(.object(s.scope.filters)))"
        let threshold = String(format: "%.4f", s.thresholds.alert)
        return [
            "model         \(s.reference)   status \(s.status.rawValue)   id \(s.id.uuidString)",
            "created       \(Table.date(s.createdAt))   updated \(Table.date(s.updatedAt))",
            "artifact      \(s.modelURI)",
            "feature set   \(s.featureset.name)@v\(s.featureset.version): \(features.count) features (\(shown))",
            "label         \(s.labelCfg.labeler) on \(s.labelCfg.instrument.rawValue), \(s.labelCfg.timeframe.rawValue) bars",
            "plan          \(plan.side.rawValue) take-profit +\(barrier(plan.takeProfit)), stop −\(barrier(plan.stop)), "
                + "max hold \(plan.maxHoldBars) bars, entry \(plan.entry.rawValue)",
            "thresholds    alert \(threshold)\(regimes.isEmpty ? "" : "; per regime: \(regimes)")",
            "guardrails    daily budget \(g.dailyBudget), cooldown \(g.cooldownBars) bars, max per sector \(g.maxPerSector), "
                + "max per direction \(g.maxPerDirection), options DTE \(g.optionsMinDTE)–\(g.optionsMaxDTE), max leverage \(g.maxLeverage)",
            "scope         presets [\(s.scope.allowPresets.joined(separator: ", "))] symbols [\(symbols)]\(filters)",
            promise(s),
        ].joined(separator: "\n")
    }

    /// The promise in two lines, and whether the publish gate lets it through.
    static func promise(_ s: ModelSpec) -> String {
        guard let p = s.promise else { return "promise       none recorded (publishing needs --force)" }
        var text =
            "promise       forward \(p.foldsUsed) folds, \(p.alerts) alerts: precision \(p.precision.text(3)), expectancy "
            + "\(p.expectancyPct.text(3)) % / \(p.expectancyR.text(3)) R, \(p.alertsPerDay.text(2)) alerts/day\n"
            + "              null band expectancy \(p.nullBand.expectancyPct.text(3)) %, base "
            + (p.base.expectancyPct.map { String(format: "%.3f %%", $0) } ?? "n/a") + "; "
            + (p.publishRefusal.map { "not publishable: \($0)" } ?? "publishable")
        if let f = p.forcedPublish { text += "\n              forced publish by \(f.by) at \(f.at)" }
        return text
    }

    static func describe(_ r: TrainingRunRecord) -> String {
        let m = r.metrics
        func num(_ path: [String]) -> String {
            var v: JSONValue? = m
            for p in path { v = v?[p] }
            guard let d = v?.doubleValue else { return "n/a" }
            return d == d.rounded() && abs(d) < 1e12 ? String(Int64(d)) : String(format: "%.4f", d)
        }
        let started = Table.date(Date(timeIntervalSince1970: Double(r.startedAt) / 1000))
        let took = r.finishedAt.map { String(format: " (%.1f s)", Double($0 - r.startedAt) / 1000) } ?? ""
        let oof = { (k: String) in num(["out_of_fold", k]) }
        let cal = { (k: String) in num(["calibration", k]) }
        let thr = { (k: String) in num(["thresholds", k]) }
        var lines = [
            "training run  \(r.id.uuidString)  \(r.status)  \(started)\(took)",
            "lineage       code \(r.codeVersion), seed \(r.seed), data \(r.dataFingerprint.prefix(16))…, artifact \(r.artifactDigest.prefix(12))…",
            "rows          \(num(["rows"])) labeled, \(num(["positives"])) positive, base rate \(num(["base_rate"])), "
                + "effective \(num(["effective_rows"]))",
            "out of fold   AUC \(oof("auc")), precision@top \(oof("top_fraction")) \(oof("precision_at_top")) (lift \(oof("lift"))), "
                + "precision@top\(oof("top_per_day"))/day \(oof("precision_at_top_per_day"))",
            "calibration   \(m["calibration"]?["method"]?.stringValue ?? "none"): Brier \(cal("brier_before")) → \(cal("brier_after")), "
                + "ECE \(cal("ece_before")) → \(cal("ece_after"))",
            "threshold     \(m["thresholds"]?["policy"]?.stringValue ?? "?") → \(thr("alerts")) alerts out of fold, "
                + "precision \(thr("precision")), \(thr("alerts_per_day"))/day",
        ]
        if case .object(let regimes)? = m["per_regime"] {
            for (k, _) in regimes.sorted(by: { $0.key < $1.key }) {
                lines.append(
                    "regime        \(k.padding(toLength: 11, withPad: " ", startingAt: 0)) rows \(num(["per_regime", k, "rows"])), "
                        + "base \(num(["per_regime", k, "base_rate"])), AUC \(num(["per_regime", k, "auc"])), "
                        + "precision@top \(num(["per_regime", k, "precision_at_top"]))"
                )
            }
        }
        if case .object(let t)? = m["timings_ms"] {
            let order = ["load", "features", "labels", "cv", "calibration", "final_fit", "register"]
            lines.append(
                "timings       "
                    + order.compactMap { k in t[k]?.doubleValue.map { "\(k) " + String(format: "%.2fs", $0 / 1000) } }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
