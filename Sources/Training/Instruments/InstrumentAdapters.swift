import AlertsCore

/// Equities and ETFs: triple barrier on price.
public struct EquityAdapter: InstrumentAdapter {
    public let kind: InstrumentKind

    public init(kind: InstrumentKind = .equity) {
        self.kind = kind
    }

    public func labeler() -> any Labeler { TripleBarrierLabeler() }
    public func planGenerator() -> any PlanGenerator { BarrierPlanGenerator(kind: kind) }
}

/// Options through the ATM proxy on the underlying (`OptionProxy`).
public struct OptionAdapter: InstrumentAdapter {
    public let kind = InstrumentKind.option
    public let proxy: OptionProxy

    public init(proxy: OptionProxy = OptionProxy()) {
        self.proxy = proxy
    }

    public func labeler() -> any Labeler { OptionProxyLabeler(proxy: proxy) }
    public func planGenerator() -> any PlanGenerator { BarrierPlanGenerator(kind: .option, options: proxy) }
}

/// Currency pairs: barriers in whole pips, 24×5 sessions.
public struct FXAdapter: InstrumentAdapter {
    public let kind = InstrumentKind.fx

    public init() {}

    public func labeler() -> any Labeler { FXPipLabeler() }
    public func planGenerator() -> any PlanGenerator { BarrierPlanGenerator(kind: .fx) }
}

/// The adapter and trade resolver of each instrument kind.
public enum InstrumentAdapters {
    public static func adapter(for kind: InstrumentKind, options: OptionProxy = OptionProxy()) -> any InstrumentAdapter {
        switch kind {
        case .equity, .etf: EquityAdapter(kind: kind)
        case .option: OptionAdapter(proxy: options)
        case .fx: FXAdapter()
        }
    }

    /// The resolver that labels trades and resolves live outcomes for `kind` (the same code for both).
    public static func resolver(for kind: InstrumentKind, options: OptionProxy = OptionProxy()) -> any TradeResolver {
        switch kind {
        case .equity, .etf: TripleBarrierLabeler()
        case .option: OptionProxyLabeler(proxy: options)
        case .fx: FXPipLabeler()
        }
    }
}
