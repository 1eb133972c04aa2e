import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where webhooks may be sent (docs/SECURITY.md, "SSRF policy"): the host is resolved and every address it resolves
/// to must be public — not loopback, private, link-local, unique-local, CGNAT, multicast, reserved, unspecified or a
/// cloud metadata address (IPv4, IPv6, and IPv4-mapped IPv6 judged as its IPv4) — unless it lies in `allowed`
/// (config `webhooks.allowed_networks`). Decimal, hex, octal and short IPv4 spellings (`2130706433`, `0x7f000001`,
/// `0177.0.0.1`, `127.1`) resolve to the address they mean, so they are judged as it.
public struct WebhookAddressPolicy: Sendable {
    public var allowed: [IPNetwork]

    public init(allowed: [IPNetwork] = []) { self.allowed = allowed }

    /// Ranges refused unless allowed, with what they are.
    static let refused: [(IPNetwork, String)] = [
        ("0.0.0.0/8", "unspecified"), ("10.0.0.0/8", "private"), ("100.64.0.0/10", "shared (CGNAT)"), ("127.0.0.0/8", "loopback"),
        ("169.254.0.0/16", "link-local or cloud metadata"), ("172.16.0.0/12", "private"), ("192.0.0.0/24", "IETF protocol"),
        ("192.0.2.0/24", "documentation"), ("192.168.0.0/16", "private"), ("198.18.0.0/15", "benchmarking"),
        ("198.51.100.0/24", "documentation"), ("203.0.113.0/24", "documentation"), ("224.0.0.0/4", "multicast"),
        ("240.0.0.0/4", "reserved"), ("::/128", "unspecified"), ("::1/128", "loopback"), ("64:ff9b::/96", "NAT64"),
        ("100::/64", "discard"), ("2001:db8::/32", "documentation"), ("fc00::/7", "unique-local"), ("fe80::/10", "link-local"),
        ("fec0::/10", "site-local"), ("ff00::/8", "multicast"),
    ].map { (try! IPNetwork($0.0), $0.1) }

    /// Why `address` (4 or 16 bytes) may not be a webhook's target, or nil when it may.
    public func refusal(bytes: [UInt8]) -> String? {
        if allowed.contains(where: { $0.contains(bytes: bytes) }) { return nil }
        var b = bytes
        if b.count == 16, b[0..<10].allSatisfy({ $0 == 0 }), b[10] == 0xff, b[11] == 0xff { b = Array(b[12..<16]) }
        return Self.refused.first { $0.0.contains(bytes: b) }?.1
    }

    /// Resolves the URL's host and checks every address; returns them. Throws naming the address and its kind.
    public func check(_ url: URL) throws(WebhookAddressError) -> [[UInt8]] {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw .refused("'\(url.absoluteString.prefix(100))' must be an http:// or https:// URL")
        }
        guard var host = url.host, !host.isEmpty else { throw .refused("the URL has no host") }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let addresses = Self.resolve(host)
        guard !addresses.isEmpty else { throw .unresolvable("host '\(host.prefix(100))' does not resolve") }
        for a in addresses {
            if let why = refusal(bytes: a) {
                throw .refused(
                    "'\(host.prefix(100))' resolves to \(Self.text(a)), a \(why) address; webhooks go to public addresses only (webhooks.allowed_networks)"
                )
            }
        }
        return addresses
    }

    /// Every address of `host` (getaddrinfo: IPv4 numbers in any spelling inet_aton accepts, IPv6, names).
    static func resolve(_ host: String) -> [[UInt8]] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return [] }
        defer { freeaddrinfo(first) }
        var out: [[UInt8]] = []
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let n = node {
            if let sa = n.pointee.ai_addr {
                if n.pointee.ai_family == AF_INET {
                    sa.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { p in
                        var a = p.pointee.sin_addr
                        out.append(withUnsafeBytes(of: &a) { Array($0) })
                    }
                } else if n.pointee.ai_family == AF_INET6 {
                    sa.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { p in
                        var a = p.pointee.sin6_addr
                        out.append(withUnsafeBytes(of: &a) { Array($0) })
                    }
                }
            }
            node = n.pointee.ai_next
        }
        var seen = Set<[UInt8]>()
        return out.filter { seen.insert($0).inserted }
    }

    static func text(_ bytes: [UInt8]) -> String {
        bytes.count == 4 ? bytes.map(String.init).joined(separator: ".") : IPNetwork.describe16(bytes)
    }
}

public enum WebhookAddressError: Error, Sendable, CustomStringConvertible {
    case refused(String)
    case unresolvable(String)

    public var description: String {
        switch self {
        case .refused(let m), .unresolvable(let m): m
        }
    }
}
