/// The pip of a currency pair, and prices and distances in pips: the one rule every FX label, plan and alert uses.
///
/// A pip is 0.01 when the quote currency is the yen (USDJPY, EUR/JPY, C:GBPJPY), else 0.0001.
public enum PipSize {
    public static func of(_ symbol: String) -> Double {
        symbol.uppercased().hasSuffix("JPY") ? 0.01 : 0.0001
    }

    /// A price distance in whole pips, at least one.
    public static func pips(_ distance: Double, symbol: String) -> Double { pips(distance, pip: of(symbol)) }

    /// A price distance in whole pips of size `pip`, at least one: the rounding every FX barrier goes through.
    public static func pips(_ distance: Double, pip: Double) -> Double { max(1, (abs(distance) / pip).rounded()) }

    /// A price rounded to the pair's pip (what an FX order is placed at).
    public static func round(_ price: Double, symbol: String) -> Double {
        let pip = of(symbol)
        return (price / pip).rounded() * pip
    }
}
