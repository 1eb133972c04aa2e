import Alerting
import Foundation
import Hummingbird
import Logging
import Storage
import Synchronization

/// A user's webhook receiver on 127.0.0.1 (port 0) speaking the real wire format: it records every POST and checks
/// its signature with the endpoint's secret at the wall clock's time, as a real receiver would.
final class LoopbackWebhookReceiver: Sendable {
    /// One POST as received.
    struct Received: Sendable {
        var deliveryID: String?
        var contentType: String?
        var body: Data
        var verdict: WebhookVerification

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    }

    struct State {
        var received: [Received] = []
        var task: Task<Void, any Error>?
    }

    let secret: String
    private let state = Mutex(State())

    init(secret: String) {
        self.secret = secret
    }

    var received: [Received] { state.withLock { $0.received } }

    /// Starts the server; returns the hook URL.
    func start() async throws -> String {
        let port = Mutex<Int?>(nil)
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            let body = Data(try await request.body.collect(upTo: 1 << 20).readableBytesView)
            func header(_ name: String) -> String? {
                request.headers.first { $0.name.rawName.lowercased() == name.lowercased() }?.value
            }
            let verdict =
                header(WebhookSignature.header).map {
                    WebhookSignature.verify(headerValue: $0, body: body, secret: self.secret, now: Clock.nowMillis() / 1000)
                } ?? .malformedHeader
            let received = Received(
                deliveryID: header(WebhookSignature.deliveryHeader), contentType: header("Content-Type"), body: body, verdict: verdict)
            self.state.withLock { $0.received.append(received) }
            return Response(status: .noContent)
        }
        var logger = Logger(label: "loopback-webhook-receiver")
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
        throw ReceiverError.didNotStart
    }

    /// Stops the server: its port refuses connections afterwards.
    func stop() async {
        let task = state.withLock { state -> Task<Void, any Error>? in
            defer { state.task = nil }
            return state.task
        }
        task?.cancel()
        _ = try? await task?.value
    }

    enum ReceiverError: Error, CustomStringConvertible {
        case didNotStart

        var description: String { "the loopback webhook receiver did not report its port within 5 s" }
    }
}
