import AlertsCore
import Features
import Foundation

/// How a workflow's alerts are explained: the template, or the configured LLM (checked by the phrasing policy).
public enum ExplainMode: String, Sendable, Hashable, Codable, CaseIterable {
    case template
    case llm
}

/// Where a workflow's alerts go: the feed only (the default), the feed and the user's matching webhook
/// subscriptions, or nowhere (`none`: a dry run, the run and its counts recorded, no alert).
public enum DeliverMode: String, Sendable, Hashable, Codable, CaseIterable {
    case feed
    case webhooks
    case none
}

/// One step of a workflow: a mapping of one key, `- universe: preset:us-mega-30`.
public enum WorkflowStep: Sendable, Hashable, Codable {
    case universe(String)
    case features(String)
    case strategy(String)
    case model(String)
    case pack(String)
    case filter(RunFilter)
    case plan(PlanOverrides)
    case explain(ExplainMode)
    case deliver(DeliverMode)

    /// The step's key.
    public var key: String {
        switch self {
        case .universe: "universe"
        case .features: "features"
        case .strategy: "strategy"
        case .model: "model"
        case .pack: "pack"
        case .filter: "filter"
        case .plan: "plan"
        case .explain: "explain"
        case .deliver: "deliver"
        }
    }

    /// Keys in their order; `features`/`strategy` share a place, as do `model`/`pack` (the model step).
    public static let order: [[String]] = [
        ["universe"], ["features", "strategy"], ["model", "pack"], ["filter"], ["plan"], ["explain"], ["deliver"],
    ]
    static let keys = order.flatMap { $0 }

    /// The step's place in `order`.
    var rank: Int { Self.order.firstIndex { $0.contains(key) } ?? 0 }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        let present = c.allKeys
        guard present.count == 1, let key = present.first else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "a step is a mapping of one key (\(Self.keys.joined(separator: ", "))), e.g. `- model: NAME`; got "
                        + (present.isEmpty ? "none" : present.map(\.stringValue).sorted().joined(separator: ", "))))
        }
        func text() throws -> String { try c.decode(String.self, forKey: key) }
        func choice<T: RawRepresentable & CaseIterable>(_: T.Type) throws -> T where T.RawValue == String {
            let raw = try text()
            guard let value = T(rawValue: raw.lowercased()) else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: c.codingPath + [key],
                        debugDescription: "'\(raw.prefix(40))' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
            return value
        }
        switch key.stringValue {
        case "universe": self = .universe(try text())
        case "features": self = .features(try text())
        case "strategy": self = .strategy(try text())
        case "model": self = .model(try text())
        case "pack": self = .pack(try text())
        case "filter": self = .filter(try c.decode(RunFilter.self, forKey: key))
        case "plan": self = .plan(try c.decode(PlanOverrides.self, forKey: key))
        case "explain": self = .explain(try choice(ExplainMode.self))
        case "deliver": self = .deliver(try choice(DeliverMode.self))
        default:
            let nearest = NearestKey.nearest(to: key.stringValue, in: Self.keys).map { "did you mean '\($0)'? " } ?? ""
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: c.codingPath + [key],
                    debugDescription: "unknown step '\(key.stringValue)' (\(nearest)steps: \(Self.keys.joined(separator: ", ")))"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: AnyKey.self)
        let k = AnyKey(stringValue: key)
        switch self {
        case .universe(let s), .features(let s), .strategy(let s), .model(let s), .pack(let s): try c.encode(s, forKey: k)
        case .filter(let f): try c.encode(f, forKey: k)
        case .plan(let p): try c.encode(p, forKey: k)
        case .explain(let e): try c.encode(e, forKey: k)
        case .deliver(let d): try c.encode(d, forKey: k)
        }
    }
}

/// A named pipeline of steps, in this order (`sc.workflows`, issue 18 point 6): `universe`, `features` or `strategy`
/// (optional: the model's own set, checked), the model step (`model` or `pack`), `filter`, `plan` (sizing
/// overrides), `explain` (`template` or `llm`), `deliver` (`feed`, `webhooks` or `none`). Steps out of order, twice,
/// or without the model step are refused naming the step.
///
/// ```yaml
/// name: mega-longs
/// steps:
///   - universe: preset:us-mega-30
///   - model: demo-swing-daily-us
///   - filter: {sides: [long], min_score: 0.55}
///   - plan: {risk_pct: 0.5}
///   - explain: template
///   - deliver: feed
/// ```
public struct Workflow: Sendable, Hashable, Codable {
    public var name: String
    public var steps: [WorkflowStep]

    public init(name: String, steps: [WorkflowStep]) {
        self.name = name
        self.steps = steps
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, steps
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        try PipelineDefinitions.checkName(name, kind: "workflow")
        steps = try c.decode([WorkflowStep].self, forKey: .steps)
        func refuse(_ index: Int?, _ why: String) -> DecodingError {
            var path: [any CodingKey] = c.codingPath + [CodingKeys.steps]
            if let index, let key = AnyKey(intValue: index) { path.append(key) }
            return DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: why))
        }
        var last = -1
        for (i, step) in steps.enumerated() {
            let rank = step.rank
            if rank == last {
                throw refuse(i, "step '\(step.key)': a second \(WorkflowStep.order[rank].joined(separator: "/")) step; each step comes once")
            }
            if rank < last {
                let previous = steps[i - 1].key
                throw refuse(
                    i,
                    "step '\(step.key)' comes after '\(previous)'; the order is \(WorkflowStep.order.map { $0.joined(separator: "/") }.joined(separator: " → "))"
                )
            }
            last = rank
        }
        guard steps.contains(where: { $0.rank == 0 }) else {
            throw refuse(nil, "step 'universe' is missing: a workflow starts with `- universe: preset:NAME | watchlist:ID | AAPL,MSFT`")
        }
        guard steps.contains(where: { $0.rank == 2 }) else {
            throw refuse(nil, "step 'model' is missing: a workflow needs its model step (`- model: NAME` or `- pack: NAME`)")
        }
    }

    /// What a run of this workflow does.
    public var pipeline: PipelineSteps {
        var out = PipelineSteps(
            target: .model(""), features: nil, strategy: nil, universe: nil, plan: nil, filter: nil, explain: nil, deliver: .feed, recipe: nil,
            workflow: name)
        for step in steps {
            switch step {
            case .universe(let u): out.universe = u
            case .features(let f): out.features = f
            case .strategy(let s): out.strategy = s
            case .model(let m): out.target = .model(m)
            case .pack(let p): out.target = .pack(p)
            case .filter(let f): out.filter = f
            case .plan(let p): out.plan = p
            case .explain(let e): out.explain = e
            case .deliver(let d): out.deliver = d
            }
        }
        return out
    }
}
