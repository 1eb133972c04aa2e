import AlertsCore

/// A strategy: a feature set, an entry condition over its features, and the trade (`PlanSpec`) taken on entry.
///
/// The plan is at once the training label (triple barrier) and the alert's plan. In YAML:
/// `plan: {side: long, take_profit: 0.04, stop: {atr_multiple: 2, atr_period: 14}, max_hold_bars: 10}`.
public struct StrategyDefinition: Sendable, Hashable, Codable {
    public var name: String
    public var version: Int
    public var summary: String?
    /// The feature set, `name` (latest version) or `name@vN`.
    public var featureSet: String
    /// A condition over the set's features (raw values) and `open high low close volume`, e.g. `rsi_14 < 35`.
    public var entry: String
    public var plan: PlanSpec

    public init(name: String, version: Int, summary: String? = nil, featureSet: String, entry: String, plan: PlanSpec) {
        self.name = name
        self.version = version
        self.summary = summary
        self.featureSet = featureSet
        self.entry = entry
        self.plan = plan
    }

    /// `name@vN`.
    public var reference: String { "\(name)@v\(version)" }

    enum CodingKeys: String, CodingKey {
        case name, version, summary, entry, plan
        case featureSet = "feature_set"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        version = try c.decode(Int.self, forKey: .version)
        summary = try c.decodeIfPresent(String.self, forKey: .summary)
        featureSet = try c.decode(String.self, forKey: .featureSet)
        entry = try c.decode(String.self, forKey: .entry)
        plan = try c.decode(PlanDocument.self, forKey: .plan).spec
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(version, forKey: .version)
        try c.encodeIfPresent(summary, forKey: .summary)
        try c.encode(featureSet, forKey: .featureSet)
        try c.encode(entry, forKey: .entry)
        try c.encode(PlanDocument(plan), forKey: .plan)
    }
}

/// The YAML/JSON shape of a `PlanSpec`, shared by strategies and training configs: barriers as a fraction (`0.04`)
/// or `{atr_multiple, atr_period}`; an unknown key is an error naming it.
public struct PlanDocument: Codable, Sendable {
    public var spec: PlanSpec

    public init(_ spec: PlanSpec) { self.spec = spec }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case side, stop, entry, costs
        case takeProfit = "take_profit"
        case maxHoldBars = "max_hold_bars"
    }

    struct Barrier: Codable {
        var distance: BarrierDistance

        enum CodingKeys: String, CodingKey, CaseIterable {
            case atrMultiple = "atr_multiple"
            case atrPeriod = "atr_period"
        }

        init(_ d: BarrierDistance) { distance = d }

        init(from decoder: any Decoder) throws {
            if let single = try? decoder.singleValueContainer(), let p = try? single.decode(Double.self) {
                distance = .percent(p)
                return
            }
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            distance = .atr(
                multiple: try c.decode(Double.self, forKey: .atrMultiple), period: try c.decodeIfPresent(Int.self, forKey: .atrPeriod) ?? 14)
        }

        func encode(to encoder: any Encoder) throws {
            switch distance {
            case .percent(let p):
                var c = encoder.singleValueContainer()
                try c.encode(p)
            case .atr(let m, let n):
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(m, forKey: .atrMultiple)
                try c.encode(n, forKey: .atrPeriod)
            }
        }
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        spec = PlanSpec(
            side: try c.decodeIfPresent(TradeSide.self, forKey: .side) ?? .long,
            takeProfit: try c.decode(Barrier.self, forKey: .takeProfit).distance,
            stop: try c.decode(Barrier.self, forKey: .stop).distance,
            maxHoldBars: try c.decode(Int.self, forKey: .maxHoldBars),
            entry: try c.decodeIfPresent(EntryRule.self, forKey: .entry) ?? .nextOpen,
            costs: try c.decodeIfPresent(CostsDocument.self, forKey: .costs)?.costs)
    }

    /// `costs: {commission_bps, slippage_bps}`, per side; a missing key is 0, an unknown key an error.
    struct CostsDocument: Codable {
        var costs: TradeCosts

        enum CodingKeys: String, CodingKey, CaseIterable {
            case commissionBps = "commission_bps"
            case slippageBps = "slippage_bps"
        }

        init(_ c: TradeCosts) { costs = c }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            costs = TradeCosts(
                commissionBps: try c.decodeIfPresent(Double.self, forKey: .commissionBps) ?? 0,
                slippageBps: try c.decodeIfPresent(Double.self, forKey: .slippageBps) ?? 0)
        }

        func encode(to encoder: any Encoder) throws { try costs.encode(to: encoder) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(spec.side, forKey: .side)
        try c.encode(Barrier(spec.takeProfit), forKey: .takeProfit)
        try c.encode(Barrier(spec.stop), forKey: .stop)
        try c.encode(spec.maxHoldBars, forKey: .maxHoldBars)
        try c.encode(spec.entry, forKey: .entry)
        try c.encodeIfPresent(spec.costs.map(CostsDocument.init), forKey: .costs)
    }
}
