import AlertsCore
import Features
import Foundation
import MarketData
import Storage

/// What the publish check found: the model run once, as live, on its universe's last closed bar.
public struct PublishDryRun: Sendable, Hashable {
    /// `preset:NAME` or the symbol list the model runs on.
    public var universe: String
    public var asOf: Int64
    /// Symbols of the universe in the model's scope.
    public var symbols: Int
    /// Symbols whose features, score and plan were made.
    public var served: Int
    /// Symbol → why it could not be served.
    public var failures: [String: String]
    /// Why the model must not be published; nil when it can run.
    public var refusal: String?
}

extension AlertRunner {
    /// The universe a model runs on: its scope (a preset, else its symbols), else its training config's `data.universe`.
    public static func universe(of spec: ModelSpec) -> String? {
        if let preset = spec.scope.allowPresets.first { return "preset:\(preset)" }
        if !spec.scope.allowSymbols.isEmpty { return spec.scope.allowSymbols.joined(separator: ",") }
        if case .string(let u)? = spec.trainingCfg["data"]?["universe"], !u.trimmingCharacters(in: .whitespaces).isEmpty { return u }
        return nil
    }

    /// Runs `spec` (a registered version, published or not) once on its universe's last closed bar before `asOf` (the
    /// clock's now by default) through the live code — feature set, artifact, bars from the data source, features, score,
    /// the instrument's plan for every symbol whatever its score — and writes nothing. It refuses, naming the cause, when
    /// the model cannot be served at all: its feature set or strategy entry does not resolve, its universe does not, or
    /// no symbol of it gets through (the first symbol's error is quoted). Symbols that fail beside others that work are
    /// reported, not refused (one delisted symbol does not make a model unservable).
    public func publishDryRun(_ spec: ModelSpec, asOf: Int64? = nil) async -> PublishDryRun {
        let at = asOf ?? Int64((clock.now().timeIntervalSince1970 * 1000).rounded(.down))
        let universe = Self.universe(of: spec) ?? ""
        var out = PublishDryRun(universe: universe, asOf: at, symbols: 0, served: 0, failures: [:], refusal: nil)
        func refuse(_ why: String) -> PublishDryRun {
            out.refusal = "refusing to publish \(spec.reference): \(why)"
            return out
        }
        guard !universe.isEmpty else { return refuse("it names no universe to run on (its scope and training config name none)") }
        let component: Component
        do {
            let set = try await catalog.resolveFeatureSet(for: spec)
            let entry = try catalog.entryCondition(for: spec, set: set)
            component = Component(role: nil, model: try await models.model(for: spec), set: set, entry: entry)
        } catch {
            return refuse("its features cannot be computed: \(error)")
        }
        let instruments: [Instrument]
        do {
            instruments = try await universes.resolve(universe)
        } catch {
            return refuse("its universe '\(universe)' does not resolve: \(error)")
        }
        let inScope = instruments.filter { Self.allowed($0, scope: spec.scope) }.map { Self.instrument($0, for: spec) }
        out.symbols = inScope.count
        guard !inScope.isEmpty else { return refuse("no symbol of '\(universe)' is in its scope") }
        let g = spec.guardrails
        let planner = InstrumentPlanGenerator(
            sizing: sizing, options: OptionsWindow(minDTE: g.optionsMinDTE, maxDTE: g.optionsMaxDTE, maxLeverage: g.maxLeverage))
        let results: [SymbolResult]
        do {
            results = try await score(inScope, component: component, asOf: at, planner: planner, planAll: true)
        } catch {
            return refuse("the dry run failed: \(error)")
        }
        for r in results {
            if case .failure(let symbol, let message) = r { out.failures[symbol] = message } else { out.served += 1 }
        }
        if out.served == 0, let first = out.failures.min(by: { $0.key < $1.key }) {
            return refuse(
                "a dry run on the last closed bar before \(Timestamps.iso8601(at)) served none of the \(out.symbols) symbol(s) of "
                    + "\(universe) (\(spec.labelCfg.instrument.rawValue), \(spec.labelCfg.timeframe.rawValue)); \(first.key): \(first.value)")
        }
        return out
    }
}
