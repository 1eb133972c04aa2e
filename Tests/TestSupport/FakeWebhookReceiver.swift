import Alerting
import AlertsCore
import Foundation
import Hummingbird
import Logging
import Storage
import Synchronization

/// A user's webhook receiver on 127.0.0.1 (port 0), speaking the real wire format: it records every POST, checks its
/// signature with the endpoint's secret (at the receiver's clock: the wall clock, or a test clock), and answers 2xx, an error status, or slowly.
public final class FakeWebhookReceiver: Sendable {
    public enum Mode: Sendable {
        case ok
        case fail(status: Int, body: String)
        case slow(Duration)
        /// Answers 302 with `Location: /landing` (a GET there answers 200 and counts in `landingHits`).
        case redirect
    }

    /// One POST as received.
    public struct Received: Sendable {
        /// The `webhook-id` header.
        public var webhookID: String?
        /// The outbox row id inside `webhook-id` (`msg_<id>`).
        public var deliveryID: String? { webhookID.map { $0.hasPrefix("msg_") ? String($0.dropFirst(4)) : $0 } }
        public var timestamp: String?
        public var signature: String?
        public var contentType: String?
        public var body: Data
        public var verdict: WebhookVerification

        public var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    }

    struct State {
        var mode = Mode.ok
        var received: [Received] = []
        var landingHits = 0
        var task: Task<Void, any Error>?
    }

    public let secret: String
    /// The receiver's wall clock (ms UTC), against which signature timestamps are checked.
    let now: @Sendable () -> Int64
    private let state = Mutex(State())

    public init(secret: String, now: @escaping @Sendable () -> Int64 = { Clock.nowMillis() }) {
        self.secret = secret
        self.now = now
    }

    public var received: [Received] { state.withLock { $0.received } }
    /// Requests that followed a redirect to `/landing`.
    public var landingHits: Int { state.withLock { $0.landingHits } }
    public func answer(_ mode: Mode) { state.withLock { $0.mode = mode } }

    /// Starts the server; returns the hook URL.
    public func start() async throws -> String {
        let port = Mutex<Int?>(nil)
        let router = Router()
        for method in [HTTPRequest.Method.get, .post] {
            router.on("/landing", method: method) { _, _ -> Response in
                self.state.withLock { $0.landingHits += 1 }
                return Response(status: .ok)
            }
        }
        router.post("/hook") { request, _ -> Response in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let body = Data(buffer.readableBytesView)
            func header(_ name: String) -> String? {
                request.headers.first { $0.name.rawName.lowercased() == name.lowercased() }?.value
            }
            let webhookID = header(WebhookSignature.idHeader)
            let timestamp = header(WebhookSignature.timestampHeader)
            let signature = header(WebhookSignature.signatureHeader)
            let verdict = WebhookSignature.verify(
                id: webhookID, timestamp: timestamp, signatures: signature, body: body, secret: self.secret, now: self.now() / 1000)
            let mode = self.state.withLock { state -> Mode in
                state.received.append(
                    Received(
                        webhookID: webhookID, timestamp: timestamp, signature: signature, contentType: header("Content-Type"),
                        body: body, verdict: verdict))
                return state.mode
            }
            switch mode {
            case .ok: return Response(status: .noContent)
            case .fail(let status, let text): return Response(status: .init(code: status), body: .init(byteBuffer: ByteBuffer(string: text)))
            case .redirect:
                return Response(status: .found, headers: [.location: "/landing"])
            case .slow(let wait):
                try await Task.sleep(for: wait)
                return Response(status: .ok)
            }
        }
        var logger = Logger(label: "fake-webhook-receiver")
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in port.withLock { $0 = channel.localAddress?.port } }, logger: logger)
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        state.withLock { $0.task = task }
        for _ in 0..<500 {
            if let p = port.withLock({ $0 }) { return "http://127.0.0.1:\(p)/hook" }
            try await Task.sleep(for: .milliseconds(10))
        }
        await stop()
        throw AlertingError.invalid("the fake webhook receiver did not report its port within 5 s")
    }

    /// Stops the server: its port refuses connections afterwards.
    public func stop() async {
        let task = state.withLock { state -> Task<Void, any Error>? in
            defer { state.task = nil }
            return state.task
        }
        task?.cancel()
        _ = try? await task?.value
    }
}

/// A settable wall clock (ms UTC): tests step past a backoff instead of sleeping through it.
public final class TestClock: Sendable {
    private let now: Mutex<Int64>

    public init(_ start: Int64 = Clock.nowMillis()) { now = Mutex(start) }

    public var millis: Int64 { now.withLock { $0 } }
    public func advance(seconds: Double) { now.withLock { $0 += Int64((seconds * 1000).rounded()) } }
    public var read: @Sendable () -> Int64 { { self.millis } }
}
