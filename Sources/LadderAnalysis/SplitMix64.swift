import Foundation

/// A small, fast, seedable generator with a fixed algorithm, so a bootstrap
/// with the same seed gives the same interval on every platform and release
/// (the standard library's generator promises neither).
///
/// Algorithm: SplitMix64 as published by Sebastiano Vigna
/// (https://prng.di.unimi.it/splitmix64.c, public domain); constants from there.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// 64-bit FNV-1a of a string (offset basis and prime from the FNV reference,
    /// http://www.isthe.com/chongo/tech/comp/fnv/). Used to derive a per-test
    /// stream from the configured seed, so a test's interval does not depend on
    /// which other tests ran or in what order.
    public static func fnv1a(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 {
            h ^= UInt64(b)
            h &*= 0x0000_0100_0000_01B3
        }
        return h
    }
}
