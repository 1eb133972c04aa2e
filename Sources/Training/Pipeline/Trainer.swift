import AlertsCore
import Features
import Foundation
import Learning
import MarketData
import Storage

/// Runs a training config end to end: load → features → labels → purged CV → calibration → thresholds →
/// final fit → artifact + registry (ModelSpec vN as a draft, with its training run).
///
/// Nothing time-dependent enters the artifact, and every random choice is seeded, so the same config, data and
/// seed give the same artifact digest.
public struct Trainer: Sendable {
    public var catalog: any FeatureSetCatalog
    /// Replaces the config's provider (tests, the demo); nil = build it from `data.provider`.
    public var provider: (any BarProvider)?
    public var watchlists: (any WatchlistSource)?
    /// Needed for `provider: polygon`.
    public var polygon: PolygonConfig?
    public var cache: BarCache?

    public init(
        catalog: any FeatureSetCatalog = InMemoryFeatureSetCatalog.builtIn(), provider: (any BarProvider)? = nil,
        watchlists: (any WatchlistSource)? = nil, polygon: PolygonConfig? = nil, cache: BarCache? = nil
    ) {
        self.catalog = catalog
        self.provider = provider
        self.watchlists = watchlists
        self.polygon = polygon
        self.cache = cache
    }

    /// The whole pipeline, registering the model under `actor`.
    ///
    /// With `control`, the run is that control of `config` (`TrainingControl`): registered as `NAME.control-KIND`.
    public func run(
        config input: TrainingConfig, registry: any ModelRegistry, artifacts: any ArtifactStore, actor: String = "cli",
        control: TrainingControl? = nil, progress: TrainingProgressHandler? = nil
    ) async throws -> TrainingResult {
        let startedAt = Clock.nowMillis()
        let config = control?.config(input) ?? input
        let prepared = try await (control?.trainer(self) ?? self).prepare(config, control: control, progress: progress)
        let evaluation = try evaluate(prepared, progress: progress)
        let clock = StageClock()
        progress?(.register, "storing the artifact and registering \(config.name)")
        let (uri, digest) = try await artifacts.put(evaluation.artifact)
        // The spec records where its bars came from (data.provider, an absolute data.csv.path): runs use that source.
        var recorded = prepared.config
        if let path = recorded.data.csvPath { recorded.data.csvPath = URL(fileURLWithPath: path).standardizedFileURL.path }
        let resolved = try JSONValue(encoding: recorded)
        var metrics = evaluation.metrics
        let spec = ModelSpec(
            name: config.name, featureset: prepared.featureSetRef, labelCfg: prepared.labelConfig(timeframe: config.data.timeframe),
            modelURI: uri, artifactDigest: digest, thresholds: evaluation.thresholds, guardrails: config.guardrails,
            scope: prepared.config.scope ?? ModelScope(), trainingCfg: resolved, promise: evaluation.metrics.promise)
        metrics.timingsMs[TrainingStage.register.rawValue] = clock.elapsedMs()
        let run = TrainingRunRecord(
            modelName: config.name, config: resolved, dataFingerprint: prepared.fingerprint,
            codeVersion: "alertsai \(AlertsAIVersion.current) (learning \(ModelFile.libraryVersion))",
            seed: Int64(bitPattern: config.seed), metrics: try metrics.json(), artifactDigest: digest, startedAt: startedAt,
            finishedAt: Clock.nowMillis())
        let registered = try await registry.register(spec, run: run, actor: actor)
        progress?(.register, "registered \(registered.reference) (draft), artifact \(digest.prefix(12))…")
        return TrainingResult(
            spec: registered, run: run, metrics: metrics,
            summary: TrainingSummary.text(spec: registered, prepared: prepared, metrics: metrics), evaluation: evaluation)
    }

    // MARK: load, features, labels

    /// Loads the bars, builds the features and labels the events.
    /// With `control` `.shuffledLabels`, the outcomes (label, returns, exit) are shuffled among the events of each day
    /// (seeded by `seed`); the other controls change the config (`TrainingControl.config`), not this step.
    public func prepare(_ input: TrainingConfig, control: TrainingControl? = nil, progress: TrainingProgressHandler? = nil) async throws
        -> PreparedTraining
    {
        var config = input
        var timings: [String: Double] = [:]
        var clock = StageClock()
        guard let from = LocalDate(config.data.from), let to = LocalDate(config.data.to) else {
            throw TrainingError.config("data.from / data.to must be dates YYYY-MM-DD")
        }
        guard from <= to else { throw TrainingError.config("data.from \(from) is after data.to \(to)") }

        // Feature set, strategy, plan.
        let featureSet: FeatureSet
        var strategy: ResolvedStrategy?
        if let ref = config.features.strategy {
            let s = try await catalog.resolveStrategy(ref)
            strategy = s
            featureSet = s.featureSet
        } else if let ref = config.features.set {
            featureSet = try await catalog.resolveFeatureSet(ref)
        } else if let inline = config.features.inline {
            do {
                featureSet = try FeatureSet(inline)
            } catch {
                throw TrainingError.config("features.inline: \(error)")
            }
        } else {
            throw TrainingError.config("features: give set, inline or strategy")
        }
        guard var plan = config.plan ?? strategy?.plan else {
            throw TrainingError.config("missing key 'plan' (or use a strategy, whose plan is the default)")
        }
        do {
            try plan.validate()
        } catch {
            throw TrainingError.config(error.description)
        }
        if case .atr(_, let a) = plan.takeProfit, case .atr(_, let b) = plan.stop, a != b {
            throw TrainingError.config("plan: take_profit and stop must use the same atr_period (\(a) vs \(b))")
        }
        config.plan = plan
        let sampling = try Self.sampling(config, hasStrategy: strategy != nil)
        config.sampling = Self.samplingSection(sampling)
        if config.validation.embargoBars == nil { config.validation.embargoBars = plan.maxHoldBars }

        // Universe and instrument.
        let resolver = UniverseResolver(watchlists: watchlists, csvPath: config.data.csvPath)
        let defaultMarket = config.data.market ?? (config.data.instrument == .fx ? .fx : .us)
        var instruments = try await resolver.resolve(config.data.universe, market: defaultMarket, kind: config.data.instrument)
        guard let first = instruments.first else { throw TrainingError.config("data.universe '\(config.data.universe)' has no symbols") }
        let kind = config.data.instrument ?? first.kind
        let market = first.market
        instruments = instruments.map { Instrument(symbol: $0.symbol, market: $0.market, kind: kind, sector: $0.sector) }
        if kind == .option { try config.options.check(plan: plan, timeframe: config.data.timeframe) }
        // Costs: the plan's, else the market's defaults, stated on the spec so that live plans charge the same.
        if plan.costs == nil { plan.costs = TradeCosts.defaults(market: market, kind: kind) }
        config.plan = plan
        if config.scope == nil {
            let u = config.data.universe.trimmingCharacters(in: .whitespaces)
            config.scope =
                u.lowercased().hasPrefix("preset:")
                ? ModelScope(allowPresets: [String(u.dropFirst("preset:".count))])
                : ModelScope(allowSymbols: instruments.map(\.symbol))
        }
        config.model.params = try Self.resolvedParameters(config)

        // Load.
        let provider = try self.provider ?? makeProvider(config.data)
        let universe = config.data.universe.count > 40 ? String(config.data.universe.prefix(40)) + "…" : config.data.universe
        progress?(
            .load, "loading \(instruments.count) symbols of \(universe) (\(config.data.timeframe.rawValue), \(from)…\(to)) from \(provider.name)")
        let series = try await Self.load(
            instruments.map(\.symbol), timeframe: config.data.timeframe, market: market, from: from, to: to, provider: provider)
        let minimum = featureSet.historyBars + plan.maxHoldBars + 10
        if let short = series.first(where: { $0.count < minimum }) {
            throw TrainingError.data(
                "\(short.symbol) has \(short.count) \(config.data.timeframe.rawValue) bars between \(from) and \(to); the feature set "
                    + "\(featureSet.reference) needs \(featureSet.historyBars) before its first row and the plan "
                    + "\(plan.maxHoldBars) after: widen data.from"
            )
        }
        let fingerprint = BarFingerprint.sha256(series)
        timings[TrainingStage.load.rawValue] = clock.lap()
        progress?(.load, "\(series.reduce(0) { $0 + $1.count }) bars, fingerprint \(fingerprint.prefix(12))…")

        // Features.
        progress?(.features, "computing \(featureSet.featureNames.count) features of \(featureSet.reference)")
        let matrix = FeatureBuilder(set: featureSet, market: market).matrix(series, entry: strategy?.entry)
        timings[TrainingStage.features.rawValue] = clock.lap()

        // Labels.
        progress?(.labels, "sampling \(sampling.name) events and labeling them with the plan")
        var cohort = CohortDataset.build(
            series: series, matrix: matrix, sampling: sampling, plan: plan,
            resolver: InstrumentAdapters.resolver(for: kind, options: config.options), weighting: config.sampleWeights)
        if control == .shuffledLabels {
            cohort = cohort.outcomesShuffledWithinDay(seed: config.seed)
            progress?(.labels, "control shuffled-labels: outcomes shuffled among each day's events (seed \(config.seed))")
        }
        timings[TrainingStage.labels.rawValue] = clock.lap()
        progress?(
            .labels,
            "\(cohort.counts.events) events, \(cohort.rowCount) labeled (\(cohort.counts.unresolved) unresolved at the end of the data), "
                + String(format: "base rate %.3f, effective rows %.0f", cohort.baseRate, cohort.effectiveRowCount)
                + (cohort.averageCorrelation.map { String(format: " (overlap across symbols at average return correlation %.2f)", $0) } ?? ""))
        guard cohort.rowCount >= 50 else {
            throw TrainingError.dataset(
                "only \(cohort.rowCount) labeled events; widen the date range or the universe, or sample more events (sampling.method)")
        }
        let positives = cohort.labels.reduce(0, +)
        guard positives > 0, positives < Double(cohort.rowCount) else {
            throw TrainingError.dataset("every label is \(positives > 0 ? 1 : 0): the plan's take-profit is always or never reached; change plan")
        }
        return PreparedTraining(
            config: config, instruments: instruments, kind: kind, market: market, featureSet: featureSet, plan: plan, sampling: sampling,
            series: series, cohort: cohort, fingerprint: fingerprint, timings: timings, control: control, strategy: strategy)
    }

    func makeProvider(_ data: DataSection) throws -> any BarProvider {
        switch data.provider {
        case "synthetic":
            var c = SyntheticMarket.Config(seed: data.syntheticSeed, patternStrength: data.syntheticStrength)
            if let drift = data.syntheticPlantedDrift {
                guard drift >= 0, drift.isFinite else { throw TrainingError.config("data.synthetic.planted_drift must be ≥ 0, got \(drift)") }
                c.reboundDrift = drift
            }
            c = try c.validated()
            return SyntheticMarket(c)
        case "csv":
            guard let path = data.csvPath else { throw TrainingError.config("missing key 'data.csv.path'") }
            return try CSVBarProvider(path: URL(fileURLWithPath: path))
        default:
            guard let polygon else {
                throw TrainingError.config("data.provider polygon needs an API key: pass --polygon-api-key or set ALERTSAI_POLYGON_API_KEY")
            }
            return PolygonProvider(config: polygon, cache: cache)
        }
    }

    static func load(
        _ symbols: [String], timeframe: Timeframe, market: Market, from: LocalDate, to: LocalDate, provider: any BarProvider
    ) async throws -> [BarSeries] {
        try await withThrowingTaskGroup(of: (Int, BarSeries).self) { group in
            var out = [BarSeries?](repeating: nil, count: symbols.count)
            var next = 0
            func launch() {
                guard next < symbols.count else { return }
                let i = next
                next += 1
                group.addTask { (i, try await provider.bars(symbol: symbols[i], timeframe: timeframe, market: market, from: from, to: to)) }
            }
            for _ in 0..<min(4, symbols.count) { launch() }
            while let (i, s) = try await group.next() {
                out[i] = s
                launch()
            }
            return out.map { $0! }
        }
    }

    static func sampling(_ config: TrainingConfig, hasStrategy: Bool) throws -> EventSampling {
        guard let s = config.sampling else { return hasStrategy ? .strategyEntry : .everyBar }
        switch s.method {
        case "every_bar": return .everyBar
        case "strategy":
            guard hasStrategy else { throw TrainingError.config("sampling.method strategy needs features.strategy") }
            return .strategyEntry
        default:
            if let h = s.threshold {
                guard h > 0 else { throw TrainingError.config("sampling.threshold must be > 0, got \(h)") }
                return .cusum(CUSUMFilter(threshold: h))
            }
            let k = s.thresholdSigmas ?? 2
            let w = s.volWindow ?? 20
            guard k > 0, w >= 2 else { throw TrainingError.config("sampling.threshold_sigmas must be > 0 and vol_window ≥ 2") }
            return .cusum(CUSUMFilter(volatilityMultiple: k, volWindow: w))
        }
    }

    static func samplingSection(_ s: EventSampling) -> SamplingSection {
        switch s {
        case .everyBar: SamplingSection(method: "every_bar")
        case .strategyEntry: SamplingSection(method: "strategy")
        case .cusum(let f):
            SamplingSection(
                method: "cusum", threshold: f.threshold, thresholdSigmas: f.volatilityMultiple,
                volWindow: f.volatilityMultiple == nil ? nil : f.volWindow)
        }
    }

    // MARK: model

    /// Defaults for this problem (many weak, noisy rows), overridden by `model.params`; seeded by `seed`.
    public static func gbdtParameters(_ config: TrainingConfig) throws -> GBDTParameters {
        var p = GBDTParameters()
        p.numLeaves = 15
        p.learningRate = 0.05
        p.numRounds = 100
        p.minDataInLeaf = 100
        p.featureFraction = 0.8
        p.baggingFraction = 0.7
        p.baggingFreq = 1
        p.lambdaL2 = 1
        p.seed = config.seed
        for (k, v) in config.model.params.sorted(by: { $0.key < $1.key }) {
            do {
                try p.set(k, v)
            } catch {
                throw TrainingError.config("model.params.\(k): \(error)")
            }
        }
        return p
    }

    public static func logisticParameters(_ config: TrainingConfig) throws -> LogisticRegression.Parameters {
        var p = LogisticRegression.Parameters()
        for (k, v) in config.model.params.sorted(by: { $0.key < $1.key }) {
            do {
                try p.set(k, v)
            } catch {
                throw TrainingError.config("model.params.\(k): \(error)")
            }
        }
        return p
    }

    static func resolvedParameters(_ config: TrainingConfig) throws -> [String: String] {
        config.model.kind == "logistic" ? try logisticParameters(config).asDictionary : try gbdtParameters(config).asDictionary
    }

    /// Trains the configured classifier (no calibrator).
    public static func fit(_ data: Dataset, config: TrainingConfig) throws -> ClassifierModel {
        let source = "alertsai-learning \(ModelFile.libraryVersion)"
        if config.model.kind == "logistic" {
            let p = try logisticParameters(config)
            return ClassifierModel(
                predictor: .logistic(try LogisticRegression.train(on: data, parameters: p)), trainingParameters: p.asDictionary, source: source)
        }
        let p = try gbdtParameters(config)
        return ClassifierModel(
            predictor: .trees(try GradientBoostedTrees.train(on: data, parameters: p)), trainingParameters: p.asDictionary, source: source)
    }

    /// The purged splitter of `config.validation` on the cohort's bar clock.
    public static func splitter(_ config: TrainingConfig) throws -> any FoldSplitter {
        let embargo = Double(config.validation.embargoBars ?? config.plan?.maxHoldBars ?? 0)
        if config.validation.method == "purged_kfold" { return try PurgedKFold(k: config.validation.folds, embargo: embargo) }
        return try PurgedWalkForward(folds: config.validation.folds, embargo: embargo)
    }

    /// Out-of-fold probabilities (NaN where no fold tests a row) and the folds, in time order.
    public static func outOfFold(_ data: Dataset, config: TrainingConfig, progress: TrainingProgressHandler? = nil) throws -> (
        scores: [Double], folds: [Fold]
    ) {
        let folds = try splitter(config).folds(EventSpans(data))
        var out = [Double](repeating: .nan, count: data.rowCount)
        for (k, fold) in folds.enumerated() {
            guard !fold.train.isEmpty, !fold.test.isEmpty else {
                throw TrainingError.dataset("fold \(k + 1) has no training rows left after purging; use fewer validation.folds or a smaller embargo")
            }
            let train = data.subset(rows: fold.train)
            let positives = train.labels.reduce(0, +)
            guard positives > 0, positives < Double(train.rowCount) else {
                throw TrainingError.dataset("fold \(k + 1) trains on one class only; use fewer validation.folds or more data")
            }
            let model = try fit(train, config: config)
            let scores = try model.rawScores(data.subset(rows: fold.test)).map(model.probability(raw:))
            for (i, r) in fold.test.enumerated() { out[r] = scores[i] }
            progress?(.cv, "fold \(k + 1)/\(folds.count): trained on \(fold.train.count) rows, scored \(fold.test.count)")
        }
        return (out, folds)
    }

    // MARK: evaluate and fit

    /// Cross-validates, calibrates, picks thresholds and fits the final model; registers nothing.
    public func evaluate(_ prepared: PreparedTraining, progress: TrainingProgressHandler? = nil) throws -> TrainingEvaluation {
        let config = prepared.config
        let cohort = prepared.cohort
        var timings = prepared.timings
        var clock = StageClock()
        let data = try cohort.dataset()
        let days = cohort.days
        let eval = config.evaluation

        progress?(
            .cv,
            "\(config.validation.method), \(config.validation.folds) folds, embargo \(config.validation.embargoBars ?? 0) bars asked, \(config.model.kind)"
        )
        let (oof, folds) = try Self.outOfFold(data, config: config, progress: progress)
        let validation = ValidationReport(method: config.validation.method, folds: folds, embargoBars: config.validation.embargoBars ?? 0)
        progress?(.cv, validation.summary)
        let tested = oof.indices.filter { !oof[$0].isNaN }
        let labels = cohort.labels
        let raw = ScoreMetrics.measure(
            scores: oof, labels: labels, days: days, rows: tested, topFraction: eval.topFraction, topPerDay: eval.topPerDay,
            uniqueness: cohort.uniqueness)
        let foldMetrics = folds.map { f in
            let s = f.test.map { oof[$0] }
            let y = f.test.map { labels[$0] }
            return FoldMetrics(
                trainRows: f.train.count, testRows: f.test.count, auc: finite(Metrics.rocAUC(scores: s, labels: y)),
                baseRate: finite(y.reduce(0, +) / Double(max(1, y.count))), purgedRows: f.purged, embargoedRows: f.embargoed)
        }
        timings[TrainingStage.cv.rawValue] = clock.lap()
        progress?(
            .cv,
            String(
                format: "out-of-fold AUC %.4f, precision@%g%% %.3f (base rate %.3f)", raw.auc ?? .nan, eval.topFraction * 100,
                raw.precisionAtTop ?? .nan, raw.baseRate ?? .nan))

        // Calibration: honest before/after on later folds, then the final calibrator on every out-of-fold score.
        var calibrator: Calibrator?
        var calibrationMetrics: CalibrationMetrics?
        var calibrated = oof
        // Calibrators are fitted with the sample weights the model was trained with (uniqueness, class balance).
        let sampleWeights = cohort.weights ?? [Double](repeating: 1, count: cohort.rowCount)
        if let method = config.calibration {
            progress?(.calibration, "fitting \(method.rawValue) on \(tested.count) out-of-fold scores")
            let testedFolds = folds.filter { !$0.test.isEmpty }.sorted { ($0.test.first ?? 0) < ($1.test.first ?? 0) }
            var seen: [Int] = []
            var rows: [Int] = []
            var after: [Double] = []
            for f in testedFolds {
                let prior = seen
                seen += f.test
                let y = prior.map { labels[$0] }
                guard prior.count >= 50, y.contains(0), y.contains(1) else { continue }
                let c = try Calibrator.fit(method, scores: prior.map { oof[$0] }, labels: y, weights: prior.map { sampleWeights[$0] })
                rows += f.test
                after += f.test.map { c.calibrate(oof[$0]) }
            }
            if !rows.isEmpty {
                let y = rows.map { labels[$0] }
                let before = rows.map { oof[$0] }
                calibrationMetrics = CalibrationMetrics(
                    method: method.rawValue, rows: rows.count, brierBefore: finite(Metrics.brierScore(probabilities: before, labels: y)),
                    brierAfter: finite(Metrics.brierScore(probabilities: after, labels: y)),
                    eceBefore: finite(Metrics.expectedCalibrationError(probabilities: before, labels: y)),
                    eceAfter: finite(Metrics.expectedCalibrationError(probabilities: after, labels: y)))
            }
            let c = try Calibrator.fit(
                method, scores: tested.map { oof[$0] }, labels: tested.map { labels[$0] }, weights: tested.map { sampleWeights[$0] })
            calibrator = c
            for r in tested { calibrated[r] = c.calibrate(oof[r]) }
        }

        // Expected net return per score: isotonic regression of the realized net return on the calibrated out-of-fold
        // score (out-of-fold rows only, weighted by the sample weights).
        let testedScores = tested.map { calibrated[$0] }
        let weights = sampleWeights
        let expectedReturn = ExpectedReturnMap.fit(
            scores: testedScores, netReturnPct: tested.map { cohort.netReturns[$0] * 100 }, netR: tested.map { cohort.netRs[$0] },
            weights: tested.map { weights[$0] })

        // Thresholds and per-regime metrics on the (finally) calibrated out-of-fold scores.
        let report = ThresholdSelection.select(
            policy: config.thresholds, scores: testedScores, labels: tested.map { labels[$0] }, regimes: tested.map { cohort.regimes[$0] },
            days: tested.map { days[$0] }, expectedReturn: expectedReturn)
        var perRegime: [String: ScoreMetrics] = [:]
        for r in ThresholdSelection.regimeLabels {
            let rows = tested.filter { cohort.regimes[$0] == r }
            guard !rows.isEmpty else { continue }
            perRegime[r] = ScoreMetrics.measure(
                scores: calibrated, labels: labels, days: days, rows: rows, topFraction: eval.topFraction, topPerDay: eval.topPerDay,
                uniqueness: cohort.uniqueness)
        }
        if let note = report.note { progress?(.calibration, note) }

        // The promise: the same choice (calibrator, expected-return map, thresholds) made walk-forward on earlier folds
        // only, and measured on the next fold.
        let netPct = cohort.netReturns.map { $0 * 100 }
        let steps = ForwardEvaluation.plan(folds: folds, spanStart: cohort.spanStart, spanEnd: cohort.spanEnd, minRows: 50)
        let outcomes = try ForwardEvaluation.measure(steps) { rows in
            try Self.chooseRule(on: rows, outOfFold: oof, cohort: cohort, config: config)
        }
        let promise = ForwardEvaluation.promise(
            outcomes, labels: labels, netPct: netPct, netR: cohort.netRs, days: days, policy: config.thresholds.policy, seed: config.seed)
        if let p = promise {
            progress?(
                .calibration,
                "forward (\(p.foldsUsed) folds, \(p.alerts) alerts): precision \(p.precision.text(3)), expectancy \(p.expectancyPct.text(3)) %, "
                    + "\(p.alertsPerDay.text(2)) alerts/day; null band \(p.nullBand.expectancyPct.text(3)) %")
        }

        // Trade statistics: out of fold at the final thresholds, and forward.
        func trade(_ r: Int) -> Trade {
            Trade(day: days[r], netReturnPct: netPct[r], netR: cohort.netRs[r], win: labels[r] == 1, regime: cohort.regimes[r])
        }
        let served = Thresholds(alert: report.alert, perRegime: report.perRegime)
        let oofAlerts = Set(tested.filter { calibrated[$0] >= served.threshold(for: cohort.regimes[$0]) })
        func comparisons(pool: [Int], alerts: Set<Int>) -> [String: TradeComparison] {
            var out: [String: TradeComparison] = [:]
            for key in ["all"] + ThresholdSelection.regimeLabels {
                let rows = key == "all" ? pool : pool.filter { cohort.regimes[$0] == key }
                guard !rows.isEmpty else { continue }
                out[key] = TradeComparison.measure(
                    selected: rows.filter(alerts.contains).map(trade), pool: rows.map(trade), sessions: Set(rows.map { days[$0] }), draws: 500,
                    seed: config.seed)
            }
            return out
        }
        let trades = TradeReport(
            outOfFold: comparisons(pool: tested, alerts: oofAlerts),
            forward: comparisons(pool: outcomes.flatMap(\.step.evaluate).sorted(), alerts: Set(outcomes.flatMap(\.alerts))))
        timings[TrainingStage.calibration.rawValue] = clock.lap()

        // Final model on every row. Its scores on its own rows are compared with the fold models' out-of-fold scores,
        // and the served calibrator maps its score quantiles onto the out-of-fold ones before the out-of-fold
        // calibrator, so that thresholds and the expected-return map chosen out of fold apply (docs/DECISIONS.md).
        progress?(.finalFit, "training \(config.model.kind) on all \(cohort.rowCount) rows")
        var model = try Self.fit(data, config: config)
        let finalScores = try model.rawScores(data).map(model.probability(raw:))
        let oofScores = tested.map { oof[$0] }
        var shift = ScoreShift.measure(final: finalScores, outOfFold: oofScores)
        let servedCalibrator = try ScoreShift.quantileMappedCalibrator(final: finalScores, outOfFold: oofScores, calibrator: calibrator)
        shift.ksServed = finite(ScoreShift.ks(finalScores.map(servedCalibrator.calibrate), testedScores))
        model.calibrator = servedCalibrator
        let artifact = try ModelFile.encode(model)
        timings[TrainingStage.finalFit.rawValue] = clock.lap()
        progress?(
            .finalFit,
            String(
                format: "final vs out-of-fold raw scores: KS %.3f, mean shift %+.4f; served through the quantile map (KS %.3f)", shift.ks,
                shift.meanShift, shift.ksServed ?? .nan))

        var warnings: [String] = prepared.featureSet.warnings.map { "feature set \(prepared.featureSet.reference) (allow_unstable): \($0)" }
        if let w = raw.aucWarning { warnings.append("out of fold: \(w)") }
        if let p = promise {
            if p.alerts < 30 { warnings.append("only \(p.alerts) forward alerts: the promise's intervals are wide") }
        } else {
            warnings.append("no forward promise: fewer than two folds with 50 earlier out-of-fold rows to choose on (use more validation.folds)")
        }
        let positives = Int(labels.reduce(0, +))
        var metrics = TrainingMetrics(
            rows: cohort.rowCount, positives: positives, baseRate: finite(cohort.baseRate), effectiveRows: finite(cohort.effectiveRowCount),
            outOfFold: raw, calibration: calibrationMetrics, perRegime: perRegime, folds: foldMetrics, samples: cohort.counts,
            thresholds: report, timingsMs: timings)
        metrics.promise = promise
        metrics.forward = outcomes.map {
            ForwardFoldMetrics(
                fold: $0.step.fold + 1, chosenOn: $0.step.chooseOn.count, evaluated: $0.step.evaluate.count, threshold: $0.threshold,
                alerts: $0.alerts.count)
        }
        metrics.trades = trades
        metrics.scoreShift = shift
        metrics.warnings = warnings
        metrics.control = prepared.control?.rawValue
        metrics.validation = validation
        metrics.averageReturnCorrelation = cohort.averageCorrelation.flatMap(finite)
        return TrainingEvaluation(
            prepared: prepared, outOfFold: oof, calibrator: calibrator, model: model, artifact: artifact,
            thresholds: Thresholds(alert: report.alert, perRegime: report.perRegime, expectedReturn: expectedReturn), metrics: metrics)
    }

    /// The rule `evaluate` would choose if `rows` were all the out-of-fold rows: calibrator, expected-return map and
    /// threshold policy fitted on those rows only. Nil when they hold one class only.
    static func chooseRule(on rows: [Int], outOfFold oof: [Double], cohort: CohortDataset, config: TrainingConfig) throws
        -> ForwardEvaluation.Rule?
    {
        let y = rows.map { cohort.labels[$0] }
        guard y.contains(0), y.contains(1) else { return nil }
        let weights = cohort.weights ?? [Double](repeating: 1, count: cohort.rowCount)
        let calibrator = try config.calibration.map {
            try Calibrator.fit($0, scores: rows.map { oof[$0] }, labels: y, weights: rows.map { weights[$0] })
        }
        let score: (Int) -> Double = { r in calibrator?.calibrate(oof[r]) ?? oof[r] }
        let scores = rows.map(score)
        let days = cohort.days
        let expected = ExpectedReturnMap.fit(
            scores: scores, netReturnPct: rows.map { cohort.netReturns[$0] * 100 }, netR: rows.map { cohort.netRs[$0] },
            weights: rows.map { weights[$0] })
        let report = ThresholdSelection.select(
            policy: config.thresholds, scores: scores, labels: y, regimes: rows.map { cohort.regimes[$0] }, days: rows.map { days[$0] },
            expectedReturn: expected)
        let thresholds = Thresholds(alert: report.alert, perRegime: report.perRegime)
        let regimes = cohort.regimes
        return ForwardEvaluation.Rule(threshold: report.alert) { r in score(r) >= thresholds.threshold(for: regimes[r]) }
    }
}

/// Wall-clock laps for stage timings (they go to the run record, never into the artifact).
struct StageClock {
    var start = DispatchTime.now().uptimeNanoseconds

    mutating func lap() -> Double {
        let now = DispatchTime.now().uptimeNanoseconds
        defer { start = now }
        return Double(now - start) / 1e6
    }

    func elapsedMs() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 }
}
