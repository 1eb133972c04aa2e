import AlertsCore
import Foundation

/// Words for the features of the built-in sets: a human name, the value as a trader would write it, and a
/// judgement when the value is notable ("RSI(14) at 24.1 — oversold — raised the score most").
public struct ReasonVocabulary: Sendable {
    /// How a feature reads in words.
    public struct Phrase: Sendable {
        public var name: String
        public var value: String
        public var judgement: String?
    }

    public init() {}

    /// The phrase for `feature` at `value`; unknown features keep their name and a plain number.
    public func phrase(feature: String, value: Double) -> Phrase {
        let (stem, n) = Self.split(feature)
        // Formatted on demand: each phrase needs one of the two.
        var num: String { Self.number(value) }
        var pct: String { Self.percent(value) }
        switch stem {
        case "rsi":
            return Phrase(name: "RSI(\(n ?? 14))", value: num, judgement: value < 30 ? "oversold" : value > 70 ? "overbought" : nil)
        case "ret":
            let bars = n ?? 1
            return Phrase(
                name: bars == 1 ? "the last bar's return" : "the \(bars)-bar return", value: pct,
                judgement: value < -0.03 ? "a sharp drop" : value > 0.03 ? "a strong rise" : nil)
        case "rvol":
            return Phrase(
                name: "\(n ?? 20)-bar realized volatility", value: pct,
                judgement: value > 0.025 ? "turbulent" : value < 0.01 ? "calm" : nil)
        case "natr":
            return Phrase(
                name: "normalized ATR(\(n ?? 14))", value: num + " %", judgement: value > 3 ? "wide ranges" : value < 1 ? "tight ranges" : nil)
        case "atr_pct":
            return Phrase(name: "ATR(\(n ?? 14)) relative to price", value: pct, judgement: nil)
        case "adx":
            return Phrase(name: "ADX(\(n ?? 14))", value: num, judgement: value > 25 ? "a strong trend" : value < 20 ? "no clear trend" : nil)
        case "volz", "volume_z":
            return Phrase(
                name: "the \(n ?? 20)-bar volume z-score", value: num,
                judgement: value > 2 ? "unusually heavy volume" : value < -1 ? "light volume" : nil)
        case "dist_high":
            return Phrase(
                name: "the distance from the \(n ?? 20)-bar high", value: pct,
                judgement: value > -0.01 ? "at the high" : value < -0.1 ? "well below the high" : nil)
        case "dist_low":
            return Phrase(
                name: "the distance from the \(n ?? 20)-bar low", value: pct,
                judgement: value < 0.01 ? "at the low" : value > 0.1 ? "well above the low" : nil)
        case "day_of_week":
            let days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
            let d = Int(value.rounded())
            return Phrase(name: "the day of the week", value: (1...7).contains(d) ? days[d - 1] : num, judgement: nil)
        case "bar_of_session":
            return Phrase(name: "the bar of the session", value: num, judgement: value == 0 ? "the opening bar" : nil)
        case "macd_hist":
            return Phrase(
                name: "the MACD histogram (relative to price)", value: pct,
                judgement: value > 0 ? "positive momentum" : value < 0 ? "negative momentum" : nil)
        case "willr":
            return Phrase(
                name: "Williams %R(\(n ?? 14))", value: num, judgement: value < -80 ? "oversold" : value > -20 ? "overbought" : nil)
        case "stoch_slowk", "stoch_slowd":
            return Phrase(
                name: stem == "stoch_slowk" ? "stochastic %K" : "stochastic %D", value: num,
                judgement: value < 20 ? "oversold" : value > 80 ? "overbought" : nil)
        case "cci":
            return Phrase(name: "CCI(\(n ?? 20))", value: num, judgement: value < -100 ? "oversold" : value > 100 ? "overbought" : nil)
        case "mfi":
            return Phrase(name: "MFI(\(n ?? 14))", value: num, judgement: value < 20 ? "oversold" : value > 80 ? "overbought" : nil)
        case "roc":
            return Phrase(name: "the \(n ?? 10)-bar rate of change", value: num + " %", judgement: nil)
        case "gap":
            return Phrase(name: "the opening gap", value: pct, judgement: value < -0.02 ? "a gap down" : value > 0.02 ? "a gap up" : nil)
        case "close_z":
            return Phrase(
                name: "the close's \(n ?? 20)-bar z-score", value: num,
                judgement: value < -2 ? "stretched below its mean" : value > 2 ? "stretched above its mean" : nil)
        case "bb_pct_b":
            return Phrase(
                name: "Bollinger %B", value: num, judgement: value < 0 ? "below the lower band" : value > 1 ? "above the upper band" : nil)
        case "trend":
            return Phrase(
                name: "the close against its \(n ?? 50)-bar average", value: pct,
                judgement: value > 0 ? "above the average" : value < 0 ? "below the average" : nil)
        case "rsi_x_vol":
            return Phrase(name: "RSI times volatility", value: num, judgement: nil)
        case "rvol_z":
            return Phrase(
                name: "the volatility z-score", value: num,
                judgement: value > 2 ? "volatility unusually high" : value < -1 ? "volatility unusually low" : nil)
        default:
            return Phrase(name: feature, value: num, judgement: nil)
        }
    }

    /// One reason in words: `rank` 0 is the largest contribution.
    public func reason(feature: String, value: Double, contribution: Double, rank: Int) -> ScoreReason {
        let p = phrase(feature: feature, value: value)
        let effect = (contribution >= 0 ? "raised" : "lowered") + " the score" + (rank == 0 ? " most" : "")
        let text = "\(Self.capitalized(p.name)) at \(p.value)" + (p.judgement.map { " — \($0) —" } ?? " —") + " \(effect)"
        return ScoreReason(feature: feature, value: value, contribution: contribution, text: text)
    }

    /// `rsi_14` → ("rsi", 14); `atr_14_pct` → ("atr_pct", 14); `rvol_20_z` → ("rvol_z", 20); `stoch_slowk` → itself.
    static func split(_ feature: String) -> (stem: String, n: Int?) {
        let parts = feature.split(separator: "_").map(String.init)
        guard let i = parts.firstIndex(where: { Int($0) != nil }) else { return (feature, nil) }
        let stem = (parts[..<i] + parts[(i + 1)...]).joined(separator: "_")
        return (stem, Int(parts[i]))
    }

    /// Three significant figures at most, one decimal for values in [10, 1000): the way the text shows numbers.
    public static func number(_ v: Double) -> String {
        let a = abs(v)
        if a >= 1000 || v == v.rounded() { return fixed(v, decimals: 0) }
        if a >= 10 { return fixed(v, decimals: 1) }
        if a >= 1 { return fixed(v, decimals: 2) }
        return fixed(v, decimals: 3)
    }

    /// A fraction as a percent with one decimal: 0.0423 → "4.2 %".
    public static func percent(_ v: Double) -> String { fixed(v * 100, decimals: 1) + " %" }

    /// What `String(format: "%.<decimals>f", v)` prints, without Foundation's formatter (about 20× faster, and the
    /// reasons of a 100-row `/score` batch print 300 numbers). Exact like glibc's printf: the binary value is
    /// rounded half to even. Magnitudes from 2^53 and more than three decimals go to `String(format:)`.
    public static func fixed(_ v: Double, decimals: Int) -> String {
        let a = abs(v)
        guard v.isFinite, a < 0x1p53, (0...3).contains(decimals) else { return String(format: "%.\(decimals)f", v) }
        let scale: UInt64 = decimals == 0 ? 1 : decimals == 1 ? 10 : decimals == 2 ? 100 : 1000
        // a = m · 2^e exactly, so a · 10^d = m · 10^d · 2^e with m · 10^d < 2^63.
        var scaled: UInt64 = 0
        if a.isNormal {
            let m = UInt64(a.significandBitPattern) | (1 << 52)
            let e = Int(a.exponent) - 52
            let p = m * scale
            if e >= 0 {
                scaled = p << UInt64(e)
            } else if -e < 64 {
                let shift = UInt64(-e)
                let q = p >> shift
                let r = p & ((1 << shift) - 1)
                let half: UInt64 = 1 << (shift - 1)
                scaled = r > half || (r == half && q & 1 == 1) ? q + 1 : q
            }
        }
        let whole = scaled / scale
        var text = v.sign == .minus ? "-" : ""
        text += String(whole)
        if decimals > 0 {
            let fraction = String(scaled % scale)
            text += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
        }
        return text
    }

    static func capitalized(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }
}
