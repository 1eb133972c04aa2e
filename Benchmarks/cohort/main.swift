import Alerting
import AlertsCore
import Features
import Foundation
import Learning
import Logging
import MarketData
import Storage

// bench-cohort: one alert run for a cohort of 1,000 users on 30 symbols (issue 13 point 4), against the same users served
// one run each. A SQLite store in a temporary folder, the synthetic market, a GBDT on the built-in `core-daily` feature
// set with threshold 0 (every symbol a candidate, so every member meets guardrails on 30 candidates). A third of the
// members have a daily budget of 3, a fifth a watchlist of 10 symbols. `swift run -c release bench-cohort [USERS]`.

let userCount = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 1_000 : 1_000
let ownRunsSampled = min(userCount, 40)

func cpuModel() -> String {
    let text = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let line = text.split(separator: "\n").first { $0.hasPrefix("model name") } ?? ""
    return line.split(separator: ":").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
}

func seconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

var logger = Logger(label: "bench-cohort")
logger.logLevel = .warning
let dir = FileManager.default.temporaryDirectory.appendingPathComponent("alertsai-bench-cohort-\(UUID().uuidString)")
defer { try? FileManager.default.removeItem(at: dir) }
let store = try await StoreFactory.open(url: try DatabaseURL("sqlite:\(dir.path)/sc.sqlite"), logger: logger)
try await Migrator(store: store, logger: logger).migrate()
let artifacts = DirectoryArtifactStore(path: dir.appendingPathComponent("artifacts").path)

// A model on core-daily: label "rsi_14 below 50" on random rows, isotonic-calibrated.
let catalog = InMemoryFeatureSetCatalog.builtIn()
let features = try await catalog.resolveFeatureSet("core-daily@v1").featureNames
var rng = SeededGenerator(seed: 3)
var columns = [[Double]](repeating: [], count: features.count)
var labels: [Double] = []
let key = features.firstIndex(of: "rsi_14") ?? 0
for _ in 0..<2_000 {
    for j in features.indices {
        columns[j].append(features[j].hasPrefix("rsi") ? Double.random(in: 0...100, using: &rng) : Double.random(in: -1...1, using: &rng))
    }
    labels.append(columns[key].last! < 50 ? 1 : 0)
}
var parameters = GBDTParameters()
parameters.numRounds = 50
let trees = try GradientBoostedTrees.train(on: try Dataset(featureNames: features, columns: columns, labels: labels), parameters: parameters)
let raw = try trees.rawScores(try Dataset(featureNames: features, columns: columns, labels: labels)).map(trees.probability(raw:))
let model = ClassifierModel(predictor: .trees(trees), calibrator: try Calibrator.fit(.isotonic, scores: raw, labels: labels), source: "bench-cohort")
let (uri, digest) = try artifacts.put(try ModelFile.encode(model))
let registry = SQLModelRegistry(store: store)
let registered = try await registry.register(
    ModelSpec(
        name: "bench", featureset: FeatureSetRef(name: "core-daily", version: 1, features: features),
        labelCfg: LabelConfig(instrument: .equity, timeframe: .d1, plan: PlanSpec(takeProfit: .percent(0.03), stop: .percent(0.02), maxHoldBars: 10)),
        modelURI: uri, artifactDigest: digest, thresholds: Thresholds(alert: 0, perRegime: ["high_vol": 0, "normal_vol": 0, "low_vol": 0]),
        guardrails: GuardrailDefaults(dailyBudget: 10, cooldownBars: 0, maxPerSector: 4, maxPerDirection: 10, maxExposure: 3)),
    run: nil, actor: "bench")
_ = try await registry.publish(name: "bench", version: registered.version, actor: "bench") { _ in }

// The users, their settings and watchlists, one cohort.
guard let preset = UniversePresets.named("us-mega-30")?.symbols else { fatalError("no preset us-mega-30") }
let users = SQLUserStore(store: store)
let settings = SQLUserSettingsStore(store: store)
let watchlists = SQLWatchlistStore(store: store)
let cohorts = SQLCohortStore(store: store)
_ = try await cohorts.create(name: "everyone", description: "bench")
var members: [CohortMember] = []
let setupStart = DispatchTime.now().uptimeNanoseconds
for i in 0..<userCount {
    let user = try await users.createUser(name: "trader \(i)", email: nil)
    if i % 3 == 0 { try await settings.save(UserAlertSettings(userID: user.id, dailyBudget: 3)) }
    var list: String?
    if i % 5 == 0 {
        let symbols = (0..<10).map { preset[(i + $0 * 3) % preset.count] }
        list = try await watchlists.create(userID: user.id, name: "ten", market: .us, kind: .equity, symbols: symbols).id
    }
    members.append(CohortMember(userID: user.id, watchlistID: list))
}
_ = try await cohorts.add(cohort: "everyone", members: members)
let setupSeconds = seconds(since: setupStart)

func runner() -> AlertRunner {
    AlertRunner(store: store, artifacts: artifacts, provider: SyntheticMarket(), catalog: catalog)
}

print("bench-cohort: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(cpuModel()); SQLite store")
print(String(format: "setup: %d users (a third with a budget of 3, a fifth with a 10-symbol watchlist) in %.1f s", userCount, setupSeconds))

// Two sessions: a cold run, then the next session (the model cache and SQLite pages warm).
let days = ["2024-06-27", "2024-06-28"].map { LocalDate($0)!.adding(days: 1).utcMidnightMillis - 1 }
for (i, asOf) in days.enumerated() {
    let start = DispatchTime.now().uptimeNanoseconds
    let report = try await runner().run(AlertRunRequest(target: .model("bench"), universe: "preset:us-mega-30", asOf: asOf, cohort: "everyone"))
    let took = seconds(since: start)
    print(
        String(
            format: "cohort run %d: %d users x %d symbols in %.2f s (%.2f ms per user): scored %d, alerted %d, suppressed %d",
            i + 1, report.counts["users"] ?? 0, report.counts["symbols"] ?? 0, took, took * 1000 / Double(userCount), report.counts["scored"] ?? 0,
            report.counts["alerted"] ?? 0, report.counts["suppressed"] ?? 0))
}

// The same users one run each (a sample, on a third session), for the ratio.
let third = LocalDate("2024-07-01")!.adding(days: 1).utcMidnightMillis - 1
let start = DispatchTime.now().uptimeNanoseconds
let r = runner()
for m in members.prefix(ownRunsSampled) {
    let universe = m.watchlistID.map { "watchlist:\($0)" } ?? "preset:us-mega-30"
    _ = try await r.run(AlertRunRequest(target: .model("bench"), universe: universe, asOf: third, userID: m.userID))
}
let perOwnRun = seconds(since: start) / Double(ownRunsSampled)
print(
    String(
        format: "one run per user: %.1f ms per user (%d sampled) -> %.1f s for %d users",
        perOwnRun * 1000, ownRunsSampled, perOwnRun * Double(userCount), userCount))
await store.shutdown()
