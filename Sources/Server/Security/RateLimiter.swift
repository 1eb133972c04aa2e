import Foundation
import Synchronization

/// Request size and rate limits (config `serve.max_body_bytes`, `rate_limit.*`); a rate of 0 turns that limit off.
public struct RequestLimits: Sendable, Hashable {
    public var maxBodyBytes: Int
    public var keyPerSecond: Double
    public var keyBurst: Double
    public var addressPerSecond: Double
    public var addressBurst: Double
    public var authFailuresPerMinute: Double

    public init(
        maxBodyBytes: Int = 65536, keyPerSecond: Double = 100, keyBurst: Double = 200, addressPerSecond: Double = 200,
        addressBurst: Double = 400, authFailuresPerMinute: Double = 20
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.keyPerSecond = keyPerSecond
        self.keyBurst = keyBurst
        self.addressPerSecond = addressPerSecond
        self.addressBurst = addressBurst
        self.authFailuresPerMinute = authFailuresPerMinute
    }

    /// No rate limits (benchmarks).
    public static let unlimited = RequestLimits(keyPerSecond: 0, addressPerSecond: 0, authFailuresPerMinute: 0)
}

/// Token buckets by name: each holds up to `burst` tokens and refills at `rate` per second; a request takes one.
/// Buckets untouched for a minute past full are forgotten, so memory stays bounded by the active callers.
final class TokenBuckets: Sendable {
    struct Bucket {
        var tokens: Double
        var updated: Double
    }

    let rate: Double
    let burst: Double
    private let state = Mutex<[String: Bucket]>([:])
    private let lastSweep = Mutex<Double>(0)

    init(rate: Double, burst: Double) {
        self.rate = rate
        self.burst = max(1, burst)
    }

    var enabled: Bool { rate > 0 }

    /// Takes a token for `name`; nil when allowed, else the seconds until one is available (for `Retry-After`).
    func take(_ name: String, now: Double = ProcessInfo.processInfo.systemUptime) -> Double? {
        guard enabled else { return nil }
        sweep(now)
        return state.withLock { buckets -> Double? in
            var b = buckets[name] ?? Bucket(tokens: burst, updated: now)
            b.tokens = min(burst, b.tokens + (now - b.updated) * rate)
            b.updated = now
            if b.tokens >= 1 {
                b.tokens -= 1
                buckets[name] = b
                return nil
            }
            buckets[name] = b
            return (1 - b.tokens) / rate
        }
    }

    /// Whether `name` has a token, without taking it (for the authentication-failure gate).
    func wouldAllow(_ name: String, now: Double = ProcessInfo.processInfo.systemUptime) -> Double? {
        guard enabled else { return nil }
        return state.withLock { buckets -> Double? in
            guard let b = buckets[name] else { return nil }
            let tokens = min(burst, b.tokens + (now - b.updated) * rate)
            return tokens >= 1 ? nil : (1 - tokens) / rate
        }
    }

    private func sweep(_ now: Double) {
        let due = lastSweep.withLock { last -> Bool in
            guard now - last > 60 else { return false }
            last = now
            return true
        }
        guard due else { return }
        let full = burst / rate + 60
        state.withLock { buckets in buckets = buckets.filter { now - $0.value.updated < full } }
    }
}

/// The server's limiters: per API key, per client address, and failed authentications per address.
final class RateLimiter: Sendable {
    let perKey: TokenBuckets
    let perAddress: TokenBuckets
    let authFailures: TokenBuckets

    init(_ limits: RequestLimits) {
        perKey = TokenBuckets(rate: limits.keyPerSecond, burst: limits.keyBurst)
        perAddress = TokenBuckets(rate: limits.addressPerSecond, burst: limits.addressBurst)
        let perMinute = limits.authFailuresPerMinute
        authFailures = TokenBuckets(rate: perMinute / 60, burst: perMinute)
    }
}
