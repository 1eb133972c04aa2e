import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

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
    /// POSTs `body` with `headers` to `url`, connecting to `address` (an IP the caller checked) when given instead of
    /// resolving the host again; TLS still verifies the certificate for the URL's host. Throws when no HTTP answer came
    /// (refused, unreachable, timed out).
    func post(_ url: URL, connectingTo address: String?, body: Data, headers: [String: String], timeout: TimeInterval) async throws
        -> WebhookResponse
}

/// `WebhookTransport` over async-http-client: no redirects followed (a 3xx comes back as the answer, and the worker
/// counts it as a failed attempt), no cookies, and the connection made to the address that was checked — a host that
/// resolves to a public address when checked and to a private one a moment later (DNS rebinding) is never reached at
/// the second. The answer's body is read up to `maxResponseBytes`.
public struct HTTPClientWebhookTransport: WebhookTransport {
    public var maxResponseBytes: Int

    public init(maxResponseBytes: Int = 64 * 1024) {
        self.maxResponseBytes = maxResponseBytes
    }

    public func post(_ url: URL, connectingTo address: String?, body: Data, headers: [String: String], timeout: TimeInterval) async throws
        -> WebhookResponse
    {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        configuration.timeout = .init(connect: .milliseconds(Int64((min(timeout, 10) * 1000).rounded(.up))))
        if let address, let host = url.host {
            // The pin: the client connects to this address whatever DNS says now, with SNI and certificate checks for host.
            configuration.dnsOverride[host] = address
            configuration.dnsOverride[host.lowercased()] = address
        }
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        do {
            var request = HTTPClientRequest(url: url.absoluteString)
            request.method = .POST
            for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
            request.body = .bytes(ByteBuffer(bytes: body))
            let deadline = TimeAmount.milliseconds(Int64((timeout * 1000).rounded(.up)))
            let response = try await client.execute(request, timeout: deadline)
            var collected = Data()
            for try await chunk in response.body {
                collected.append(contentsOf: chunk.readableBytesView.prefix(max(0, maxResponseBytes - collected.count)))
                if collected.count >= maxResponseBytes { break }
            }
            try await client.shutdown()
            return WebhookResponse(status: Int(response.status.code), body: collected)
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}

/// One line about a failed POST for `sc.alert_delivery.last_error`: what a receiver's owner can act on, no internals.
func webhookFailureText(_ error: any Error, timeout: TimeInterval) -> String {
    if let e = error as? HTTPClientError {
        if [.deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout].contains(e) {
            return "no answer within \(WebhookDeliveryPolicy.seconds(timeout)) (timed out)"
        }
        if e == .remoteConnectionClosed { return "connection closed before an answer" }
        if [.invalidURL, .emptyHost, .emptyScheme].contains(e) { return "the endpoint URL cannot be used (\(e))" }
        return "request failed (\(e))"
    }
    let text = String(describing: error)
    // NIOPosix's happy-eyeballs error: every address refused or unreachable (the host resolved: the worker checked it).
    if String(reflecting: type(of: error)).hasSuffix("NIOConnectionError") { return "connection refused or host unreachable" }
    if text.contains("connection refused") || text.contains("Connection refused") { return "connection refused" }
    if text.localizedCaseInsensitiveContains("handshake") || text.contains("NIOSSL") || text.contains("BoringSSL") {
        return "TLS handshake failed"
    }
    return "request failed: \(text.prefix(200))"
}
