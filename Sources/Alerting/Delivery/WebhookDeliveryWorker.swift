import Foundation
import Logging
import Metrics
import Storage

/// Drains the webhook outbox: each pass claims due deliveries, POSTs each signed alert (a few at a time), and records
/// the outcome — delivered on 2xx; otherwise an attempt with the error, retried after a growing backoff, `failed`
/// after the last attempt. Delivery is at least once: receivers dedupe on `webhook-id` (Standard Webhooks).
///
/// Start it from a command (`alertsai alerts deliver`) or a service: `await worker.run(every: .seconds(5))` returns
/// when its task is cancelled.
public struct WebhookDeliveryWorker: Sendable {
    public let store: any DeliveryRepository
    public let transport: any WebhookTransport
    public let policy: WebhookDeliveryPolicy
    /// Where deliveries may go (`webhooks.allowed_networks` widens it).
    public let addresses: WebhookAddressPolicy
    let logger: Logger
    /// Wall clock in ms UTC; injected so tests can step past a backoff without sleeping.
    let now: @Sendable () -> Int64

    public init(
        store: any DeliveryRepository, transport: any WebhookTransport = HTTPClientWebhookTransport(), policy: WebhookDeliveryPolicy = .init(),
        logger: Logger = Logger(label: "alertsai.webhooks"), now: @escaping @Sendable () -> Int64 = { Clock.nowMillis() },
        addresses: WebhookAddressPolicy = WebhookAddressPolicy()
    ) {
        self.addresses = addresses
        self.store = store
        self.transport = transport
        self.policy = policy
        self.logger = logger
        self.now = now
    }

    /// What became of one claimed delivery.
    enum Outcome: Sendable {
        case delivered, retried, failed, skipped
    }

    /// One pass: claim up to `batchSize` due deliveries and send them, `concurrency` at a time.
    public func runPass() async throws -> WebhookDeliveryPass {
        let started = ContinuousClock.now
        let at = now()
        let claimed = try await store.claimDeliveries(
            limit: policy.batchSize, at: at, leaseUntil: at + WebhookDeliveryPolicy.millis(policy.lease))
        var pass = WebhookDeliveryPass()
        pass.claimed = claimed.count
        try await withThrowingTaskGroup(of: Outcome.self) { group in
            var queue = claimed[...]
            func startNext() {
                guard let d = queue.popFirst() else { return }
                group.addTask { try await attempt(d) }
            }
            for _ in 0..<policy.concurrency { startNext() }
            while let outcome = try await group.next() {
                switch outcome {
                case .delivered: pass.delivered += 1
                case .retried: pass.retried += 1
                case .failed: pass.failed += 1
                case .skipped: pass.skipped += 1
                }
                if outcome != .skipped {
                    Counter(label: AlertingMetricName.webhookDeliveries, dimensions: [("outcome", "\(outcome)")]).increment()
                }
                startNext()
            }
        }
        let elapsed = ContinuousClock.now - started
        pass.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return pass
    }

    /// Passes every `interval` until the task is cancelled; a pass that took a full batch is followed at once, so a
    /// backlog drains without waiting. A failing pass (e.g. the database is away) is logged and tried again.
    public func run(every interval: Duration, onPass: @escaping @Sendable (WebhookDeliveryPass) async -> Void = { _ in }) async {
        while !Task.isCancelled {
            var backlog = false
            do {
                let pass = try await runPass()
                await onPass(pass)
                backlog = pass.claimed >= policy.batchSize
            } catch {
                if Task.isCancelled || error is CancellationError { return }
                logger.error("webhook delivery pass failed: \(error)")
            }
            if backlog { continue }
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
        }
    }

    /// Sends one delivery and records the attempt.
    func attempt(_ d: PendingDelivery) async throws -> Outcome {
        let failure: String
        do {
            let body = try WebhookPayload(d).body()
            guard let url = URL(string: d.url), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
                return try await record(d, error: "endpoint URL '\(d.url)' is not an http:// or https:// URL")
            }
            // Checked again at every send: a host may resolve elsewhere than it did at subscribe time.
            let checked: [[UInt8]]
            do {
                checked = try addresses.check(url)
            } catch .unresolvable {
                return try await record(d, error: "host not found")
            } catch {
                return try await record(d, error: "address refused: \(error)")
            }
            guard let pinned = checked.first else { return try await record(d, error: "host not found") }
            if let why = d.secretError { return try await record(d, error: why) }
            let timestamp = now() / 1000
            // During a rotation's overlap both secrets sign, so a receiver holding either one verifies (Standard Webhooks
            // allows several space-separated signatures).
            var secrets = [d.secret]
            if let previous = d.previousSecret, let until = d.previousSecretUntil, until > now() { secrets.append(previous) }
            var headers = WebhookSignature.headers(secrets: secrets, id: "msg_\(d.id)", timestamp: timestamp, body: body)
            headers["Content-Type"] = "application/json"
            headers["User-Agent"] = "AlertsAI-Webhooks/1"
            // Connect to the address just checked, not to whatever the host resolves to a moment later (DNS rebinding).
            let response = try await transport.post(
                url, connectingTo: WebhookAddressPolicy.text(pinned), body: body, headers: headers, timeout: policy.timeout)
            if (200..<300).contains(response.status) { return try await record(d, error: nil) }
            // Redirects are never followed: where they point was not checked, and a 3xx is not a delivery.
            if (300..<400).contains(response.status) { return try await record(d, error: "redirect refused: \(response.status)") }
            failure = "HTTP \(response.status)" + (excerpt(response.body).map { ": \($0)" } ?? "")
        } catch {
            // A cancelled pass leaves the row claimed; the lease runs out and another pass sends it.
            if Task.isCancelled || error is CancellationError { return .skipped }
            if error is EncodingError { return try await record(d, error: "the alert cannot be written as JSON: \(error)") }
            failure = webhookFailureText(error, timeout: policy.timeout)
        }
        return try await record(d, error: failure)
    }

    private func record(_ d: PendingDelivery, error: String?) async throws -> Outcome {
        let at = now()
        let attemptNumber = d.attempts + 1
        let retryAt = at + WebhookDeliveryPolicy.millis(policy.retryDelay(afterAttempt: attemptNumber))
        let status = try await store.markDelivery(id: d.id, error: error, at: at, retryAt: retryAt, maxAttempts: policy.maxAttempts)
        switch status {
        case .delivered:
            logger.debug("webhook delivered", metadata: ["delivery": "\(d.id)", "alert": "\(d.alertID)", "attempt": "\(attemptNumber)"])
            return .delivered
        case .pending:
            logger.notice(
                "webhook attempt failed; retrying later",
                metadata: ["delivery": "\(d.id)", "endpoint": "\(d.endpointID)", "attempt": "\(attemptNumber)", "error": "\(error ?? "")"])
            return .retried
        case .failed:
            logger.warning(
                "webhook delivery failed for good",
                metadata: ["delivery": "\(d.id)", "endpoint": "\(d.endpointID)", "attempts": "\(attemptNumber)", "error": "\(error ?? "")"])
            return .failed
        case nil:
            return .skipped
        }
    }

    /// The start of a receiver's answer, on one line.
    private func excerpt(_ body: Data) -> String? {
        let text = String(decoding: body.prefix(4 * policy.responseExcerpt + 4), as: UTF8.self)
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard !text.isEmpty, policy.responseExcerpt > 0 else { return nil }
        return text.count > policy.responseExcerpt ? String(text.prefix(policy.responseExcerpt)) + "…" : text
    }
}
