import AlertsCore

/// The strategies AlertsAI ships.
public enum BuiltInStrategies {
    public static let all: [StrategyDefinition] = [oversoldRebound, trendPullback]

    /// Buy a sharp short-term drop in a calm market; the synthetic market plants this rebound (docs/MARKETDATA.md).
    /// On 100 synthetic symbols it reaches +3 % before −2 % within 10 bars 48 % of the time (36 % on all bars).
    public static let oversoldRebound = StrategyDefinition(
        name: "oversold-rebound", version: 1,
        summary: "Long after a sharp multi-day drop while volatility is calm",
        featureSet: "core-daily@v1",
        entry: "rsi_14 < 35 and ret_5 < -0.03 and rvol_20 < 0.02",
        plan: PlanSpec(side: .long, takeProfit: .percent(0.03), stop: .percent(0.02), maxHoldBars: 10))

    /// Buy a short pullback inside an up-trend, with ATR-sized barriers.
    public static let trendPullback = StrategyDefinition(
        name: "trend-pullback", version: 1,
        summary: "Long on a two-day pullback in an up-trend (above the 50- and 200-day averages)",
        featureSet: "core-daily@v1",
        entry: "trend_50 > 0 and trend_200 > 0 and rsi_2 < 10",
        plan: PlanSpec(
            side: .long, takeProfit: .atr(multiple: 2, period: 14), stop: .atr(multiple: 1, period: 14), maxHoldBars: 15))
}
