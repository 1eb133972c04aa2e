/// What one pass of the webhook sender did.
public struct WebhookDeliveryPass: Sendable, Hashable, Codable {
    /// Deliveries taken from the outbox in this pass.
    public var claimed = 0
    /// Answered 2xx.
    public var delivered = 0
    /// Failed, and will be tried again after the backoff.
    public var retried = 0
    /// Failed for the last time (`maxAttempts` reached): status `failed`, the error stored.
    public var failed = 0
    /// Not settled by this pass: another sender settled it first, or the pass was cancelled before an answer.
    public var skipped = 0
    public var seconds = 0.0

    public init() {}

    /// One line for logs and the command line.
    public var summary: String {
        var line = "delivered \(delivered), retried \(retried), failed \(failed)"
        if skipped > 0 { line += ", skipped \(skipped)" }
        return line + " (claimed \(claimed) in " + String(format: "%.2f", seconds) + " s)"
    }
}
