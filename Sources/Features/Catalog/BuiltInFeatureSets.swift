import AlertsCore

/// The feature sets AlertsAI ships (also as YAML in examples/featuresets/; a test keeps both the same).
public enum BuiltInFeatureSets {
    public static let all: [FeatureSetDefinition] = [coreDaily, coreIntraday]

    /// 29 scale-free features for daily swing models: returns, oscillators, volatility, range position, volume, day.
    public static let coreDaily = FeatureSetDefinition(
        name: "core-daily", version: 1,
        summary: "Daily swing features: returns, momentum, volatility, range position, volume, weekday",
        timeframe: .d1, warmupBars: 300,
        indicators: [
            IndicatorFeature(spec: "logret(1)", name: "ret_1"),
            IndicatorFeature(spec: "logret(5)", name: "ret_5"),
            IndicatorFeature(spec: "logret(20)", name: "ret_20"),
            IndicatorFeature(spec: "rsi(14)", name: "rsi_14"),
            IndicatorFeature(spec: "rsi(2)", name: "rsi_2"),
            IndicatorFeature(spec: "macd(12,26,9).macdhist", name: "macd_hist", normalize: "divide_by_close"),
            IndicatorFeature(spec: "atr(14)", name: "atr_14_pct", normalize: "divide_by_close"),
            IndicatorFeature(spec: "natr(14)", name: "natr_14"),
            IndicatorFeature(spec: "adx(14)", name: "adx_14"),
            IndicatorFeature(spec: "willr(14)", name: "willr_14"),
            IndicatorFeature(spec: "stoch(14,3,3)", name: "stoch"),
            IndicatorFeature(spec: "cci(20)", name: "cci_20"),
            IndicatorFeature(spec: "mfi(14)", name: "mfi_14"),
            IndicatorFeature(spec: "roc(10)", name: "roc_10"),
            IndicatorFeature(spec: "volz(20)", name: "volume_z_20"),
            IndicatorFeature(spec: "gap()", name: "gap"),
            IndicatorFeature(spec: "dist_high(20)"),
            IndicatorFeature(spec: "dist_low(20)"),
            IndicatorFeature(spec: "dist_high(60)"),
            IndicatorFeature(spec: "dist_low(60)"),
            IndicatorFeature(spec: "rvol(20)", name: "rvol_20"),
            IndicatorFeature(spec: "zscore(20)", name: "close_z_20"),
            IndicatorFeature(spec: "bbands(20,2)", name: "bb", hidden: true),
            IndicatorFeature(spec: "sma(50)", name: "sma_50", hidden: true),
            IndicatorFeature(spec: "sma(200)", name: "sma_200", hidden: true),
        ],
        calendar: [CalendarFeature(kind: "day_of_week")],
        derived: [
            DerivedFeature(name: "bb_pct_b", expr: "(close - bb_lowerband) / (bb_upperband - bb_lowerband)"),
            DerivedFeature(name: "trend_50", expr: "close / sma_50 - 1"),
            DerivedFeature(name: "trend_200", expr: "close / sma_200 - 1"),
            DerivedFeature(name: "rsi_x_vol", expr: "rsi_14 * rvol_20"),
            DerivedFeature(name: "rvol_20_z", expr: "rvol_20", normalize: "zscore(120)"),
        ])

    /// Intraday (5-minute) features: short returns, oscillators, volatility, range position, time of session.
    public static let coreIntraday = FeatureSetDefinition(
        name: "core-intraday", version: 1,
        summary: "Intraday features: short returns, momentum, volatility, range position, volume, time of session",
        timeframe: .m5, warmupBars: 400,
        indicators: [
            IndicatorFeature(spec: "logret(1)", name: "ret_1"),
            IndicatorFeature(spec: "logret(6)", name: "ret_6"),
            IndicatorFeature(spec: "logret(12)", name: "ret_12"),
            IndicatorFeature(spec: "logret(78)", name: "ret_78"),
            IndicatorFeature(spec: "rsi(14)", name: "rsi_14"),
            IndicatorFeature(spec: "rsi(2)", name: "rsi_2"),
            IndicatorFeature(spec: "macd(12,26,9).macdhist", name: "macd_hist", normalize: "divide_by_close"),
            IndicatorFeature(spec: "natr(14)", name: "natr_14"),
            IndicatorFeature(spec: "adx(14)", name: "adx_14"),
            IndicatorFeature(spec: "willr(14)", name: "willr_14"),
            IndicatorFeature(spec: "cci(20)", name: "cci_20"),
            IndicatorFeature(spec: "mfi(14)", name: "mfi_14"),
            IndicatorFeature(spec: "volz(20)", name: "volume_z_20"),
            IndicatorFeature(spec: "gap()", name: "gap"),
            IndicatorFeature(spec: "dist_high(78)"),
            IndicatorFeature(spec: "dist_low(78)"),
            IndicatorFeature(spec: "rvol(20)", name: "rvol_20"),
            IndicatorFeature(spec: "zscore(20)", name: "close_z_20"),
            IndicatorFeature(spec: "ema(20)", name: "ema_20", hidden: true),
        ],
        calendar: [CalendarFeature(kind: "bar_of_session"), CalendarFeature(kind: "day_of_week")],
        derived: [
            DerivedFeature(name: "trend_20", expr: "close / ema_20 - 1"),
            DerivedFeature(name: "rsi_x_vol", expr: "rsi_14 * rvol_20"),
        ])
}
