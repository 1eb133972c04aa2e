import AlertsCore

/// The presets shipped with the project. Sectors are GICS sectors for equities, asset groups for ETFs and FX.
public enum UniversePresets {
    public static let all: [UniversePreset] = [usMega30, usETF10, euDemo, inDemo, fxMajors]

    public static func named(_ name: String) -> UniversePreset? {
        all.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    public static var names: [String] { all.map(\.name) }

    public static let usMega30 = UniversePreset(
        name: "us-mega-30", summary: "30 US mega-cap stocks across sectors", market: .us, kind: .equity,
        members: [
            ("AAPL", "Information Technology"), ("MSFT", "Information Technology"), ("NVDA", "Information Technology"),
            ("AVGO", "Information Technology"), ("ORCL", "Information Technology"), ("GE", "Industrials"),
            ("CRM", "Information Technology"), ("AMZN", "Consumer Discretionary"), ("TSLA", "Consumer Discretionary"),
            ("HD", "Consumer Discretionary"), ("GOOGL", "Communication Services"), ("META", "Communication Services"),
            ("NFLX", "Communication Services"), ("BRK.B", "Financials"), ("JPM", "Financials"), ("V", "Financials"),
            ("MA", "Financials"), ("BAC", "Financials"), ("LLY", "Health Care"), ("UNH", "Health Care"),
            ("JNJ", "Health Care"), ("ABBV", "Health Care"), ("MRK", "Health Care"), ("XOM", "Energy"), ("CVX", "Energy"),
            ("PG", "Consumer Staples"), ("COST", "Consumer Staples"), ("WMT", "Consumer Staples"), ("KO", "Consumer Staples"),
            ("PEP", "Consumer Staples"),
        ])

    public static let usETF10 = UniversePreset(
        name: "us-etf-10", summary: "10 liquid US ETFs: broad indices, sectors, bonds, gold, emerging markets", market: .us,
        kind: .etf,
        members: [
            ("SPY", "US Large Cap"), ("QQQ", "US Large Cap Growth"), ("IWM", "US Small Cap"), ("DIA", "US Large Cap"),
            ("XLF", "US Financials"), ("XLE", "US Energy"), ("XLK", "US Technology"), ("TLT", "US Treasuries"),
            ("GLD", "Gold"), ("EEM", "Emerging Markets"),
        ])

    public static let euDemo = UniversePreset(
        name: "eu-demo", summary: "10 large German stocks traded on Xetra", market: .eu, kind: .equity,
        members: [
            ("SAP", "Information Technology"), ("SIE", "Industrials"), ("ALV", "Financials"), ("DTE", "Communication Services"),
            ("AIR", "Industrials"), ("MBG", "Consumer Discretionary"), ("BMW", "Consumer Discretionary"), ("BAS", "Materials"),
            ("DBK", "Financials"), ("MUV2", "Financials"),
        ])

    public static let inDemo = UniversePreset(
        name: "in-demo", summary: "10 large Indian stocks traded on NSE", market: .india, kind: .equity,
        members: [
            ("RELIANCE", "Energy"), ("TCS", "Information Technology"), ("HDFCBANK", "Financials"), ("INFY", "Information Technology"),
            ("ICICIBANK", "Financials"), ("HINDUNILVR", "Consumer Staples"), ("ITC", "Consumer Staples"), ("SBIN", "Financials"),
            ("BHARTIARTL", "Communication Services"), ("LT", "Industrials"),
        ])

    public static let fxMajors = UniversePreset(
        name: "fx-majors", summary: "The seven USD major currency pairs", market: .fx, kind: .fx,
        members: [
            ("EURUSD", "USD majors"), ("GBPUSD", "USD majors"), ("USDJPY", "USD majors"), ("USDCHF", "USD majors"),
            ("AUDUSD", "USD majors"), ("USDCAD", "USD majors"), ("NZDUSD", "USD majors"),
        ])
}
