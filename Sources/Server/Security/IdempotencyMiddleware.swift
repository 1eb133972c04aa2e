import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Storage
import Synchronization

/// `Idempotency-Key` on the POSTs that create something (docs/SECURITY.md): the same key and body answer the first
/// answer again (with `Idempotent-Replayed: true`); the same key with another body answers 422; a key whose first
/// request is still running answers 409. Keys are per caller and kept 24 h. Only successful answers are kept, so a
/// refused request can be corrected and sent again with the same key.
struct IdempotencyMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let store: SQLIdempotencyStore
    /// Routes (POST) whose answers are kept; a `:name` segment matches any one segment.
    let paths: Set<String>

    /// Whether `path` is one of `paths`, `:name` segments matching any segment.
    func covers(_ path: String) -> Bool {
        if paths.contains(path) { return true }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        return paths.contains { pattern in
            let parts = pattern.split(separator: "/", omittingEmptySubsequences: false)
            return parts.count == segments.count
                && zip(parts, segments).allSatisfy { p, s in p.hasPrefix(":") ? !s.isEmpty : p == s }
        }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, covers(request.uri.path), let key = request.headers[Self.header] else {
            return try await next(request, context)
        }
        guard (1...255).contains(key.utf8.count), key.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw HTTPError(.unprocessableContent, message: "Idempotency-Key: 1–255 visible ASCII characters")
        }
        guard let principal = context.principal else { return try await next(request, context) }
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let bytes = Data(buffer: body)
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded())
        switch try await store.begin(principal: principal.id, key: key, method: "POST", path: request.uri.path, body: bytes, now: now) {
        case .mismatch:
            throw HTTPError(.unprocessableContent, message: "Idempotency-Key '\(key.prefix(64))' was used with another request body")
        case .inProgress:
            throw HTTPError(.conflict, message: "a request with this Idempotency-Key is still being answered; retry shortly")
        case .replay(let status, let text):
            return Response(
                status: HTTPResponse.Status(code: status),
                headers: [.contentType: "application/json; charset=utf-8", Self.replayed: "true"],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        case .reserved:
            var replay = request
            replay.body = .init(buffer: body)
            let response: Response
            do {
                response = try await next(replay, context)
            } catch {
                try? await store.finish(principal: principal.id, key: key, status: 500, body: "")
                throw error
            }
            guard (200..<300).contains(response.status.code) else {
                try? await store.finish(principal: principal.id, key: key, status: 500, body: "")
                return response
            }
            let collector = CollectingWriter()
            try await response.body.write(collector.writer)
            let text = collector.text
            try await store.finish(principal: principal.id, key: key, status: response.status.code, body: text)
            var out = response
            out.body = .init(byteBuffer: ByteBuffer(string: text))
            return out
        }
    }

    static let header = HTTPField.Name("Idempotency-Key")!
    static let replayed = HTTPField.Name("Idempotent-Replayed")!
}

/// Materialises a response body (small JSON answers) so that it can be kept and sent again.
struct CollectingWriter {
    final class Sink: Sendable {
        let buffer = Mutex(ByteBuffer())
    }

    struct Writer: ResponseBodyWriter {
        let sink: Sink
        mutating func write(_ buffer: ByteBuffer) async throws {
            var b = buffer
            _ = sink.buffer.withLock { $0.writeBuffer(&b) }
        }
        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }

    let sink = Sink()
    var writer: Writer { Writer(sink: sink) }
    var text: String { sink.buffer.withLock { String(buffer: $0) } }
}
