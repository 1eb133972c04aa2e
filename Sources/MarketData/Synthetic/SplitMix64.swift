#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SplitMix64 (Steele, Lea, Flood 2014; the seeding generator of xoshiro): 64-bit state, full period, same numbers
/// on every platform and in every process — unlike Swift's `Hasher` or `SystemRandomNumberGenerator`.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 random bits.
    @inline(__always)
    public mutating func nextDouble() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in (0, 1], safe for `log`.
    @inline(__always)
    public mutating func nextOpenDouble() -> Double { Double((next() >> 11) + 1) * 0x1.0p-53 }

    /// Standard normal (Box–Muller, one value per call so that streams stay aligned however callers interleave).
    @inline(__always)
    public mutating func nextNormal() -> Double {
        let u1 = nextOpenDouble()
        let u2 = nextDouble()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// Student-t with `nu` degrees of freedom (nu an even integer ≥ 4 here is exact: chi-square as a sum of
    /// exponentials), scaled to unit variance.
    @inline(__always)
    public mutating func nextStudentT(nu: Int) -> Double {
        let z = nextNormal()
        var product = 1.0
        for _ in 0..<(nu / 2) { product *= nextOpenDouble() }
        let chi2 = -2 * log(product)
        let nuD = Double(nu)
        return z / (chi2 / nuD).squareRoot() * ((nuD - 2) / nuD).squareRoot()
    }

    /// A seed that mixes several values (seed, symbol hash, day) without collisions in practice.
    public static func mix(_ values: UInt64...) -> UInt64 {
        var g = SplitMix64(seed: 0x5EED_0F_A1E7_5A11)
        var h: UInt64 = 0
        for v in values {
            g.state ^= v
            h = h &* 0x100_0000_01B3 ^ g.next()
        }
        return h
    }
}

/// A stable 64-bit hash of a symbol (FNV-1a over its UTF-8 bytes): the same in every process and on every machine.
public enum SymbolHash {
    public static func fnv1a(_ text: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in text.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01B3
        }
        return h
    }
}
