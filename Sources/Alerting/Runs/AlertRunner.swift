import AlertsCore
import Features
import Foundation
import MarketData
import Metrics
import Storage

/// Runs the whole online chain for every symbol of a universe: closed bars → features → score (regime-bent
/// threshold) → plan → guardrails → explanation → one transaction writing the run, its alerts, suppressions and
/// deliveries. Running the same model, universe and bar twice writes no second alert (counted as `duplicate`).
public struct AlertRunner: Sendable {
    public let registry: any ModelRegistry
    public let runs: any AlertRunRepository
    public let alerts: any AlertRepository
    public let subscriptions: any WebhookSubscriptionRepository
    public let settings: any UserSettingsStore
    public let models: ModelCache
    public var provider: any BarProvider
    public let catalog: any FeatureSetCatalog
    public var explainer: CheckedExplainer
    public let clock: any WallClock
    public var regimes: VolatilityRegimeAdapter
    public var sizing: PlanSizing
    public var universes: UniverseResolver
    /// Symbols fetched and scored at once.
    public var concurrency: Int
    /// Silences in force mute matching candidates before the guardrails (none are read when nil).
    public var silences: (any SilenceStore)?
    /// Cohorts a request may name (`AlertRunRequest.cohort`); cohort runs are refused when nil.
    public var cohorts: (any CohortStore)?
    /// Hears each symbol scored: (done, total, symbol), for a progress line.
    public var progress: (@Sendable (_ done: Int, _ total: Int, _ symbol: String) -> Void)? = nil

    public init(
        registry: any ModelRegistry, runs: any AlertRunRepository, alerts: any AlertRepository,
        subscriptions: any WebhookSubscriptionRepository, settings: any UserSettingsStore, models: ModelCache, provider: any BarProvider,
        catalog: any FeatureSetCatalog, explainer: CheckedExplainer = CheckedExplainer(), clock: any WallClock = SystemClock(),
        regimes: VolatilityRegimeAdapter = .init(), sizing: PlanSizing = .init(), universes: UniverseResolver = .init(), concurrency: Int = 4
    ) {
        self.registry = registry
        self.runs = runs
        self.alerts = alerts
        self.subscriptions = subscriptions
        self.settings = settings
        self.models = models
        self.provider = provider
        self.catalog = catalog
        self.explainer = explainer
        self.clock = clock
        self.regimes = regimes
        self.sizing = sizing
        self.universes = universes
        self.concurrency = concurrency
    }

    /// Builds the runner over one store (registry, alert and settings repositories on it).
    public init(
        store: any Store, artifacts: any ArtifactStore, provider: any BarProvider, catalog: any FeatureSetCatalog,
        explainer: CheckedExplainer = CheckedExplainer(), clock: any WallClock = SystemClock(), models: ModelCache? = nil
    ) {
        self.init(
            registry: SQLModelRegistry(store: store), runs: SQLAlertRunRepository(store: store), alerts: SQLAlertRepository(store: store),
            subscriptions: SQLWebhookSubscriptionRepository(store: store), settings: SQLUserSettingsStore(store: store),
            models: models ?? ModelCache(artifacts: artifacts), provider: provider, catalog: catalog, explainer: explainer, clock: clock,
            universes: UniverseResolver(watchlists: WatchlistsInStore(store: SQLWatchlistStore(store: store))))
        silences = SQLSilenceStore(store: store)
        cohorts = SQLCohortStore(store: store)
    }

    /// One model of the run with its role in the pack.
    struct Component: Sendable {
        var role: String?
        var model: ServingModel
        var set: FeatureSet
        /// A strategy model's entry condition: only bars where it holds are scored (they were its training events).
        var entry: Condition?
        /// The spec's scope filters (price, volume, sectors).
        var filters = ScopeFilters()
    }

    /// A scored candidate above its threshold, with the component that produced it.
    struct Scored: Sendable {
        var candidate: AlertCandidate
        var component: Component
        /// The bar it was planned from, to plan it again under another user's options limits.
        var context: ScoringContext? = nil
    }

    public func run(_ request: AlertRunRequest) async throws -> AlertRunReport {
        let asOf = request.asOf ?? Int64((clock.now().timeIntervalSince1970 * 1000).rounded(.down))
        // Calendars and bar stores cover 1970…2100; an instant outside is refused before any arithmetic on it.
        guard (0..<4_102_444_800_000).contains(asOf) else {
            throw AlertingError.invalid("as_of \(asOf) is outside 1970-01-01…2100-01-01 (milliseconds since 1970 UTC)")
        }
        let (packID, components) = try await resolve(request.target)
        let instruments = try await universes.resolve(request.universe)
        // An unknown cohort, or a user and a cohort together, is refused before anything is written.
        let audiences = try await audiences(request)
        var report = AlertRunReport(
            runID: nil, mode: request.mode, asOf: asOf, universe: request.universe, models: components.map { $0.model.spec.reference },
            counts: ["symbols": instruments.count], alerts: [], suppressed: [], duplicates: [], failures: [:])
        var run: AlertRunRecord?
        if request.mode != .preview {
            let record = AlertRunRecord(
                modelSpecID: packID == nil ? components.first?.model.spec.id : nil, packID: packID, universe: request.universe,
                userID: request.userID, asOf: asOf, dryRun: request.mode == .dryRun, startedAt: Clock.nowMillis(), recipe: request.recipe,
                workflow: request.workflow, cohort: request.cohort)
            try await runs.beginRun(record)
            run = record
            report.runID = record.id
        }
        do {
            try await execute(
                request, audiences: audiences, asOf: asOf, packID: packID, components: components, instruments: instruments, run: run,
                report: &report)
        } catch {
            if let run {
                try? await runs.failRun(runID: run.id, error: "\(error)", counts: report.counts, finishedAt: Clock.nowMillis())
            }
            throw error
        }
        for (stage, n) in report.counts where n > 0 {
            Counter(label: AlertingMetricName.runStages, dimensions: [("stage", stage), ("mode", request.mode.rawValue)]).increment(by: n)
        }
        return report
    }

    func resolve(_ target: ModelTarget) async throws -> (UUID?, [Component]) {
        var specs: [(String?, ModelSpec)] = []
        var packID: UUID?
        switch target {
        case .model(let name):
            do {
                specs = [(nil, try await registry.published(name: name))]
            } catch let StorageError.notFound(m) {
                throw AlertingError.unknownModel(m)
            }
        case .modelVersion(let name, let version):
            do {
                specs = [(nil, try await registry.spec(name: name, version: version))]
            } catch let StorageError.notFound(m) {
                throw AlertingError.unknownModel(m)
            }
        case .pack(let name):
            let pack: ModelPack
            do {
                pack = try await registry.pack(name: name)
            } catch let StorageError.notFound(m) {
                throw AlertingError.unknownModel(m)
            }
            guard pack.status == .published else {
                throw AlertingError.unknownModel("model pack '\(name)' is not published (it is \(pack.status.rawValue))")
            }
            packID = pack.id
            for role in pack.components.keys.sorted() {
                if let id = pack.components[role] { specs.append((role, try await registry.spec(id: id))) }
            }
        }
        var out: [Component] = []
        for (role, spec) in specs {
            let model = try await models.model(for: spec)
            let set = try await catalog.resolveFeatureSet(for: spec)
            let filters: ScopeFilters
            do {
                filters = try ScopeFilters(spec.scope.filters)
            } catch {
                throw AlertingError.invalid("\(spec.reference): \(error)")
            }
            out.append(
                Component(role: role, model: model, set: set, entry: try catalog.entryCondition(for: spec, set: set), filters: filters))
        }
        return (packID, out)
    }

    /// Whom a run serves: its user (or the shared feed), or each member of its cohort.
    struct Audience: Sendable {
        var userID: String?
        /// Only these symbols alert for this audience (a cohort member's watchlist); nil: every symbol of the run.
        var symbols: Set<String>?
    }

    /// What one audience got of a run's candidates.
    struct Served: Sendable {
        var alerts: [ProposedAlert] = []
        var suppressed: [ProposedAlert] = []
        var duplicates: [ProposedAlert] = []
        var records: [AlertRecord] = []
        var webhooks: [String: [WebhookTarget]] = [:]
        var counts: [String: Int] = [:]
    }

    /// The audiences of a request: its cohort's members (each with their watchlist's symbols), or its one user.
    func audiences(_ request: AlertRunRequest) async throws -> [Audience] {
        guard let name = request.cohort else { return [Audience(userID: request.userID, symbols: nil)] }
        guard request.userID == nil else {
            throw AlertingError.invalid("a run serves one user or one cohort, not both (user '\(request.userID ?? "")', cohort '\(name)')")
        }
        guard let cohorts else { throw AlertingError.invalid("cohort runs need the cohort store (cohort '\(name)')") }
        guard let cohort = try await cohorts.cohort(name: name) else {
            throw AlertingError.invalid("no cohort named '\(name)'; `alertsai cohorts list` shows them")
        }
        var out: [Audience] = []
        var lists: [String: Set<String>] = [:]
        for m in cohort.members {
            guard let list = m.watchlistID else {
                out.append(Audience(userID: m.userID, symbols: nil))
                continue
            }
            if lists[list] == nil { lists[list] = Set(((try? await universes.resolve("watchlist:\(list)")) ?? []).map { $0.symbol.uppercased() }) }
            out.append(Audience(userID: m.userID, symbols: lists[list]))
        }
        return out
    }

    // swiftlint:disable:next function_body_length
    func execute(
        _ request: AlertRunRequest, audiences: [Audience], asOf: Int64, packID: UUID?, components: [Component], instruments: [Instrument],
        run: AlertRunRecord?, report: inout AlertRunReport
    ) async throws {
        let defaults = components.first?.model.spec.guardrails ?? GuardrailDefaults()
        // One audience plans with its own limits (options window, leverage); a cohort plans with the model's, and a member
        // whose limits differ has their candidates planned again from the same bar (`Scored.context`).
        let single: UserAlertSettings? =
            if request.cohort == nil, let user = request.userID { try await settings.settings(userID: user) } else { nil }
        let planningLimits = single?.applied(to: defaults) ?? defaults

        // 1. Score every (component, symbol) on bars closed at `asOf`, once for every audience.
        var scored: [Scored] = []
        var counts = report.counts
        for component in components {
            let inScope = instruments.filter { Self.allowed($0, scope: component.model.spec.scope) && component.filters.sectorProblem($0) == nil }
                .map { Self.instrument($0, for: component.model.spec) }
            counts["out_of_scope", default: 0] += instruments.count - inScope.count
            let results = try await score(inScope, component: component, asOf: asOf, planner: planner(planningLimits, sizing: request.sizing))
            for r in results {
                switch r {
                case .notEntry:
                    counts["not_entry", default: 0] += 1
                case .outOfScope:
                    counts["out_of_scope", default: 0] += 1
                case .failure(let symbol, let message):
                    counts["failed", default: 0] += 1
                    report.failures["\(symbol) (\(component.model.spec.reference))"] = message
                case .below:
                    counts["scored", default: 0] += 1
                case .above(let s):
                    counts["scored", default: 0] += 1
                    counts["above_threshold", default: 0] += 1
                    scored.append(s)
                }
            }
        }
        if request.cohort != nil { counts["users"] = audiences.count }

        // 2–4. Each audience: duplicates, silences, guardrails, explanations (shared), alert records and webhooks.
        var explained: [String: Explanation] = [:]
        var targets: [UUID: [WebhookTarget]] = [:]
        var listed: [String: Set<String>] = [:]
        var records: [AlertRecord] = []
        var webhooks: [String: [WebhookTarget]] = [:]
        for audience in audiences {
            // One audience's settings were read for planning already; a cohort member's are read here.
            let personal =
                request.cohort == nil ? single : try await audience.userID.asyncMap { try await settings.settings(userID: $0) } ?? nil
            let served = try await serve(
                audience, personal: personal, candidates: scored, request: request, asOf: asOf, packID: packID, components: components, run: run,
                replan: request.cohort == nil ? nil : (defaults, personal?.applied(to: defaults) ?? defaults), explained: &explained,
                targets: &targets, listed: &listed)
            report.alerts += served.alerts
            report.suppressed += served.suppressed
            report.duplicates += served.duplicates
            records += served.records
            webhooks.merge(served.webhooks) { a, _ in a }
            for (k, n) in served.counts { counts[k, default: 0] += n }
        }
        counts["duplicate"] = report.duplicates.count
        counts["suppressed"] = report.suppressed.count
        let now = Clock.nowMillis()

        // 5. Write (or not).
        switch request.mode {
        case .preview:
            counts["would_alert"] = report.alerts.count
        case .dryRun:
            counts["would_alert"] = report.alerts.count
            if let run { _ = try await runs.commitRun(runID: run.id, alerts: [], suppressions: [], webhooks: [:], counts: counts, finishedAt: now) }
            counts["alerted"] = 0
        case .commit:
            guard let run else { break }
            let suppressions = report.suppressed.map {
                AlertSuppressionRecord(
                    symbol: $0.symbol, guardrail: $0.guardrail ?? "", detail: $0.detail ?? "", score: $0.score.score, silenceID: $0.silenceID,
                    userID: $0.userID)
            }
            let commit = try await runs.commitRun(
                runID: run.id, alerts: records, suppressions: suppressions, webhooks: webhooks, counts: counts, finishedAt: Clock.nowMillis())
            counts["alerted"] = commit.inserted.count
            if !commit.duplicateIDs.isEmpty {
                // Another run wrote the same alert between our check and our insert: report it as a duplicate.
                let raced = Set(commit.duplicateIDs)
                let moved = report.alerts.filter { raced.contains($0.alertID ?? "") }.map { p -> ProposedAlert in
                    var d = p
                    d.status = "duplicate"
                    d.alertID = nil
                    return d
                }
                report.alerts.removeAll { raced.contains($0.alertID ?? "") }
                report.duplicates += moved
                counts["duplicate"] = report.duplicates.count
            }
            for s in report.suppressed {
                Counter(label: AlertingMetricName.suppressions, dimensions: [("guardrail", s.guardrail ?? "")]).increment()
            }
            for a in report.alerts { Counter(label: AlertingMetricName.alerts, dimensions: [("model", a.model)]).increment() }
        }
        report.counts = counts
    }

    /// Plans under `limits` (options window, leverage cap) with `sizing` (a recipe's or workflow's) or the runner's.
    func planner(_ limits: GuardrailDefaults, sizing: PlanSizing? = nil) -> InstrumentPlanGenerator {
        InstrumentPlanGenerator(
            sizing: sizing ?? self.sizing,
            options: OptionsWindow(minDTE: limits.optionsMinDTE, maxDTE: limits.optionsMaxDTE, maxLeverage: limits.maxLeverage))
    }

    /// One audience's part of a run: its symbols' candidates (planned again under its own options limits when `replan`
    /// says they differ from the scoring's), minus what it already has (duplicates), through silences and guardrails,
    /// explained (each candidate once per run, in `explained`), as alert records with their webhook targets.
    // swiftlint:disable:next function_parameter_count function_body_length
    func serve(
        _ audience: Audience, personal: UserAlertSettings?, candidates: [Scored], request: AlertRunRequest, asOf: Int64, packID: UUID?,
        components: [Component], run: AlertRunRecord?, replan: (scoring: GuardrailDefaults, own: GuardrailDefaults)?,
        explained: inout [String: Explanation], targets: inout [UUID: [WebhookTarget]], listed: inout [String: Set<String>]
    ) async throws -> Served {
        var served = Served()
        let defaults = components.first?.model.spec.guardrails ?? GuardrailDefaults()
        let limits = personal?.applied(to: defaults) ?? defaults
        var mine = candidates
        if let symbols = audience.symbols { mine = mine.filter { symbols.contains($0.candidate.instrument.symbol.uppercased()) } }
        var unplannable: [(Scored, String)] = []
        if let replan, Self.optionLimits(replan.scoring) != Self.optionLimits(replan.own) {
            let own = planner(replan.own, sizing: request.sizing)
            mine = mine.compactMap { s in
                guard s.candidate.instrument.kind == .option, let context = s.context else { return s }
                do {
                    var again = s
                    again.candidate.plan = try own.resolve(plan: s.component.model.spec.labelCfg.plan, context: context)
                    return again
                } catch {
                    unplannable.append((s, "\(error)"))
                    return nil
                }
            }
        }

        // 2. Alerts that already exist for this model version, symbol, bar and audience are duplicates, not candidates.
        var fresh: [Scored] = []
        var standing: [AlertCandidate] = []
        for component in components {
            let ofComponent = mine.filter { $0.component.model.spec.id == component.model.spec.id }
            let bars = Dictionary(ofComponent.map { ($0.candidate.instrument.symbol, $0.candidate.barTime) }) { a, _ in a }
            let existing = try await alerts.existingAlerts(
                modelSpecID: component.model.spec.id, userID: audience.userID, timeframe: component.model.spec.labelCfg.timeframe, barTimes: bars)
            for s in ofComponent {
                if existing.contains(s.candidate.instrument.symbol) {
                    served.duplicates.append(Self.proposal(s, status: "duplicate", userID: audience.userID))
                    standing.append(s.candidate)
                } else {
                    fresh.append(s)
                }
            }
        }

        // 3. Guardrails for this audience, best score first.
        let dayStart = asOf - ((asOf % 86_400_000) + 86_400_000) % 86_400_000
        let sentToday = try await alerts.alertCount(userID: audience.userID, asOfFrom: dayStart, to: dayStart + 86_400_000)
        var lastBars: [String: Int64] = [:]
        for tf in Set(components.map(\.model.spec.labelCfg.timeframe)) {
            let found = try await alerts.lastAlertBars(
                userID: audience.userID, timeframe: tf, symbols: fresh.map(\.candidate.instrument.symbol), before: asOf)
            lastBars.merge(found) { max($0, $1) }
        }
        // A recipe's or workflow's filter first (RunFilter), then silences in force at `asOf` for this audience mute; the
        // rest meet the guardrails.
        let (passing, filtered) = RunFilter.apply(request.filter, to: fresh.map(\.candidate), counts: &served.counts)
        let silence = try await silenceFilter(userID: audience.userID, universe: request.universe, at: asOf)
        let (kept, muted) = silence.apply(passing)
        // Standing alerts (this bar's duplicates) are counted by the budget as run members, not as earlier sends.
        let chain = GuardrailChain.standard(
            settings: limits, asOf: asOf, alreadySentToday: max(0, sentToday - standing.count), lastAlertBar: lastBars, personal: personal)
        let (accepted, held) = try await chain.apply(kept, standing: standing)
        func find(_ c: AlertCandidate) -> Scored? {
            fresh.first {
                $0.candidate.instrument.symbol == c.instrument.symbol && $0.candidate.modelName == c.modelName
                    && $0.candidate.modelVersion == c.modelVersion
            }
        }
        for (s, error) in unplannable {
            var p = Self.proposal(s, status: "suppressed", userID: audience.userID)
            p.guardrail = "options_window"
            p.detail = "no plan under this user's options limits: \(error)"
            served.suppressed.append(p)
            served.counts["suppressed.options_window", default: 0] += 1
        }
        for s in filtered + muted + held {
            guard let f = find(s.candidate) else { continue }
            var p = Self.proposal(f, status: "suppressed", userID: audience.userID)
            p.guardrail = s.guardrail
            p.detail = s.detail
            p.silenceID = s.silenceID
            served.suppressed.append(p)
            served.counts["suppressed.\(s.guardrail)", default: 0] += 1
        }

        // 4. Explanations (checked by the phrasing policy, one per candidate and run), the disclaimer always attached.
        let chosen = accepted.compactMap(find)
        let key = { (s: Scored) in "\(s.component.model.spec.id)|\(s.candidate.instrument.symbol)" }
        let unexplained = chosen.filter { explained[key($0)] == nil }
        for (s, e) in zip(unexplained, await explain(unexplained.map(\.candidate))) { explained[key(s)] = e }
        let now = Clock.nowMillis()
        for s in chosen {
            guard let explanation = explained[key(s)] else { continue }
            var p = Self.proposal(s, status: "alert", userID: audience.userID)
            p.explanation = explanation
            p.disclaimer = AlertDisclaimer.text
            if let run {
                let spec = s.component.model.spec
                let record = AlertRecord(
                    runID: run.id, modelSpecID: spec.id, packID: packID, userID: audience.userID, symbol: p.symbol, market: p.market,
                    instrument: p.instrument, timeframe: p.timeframe, barTime: p.barTime, side: p.plan.side, score: p.score.score,
                    threshold: p.score.threshold, regime: p.regime?.label, plan: p.plan, reasons: p.score.reasons, explanation: explanation.text,
                    disclaimer: AlertDisclaimer.text, createdAt: now, expectedReturnPct: p.score.expectedReturnPct, expectedR: p.score.expectedR)
                p.alertID = record.id
                served.records.append(record)
                if targets[spec.id] == nil {
                    let packName: String? = if case .pack(let n) = request.target { n } else { nil }
                    // A cohort's targets are read once for every user and kept per member below.
                    targets[spec.id] = try await subscriptions.webhookTargets(
                        userID: request.cohort == nil ? audience.userID : nil, modelName: packName == nil ? spec.name : nil, packName: packName)
                }
                let audienceTargets = (targets[spec.id] ?? []).filter { request.cohort == nil || $0.userID == audience.userID }
                for t in audienceTargets where t.universe.lowercased().hasPrefix("watchlist:") && listed[t.universe] == nil {
                    listed[t.universe] = Set(((try? await universes.resolve(t.universe)) ?? []).map(\.symbol))
                }
                let matching = audienceTargets.filter {
                    Self.covers($0.universe, request.universe, symbol: p.symbol) || listed[$0.universe]?.contains(p.symbol) == true
                }
                if !matching.isEmpty, request.webhooks { served.webhooks[record.id] = matching }
            }
            served.alerts.append(p)
        }
        return served
    }

    /// The limits planning depends on (an option's expiry window and leverage cap).
    static func optionLimits(_ g: GuardrailDefaults) -> [Double] {
        [Double(g.optionsMinDTE), Double(g.optionsMaxDTE), g.maxLeverage]
    }

    /// The silences in force at `at` for this audience, with the symbols of any watchlist they name.
    func silenceFilter(userID: String?, universe: String, at: Int64) async throws -> SilenceFilter {
        guard let silences else { return SilenceFilter(silences: [], runUniverse: universe) }
        let found = try await silences.inForce(userID: userID, at: at)
        var lists: [String: Set<String>] = [:]
        for u in found.compactMap(\.universe) where u.lowercased().hasPrefix("watchlist:") {
            let id = String(u.dropFirst("watchlist:".count))
            lists[id] = Set(((try? await universes.resolve(u)) ?? []).map(\.symbol))
        }
        return SilenceFilter(silences: found, runUniverse: universe, watchlistSymbols: lists)
    }

    /// Per-symbol result of scoring.
    enum SymbolResult: Sendable {
        case failure(String, String)
        /// A strategy model's entry condition does not hold on the bar: not a candidate, not scored.
        case notEntry
        /// The bars put the symbol outside the scope's price or volume filters: not scored.
        case outOfScope(String)
        case below
        case above(Scored)
    }

    /// Scores each instrument on its bars closed at `asOf`. With `planAll` (the publish check) every scored bar's plan is
    /// resolved, above the threshold or not, so that a plan the instrument cannot make is a failure.
    func score(
        _ instruments: [Instrument], component: Component, asOf: Int64, planner: InstrumentPlanGenerator, planAll: Bool = false
    ) async throws -> [SymbolResult] {
        let source = BarFeatureSource(provider: provider, catalog: catalog, clock: FixedClock(Date(timeIntervalSince1970: Double(asOf) / 1000)))
        let scorer = ModelScorer(model: component.model, regimes: regimes)
        let spec = component.model.spec
        // A strategy's entry is evaluated on one warm-up block more (`latestVector(_:entry:)`).
        let historyBars = max(component.set.historyBars + (component.entry == nil ? 0 : component.set.warmupBars + 2), regimes.historyBars)
        let atrPeriod = spec.labelCfg.plan.stop.atrPeriod ?? spec.labelCfg.plan.takeProfit.atrPeriod ?? 14
        let regimes = self.regimes
        let limit = max(1, concurrency)
        // Option premiums are priced at the realised volatility the labels used (the config's `options.vol_window`, floor).
        let optionVolatility: (window: Int, floor: Double)? =
            spec.labelCfg.instrument == .option
            ? (
                window: spec.trainingCfg["options"]?["vol_window"]?.doubleValue.map { Int($0) } ?? 20,
                floor: spec.trainingCfg["options"]?["min_volatility"]?.doubleValue ?? 0.1
            ) : nil
        return try await withThrowingTaskGroup(of: (Int, SymbolResult).self) { group in
            var results = [SymbolResult?](repeating: nil, count: instruments.count)
            var next = 0
            func add() {
                let i = next
                let instrument = instruments[i]
                next += 1
                group.addTask {
                    do {
                        let bars = try await source.closedBars(
                            symbol: instrument.symbol, timeframe: spec.labelCfg.timeframe, market: instrument.market, count: historyBars)
                        if !planAll, bars.count > 0,
                            let problem = component.filters.barsProblem(close: bars.close[bars.count - 1], volumes: bars.volume[...])
                        {
                            return (i, .outOfScope(problem))
                        }
                        let builder = FeatureBuilder(set: component.set, market: instrument.market)
                        let vector: FeatureVector
                        if let entry = component.entry {
                            let latest = try builder.latestVector(bars, entry: entry)
                            guard latest.entry || planAll else { return (i, .notEntry) }
                            vector = latest.vector
                        } else {
                            vector = try builder.latestVector(bars)
                        }
                        let regime = regimes.regimeIfKnown(series: bars, at: bars.count - 1)
                        let result = try scorer.score(features: vector.dictionary, regime: regime)
                        guard result.decision == .alert || planAll else { return (i, .below) }
                        let context = ScoringContext(
                            instrument: instrument, timeframe: spec.labelCfg.timeframe, barTime: vector.timestamp,
                            close: bars.close[bars.count - 1],
                            // The same bounded-window ATR the training labels sized their barriers with.
                            atr: AverageTrueRange.at(bars, index: bars.count - 1, period: atrPeriod), regime: regime,
                            volatility: optionVolatility.flatMap { realizedVolatility(bars, at: bars.count - 1, window: $0.window, floor: $0.floor) })
                        let plan = try planner.resolve(plan: spec.labelCfg.plan, context: context)
                        let candidate = AlertCandidate(
                            instrument: instrument, timeframe: spec.labelCfg.timeframe, barTime: vector.timestamp, modelName: spec.name,
                            modelVersion: spec.version, score: result, plan: plan, regime: regime)
                        return (i, .above(Scored(candidate: candidate, component: component, context: context)))
                    } catch is CancellationError {
                        throw CancellationError()
                    } catch {
                        return (i, .failure(instrument.symbol, "\(error)"))
                    }
                }
            }
            while next < min(limit, instruments.count) { add() }
            var done = 0
            while let (i, r) = try await group.next() {
                results[i] = r
                done += 1
                progress?(done, instruments.count, instruments[i].symbol)
                if next < instruments.count { add() }
            }
            return results.compactMap { $0 }
        }
    }

    func explain(_ candidates: [AlertCandidate]) async -> [Explanation] {
        let explainer = self.explainer
        return await withTaskGroup(of: (Int, Explanation).self) { group in
            for (i, c) in candidates.enumerated() { group.addTask { (i, await explainer.explain(c)) } }
            var out = [Explanation?](repeating: nil, count: candidates.count)
            for await (i, e) in group { out[i] = e }
            return out.compactMap { $0 }
        }
    }

    static func proposal(_ s: Scored, status: String, userID: String? = nil) -> ProposedAlert {
        let c = s.candidate
        let option = OptionTerms(kind: c.instrument.kind, plan: c.plan)
        return ProposedAlert(
            symbol: c.instrument.symbol, market: c.instrument.market, instrument: c.instrument.kind, timeframe: c.timeframe, barTime: c.barTime,
            model: s.component.model.spec.reference, role: s.component.role, score: c.score, regime: c.regime, plan: c.plan, status: status,
            guardrail: nil, detail: nil, explanation: nil, disclaimer: nil, alertID: nil, strike: option.strike, expiry: option.expiry,
            dte: option.dte, userID: userID)
    }

    /// The instrument a model alerts on a universe's symbol: an option or FX model's own kind (an option model on a stock
    /// universe alerts options on those stocks), else the universe's (equity or ETF).
    static func instrument(_ i: Instrument, for spec: ModelSpec) -> Instrument {
        let kind = spec.labelCfg.instrument
        guard kind == .option || kind == .fx else { return i }
        return Instrument(symbol: i.symbol, market: i.market, kind: kind, sector: i.sector)
    }

    /// A model's scope allows a symbol when the scope is empty, lists it, or lists a preset holding it.
    static func allowed(_ instrument: Instrument, scope: ModelScope) -> Bool {
        if scope.allowSymbols.isEmpty && scope.allowPresets.isEmpty { return true }
        if scope.allowSymbols.contains(where: { $0.uppercased() == instrument.symbol.uppercased() }) { return true }
        return scope.allowPresets.contains { UniversePresets.named($0)?.symbols.contains(instrument.symbol) ?? false }
    }

    /// A subscription's universe covers an alert when it is the run's universe, `*`, or lists the symbol.
    static func covers(_ subscription: String, _ runUniverse: String, symbol: String) -> Bool {
        let s = subscription.trimmingCharacters(in: .whitespaces)
        if s == "*" || s.caseInsensitiveCompare(runUniverse) == .orderedSame { return true }
        if s.lowercased().hasPrefix("preset:") {
            return UniversePresets.named(String(s.dropFirst("preset:".count)))?.symbols.contains(symbol) ?? false
        }
        return s.split(whereSeparator: { $0 == "," || $0 == " " }).contains { $0.uppercased() == symbol.uppercased() }
    }
}

/// MarketData's `WatchlistSource` over `sc.watchlists`, so `watchlist:ID` universes resolve in runs and schedules.
public struct WatchlistsInStore: WatchlistSource {
    let store: any WatchlistStore
    /// When set, only this user's watchlists resolve (another's answers as unknown).
    let ownerID: String?

    public init(store: any WatchlistStore, ownerID: String? = nil) {
        self.store = store
        self.ownerID = ownerID
    }

    public func watchlist(id: String) async throws -> Watchlist? {
        guard let list = try await store.watchlist(id: id), ownerID == nil || list.userID == ownerID else { return nil }
        return Watchlist(id: list.id, name: list.name, market: list.market, kind: list.kind, symbols: list.symbols)
    }
}

extension Optional {
    /// `map` with an async transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
