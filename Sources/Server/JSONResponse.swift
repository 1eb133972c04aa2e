import Foundation
import Hummingbird

/// A JSON answer with any status in the wire form (`WireJSON`: snake_case keys, sorted, unescaped slashes).
func jsonResponse(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
    Response(
        status: status, headers: [.contentType: "application/json; charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(bytes: try WireJSON.encode(value))))
}

/// An optional field an answer always carries, as `null` when absent: synthesized `Encodable` leaves a nil optional's key
/// out, but docs/API.md promises the key (`"published_version": null`, `"next_before": null`).
@propertyWrapper
struct ExplicitNull<Value: Encodable>: Encodable {
    var wrappedValue: Value?

    init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if let value = wrappedValue { try c.encode(value) } else { try c.encodeNil() }
    }
}
