import AlertsCore
import ArgumentParser
import Foundation
import Logging
import MarketData
import Server
import Storage
import Training

/// `alertsai train RUN.yaml`: runs a declarative training config and registers the model as a draft.
///
/// The training file is the argument; `--config` is the application config, as in every other command. The old
/// spelling `train --config RUN.yaml` (and `--app-config`) is refused with a hint rather than read the wrong way.
struct TrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train, validate, calibrate and register a model from one training config (YAML or JSON).",
        usage: "alertsai train RUN.yaml [--name NAME] [--control KIND] [--config APP.yaml] [--database-url URL] [--quiet]",
        discussion: """
            Stages (progress on stderr): load, features, labels, cv, calibration, final_fit, register. The model is registered \
            as the next version of its name, in draft; publish it with `alertsai models publish NAME VERSION`. \
            Config reference: docs/TRAINING.md.

            Examples:
              alertsai train examples/daily-us-equities.yaml
              alertsai train examples/daily-us-equities.yaml --control null --name swing-check
              alertsai train run.yaml --config app.yaml --database-url sqlite:./data/alertsai.sqlite
            """
    )

    @Argument(help: ArgumentHelp("The training config (YAML or JSON), e.g. examples/daily-us-equities.yaml.", valueName: "run.yaml"))
    var runFile: String?

    @OptionGroup var global: GlobalOptions

    /// The old name of `--config` in this command, kept only to refuse it with the new spelling.
    @Option(name: .customLong("app-config"), help: .hidden)
    var appConfig: String?

    @Option(name: .customLong("polygon-api-key"), help: "polygon.api_key, for data.provider polygon.")
    var polygonAPIKey: String?

    @Option(name: .customLong("cache-path"), help: "cache.path: the bar cache directory for Polygon.")
    var cachePath: String?

    @Option(name: .customLong("name"), help: "Register under this model name instead of the config's `name`.")
    var name: String?

    @Option(help: "Who registers the model (recorded in the registry history); default $USER or cli.")
    var actor: String = ProcessInfo.processInfo.environment["USER"] ?? "cli"

    @Option(
        help: ArgumentHelp(
            "Also train a control of the same pipeline and print it beside the run: null (synthetic, no edge), shuffled-labels "
                + "(outcomes shuffled within day) or planted (synthetic with a planted pattern, data.synthetic.planted_drift); "
                + "registered as NAME.control-KIND.",
            valueName: "kind"))
    var control: String?

    @Flag(help: "No progress lines on stderr.")
    var quiet = false

    func validate() throws {
        if appConfig != nil {
            throw ValidationError(
                "--app-config is now --config (the app config, as in every command); the training file is the argument: alertsai train RUN.yaml")
        }
        guard runFile != nil else {
            if let old = global.configFile {
                throw ValidationError("the training file is now the argument: alertsai train \(old) (--config names the app config in every command)")
            }
            throw ValidationError("missing the training file: alertsai train RUN.yaml (e.g. examples/daily-us-equities.yaml)")
        }
    }

    func run() async throws {
        try await CommandFailure.oneLine {
            let controlKind = try control.map { raw -> TrainingControl in
                guard let kind = TrainingControl(rawValue: raw) else {
                    throw CommandFailure("--control '\(raw)' is not one of \(TrainingControl.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return kind
            }
            var overrides: [String: String] = [:]
            if let polygonAPIKey { overrides["polygon.api_key"] = polygonAPIKey }
            if let cachePath { overrides["cache.path"] = cachePath }
            let app = try await global.load(extra: overrides)
            var training = try TrainingConfigFile.load(path: runFile ?? "")
            if let name { training.name = name }
            let polygon = try app.polygonAPIKey.map { key -> PolygonConfig in
                guard let base = URL(string: app.polygonBaseURL) else {
                    throw CommandFailure("polygon.base_url '\(app.polygonBaseURL)' is not a URL")
                }
                return PolygonConfig(apiKey: key, baseURL: base)
            }
            let trainer = Trainer(polygon: polygon, cache: BarCache(directory: URL(fileURLWithPath: app.cachePath)))
            let quiet = self.quiet
            let started = Date()
            let progress: TrainingProgressHandler = { stage, message in
                guard !quiet else { return }
                let t = String(format: "%6.1fs", Date().timeIntervalSince(started))
                FileHandle.standardError.write(Data("\(t) [\(stage.rawValue)] \(message)\n".utf8))
            }
            try await RegistryConnection.with(app) { registry, artifacts in
                let result = try await trainer.run(config: training, registry: registry, artifacts: artifacts, actor: actor, progress: progress)
                print(result.summary)
                if let controlKind {
                    progress(.load, "control \(controlKind.rawValue): training \(controlKind.config(training).name)")
                    let c = try await trainer.run(
                        config: training, registry: registry, artifacts: artifacts, actor: actor, control: controlKind, progress: progress)
                    print("\n--- control \(controlKind.rawValue) ---")
                    print(c.summary)
                    print(TrainingSummary.comparison(real: result.metrics, control: c.metrics, kind: controlKind))
                }
                print(
                    "\nnext: alertsai models show \(result.spec.name) \(result.spec.version)   |   "
                        + "alertsai models publish \(result.spec.name) \(result.spec.version)"
                )
            }
        }
    }
}
