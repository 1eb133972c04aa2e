import AlertsCore
import Features
import Foundation

/// What a recipe or workflow may change of a model's plan: the sizing only (DECISIONS 64). The model's calibrated
/// probability and its expected return after costs hold for the barriers it was trained on (stop, take-profit, max
/// hold), so a definition naming a barrier is refused: train a model with those barriers instead.
public struct PlanOverrides: Sendable, Hashable, Codable {
    /// Percent of equity lost if the stop is hit (0.5 = 0.5 %); `PlanSizing.riskPerTrade` × 100.
    public var riskPct: Double?
    /// Largest suggested position, percent of equity; `PlanSizing.maxPosition` × 100.
    public var maxPositionPct: Double?

    public init(riskPct: Double? = nil, maxPositionPct: Double? = nil) {
        self.riskPct = riskPct
        self.maxPositionPct = maxPositionPct
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case riskPct = "risk_pct"
        case maxPositionPct = "max_position_pct"
    }

    /// Keys of the model's trade a definition may not change, each refused with the reason.
    static let barrierKeys = [
        "stop", "stop_pct", "take_profit", "take_profit_pct", "max_hold", "max_hold_bars", "side", "entry", "barriers",
    ]

    /// The words every barrier refusal carries.
    public static let barrierRefusal = "train a model with those barriers instead"

    public init(from decoder: any Decoder) throws {
        let present = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
        if let barrier = present.first(where: Self.barrierKeys.contains) {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath + [AnyKey(stringValue: barrier)],
                    debugDescription:
                        "'\(barrier)' is part of the trade the model was trained on: its calibrated probability and expected return "
                        + "after costs hold only for those barriers (stop, take-profit, max hold); a recipe or workflow changes sizing "
                        + "only (risk_pct, max_position_pct) — \(Self.barrierRefusal)"))
        }
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        riskPct = try c.decodeIfPresent(Double.self, forKey: .riskPct)
        maxPositionPct = try c.decodeIfPresent(Double.self, forKey: .maxPositionPct)
        if let r = riskPct, !(r.isFinite && r > 0 && r <= 10) {
            throw DecodingError.dataCorrupted(
                .init(codingPath: c.codingPath + [CodingKeys.riskPct], debugDescription: "more than 0 and at most 10 (percent of equity), got \(r)"))
        }
        if let m = maxPositionPct, !(m.isFinite && m > 0 && m <= 100) {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: c.codingPath + [CodingKeys.maxPositionPct],
                    debugDescription: "more than 0 and at most 100 (percent of equity), got \(m)"))
        }
    }

    /// `base` with these overrides.
    public func applied(to base: PlanSizing) -> PlanSizing {
        PlanSizing(riskPerTrade: riskPct.map { $0 / 100 } ?? base.riskPerTrade, maxPosition: maxPositionPct.map { $0 / 100 } ?? base.maxPosition)
    }

    public var isEmpty: Bool { riskPct == nil && maxPositionPct == nil }
}
