import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat

/// An HTTP response reduced to what providers read.
public struct HTTPResponse: Sendable, Hashable {
    public var status: Int
    /// Header fields with lower-cased names.
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        self.body = body
    }
}

/// Sends one GET request; the seam between providers and the network (swap it for another client or a recorder).
public protocol HTTPTransport: Sendable {
    func get(_ url: URL, headers: [String: String], timeout: TimeInterval) async throws -> HTTPResponse
}

/// `HTTPTransport` over async-http-client's shared client: pooled keep-alive connections, redirects followed (at most 5,
/// no cycles), the body read up to `maxResponseBytes` (64 MiB: a Polygon page of 50,000 aggregates is about 5 MiB).
public struct HTTPClientTransport: HTTPTransport {
    public var maxResponseBytes: Int

    public init(maxResponseBytes: Int = 64 << 20) { self.maxResponseBytes = maxResponseBytes }

    public func get(_ url: URL, headers: [String: String], timeout: TimeInterval) async throws -> HTTPResponse {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .GET
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .milliseconds(Int64((timeout * 1000).rounded(.up))))
        let body = try await response.body.collect(upTo: maxResponseBytes)
        var fields: [String: String] = [:]
        for field in response.headers { fields[field.name.lowercased()] = field.value }
        return HTTPResponse(status: Int(response.status.code), headers: fields, body: Data(buffer: body))
    }
}
