import AlertsCore
import Foundation
import Testing
@testable import Training

/// Training config files: a complete one reads back, and every kind of mistake is one line naming the key.
@Suite struct ConfigTests {
    static let valid = """
        name: swing-test
        seed: 11
        data:
          provider: synthetic
          universe: preset:us-mega-30
          timeframe: 1d
          from: 2015-01-01
          to: 2024-12-31
          synthetic: {seed: 3, strength: 0.5}
        features: {set: core-daily}
        sampling: {method: cusum, threshold: 0.02}
        plan: {side: short, take_profit: {atr_multiple: 2, atr_period: 10}, stop: 0.02, max_hold_bars: 10, entry: signal_close}
        model: {kind: gbdt, params: {num_leaves: 7, learning_rate: 0.1}}
        validation: {method: purged_kfold, folds: 4, embargo_bars: 3}
        calibration: platt
        thresholds: {policy: top_k, alerts_per_day: 3, per_regime: true}
        guardrails: {daily_budget: 9}
        scope: {allow_symbols: [AAPL]}
        """

    @Test func aCompleteConfigReadsBack() throws {
        let c = try TrainingConfigFile.parse(Self.valid)
        #expect(c.name == "swing-test")
        #expect(c.seed == 11)
        #expect(c.data.syntheticSeed == 3 && c.data.syntheticStrength == 0.5)
        #expect(c.data.timeframe == .d1)
        #expect(c.features.set == "core-daily")
        #expect(c.sampling?.method == "cusum" && c.sampling?.threshold == 0.02)
        let p = try #require(c.plan)
        #expect(p.side == .short && p.takeProfit == .atr(multiple: 2, period: 10) && p.stop == .percent(0.02))
        #expect(p.maxHoldBars == 10 && p.entry == .signalClose)
        #expect(c.model.params["num_leaves"] == "7" && c.model.params["learning_rate"] == "0.1")
        #expect(c.validation.folds == 4 && c.validation.embargoBars == 3)
        #expect(c.calibration == .platt)
        #expect(c.thresholds.policy == "top_k" && c.thresholds.alertsPerDay == 3 && c.thresholds.perRegime)
        #expect(c.guardrails.dailyBudget == 9 && c.guardrails.cooldownBars == GuardrailDefaults().cooldownBars)
        #expect(c.scope?.allowSymbols == ["AAPL"])
        // The resolved config is stored as JSON and reads back the same.
        let json = try JSONValue(encoding: c)
        let again = try TrainingConfigFile.parse(String(decoding: try JSONEncoder.canonical.encode(json), as: UTF8.self))
        #expect(again == c)
    }

    func error(_ replace: String, with: String) -> String {
        let text = Self.valid.replacingOccurrences(of: replace, with: with)
        #expect(text != Self.valid, "the replacement must change the config")
        do {
            _ = try TrainingConfigFile.parse(text, source: "run.yaml")
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test func errorsNameTheKey() {
        let missing = error("max_hold_bars: 10, ", with: "")
        #expect(missing.contains("plan.max_hold_bars"), "\(missing)")
        #expect(missing.contains("run.yaml"))

        let typo = error("max_hold_bars: 10", with: "max_hold_bar: 10")
        #expect(typo.contains("plan.max_hold_bar") && typo.contains("unknown key"), "\(typo)")

        let type = error("folds: 4", with: "folds: four")
        #expect(type.contains("validation.folds"), "\(type)")

        let timeframe = error("timeframe: 1d", with: "timeframe: 3h")
        #expect(timeframe.contains("data.timeframe") && timeframe.contains("3h"), "\(timeframe)")

        let date = error("from: 2015-01-01", with: "from: 2015-13-01")
        #expect(date.contains("data.from"), "\(date)")

        let calibration = error("calibration: platt", with: "calibration: beta")
        #expect(calibration.contains("calibration") && calibration.contains("beta"), "\(calibration)")

        let topLevel = error("seed: 11", with: "sede: 11")
        #expect(topLevel.contains("sede") && topLevel.contains("unknown key"), "\(topLevel)")

        let guardrail = error("daily_budget: 9", with: "daily_budgett: 9")
        #expect(guardrail.contains("guardrails.daily_budgett"), "\(guardrail)")

        let yaml = error("features: {set: core-daily}", with: "features: {set: core-daily")
        #expect(yaml.contains("YAML"), "\(yaml)")
    }

    @Test("an unknown key names the nearest known key, with its full path")
    func unknownKeysNameTheNearest() {
        let typo = error("provider: synthetic", with: "provder: synthetic")
        #expect(typo.contains("'data.provder'") && typo.contains("did you mean 'data.provider'?"), "\(typo)")
        let top = error("seed: 11", with: "sede: 11")
        #expect(top.contains("did you mean 'seed'?"), "\(top)")
        let nested = error("atr_period: 10", with: "atr_perod: 10")
        #expect(nested.contains("did you mean 'plan.take_profit.atr_period'?"), "\(nested)")
    }

    @Test(
        "an empty file, a list or a value where a mapping belongs: plain words, no decoding path of ''",
        arguments: [
            ("", "the file is empty"), ("# only a comment\n", "the file is empty"), ("- a\n- b\n", "the file holds a list"),
            ("42\n", "the file holds a single value"),
        ])
    func wrongShapesSayso(text: String, says: String) {
        do {
            _ = try TrainingConfigFile.parse(text, source: "run.yaml")
            Issue.record("'\(text)' parsed")
        } catch {
            #expect(error.description.contains("run.yaml: \(says)"), "\(error.description)")
            #expect(!error.description.contains("key ''") && !error.description.contains("Node"), "\(error.description)")
        }
    }

    @Test func aSectionThatIsNotAMappingSaysSo() {
        let text = error("features: {set: core-daily}", with: "features: core-daily")
        #expect(text.contains("key 'features': expected a mapping of keys") && !text.contains("Node"), "\(text)")
    }

    @Test func badModelParametersNameTheParameter() async throws {
        var c = try TrainingConfigFile.parse(Self.valid)
        c.model.params["num_leavs"] = "7"
        #expect(throws: TrainingError.self) { try Trainer.gbdtParameters(c) }
        do {
            _ = try Trainer.gbdtParameters(c)
        } catch {
            #expect("\(error)".contains("model.params.num_leavs"))
        }
    }
}
