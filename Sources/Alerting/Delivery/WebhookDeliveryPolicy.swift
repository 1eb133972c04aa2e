import Foundation
import Storage

/// How the webhook sender paces itself: batch, concurrency, timeout, attempts and the backoff between them.
///
/// Attempt n (1-based) that fails is retried after `firstRetryDelay × backoffFactor^(n−1)`, at most `maxRetryDelay`;
/// attempt `maxAttempts` that fails marks the delivery `failed`. Defaults: 30 s, 2 min, 8 min, 32 min, then failed.
public struct WebhookDeliveryPolicy: Sendable, Hashable {
    /// Deliveries taken per pass.
    public var batchSize: Int
    /// POSTs in flight at once.
    public var concurrency: Int
    /// Seconds to wait for a receiver's answer.
    public var timeout: TimeInterval
    public var maxAttempts: Int
    /// Seconds before the first retry.
    public var firstRetryDelay: TimeInterval
    public var backoffFactor: Double
    /// The longest wait between two attempts, seconds.
    public var maxRetryDelay: TimeInterval
    /// How much of a failing receiver's body is kept in the error, in characters.
    public var responseExcerpt: Int

    public init(
        batchSize: Int = 100, concurrency: Int = 4, timeout: TimeInterval = 10, maxAttempts: Int = DeliveryDefaults.maxAttempts,
        firstRetryDelay: TimeInterval = 30, backoffFactor: Double = 4, maxRetryDelay: TimeInterval = 3600, responseExcerpt: Int = 200
    ) {
        self.batchSize = max(1, batchSize)
        self.concurrency = max(1, concurrency)
        self.timeout = max(0.001, timeout)
        self.maxAttempts = max(1, maxAttempts)
        self.firstRetryDelay = max(0, firstRetryDelay)
        self.backoffFactor = max(1, backoffFactor)
        self.maxRetryDelay = max(0, maxRetryDelay)
        self.responseExcerpt = max(0, responseExcerpt)
    }

    /// Seconds to wait after failed attempt `attempt` (1-based) before the next one.
    public func retryDelay(afterAttempt attempt: Int) -> TimeInterval {
        let exponent = Double(max(0, attempt - 1))
        return min(maxRetryDelay, firstRetryDelay * pow(backoffFactor, exponent))
    }

    /// How long a claim keeps other senders off a batch: long enough for every POST of the batch to time out in turn,
    /// plus a margin for the store's writes (5 timeouts, between 5 s and a minute). A sender that dies mid-pass leaves
    /// its unsent rows to be taken again once the lease ends.
    public var lease: TimeInterval {
        timeout * (Double(batchSize) / Double(concurrency)).rounded(.up) + min(60, max(5, 5 * timeout))
    }

    static func millis(_ seconds: TimeInterval) -> Int64 { Int64((seconds * 1000).rounded()) }

    static func seconds(_ s: TimeInterval) -> String {
        s == s.rounded() ? "\(Int(s)) s" : String(format: "%.1f s", s)
    }
}
