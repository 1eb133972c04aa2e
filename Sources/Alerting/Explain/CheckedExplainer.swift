import AlertsCore
import Metrics

/// An explanation and where it came from.
public struct Explanation: Sendable, Hashable, Codable {
    public var text: String
    /// `template`, `explainer` (the primary's text passed the policy) or `template_fallback`.
    public var source: String
    /// Why the primary's text was refused, when it was.
    public var rejection: String?
}

/// Runs an explainer and the phrasing policy: a text that fails (or an explainer that fails) is replaced by the
/// template text and counted in `alertsai_explanations_rejected_total{reason}`. It never throws.
public struct CheckedExplainer: Sendable {
    public let primary: any Explainer
    public let policy: PhrasingPolicy
    let template = TemplateExplainer()

    public init(primary: any Explainer = TemplateExplainer(), policy: PhrasingPolicy = PhrasingPolicy()) {
        self.primary = primary
        self.policy = policy
    }

    public func explain(_ candidate: AlertCandidate) async -> Explanation {
        if primary is TemplateExplainer { return Explanation(text: template.text(for: candidate), source: "template", rejection: nil) }
        let text: String
        do {
            text = try await primary.explain(candidate: candidate)
        } catch {
            return fallback(candidate, code: "explainer_error", detail: "\(error)")
        }
        if let v = policy.check(text, candidate: candidate) { return fallback(candidate, code: v.code, detail: v.detail) }
        return Explanation(text: text, source: "explainer", rejection: nil)
    }

    func fallback(_ candidate: AlertCandidate, code: String, detail: String) -> Explanation {
        Counter(label: AlertingMetricName.explanationsRejected, dimensions: [("reason", code)]).increment()
        return Explanation(text: template.text(for: candidate), source: "template_fallback", rejection: "\(code): \(detail)")
    }
}
