import Crypto
import Foundation

/// The signature a webhook carries: HMAC-SHA256 over `"<unix seconds>.<body>"` keyed by the endpoint's secret, sent as
/// `X-AlertsAI-Signature: t=<unix seconds>,v1=<hex>`. The timestamp is signed too, so a captured request cannot be
/// replayed later with a fresh one; receivers reject timestamps older than a few minutes.
public enum WebhookSignature {
    /// The header holding `t=…,v1=…`.
    public static let header = "X-AlertsAI-Signature"
    /// The header holding the delivery id; the same delivery retried keeps it, so receivers dedupe on it.
    public static let deliveryHeader = "X-AlertsAI-Delivery"
    /// How old (or how far ahead) a timestamp a receiver accepts by default, in seconds.
    public static let defaultTolerance: Int64 = 300

    /// Lower-case hex HMAC-SHA256 of `"<timestamp>.<body>"`.
    public static func signature(secret: String, timestamp: Int64, body: Data) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: signedBytes(timestamp: timestamp, body: body), using: SymmetricKey(data: Data(secret.utf8)))
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    /// The `X-AlertsAI-Signature` value.
    public static func headerValue(secret: String, timestamp: Int64, body: Data) -> String {
        "t=\(timestamp),v1=\(signature(secret: secret, timestamp: timestamp, body: body))"
    }

    /// Checks a received request as a receiver must: the header parses, its timestamp is within `tolerance` seconds of
    /// `now` (unix seconds), and one of its `v1` signatures matches the body (compared in constant time).
    public static func verify(
        headerValue: String, body: Data, secret: String, now: Int64, tolerance: Int64 = defaultTolerance
    ) -> WebhookVerification {
        var timestamp: Int64?
        var candidates: [Data] = []
        for part in headerValue.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            if pair[0] == "t" { timestamp = Int64(pair[1]) }
            if pair[0] == "v1", let bytes = hexBytes(pair[1]) { candidates.append(bytes) }
        }
        guard let timestamp, !candidates.isEmpty else { return .malformedHeader }
        guard abs(now - timestamp) <= tolerance else { return .staleTimestamp(ageSeconds: now - timestamp) }
        let key = SymmetricKey(data: Data(secret.utf8))
        let message = signedBytes(timestamp: timestamp, body: body)
        let matches = candidates.contains { HMAC<SHA256>.isValidAuthenticationCode($0, authenticating: message, using: key) }
        return matches ? .valid : .mismatch
    }

    static func signedBytes(timestamp: Int64, body: Data) -> Data {
        var bytes = Data("\(timestamp).".utf8)
        bytes.append(body)
        return bytes
    }

    static func hexBytes(_ hex: String) -> Data? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0, !digits.isEmpty else { return nil }
        var out = Data(capacity: digits.count / 2)
        var i = 0
        while i < digits.count {
            guard let hi = nibble(digits[i]), let lo = nibble(digits[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// The verdict on a received webhook's signature.
public enum WebhookVerification: Sendable, Hashable {
    case valid
    /// No `t=` or no readable `v1=` in the header.
    case malformedHeader
    /// The timestamp is further than the tolerance from now (positive age: in the past).
    case staleTimestamp(ageSeconds: Int64)
    /// No signature matches this body and secret (tampered body, wrong secret).
    case mismatch
}
