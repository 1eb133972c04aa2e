import AlertsCore

/// A named list of instruments shipped with the project (`preset:us-mega-30`).
public struct UniversePreset: Sendable, Hashable {
    public var name: String
    public var summary: String
    public var market: Market
    public var kind: InstrumentKind
    /// Symbols with an optional sector or asset group.
    public var members: [(symbol: String, sector: String?)]

    public init(name: String, summary: String, market: Market, kind: InstrumentKind, members: [(symbol: String, sector: String?)]) {
        self.name = name
        self.summary = summary
        self.market = market
        self.kind = kind
        self.members = members
    }

    public var symbols: [String] { members.map(\.symbol) }

    public var instruments: [Instrument] {
        members.map { Instrument(symbol: $0.symbol, market: market, kind: kind, sector: $0.sector) }
    }

    public static func == (a: UniversePreset, b: UniversePreset) -> Bool {
        a.name == b.name && a.market == b.market && a.kind == b.kind && a.symbols == b.symbols
            && a.members.map(\.sector) == b.members.map(\.sector)
    }

    public func hash(into h: inout Hasher) {
        h.combine(name)
        h.combine(symbols)
    }
}
