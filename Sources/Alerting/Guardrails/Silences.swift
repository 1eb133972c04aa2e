import AlertsCore
import Foundation
import MarketData
import Storage

/// Silences in force for a run (`sc.silences`): a candidate matching every matcher of one is held back before the
/// guardrails, recorded as suppressed by `silence` with the silence's id.
public struct SilenceFilter: Sendable {
    public var silences: [Silence]
    /// The run's universe as requested (`preset:NAME`, `watchlist:ID`, `AAPL,MSFT`).
    public var runUniverse: String
    /// Symbols of a watchlist a silence names, resolved once (another user's or a missing one resolves to nothing).
    public var watchlistSymbols: [String: Set<String>]

    public init(silences: [Silence], runUniverse: String, watchlistSymbols: [String: Set<String>] = [:]) {
        self.silences = silences
        self.runUniverse = runUniverse
        self.watchlistSymbols = watchlistSymbols
    }

    /// The first silence muting the candidate, nil when none does.
    public func match(_ c: AlertCandidate) -> Silence? {
        silences.first { s in
            if let m = s.modelName, m.caseInsensitiveCompare(c.modelName) != .orderedSame { return false }
            if let sym = s.symbol, sym.caseInsensitiveCompare(c.instrument.symbol) != .orderedSame { return false }
            if let r = s.regime, r != c.regime?.label { return false }
            if let u = s.universe, !covers(u, symbol: c.instrument.symbol) { return false }
            return true
        }
    }

    /// A silence's universe covers a symbol when it is the run's universe, or a preset, watchlist or list holding it.
    func covers(_ universe: String, symbol: String) -> Bool {
        let u = universe.trimmingCharacters(in: .whitespaces)
        if u == "*" || u.caseInsensitiveCompare(runUniverse.trimmingCharacters(in: .whitespaces)) == .orderedSame { return true }
        let lower = u.lowercased()
        if lower.hasPrefix("preset:") {
            return UniversePresets.named(String(u.dropFirst("preset:".count)))?.symbols.contains(symbol) ?? false
        }
        if lower.hasPrefix("watchlist:") { return watchlistSymbols[String(u.dropFirst("watchlist:".count))]?.contains(symbol) ?? false }
        return u.split(whereSeparator: { $0 == "," || $0 == " " }).contains { $0.uppercased() == symbol.uppercased() }
    }

    /// Splits candidates into those that go on to the guardrails and those a silence mutes.
    public func apply(_ candidates: [AlertCandidate]) -> (kept: [AlertCandidate], muted: [Suppression]) {
        var kept: [AlertCandidate] = []
        var muted: [Suppression] = []
        for c in candidates {
            if let s = match(c) {
                let whose = s.userID == nil ? "an operator's silence" : "your silence"
                let note = s.comment.map { " (\($0))" } ?? ""
                muted.append(
                    Suppression(
                        candidate: c, guardrail: "silence", detail: "muted by \(whose) \(s.id)\(note) until \(Timestamps.iso8601(s.endsAt))",
                        silenceID: s.id))
            } else {
                kept.append(c)
            }
        }
        return (kept, muted)
    }
}
