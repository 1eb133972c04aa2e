import AlertsCore
import Features
import Foundation

/// A named binding of one published model (or pack) to a default universe, sizing overrides and a candidate filter
/// (`sc.recipes`, issue 18 point 6). `features:` / `strategy:` state what the recipe expects the model to score; they
/// must be the model's own (a model scores only the features it was trained on), checked when it is stored and at
/// every run.
///
/// ```yaml
/// name: mega-oversold
/// model: demo-swing-daily-us        # or pack: NAME
/// features: core-daily@v1           # optional: must be the model's own set
/// universe: preset:us-mega-30       # optional: the runs' default
/// plan: {risk_pct: 0.5}             # sizing only; stop / take_profit / max_hold are refused
/// filter: {min_score: 0.6, sides: [long]}
/// ```
public struct Recipe: Sendable, Hashable, Codable {
    public var name: String
    public var model: String?
    public var pack: String?
    public var features: String?
    public var strategy: String?
    public var universe: String?
    public var plan: PlanOverrides?
    public var filter: RunFilter?

    public init(
        name: String, model: String? = nil, pack: String? = nil, features: String? = nil, strategy: String? = nil, universe: String? = nil,
        plan: PlanOverrides? = nil, filter: RunFilter? = nil
    ) {
        self.name = name
        self.model = model
        self.pack = pack
        self.features = features
        self.strategy = strategy
        self.universe = universe
        self.plan = plan
        self.filter = filter
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, model, pack, features, strategy, universe, plan, filter
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        try PipelineDefinitions.checkName(name, kind: "recipe")
        model = try c.decodeIfPresent(String.self, forKey: .model)
        pack = try c.decodeIfPresent(String.self, forKey: .pack)
        features = try c.decodeIfPresent(String.self, forKey: .features)
        strategy = try c.decodeIfPresent(String.self, forKey: .strategy)
        universe = try c.decodeIfPresent(String.self, forKey: .universe)
        plan = try c.decodeIfPresent(PlanOverrides.self, forKey: .plan)
        filter = try c.decodeIfPresent(RunFilter.self, forKey: .filter)
        guard (model == nil) != (pack == nil) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: c.codingPath + [model == nil ? CodingKeys.model : CodingKeys.pack],
                    debugDescription: "give exactly one of model: NAME and pack: NAME"))
        }
        if features != nil, strategy != nil {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: c.codingPath + [CodingKeys.strategy],
                    debugDescription: "give features: or strategy:, not both (a strategy model's set is its strategy's)"))
        }
    }

    /// What a run of this recipe does.
    public var pipeline: PipelineSteps {
        PipelineSteps(
            target: model.map { .model($0) } ?? .pack(pack ?? ""), features: features, strategy: strategy, universe: universe, plan: plan,
            filter: filter, explain: nil, deliver: nil, recipe: name, workflow: nil)
    }
}
