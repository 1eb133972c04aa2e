import Crypto
import Foundation

/// Standard Webhooks (https://www.standardwebhooks.com) signatures: every delivery carries `webhook-id`,
/// `webhook-timestamp` (unix seconds) and `webhook-signature: v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`,
/// keyed by the secret's decoded bytes (`whsec_<base64>`). The id and the timestamp are signed, so a captured request
/// cannot be replayed under a fresh timestamp or another id. Several signatures are separated by spaces.
public enum WebhookSignature {
    /// The header holding the message id; a retried delivery keeps it, so receivers dedupe on it.
    public static let idHeader = "webhook-id"
    /// The header holding the unix-seconds timestamp that is signed.
    public static let timestampHeader = "webhook-timestamp"
    /// The header holding `v1,<base64>` signatures, space-separated.
    public static let signatureHeader = "webhook-signature"
    /// The prefix of a secret's text form.
    public static let secretPrefix = "whsec_"
    /// How old (or how far ahead) a timestamp a receiver accepts by default, in seconds.
    public static let defaultTolerance: Int64 = 300

    /// A new secret: `whsec_` and the base64 of 24 bytes from the system's random source.
    public static func generateSecret() -> String {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<24).map { _ in UInt8.random(in: .min ... .max, using: &rng) }
        return secretPrefix + Data(bytes).base64EncodedString()
    }

    /// The key bytes of a secret: the base64 after `whsec_`; a secret without the prefix (made before the Standard
    /// Webhooks scheme) is used as its UTF-8 bytes.
    public static func keyBytes(_ secret: String) -> Data {
        if secret.hasPrefix(secretPrefix), let bytes = Data(base64Encoded: String(secret.dropFirst(secretPrefix.count))) {
            return bytes
        }
        return Data(secret.utf8)
    }

    /// The base64 HMAC-SHA256 of `"<id>.<timestamp>.<body>"`.
    public static func signature(secret: String, id: String, timestamp: Int64, body: Data) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: signedBytes(id: id, timestamp: timestamp, body: body), using: SymmetricKey(data: keyBytes(secret)))
        return Data(mac).base64EncodedString()
    }

    /// The `webhook-signature` value: `v1,<sig>` for each secret (the current one, then any still in its overlap
    /// window), space-separated.
    public static func headerValue(secrets: [String], id: String, timestamp: Int64, body: Data) -> String {
        secrets.map { "v1,\(signature(secret: $0, id: id, timestamp: timestamp, body: body))" }.joined(separator: " ")
    }

    /// The three headers of a delivery.
    public static func headers(secrets: [String], id: String, timestamp: Int64, body: Data) -> [String: String] {
        [
            idHeader: id, timestampHeader: String(timestamp),
            signatureHeader: headerValue(secrets: secrets, id: id, timestamp: timestamp, body: body),
        ]
    }

    /// Checks a received request as a receiver must: the headers are present, the timestamp is within `tolerance`
    /// seconds of `now` (unix seconds), and one of the `v1` signatures matches (compared in constant time).
    public static func verify(
        id: String?, timestamp: String?, signatures: String?, body: Data, secret: String, now: Int64, tolerance: Int64 = defaultTolerance
    ) -> WebhookVerification {
        guard let id, let timestamp, let ts = Int64(timestamp), let signatures else { return .malformedHeader }
        let candidates = signatures.split(separator: " ").compactMap { part -> Data? in
            let pair = part.split(separator: ",", maxSplits: 1)
            guard pair.count == 2, pair[0] == "v1" else { return nil }
            return Data(base64Encoded: String(pair[1]))
        }
        guard !candidates.isEmpty else { return .malformedHeader }
        guard abs(now - ts) <= tolerance else { return .staleTimestamp(ageSeconds: now - ts) }
        let key = SymmetricKey(data: keyBytes(secret))
        let message = signedBytes(id: id, timestamp: ts, body: body)
        let matches = candidates.contains { HMAC<SHA256>.isValidAuthenticationCode($0, authenticating: message, using: key) }
        return matches ? .valid : .mismatch
    }

    static func signedBytes(id: String, timestamp: Int64, body: Data) -> Data {
        var bytes = Data("\(id).\(timestamp).".utf8)
        bytes.append(body)
        return bytes
    }
}

/// The verdict on a received webhook's signature.
public enum WebhookVerification: Sendable, Hashable {
    case valid
    /// A header is missing, or no readable `v1,` signature.
    case malformedHeader
    /// The timestamp is further than the tolerance from now (positive age: in the past).
    case staleTimestamp(ageSeconds: Int64)
    /// No signature matches this id, timestamp, body and secret (tampered body, wrong secret, moved id).
    case mismatch
}
