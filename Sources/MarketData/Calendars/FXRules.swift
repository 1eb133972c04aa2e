/// Spot FX, 24×5: each session runs 17:00 New York the evening before to 17:00 New York on its date, Monday to
/// Friday, so the week opens Sunday 17:00 and closes Friday 17:00. No holidays (liquidity thins, trading goes on).
public struct FXRules: CalendarRules {
    public let code = "FX24x5"
    public let timeZoneIdentifier = "America/New_York"
    public let years = 2000...2030
    public let regularOpenMinute = 17 * 60 - 24 * 60
    public let regularCloseMinute = 17 * 60

    public init() {}

    public func sessions(year y: Int) -> [LocalSessionSpec] {
        WeekdaySessionPlan().sessions(year: y, open: regularOpenMinute, close: regularCloseMinute)
    }
}
