import AlertsCore
import Features
import Foundation
import MarketData
import Storage

/// A recipe or workflow that cannot be stored or run as written; the message starts with the field it is about.
public enum PipelineError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let m): m
        }
    }
}

/// What a recipe or a workflow makes a run of: the target, the binding it expects, and what it changes.
public struct PipelineSteps: Sendable, Hashable {
    public var target: ModelTarget
    /// The feature set (`name` or `name@vN`) the definition expects the model to score: must be the model's own.
    public var features: String?
    /// The strategy (`name` or `name@vN`) whose entries the model was trained on.
    public var strategy: String?
    /// The runs' default universe.
    public var universe: String?
    public var plan: PlanOverrides?
    public var filter: RunFilter?
    /// nil: as configured.
    public var explain: ExplainMode?
    /// nil (a recipe): like `alerts run`, the feed and matching webhook subscriptions.
    public var deliver: DeliverMode?
    public var recipe: String?
    public var workflow: String?
}

/// Reads recipes and workflows from YAML or JSON, and writes the JSON `sc.recipes` / `sc.workflows` keep.
public enum PipelineDefinitions {
    /// Parses YAML (JSON is YAML too); `source` names the file or body in errors.
    public static func decode<T: Decodable>(_ type: T.Type, yaml text: String, source: String) throws(PipelineError) -> T {
        let tree: JSONValue
        do {
            tree = try DefinitionFiles.decode(JSONValue.self, yaml: text, source: source)
        } catch {
            throw .invalid("\(source): not valid YAML (\(error))")
        }
        let data: Data
        do {
            data = try JSONEncoder().encode(tree)
        } catch {
            throw .invalid("\(source): \(error)")
        }
        return try decode(T.self, json: data, source: source)
    }

    /// Decodes JSON bytes (an HTTP body, a stored row).
    public static func decode<T: Decodable>(_ type: T.Type, json data: Data, source: String) throws(PipelineError) -> T {
        guard (try? JSONSerialization.jsonObject(with: data)) is [String: Any] else {
            throw .invalid(
                "\(source): a \(T.self == Workflow.self ? "workflow" : "recipe") is a mapping of keys (name:, …), not a list or a single value")
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw .invalid("\(source): \(describe(error))")
        }
    }

    /// Reads a `.yaml`, `.yml` or `.json` file.
    public static func load<T: Decodable>(_ type: T.Type, path: String) throws(PipelineError) -> T {
        guard let data = FileManager.default.contents(atPath: path) else { throw .invalid("cannot read \(path): no such file or not readable") }
        return try decode(T.self, yaml: String(decoding: data, as: UTF8.self), source: (path as NSString).lastPathComponent)
    }

    /// Canonical JSON (sorted keys), as stored.
    public static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// A name usable in a URL path: letters, digits, `.`, `_`, `-`, 1 to 100 characters, not `run`.
    public static func checkName(_ name: String, kind: String) throws(PipelineError) {
        let allowed = name.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0))
        }
        guard (1...100).contains(name.count), allowed, name.first.map({ $0.isLetter || $0.isNumber }) == true else {
            throw .invalid(
                "name: '\(name.prefix(60))' is not a \(kind) name (1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit)")
        }
        guard name != "run" else { throw .invalid("name: 'run' is reserved (POST /\(kind)s/run runs one)") }
    }

    /// One line naming the key path of a decoding error.
    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): missing (it is required)"
        case DecodingError.typeMismatch(let type, let context), DecodingError.valueNotFound(let type, let context):
            return "\(path(context.codingPath)): expected \(typeName(type))"
        case DecodingError.dataCorrupted(let context):
            return context.codingPath.isEmpty ? context.debugDescription : "\(path(context.codingPath)): \(context.debugDescription)"
        case let e as PipelineError:
            return e.description
        default:
            return "\(error)"
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        var out = ""
        for k in keys {
            if let i = k.intValue {
                out += "[\(i)]"
            } else {
                out += (out.isEmpty ? "" : ".") + k.stringValue
            }
        }
        return out.isEmpty ? "the definition" : out
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Double.Type, is Int.Type: "a number"
        case is Bool.Type: "true or false"
        default: "\(type)".hasPrefix("Array") ? "a list" : "\(type)".hasPrefix("Dictionary") ? "a mapping of keys" : "\(type)"
        }
    }
}

/// Checks a recipe's or workflow's steps against the registry: the model or pack exists and is published, a
/// `features:` / `strategy:` binding is the model's own, and the universe resolves. Errors name the field.
public struct PipelineChecker: Sendable {
    public let registry: any ModelRegistry
    public let universes: UniverseResolver

    public init(registry: any ModelRegistry, universes: UniverseResolver) {
        self.registry = registry
        self.universes = universes
    }

    /// The published specs the steps run (one, or a pack's components); refuses as described above.
    @discardableResult
    public func check(_ steps: PipelineSteps, checkUniverse: Bool = true) async throws -> [ModelSpec] {
        let specs = try await published(steps.target)
        for spec in specs {
            if let features = steps.features { try Self.bind(features: features, spec: spec) }
            if let strategy = steps.strategy { try Self.bind(strategy: strategy, spec: spec) }
        }
        if checkUniverse, let universe = steps.universe {
            let text = universe.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty, text.count <= 16_384 else { throw PipelineError.invalid("universe: give preset:NAME, watchlist:ID or AAPL,MSFT") }
            // `csv:*` depends on the bars the model runs on; it is resolved by each run.
            if text.lowercased() != "csv:*" {
                do {
                    _ = try await universes.resolve(text)
                } catch {
                    throw PipelineError.invalid("universe: \(error)")
                }
            }
        }
        return specs
    }

    func published(_ target: ModelTarget) async throws -> [ModelSpec] {
        switch target {
        case .model(let name), .modelVersion(let name, _):
            guard !name.isEmpty else { throw PipelineError.invalid("model: give a published model's name") }
            do {
                return [try await registry.published(name: name)]
            } catch StorageError.notFound(let m) {
                throw PipelineError.invalid("model: \(m)")
            }
        case .pack(let name):
            let pack: ModelPack
            do {
                pack = try await registry.pack(name: name)
            } catch StorageError.notFound(let m) {
                throw PipelineError.invalid("pack: \(m)")
            }
            guard pack.status == .published else {
                throw PipelineError.invalid("pack: model pack '\(name)' is not published (it is \(pack.status.rawValue))")
            }
            var out: [ModelSpec] = []
            for role in pack.components.keys.sorted() {
                if let id = pack.components[role] { out.append(try await registry.spec(id: id)) }
            }
            return out
        }
    }

    static func bind(features text: String, spec: ModelSpec) throws {
        let ref: DefinitionReference
        do { ref = try DefinitionReference(parsing: text) } catch { throw PipelineError.invalid("features: \(error)") }
        let own = spec.featureset
        guard ref.name == own.name, ref.version == nil || ref.version == own.version else {
            throw PipelineError.invalid(
                "features: '\(text)' is not the feature set of model \(spec.reference), which was trained on \(own.name)@v\(own.version); "
                    + "a model scores only the features it was trained on (bind \(own.name)@v\(own.version), or train a model on '\(text)')")
        }
    }

    static func bind(strategy text: String, spec: ModelSpec) throws {
        let ref: DefinitionReference
        do { ref = try DefinitionReference(parsing: text) } catch { throw PipelineError.invalid("strategy: \(error)") }
        guard let trained = spec.labelCfg.strategy else {
            throw PipelineError.invalid(
                "strategy: model \(spec.reference) was not trained on a strategy's entries; a model scores only the bars and features it "
                    + "was trained on (train a model on strategy '\(text)', or leave strategy: out)")
        }
        let own = try? DefinitionReference(parsing: trained)
        guard ref.name == own?.name, ref.version == nil || ref.version == own?.version else {
            throw PipelineError.invalid(
                "strategy: '\(text)' is not the strategy of model \(spec.reference), which was trained on \(trained); a model scores only the "
                    + "features and entries it was trained on (bind \(trained), or train a model on '\(text)')")
        }
    }
}

extension AlertRunner {
    /// Runs a recipe's or workflow's steps: the binding is checked again (a newer published version may score another
    /// set), then one ordinary run with the steps' universe (unless `universe` is given), sizing overrides, filter,
    /// explainer and delivery, its lineage (`recipe_name` / `workflow_name`) on the run row. `deliver: none` turns a
    /// commit into a dry run; the same guardrails, duplicate rules and single transaction as any run apply.
    public func run(_ steps: PipelineSteps, universe: String? = nil, asOf: Int64? = nil, userID: String? = nil, mode: RunMode = .commit)
        async throws -> AlertRunReport
    {
        try await PipelineChecker(registry: registry, universes: universes).check(steps, checkUniverse: false)
        let what = steps.recipe.map { "the recipe '\($0)'" } ?? steps.workflow.map { "the workflow '\($0)'" } ?? "the definition"
        guard let universe = universe ?? steps.universe else {
            throw PipelineError.invalid("universe: \(what) names no universe; give one (preset:NAME, watchlist:ID or AAPL,MSFT)")
        }
        var runner = self
        switch steps.explain {
        case nil: break
        case .template: runner = with(explainer: CheckedExplainer(primary: TemplateExplainer(), policy: explainer.policy))
        case .llm:
            guard !(explainer.primary is TemplateExplainer) else {
                throw PipelineError.invalid("explain: llm needs an LLM explainer configured (llm.base_url); this one explains with the template")
            }
        }
        let request = AlertRunRequest(
            target: steps.target, universe: universe, asOf: asOf, userID: userID,
            mode: mode == .commit && steps.deliver == DeliverMode.none ? .dryRun : mode,
            sizing: steps.plan.map { $0.applied(to: sizing) }, filter: steps.filter, recipe: steps.recipe, workflow: steps.workflow,
            webhooks: steps.deliver != .feed && steps.deliver != DeliverMode.none)
        var report = try await runner.run(request)
        report.recipe = steps.recipe
        report.workflow = steps.workflow
        return report
    }

    /// This runner with another explainer (everything else kept).
    func with(explainer: CheckedExplainer) -> AlertRunner {
        var other = self
        other.explainer = explainer
        return other
    }
}
