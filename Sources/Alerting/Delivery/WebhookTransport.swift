import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What a webhook receiver answered: its status code and (the start of) its body.
public struct WebhookResponse: Sendable, Hashable {
    public var status: Int
    public var body: Data

    public init(status: Int, body: Data = Data()) {
        self.status = status
        self.body = body
    }
}

/// Sends one webhook POST; the seam between the delivery worker and the network (tests point it at a loopback server).
public protocol WebhookTransport: Sendable {
    /// POSTs `body` with `headers`; throws when no HTTP answer came (refused, unreachable, timed out).
    func post(_ url: URL, body: Data, headers: [String: String], timeout: TimeInterval) async throws -> WebhookResponse
}

/// `WebhookTransport` over Foundation's `URLSession` (FoundationNetworking on Linux): no cache, no cookies, and no
/// redirects followed — a 3xx comes back as the answer, and the worker counts it as a failed attempt.
public struct URLSessionWebhookTransport: WebhookTransport {
    public let session: URLSession

    public init(session: URLSession = URLSession(configuration: .ephemeral, delegate: RefuseRedirects(), delegateQueue: nil)) {
        self.session = session
    }

    public func post(_ url: URL, body: Data, headers: [String: String], timeout: TimeInterval) async throws -> WebhookResponse {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.httpBody = body
        request.httpShouldHandleCookies = false
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let session = session
        let finished = request
        // FoundationNetworking on Linux does not end a request whose server accepted it but never answers; the race
        // with a timer does, and cancelling the loser cancels the request.
        return try await withThrowingTaskGroup(of: WebhookResponse.self) { group in
            group.addTask {
                let (data, response) = try await session.data(for: finished)
                return WebhookResponse(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data)
            }
            group.addTask {
                try await Task.sleep(for: .milliseconds(Int64((timeout * 1000).rounded(.up))))
                throw URLError(.timedOut)
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw URLError(.unknown) }
            return first
        }
    }
}

/// A session delegate that refuses every redirect: the 3xx answer itself is what the request returns.
public final class RefuseRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    public func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse, newRequest request: URLRequest,
        completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}

/// One line about a failed POST for `sc.alert_delivery.last_error`: what a receiver's owner can act on, no internals.
func webhookFailureText(_ error: any Error, timeout: TimeInterval) -> String {
    if let e = error as? URLError {
        switch e.code {
        case .timedOut: return "no answer within \(WebhookDeliveryPolicy.seconds(timeout)) (timed out)"
        case .cannotConnectToHost: return "connection refused"
        case .cannotFindHost, .dnsLookupFailed: return "host not found"
        case .networkConnectionLost: return "connection lost before an answer"
        case .notConnectedToInternet: return "no network"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate, .serverCertificateNotYetValid,
            .serverCertificateHasUnknownRoot, .clientCertificateRejected:
            return "TLS handshake failed (\(e.code.rawValue))"
        default: return "request failed (URLError \(e.code.rawValue))"
        }
    }
    return "request failed: \(error)"
}
