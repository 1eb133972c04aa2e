import AlertsCore
import Foundation
import Testing

@testable import Alerting

@Suite("phrasing policy")
struct PhrasingPolicyTests {
    let c = candidate(
        "AAPL", score: 0.712,
        reasons: [ReasonVocabulary().reason(feature: "rsi_14", value: 24.13, contribution: 0.8, rank: 0)],
        regime: Regime(volatility: .normal, trend: .up))

    @Test(
        "each banned form is caught, in any case and with curly apostrophes",
        arguments: [
            "This is a guaranteed winner.", "A RISK-FREE entry.", "risk free trade", "You can't lose here.", "You can’t lose here.",
            "It cannot lose.", "A sure thing on AAPL.", "There is no risk.", "Score 100% on this one.", "It is certain to rise.",
            "Guarantees a rebound.", "Won’t lose money.", "Definitely going up.", "Zero risk setup.", "100 percent sure.",
        ])
    func banned(text: String) {
        let v = PhrasingPolicy().check(text, candidate: c)
        #expect(v?.code == "banned_phrase", "not caught: \(text)")
    }

    @Test("a number that is not among the alert's facts is refused, naming it")
    func inventedNumber() {
        let v = PhrasingPolicy().check("AAPL scores 71.2 % and targets 250 dollars.", candidate: c)
        #expect(v?.code == "invented_number")
        #expect(v?.detail.contains("250") == true)
        #expect(PhrasingPolicy().check("AAPL has a 93 % chance.", candidate: c)?.code == "invented_number")
    }

    @Test("facts pass whatever their rounding and percent-or-fraction form")
    func factsPass() {
        let policy = PhrasingPolicy()
        for text in [
            "AAPL scores 71.2 % (0.71) with RSI(14) at 24.1, stop 178.85, target 187.98.",
            "A 71 % estimate; RSI near 24; risk 2 % to make 3 %, hold up to 10 bars.",
            "Score 0.712 against a 60 % threshold; stop 2.0 %, take profit 3.0 %.",
        ] {
            #expect(policy.check(text, candidate: c) == nil, "refused: \(text) — \(String(describing: policy.check(text, candidate: c)))")
        }
    }

    @Test("a text over the length limit or empty is refused")
    func length() {
        #expect(PhrasingPolicy(maxLength: 40).check(String(repeating: "calm words ", count: 10), candidate: c)?.code == "too_long")
        #expect(PhrasingPolicy().check("   ", candidate: c)?.code == "empty")
    }

    @Test("the template's own text passes the policy")
    func templatePasses() {
        let text = TemplateExplainer().text(for: c)
        #expect(PhrasingPolicy().check(text, candidate: c) == nil, "\(text)")
        #expect(text.contains("RSI(14) at 24.1 — oversold — raised the score most"))
    }

    /// An explainer that says whatever it is given.
    struct Canned: Explainer {
        let text: String
        func explain(candidate: AlertCandidate) async throws -> String { text }
    }

    @Test("a refused text is replaced by the template text; an accepted one is kept")
    func checkedExplainer() async {
        let bad = await CheckedExplainer(primary: Canned(text: "AAPL is a guaranteed winner.")).explain(c)
        #expect(bad.source == "template_fallback")
        #expect(bad.text == TemplateExplainer().text(for: c))
        #expect(bad.rejection?.hasPrefix("banned_phrase") == true)
        let good = await CheckedExplainer(primary: Canned(text: "AAPL looks oversold; the model puts it at 71 %.")).explain(c)
        #expect(good.source == "explainer")
        #expect(good.text == "AAPL looks oversold; the model puts it at 71 %.")
    }
}
