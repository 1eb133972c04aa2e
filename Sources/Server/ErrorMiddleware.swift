import Foundation
import Hummingbird
import Logging
import NIOCore
import Storage

/// Turns every error into `{"error":{"message":…}}` with the right status; 5xx bodies carry no internals.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            if error.body == nil {
                let message =
                    switch error.status {
                    case .notFound: "no route for \(request.method.rawValue) \(request.uri.path)"
                    case .contentTooLarge: "request body over \(context.maxUploadSize) bytes (serve.max_body_bytes)"
                    default: error.status.reasonPhrase
                    }
                throw HTTPError(error.status, headers: error.headers, message: message)
            }
            throw error
        } catch is NIOTooManyBytesError {
            throw HTTPError(.contentTooLarge, message: "request body over \(context.maxUploadSize) bytes (serve.max_body_bytes)")
        } catch let error as any HTTPResponseError {
            throw error
        } catch let error as StorageError {
            switch error {
            case .notFound(let m): throw HTTPError(.notFound, message: m)
            case .duplicate, .constraint, .conflict: throw HTTPError(.conflict, message: error.description)
            case .badURL, .unreachable, .migration, .database:
                context.logger.error("store error: \(error)")
                throw HTTPError(.serviceUnavailable, message: "the store is unavailable")
            case .artifacts:
                context.logger.error("artifact store error: \(error)")
                throw HTTPError(.serviceUnavailable, message: "the artifact store is unavailable")
            }
        } catch let error as DecodingError {
            throw HTTPError(.badRequest, message: "request body is not valid: \(Self.describe(error))")
        } catch {
            context.logger.error("unhandled error on \(request.method) \(request.uri.path): \(error)")
            throw HTTPError(.internalServerError, message: "internal error")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ ctx: DecodingError.Context) -> String {
            let p = ctx.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return p.isEmpty ? "body" : p
        }
        switch error {
        case .keyNotFound(let key, let ctx): return "missing field '\(key.stringValue)' in \(path(ctx))"
        case .typeMismatch(_, let ctx): return "wrong type at \(path(ctx)): \(ctx.debugDescription)"
        case .valueNotFound(_, let ctx): return "missing value at \(path(ctx))"
        case .dataCorrupted(let ctx): return "malformed JSON at \(path(ctx)): \(ctx.debugDescription)"
        @unknown default: return "malformed JSON"
        }
    }
}
