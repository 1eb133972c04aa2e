import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 network in CIDR form (`10.0.0.0/8`, `::1/128`); a bare address is a /32 or /128.
/// IPv4-mapped IPv6 addresses (`::ffff:10.1.2.3`) are matched as their IPv4 address.
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    /// 4 or 16 bytes.
    public let address: [UInt8]
    public let prefixLength: Int

    public init(_ text: String) throws(IPNetworkError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let bytes = Self.parseAddress(String(parts[0])) else { throw .invalid("'\(trimmed)' is not an IP address or CIDR") }
        let maxBits = bytes.count * 8
        var bits = maxBits
        if parts.count == 2 {
            guard let n = Int(parts[1]), (0...maxBits).contains(n) else {
                throw .invalid("'\(trimmed)': the prefix length must be 0–\(maxBits)")
            }
            bits = n
        }
        address = Self.masked(bytes, bits)
        prefixLength = bits
    }

    /// A comma-separated list; empty text is an empty list.
    public static func parseList(_ text: String) throws(IPNetworkError) -> [IPNetwork] {
        var out: [IPNetwork] = []
        for part in text.split(separator: ",") where !part.trimmingCharacters(in: .whitespaces).isEmpty {
            out.append(try IPNetwork(String(part)))
        }
        return out
    }

    /// Whether the address (text, as a socket reports it) lies in this network.
    public func contains(_ text: String) -> Bool {
        guard let bytes = Self.parseAddress(text) else { return false }
        return contains(bytes: bytes)
    }

    public func contains(bytes: [UInt8]) -> Bool {
        var b = bytes
        if b.count == 16, address.count == 4, b[0..<10].allSatisfy({ $0 == 0 }), b[10] == 0xff, b[11] == 0xff { b = Array(b[12..<16]) }
        guard b.count == address.count else { return false }
        return Self.masked(b, prefixLength) == address
    }

    public var description: String {
        let text: String
        if address.count == 4 {
            text = address.map(String.init).joined(separator: ".")
        } else {
            text = Self.describe16(address)
        }
        return "\(text)/\(prefixLength)"
    }

    /// Eight hex groups of an IPv6 address (not compressed).
    static func describe16(_ address: [UInt8]) -> String {
        stride(from: 0, to: 16, by: 2).map { String(UInt16(address[$0]) << 8 | UInt16(address[$0 + 1]), radix: 16) }.joined(separator: ":")
    }

    /// Strict dotted-quad IPv4 or any IPv6 text (inet_pton: no decimal, hex or short IPv4 spellings).
    static func parseAddress(_ text: String) -> [UInt8]? {
        var host = text
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if let zone = host.firstIndex(of: "%") { host = String(host[..<zone]) }
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }

    static func masked(_ bytes: [UInt8], _ bits: Int) -> [UInt8] {
        var out = bytes
        for i in 0..<out.count {
            let keep = max(0, min(8, bits - i * 8))
            out[i] &= keep == 8 ? 0xff : UInt8(truncatingIfNeeded: 0xff << (8 - keep))
        }
        return out
    }
}

public enum IPNetworkError: Error, Sendable, CustomStringConvertible {
    case invalid(String)
    public var description: String {
        switch self {
        case .invalid(let m): m
        }
    }
}
