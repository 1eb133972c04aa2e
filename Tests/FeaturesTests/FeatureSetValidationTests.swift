import AlertsCore
import Foundation
import Testing

@testable import Features

/// Bad definitions are rejected with errors naming the item; the built-in sets are valid and match their YAML.
@Suite struct FeatureSetValidationTests {
    func definition(
        indicators: [IndicatorFeature] = [IndicatorFeature(spec: "rsi(14)")], calendar: [CalendarFeature] = [],
        derived: [DerivedFeature] = [], warmup: Int = 150
    ) -> FeatureSetDefinition {
        FeatureSetDefinition(name: "t", version: 1, warmupBars: warmup, indicators: indicators, calendar: calendar, derived: derived)
    }

    @Test func unknownSpecNamesTheItem() {
        #expect(throws: FeatureError.self) { try FeatureSet(definition(indicators: [IndicatorFeature(spec: "rsx(14)", name: "fast")])) }
        do {
            _ = try FeatureSet(definition(indicators: [IndicatorFeature(spec: "rsi(1)", name: "fast")]))
            Issue.record("rsi(1) was accepted")
        } catch {
            #expect(error.description.contains("'fast'") && error.description.contains("rsi(1)"), "\(error)")
        }
    }

    @Test func duplicateFeatureName() {
        let d = definition(indicators: [IndicatorFeature(spec: "rsi(14)"), IndicatorFeature(spec: "sma(14)", name: "rsi_14")])
        #expect(throws: FeatureError.duplicateFeature(name: "rsi_14", set: "t")) { try FeatureSet(d) }
        // A base column name is taken too.
        #expect(throws: FeatureError.duplicateFeature(name: "close", set: "t")) {
            try FeatureSet(definition(derived: [DerivedFeature(name: "close", expr: "rsi_14")]))
        }
    }

    @Test func derivedExpressionReferencingUnknownFeature() {
        let d = definition(derived: [DerivedFeature(name: "x", expr: "rsi_14 * rvol_20")])
        do {
            _ = try FeatureSet(d)
            Issue.record("unknown reference accepted")
        } catch {
            guard case let .unknownReferences(item, names, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(item == "x" && names == ["rvol_20"])
        }
        // A derived feature may only read features defined before it.
        let order = definition(derived: [DerivedFeature(name: "a", expr: "b + 1"), DerivedFeature(name: "b", expr: "rsi_14")])
        #expect(throws: FeatureError.self) { try FeatureSet(order) }
        #expect(throws: FeatureError.self) { try FeatureSet(definition(derived: [DerivedFeature(name: "y", expr: "rsi_14 <")])) }
    }

    @Test(arguments: ["zscore(1)", "zscore(x)", "minmax", "zscore"])
    func badNormalisation(text: String) {
        let d = definition(indicators: [IndicatorFeature(spec: "rsi(14)", normalize: text)])
        do {
            _ = try FeatureSet(d)
            Issue.record("\(text) accepted")
        } catch {
            guard case let .invalidNormalization(item, t, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(item == "rsi_14" && t == text)
        }
    }

    @Test func otherInvalidDefinitions() {
        #expect(throws: FeatureError.unknownCalendarFeature(item: "hour", kind: "hour")) {
            try FeatureSet(definition(calendar: [CalendarFeature(kind: "hour")]))
        }
        // sma(100) needs 100 bars: a 50-bar warm-up cannot hold it.
        #expect(throws: FeatureError.self) { try FeatureSet(definition(indicators: [IndicatorFeature(spec: "sma(100)")], warmup: 50)) }
        #expect(throws: FeatureError.self) { try FeatureSet(definition(indicators: [IndicatorFeature(spec: "rsi(14)", hidden: true)])) }
        #expect(throws: FeatureError.invalidFeatureName(name: "1x", set: "t")) {
            try FeatureSet(definition(indicators: [IndicatorFeature(spec: "rsi(14)", name: "1x")]))
        }
    }

    @Test func namesDefaultFromTheSpecAndMultiOutputSpecsExpand() throws {
        let set = try FeatureSet(
            definition(indicators: [
                IndicatorFeature(spec: "rsi(14)"), IndicatorFeature(spec: "macd(12,26,9).macdhist"), IndicatorFeature(spec: "adosc()"),
                IndicatorFeature(spec: "bbands(20,2)", name: "bb"), IndicatorFeature(spec: "Stoch(5, 3, 3)"),
            ]))
        #expect(
            set.featureNames == [
                "rsi_14", "macd_12_26_9_macdhist", "adosc_3_10", "bb_upperband", "bb_middleband", "bb_lowerband", "stoch_5_3_3_slowk",
                "stoch_5_3_3_slowd",
            ])
    }

    /// Cumulative levels and path-dependent specs restart at every warm-up block, and a recursive spec whose seed
    /// outlives W jumps at each block start: refused with the reason, or accepted and flagged under allow_unstable.
    @Test func warmUpUnstableSpecsAreRefusedWithTheReason() throws {
        func reason(_ d: FeatureSetDefinition) -> (item: String, reason: String)? {
            let error = #expect(throws: FeatureError.self) { try FeatureSet(d) }
            if case .invalidSpec(let item, _, let reason)? = error { return (item, reason) }
            return nil
        }
        for spec in ["obv()", "ad()", "sar(0.02,0.2)"] {
            let r = reason(definition(indicators: [IndicatorFeature(spec: "rsi(14)"), IndicatorFeature(spec: spec, name: "level")]))
            #expect(r?.item == "level")
            #expect(r?.reason.contains("no finite warm-up") == true && r?.reason.contains("allow_unstable") == true, "\(String(describing: r))")
        }
        // rsi(14) needs 78 bars for its seed to fall below 1 %: a 40-bar warm-up is refused, naming the bars needed.
        let short = reason(definition(indicators: [IndicatorFeature(spec: "rsi(14)")], warmup: 40))
        #expect(short?.reason.contains("raise warmup_bars to at least 78") == true, "\(String(describing: short))")
        #expect(throws: Never.self) { try FeatureSet(definition(indicators: [IndicatorFeature(spec: "rsi(14)")], warmup: 78)) }
        var flagged = definition(indicators: [IndicatorFeature(spec: "rsi(14)"), IndicatorFeature(spec: "obv()")])
        flagged.allowUnstable = true
        let set = try FeatureSet(flagged)
        #expect(set.featureNames == ["rsi_14", "obv"])
        #expect(set.warnings.count == 1 && set.warnings[0].hasPrefix("obv(): obv() has no finite warm-up"), "\(set.warnings)")
        // The flag survives the stored JSON form.
        let round = try JSONDecoder().decode(FeatureSetDefinition.self, from: JSONEncoder().encode(flagged))
        #expect(round.allowUnstable)
    }

    @Test func builtInSetsAreValidAndSized() async throws {
        let catalog = InMemoryFeatureSetCatalog.builtIn()
        let daily = try await catalog.resolveFeatureSet("core-daily")
        #expect((20...30).contains(daily.featureNames.count))
        #expect(Set(daily.featureNames).count == daily.featureNames.count)
        for name in ["ret_1", "ret_5", "ret_20", "rsi_14", "macd_hist", "bb_pct_b", "atr_14_pct", "adx_14", "volume_z_20", "day_of_week"] {
            #expect(daily.featureNames.contains(name), "core-daily lacks \(name)")
        }
        let intraday = try await catalog.resolveFeatureSet("core-intraday@v1")
        #expect(intraday.featureNames.contains("bar_of_session"))
        for name in ["oversold-rebound", "trend-pullback@v1"] {
            let s = try await catalog.resolveStrategy(name)
            #expect(s.featureSet.reference == "core-daily@v1")
        }
        await #expect(throws: FeatureError.self) { try await catalog.resolveFeatureSet("core-weekly") }
        await #expect(throws: FeatureError.self) { try await catalog.resolveFeatureSet("core-daily@v2") }
        await #expect(throws: FeatureError.self) { try await catalog.resolveStrategy("nope") }
    }

    @Test func strategyValidation() async throws {
        let catalog = InMemoryFeatureSetCatalog.builtIn()
        var s = BuiltInStrategies.oversoldRebound
        s.version = 2
        s.entry = "rsi_99 < 30"
        await #expect(throws: FeatureError.self) { try await catalog.register(s) }
        s.entry = "rsi_14 < 30"
        s.plan.maxHoldBars = 0
        await #expect(throws: FeatureError.self) { try await catalog.register(s) }
        s.plan.maxHoldBars = 5
        try await catalog.register(s)
        #expect(try await catalog.strategy(named: "oversold-rebound", version: nil)?.version == 2)
        // Re-registering a different definition under a taken version is refused.
        var changed = BuiltInFeatureSets.coreDaily
        changed.warmupBars = 400
        #expect(throws: FeatureError.self) { try catalog.register(changed) }
    }

    @Test func yamlExamplesEqualTheBuiltIns() throws {
        let dir = try FeatureTestSupport.repositoryRoot().appendingPathComponent("examples/featuresets")
        for set in BuiltInFeatureSets.all {
            let loaded = try DefinitionFiles.load(FeatureSetDefinition.self, from: dir.appendingPathComponent("\(set.name).yaml"))
            #expect(loaded == set, "examples/featuresets/\(set.name).yaml differs from the built-in definition")
        }
        for strategy in BuiltInStrategies.all {
            let loaded = try DefinitionFiles.load(StrategyDefinition.self, from: dir.appendingPathComponent("\(strategy.name).yaml"))
            #expect(loaded == strategy, "examples/featuresets/\(strategy.name).yaml differs from the built-in strategy")
        }
    }

    @Test func jsonRoundTripAndReadableDecodeErrors() throws {
        for set in BuiltInFeatureSets.all {
            let data = try DefinitionFiles.json(set)
            #expect(try DefinitionFiles.decode(FeatureSetDefinition.self, json: data, source: "row") == set)
        }
        for strategy in BuiltInStrategies.all {
            let data = try DefinitionFiles.json(strategy)
            #expect(try DefinitionFiles.decode(StrategyDefinition.self, json: data, source: "row") == strategy)
        }
        do {
            _ = try DefinitionFiles.decode(FeatureSetDefinition.self, yaml: "name: x\nversion: 1\n", source: "x.yaml")
            Issue.record("a definition without warmup_bars decoded")
        } catch {
            #expect(error.description.contains("x.yaml") && error.description.contains("warmup_bars"), "\(error)")
        }
    }
}
