import AlertsCore
import ArgumentParser
import Foundation
import MarketData

/// `alertsai calendar …`: trading calendars of the supported markets.
struct CalendarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Trading calendars: sessions, holidays and early closes of US, EU, IN and FX.",
        discussion: """
            The calendars every command uses to place bars and session closes, from the exchanges' rules and published \
            holiday lists (docs/CALENDARS.md).

            Examples:
              alertsai calendar sessions --market US --from 2024-11-27 --to 2024-11-29
            """,
        subcommands: [Sessions.self]
    )

    /// `alertsai calendar sessions --market US --from 2024-01-01 --to 2024-12-31 [--format csv|json]`.
    struct Sessions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print one session a line: date, open and close in UTC (ISO-8601 with Z).",
            discussion: """
                Markets: US (XNYS), EU (XETR), IN (NSE/BSE), FX (24x5, Sunday 17:00 to Friday 17:00 New York). \
                Years 2000–2030. India's sessions after the last published holiday list are provisional \
                (marked in the output) because festival holidays are not knowable by rule.

                Examples:
                  alertsai calendar sessions --from 2024-11-27 --to 2024-11-29
                  alertsai calendar sessions --market IN --from 2025-01-01 --to 2025-12-31 --format json
                  alertsai calendar sessions --market FX --from 2024-12-23 --to 2024-12-27
                """
        )

        @Option(help: "Market: US, EU, IN or FX (exchange codes such as XNYS also work).")
        var market: String = "US"

        @Option(help: "First session date, YYYY-MM-DD (market time zone).")
        var from: String

        @Option(help: "Last session date, YYYY-MM-DD (market time zone).")
        var to: String

        @Option(help: "Output format: csv or json.")
        var format: String = "csv"

        func run() async throws {
            guard let m = Market(parsing: market) else {
                throw ValidationError("--market: unknown market '\(market)'; use US, EU, IN or FX")
            }
            let fromDate = try LocalDate.parse(from, option: "--from")
            let toDate = try LocalDate.parse(to, option: "--to")
            guard fromDate <= toDate else { throw ValidationError("--from \(from) is after --to \(to)") }
            let calendar = ExchangeMarketAdapter.of(m).calendar
            let sessions = try calendar.sessions(from: fromDate, to: toDate)
            var out = ""
            out.reserveCapacity(sessions.count * 80)
            switch format.lowercased() {
            case "csv":
                out += "date,open,close,provisional\n"
                for s in sessions {
                    let provisional = calendar.isProvisional(LocalDate(s.date)!)
                    out += "\(s.date),\(Timestamps.iso8601(s.open)),\(Timestamps.iso8601(s.close)),\(provisional)\n"
                }
            case "json":
                out += "[\n"
                for (i, s) in sessions.enumerated() {
                    let provisional = calendar.isProvisional(LocalDate(s.date)!) ? ",\"provisional\":true" : ""
                    out += "{\"date\":\"\(s.date)\",\"open\":\"\(Timestamps.iso8601(s.open))\","
                    out += "\"close\":\"\(Timestamps.iso8601(s.close))\"\(provisional)}\(i + 1 < sessions.count ? "," : "")\n"
                }
                out += "]\n"
            default:
                throw ValidationError("--format: '\(format)' is not csv or json")
            }
            FileHandle.standardOutput.write(Data(out.utf8))
        }
    }
}
