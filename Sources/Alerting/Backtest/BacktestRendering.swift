import AlertsCore
import Foundation
import MarketData

extension BacktestReport {
    /// A readable report: the statistics beside the promise, then one line per trade.
    public func text() -> String {
        func f(_ x: Double?, _ digits: Int = 3) -> String { x.map { String(format: "%.\(digits)f", $0) } ?? "n/a" }
        func col(_ s: String, _ n: Int) -> String { s.count >= n ? s : s.padding(toLength: n, withPad: " ", startingAt: 0) }
        func right(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
        var lines: [String] = []
        lines.append(
            "backtest \(model) (\(modelStatus.rawValue)) on \(universe)\(userID.map { " for user \($0)" } ?? "") from \(from) to \(to)")
        lines.append(
            "\(runs) closed bar(s) over \(sessions) session(s); \(signals) alert(s), \(statistics.alerts) resolved, \(pending.count) still open at \(Timestamps.iso8601(resolveAsOf))"
        )
        let held = counts.filter { $0.key.hasPrefix("suppressed.") }.sorted { $0.key < $1.key }
        if !held.isEmpty {
            lines.append("held back by guardrails: " + held.map { "\($0.key.dropFirst("suppressed.".count))=\($0.value)" }.joined(separator: " "))
        }
        if let failed = counts["failed"], failed > 0 { lines.append("failed: \(failed) symbol-bar(s) (\(failures.count) symbol(s))") }
        lines.append("")
        lines.append(col("", 18) + right("backtest", 12) + "   promise (forward, 95 % CI)")
        let p = promise
        lines.append(col("win rate", 18) + right(f(statistics.winRate), 12) + "   " + (p.map { "precision " + $0.precision.text(3) } ?? "none"))
        lines.append(col("expectancy %", 18) + right(f(statistics.expectancyPct), 12) + "   " + (p.map { $0.expectancyPct.text(3) } ?? ""))
        lines.append(col("expectancy R", 18) + right(f(statistics.expectancyR), 12) + "   " + (p.map { $0.expectancyR.text(3) } ?? ""))
        lines.append(col("alerts per day", 18) + right(f(alertsPerDay), 12) + "   " + (p.map { $0.alertsPerDay.text(3) } ?? ""))
        lines.append(col("profit factor", 18) + right(f(statistics.profitFactor), 12))
        lines.append(col("average win %", 18) + right(f(statistics.averageWinPct), 12))
        lines.append(col("average loss %", 18) + right(f(statistics.averageLossPct), 12))
        lines.append(col("max drawdown %", 18) + right(f(statistics.maxDrawdownPct), 12))
        lines.append(col("max drawdown R", 18) + right(f(statistics.maxDrawdownR), 12))
        lines.append(col("sharpe (annual)", 18) + right(f(statistics.sharpe), 12))
        guard !trades.isEmpty else { return lines.joined(separator: "\n") }
        lines.append("")
        lines.append(
            col("bar", 22) + col("symbol", 8) + col("side", 6) + right("entry", 10) + right("stop", 10) + right("take", 10) + right("exit", 10)
                + "  " + col("reason", 12) + right("net %", 8) + right("net R", 8))
        for t in trades {
            lines.append(
                col(Timestamps.iso8601(t.barTime), 22) + col(t.symbol, 8) + col(t.side.rawValue, 6) + right(f(t.entry, 2), 10)
                    + right(f(t.stop, 2), 10) + right(f(t.takeProfit, 2), 10) + right(f(t.exit, 2), 10) + "  " + col(t.exitReason.rawValue, 12)
                    + right(f(t.netReturnPct, 2), 8) + right(f(t.netR, 2), 8))
        }
        return lines.joined(separator: "\n")
    }

    /// The equity curve (cumulative net return, percent of one position per alert, trades in signal order) as SVG.
    public func equitySVG() -> String {
        EquityCurveSVG.render(
            title: "\(model) on \(universe), \(from) – \(to)",
            points: trades.map { ($0.barTime, $0.netReturnPct) },
            subtitle: String(
                format: "%d trades · expectancy %@ %% · max drawdown %.2f %% · profit factor %@", statistics.alerts,
                statistics.expectancyPct.map { String(format: "%.3f", $0) } ?? "n/a", statistics.maxDrawdownPct,
                statistics.profitFactor.map { String(format: "%.2f", $0) } ?? "n/a"))
    }
}

/// A small hand-written SVG line chart of an equity curve (no charting dependency).
public enum EquityCurveSVG {
    /// `points`: (signal time ms UTC, net return percent) in order; the curve is their running sum, starting at 0.
    public static func render(title: String, points: [(Int64, Double)], subtitle: String = "", width: Int = 800, height: Int = 360) -> String {
        let left = 64.0
        let right = 20.0
        let top = 48.0
        let bottom = 40.0
        let w = Double(width) - left - right
        let h = Double(height) - top - bottom
        var equity = [0.0]
        for (_, r) in points { equity.append(equity[equity.count - 1] + r) }
        let lo = min(0, equity.min() ?? 0)
        let hi = max(0, equity.max() ?? 0)
        let span = hi - lo > 0 ? hi - lo : 1
        let n = max(1, equity.count - 1)
        func x(_ i: Int) -> Double { left + w * Double(i) / Double(n) }
        func y(_ v: Double) -> Double { top + h * (hi - v) / span }
        func num(_ v: Double) -> String { String(format: "%.1f", v) }
        var peak = 0.0
        var drawdown: [String] = []
        for (i, v) in equity.enumerated() {
            peak = max(peak, v)
            drawdown.append("\(num(x(i))),\(num(y(peak)))")
        }
        let path = equity.enumerated().map { "\(num(x($0.offset))),\(num(y($0.element)))" }.joined(separator: " ")
        var svg: [String] = []
        svg.append(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" font-family=\"sans-serif\" font-size=\"12\">"
        )
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>")
        svg.append("<text x=\"\(num(left))\" y=\"20\" font-size=\"14\" font-weight=\"bold\">\(escape(title))</text>")
        svg.append("<text x=\"\(num(left))\" y=\"38\" fill=\"#555\">\(escape(subtitle))</text>")
        // Axes, the zero line and the extreme values.
        svg.append(
            "<line x1=\"\(num(left))\" y1=\"\(num(top))\" x2=\"\(num(left))\" y2=\"\(num(top + h))\" stroke=\"#999\"/>"
                + "<line x1=\"\(num(left))\" y1=\"\(num(top + h))\" x2=\"\(num(left + w))\" y2=\"\(num(top + h))\" stroke=\"#999\"/>")
        svg.append(
            "<line x1=\"\(num(left))\" y1=\"\(num(y(0)))\" x2=\"\(num(left + w))\" y2=\"\(num(y(0)))\" stroke=\"#bbb\" stroke-dasharray=\"4 3\"/>")
        for v in Set([lo, 0, hi]).sorted() {
            svg.append("<text x=\"\(num(left - 6))\" y=\"\(num(y(v) + 4))\" text-anchor=\"end\">\(String(format: "%.1f %%", v))</text>")
        }
        if let first = points.first?.0, let last = points.last?.0 {
            svg.append("<text x=\"\(num(left))\" y=\"\(num(top + h + 18))\">\(escape(day(first)))</text>")
            svg.append("<text x=\"\(num(left + w))\" y=\"\(num(top + h + 18))\" text-anchor=\"end\">\(escape(day(last)))</text>")
        }
        svg.append("<text x=\"\(num(left + w / 2))\" y=\"\(num(top + h + 32))\" text-anchor=\"middle\" fill=\"#555\">trades in signal order</text>")
        svg.append("<polyline fill=\"none\" stroke=\"#e6a0a0\" stroke-width=\"1\" points=\"\(drawdown.joined(separator: " "))\"/>")
        svg.append("<polyline fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"2\" points=\"\(path)\"/>")
        svg.append("</svg>")
        return svg.joined(separator: "\n") + "\n"
    }

    static func day(_ t: Int64) -> String { String(Timestamps.iso8601(t).prefix(10)) }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}
