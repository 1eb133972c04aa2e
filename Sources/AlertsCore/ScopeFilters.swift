/// The filters of a model's scope (`ModelScope.filters`), enforced on every run: a symbol outside them is not scored
/// and counts as `out_of_scope`. Keys: `min_price`, `max_price` (the last close), `min_avg_volume` (mean volume of the
/// last 20 bars), `sectors` (the universe's sector names; a symbol without a sector is out). An unknown key or a
/// wrong value is an error naming it, with the nearest known key.
public struct ScopeFilters: Sendable, Hashable {
    public var minPrice: Double?
    public var maxPrice: Double?
    public var minAverageVolume: Double?
    public var sectors: Set<String>?

    /// The bars the volume filter averages over.
    public static let volumeWindow = 20
    public static let keys = ["min_price", "max_price", "min_avg_volume", "sectors"]

    public init(minPrice: Double? = nil, maxPrice: Double? = nil, minAverageVolume: Double? = nil, sectors: Set<String>? = nil) {
        self.minPrice = minPrice
        self.maxPrice = maxPrice
        self.minAverageVolume = minAverageVolume
        self.sectors = sectors
    }

    public init(_ filters: [String: JSONValue]) throws {
        func number(_ key: String, _ v: JSONValue) throws -> Double {
            guard case .number(let d) = v, d.isFinite, d >= 0 else {
                throw CoreError.invalid("scope.filters.\(key): expected a number ≥ 0")
            }
            return d
        }
        for (key, value) in filters {
            switch key {
            case "min_price": minPrice = try number(key, value)
            case "max_price": maxPrice = try number(key, value)
            case "min_avg_volume": minAverageVolume = try number(key, value)
            case "sectors":
                guard case .array(let items) = value, !items.isEmpty else {
                    throw CoreError.invalid("scope.filters.sectors: expected a non-empty list of sector names")
                }
                sectors = Set(
                    try items.map {
                        guard case .string(let s) = $0, !s.isEmpty else { throw CoreError.invalid("scope.filters.sectors: expected sector names") }
                        return s.lowercased()
                    })
            default:
                let hint = NearestKey.nearest(to: key, in: Self.keys).map { " (did you mean '\($0)'?)" } ?? ""
                throw CoreError.invalid("scope.filters: unknown key '\(key)'\(hint); known: \(Self.keys.joined(separator: ", "))")
            }
        }
        if let lo = minPrice, let hi = maxPrice, lo > hi {
            throw CoreError.invalid("scope.filters: min_price \(lo) is above max_price \(hi)")
        }
    }

    public var isEmpty: Bool { minPrice == nil && maxPrice == nil && minAverageVolume == nil && sectors == nil }

    /// Why the instrument is outside the sector filter, or nil when it is inside (checked before any bar is read).
    public func sectorProblem(_ instrument: Instrument) -> String? {
        guard let sectors else { return nil }
        guard let s = instrument.sector?.lowercased(), sectors.contains(s) else {
            return "sector \(instrument.sector ?? "unknown") is not among \(sectors.sorted().joined(separator: ", "))"
        }
        return nil
    }

    /// Why the bars put the symbol outside the price and volume filters, or nil when they do not.
    public func barsProblem(close: Double, volumes: ArraySlice<Double>) -> String? {
        if let lo = minPrice, close < lo { return "close \(close) is below min_price \(lo)" }
        if let hi = maxPrice, close > hi { return "close \(close) is above max_price \(hi)" }
        if let v = minAverageVolume {
            let window = volumes.suffix(Self.volumeWindow)
            let mean = window.isEmpty ? 0 : window.reduce(0, +) / Double(window.count)
            if mean < v { return "average volume \(mean) over \(window.count) bars is below min_avg_volume \(v)" }
        }
        return nil
    }
}
