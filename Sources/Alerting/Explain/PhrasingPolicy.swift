import AlertsCore
import Foundation

/// Checks an explanation before a user sees it: no promises or certainty, no number that is not one of the
/// alert's facts, and a length limit. A text that fails is replaced by the template (see `CheckedExplainer`).
public struct PhrasingPolicy: Sendable {
    /// Why a text was refused; `code` is the metric label.
    public struct Violation: Error, Sendable, Hashable, CustomStringConvertible {
        public var code: String
        public var detail: String
        public var description: String { "\(code): \(detail)" }
    }

    public var maxLength: Int
    /// Banned forms as regular expressions over the normalised text (lower case, straight apostrophes, single spaces).
    public var bannedPatterns: [String]

    public static let defaultBannedPatterns = [
        #"guarantee"#, #"risk[- ]?free"#, #"riskless"#, #"\bzero risk"#, #"\bno risk"#, #"without (any )?risk"#,
        #"can'?t lose"#, #"can ?not lose"#, #"won'?t lose"#, #"cannot fail"#, #"can'?t fail"#, #"can'?t miss"#,
        #"sure[- ]?thing"#, #"sure[- ]?fire"#, #"\b100(\.0+)? ?(%|percent)"#, #"certain to"#, #"\bcertainly\b"#,
        #"definitely"#, #"for sure"#, #"no way to lose"#, #"easy money"#, #"free money"#, #"locked[- ]in (profit|gain)"#,
    ]

    public init(maxLength: Int = 900, bannedPatterns: [String] = PhrasingPolicy.defaultBannedPatterns) {
        self.maxLength = maxLength
        self.bannedPatterns = bannedPatterns
    }

    /// Nil when `text` may be shown for `candidate`, else the first violation.
    public func check(_ text: String, candidate: AlertCandidate) -> Violation? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return Violation(code: "empty", detail: "the explanation is empty") }
        if trimmed.count > maxLength {
            return Violation(code: "too_long", detail: "\(trimmed.count) characters, the limit is \(maxLength)")
        }
        let normal = Self.normalize(trimmed)
        for pattern in bannedPatterns {
            if let r = normal.range(of: pattern, options: [.regularExpression, .caseInsensitive]) {
                return Violation(code: "banned_phrase", detail: "'\(normal[r])' promises or claims certainty")
            }
        }
        let facts = Self.facts(of: candidate)
        for n in Self.numbers(in: trimmed) where !Self.matches(n, facts) {
            return Violation(code: "invented_number", detail: "'\(n.text)' is not one of the alert's figures")
        }
        return nil
    }

    /// Lower case, curly quotes and apostrophes made straight, non-breaking and repeated spaces made one space.
    static func normalize(_ s: String) -> String {
        var out = s.lowercased()
        for (from, to) in [
            ("\u{2019}", "'"), ("\u{2018}", "'"), ("\u{02BC}", "'"), ("`", "'"), ("\u{00A0}", " "), ("\u{202F}", " "),
            ("\u{2011}", "-"), ("\u{2010}", "-"),
        ] {
            out = out.replacingOccurrences(of: from, with: to)
        }
        return out.replacingOccurrences(of: #"\s+"#, with: " ", options: .regularExpression)
    }

    /// A number as written: its value, how many decimals it shows, and whether a percent sign follows.
    struct WrittenNumber: Hashable {
        var text: String
        var value: Double
        var decimals: Int
        var percent: Bool
    }

    static func numbers(in text: String) -> [WrittenNumber] {
        let pattern = #"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"#
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let ns = text as NSString
        return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).compactMap { m in
            let token = ns.substring(with: m.range)
            guard let value = Double(token.replacingOccurrences(of: ",", with: "")) else { return nil }
            let decimals = token.split(separator: ".").dropFirst().first?.count ?? 0
            let after = ns.substring(from: m.range.location + m.range.length).prefix(9).trimmingCharacters(in: .whitespaces)
            let percent = after.hasPrefix("%") || after.lowercased().hasPrefix("percent")
            return WrittenNumber(text: token, value: value, decimals: decimals, percent: percent)
        }
    }

    /// Every figure the alert stands on: score, threshold, reason values and the numbers in their texts, the plan's
    /// prices, fractions, hold and hints, the model version, and the signal bar's date.
    static func facts(of c: AlertCandidate) -> [Double] {
        var f: [Double] = [c.score.score, c.score.threshold, Double(c.modelVersion)]
        for r in c.score.reasons {
            f.append(r.value)
            f += numbers(in: r.text).map(\.value)
        }
        let p = c.plan
        f += [p.referencePrice, p.stopPrice, p.takeProfitPrice, p.stopPct, p.takeProfitPct, Double(p.maxHoldBars), p.sizingHint]
        if let cost = p.roundTripCost { f.append(cost) }
        for v in p.hints.values {
            if case .number(let x) = v { f.append(x) }
            if case .string(let s) = v { f += numbers(in: s).map(\.value) }
        }
        f += numbers(in: c.instrument.symbol + " " + c.modelName).map(\.value)
        let barDate = Date(timeIntervalSince1970: Double(c.barTime) / 1000)
        let d = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: barDate)
        f += [d.year, d.month, d.day].compactMap { $0.map(Double.init) }
        return f.filter(\.isFinite)
    }

    /// A written number matches a fact when it is the fact (or the fact as a percent, or a percent of it) up to the
    /// rounding its decimals imply; signs are ignored ("fell 4.2 %" states a return of −0.042).
    static func matches(_ n: WrittenNumber, _ facts: [Double]) -> Bool {
        let tolerance = 0.5 * pow(10, -Double(n.decimals)) + 1e-9
        for f in facts {
            for c in [abs(f), abs(f) * 100, abs(f) / 100] where abs(n.value - c) <= tolerance {
                return true
            }
        }
        return false
    }
}
