/// The notice every alert carries; the pipeline attaches it, never an explainer, so no wording can drop it.
public enum AlertDisclaimer {
    public static let text =
        "Not investment advice. This alert is a statistical estimate from past market data; the trade can lose money, "
        + "and past results do not promise future ones. Size positions to a loss you can afford."
}
