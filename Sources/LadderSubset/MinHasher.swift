/// MinHash signatures over hashed shingles.
///
/// Hash functions, fixed so signatures are reproducible everywhere:
/// - a token's hash is 64-bit FNV-1a over its bytes (offset basis
///   0xcbf29ce484222325, prime 0x100000001b3, from the FNV reference);
/// - a shingle of k tokens folds their hashes as `h = (h ^ t) * FNV prime`
///   from the offset basis and finishes with MurmurHash3's 64-bit finalizer
///   (`fmix64`), so every output bit depends on every token;
/// - permutation i maps a shingle hash x to `a_i * x + b_i mod 2^64` with `a_i`
///   odd (a bijection of the 64-bit space), `a_i` and `b_i` drawn from splitmix64
///   seeded with `MinHasher.parameterSeed`; slot i of the signature is the top 32
///   bits of the smallest image.
///
/// Shingle hashes are already uniformly mixed, so one multiply-add per
/// permutation suffices; this is what keeps 128 permutations cheap.
public struct MinHasher: Sendable {
    /// Seed of the splitmix64 stream that draws the permutation parameters ("ladder-1").
    public static let parameterSeed: UInt64 = 0x6c61_6464_6572_2d31

    /// Signature length.
    public let permutations: Int
    private let multipliers: [UInt64]
    private let offsets: [UInt64]

    public init(permutations: Int) {
        self.permutations = permutations
        var state = Self.parameterSeed
        var a: [UInt64] = []
        var b: [UInt64] = []
        for _ in 0..<permutations {
            a.append(Self.splitmix64(&state) | 1)
            b.append(Self.splitmix64(&state))
        }
        multipliers = a
        offsets = b
    }

    /// splitmix64 (Steele, Lea and Flood, 2014): the next value of the stream.
    static func splitmix64(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// MurmurHash3's 64-bit finalizer.
    static func fmix64(_ k: UInt64) -> UInt64 {
        var k = k
        k ^= k >> 33
        k &*= 0xff51_afd7_ed55_8ccd
        k ^= k >> 33
        k &*= 0xc4ce_b9fe_1a85_ec53
        k ^= k >> 33
        return k
    }

    static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325
    static let fnvPrime: UInt64 = 0x0000_0100_0000_01b3

    /// The hashes of every run of `size` consecutive tokens (one shingle of all the
    /// tokens when there are fewer than `size`, none when there are no tokens).
    public static func shingleHashes(source: [UInt8], tokens: [Range<Int>], size: Int) -> [UInt64] {
        guard !tokens.isEmpty else { return [] }
        var tokenHashes = [UInt64](repeating: 0, count: tokens.count)
        source.withUnsafeBufferPointer { s in
            for (t, range) in tokens.enumerated() {
                var h = fnvOffset
                for k in range { h = (h ^ UInt64(s[k])) &* fnvPrime }
                tokenHashes[t] = h
            }
        }
        let width = min(size, tokenHashes.count)
        var out = [UInt64](repeating: 0, count: tokenHashes.count - width + 1)
        for start in 0..<out.count {
            var h = fnvOffset
            for k in start..<(start + width) { h = (h ^ tokenHashes[k]) &* fnvPrime }
            out[start] = fmix64(h)
        }
        return out
    }

    /// Writes the signature of a non-empty set of shingle hashes into `signature`
    /// (`permutations` slots).
    public func signature(of shingles: [UInt64], into signature: UnsafeMutableBufferPointer<UInt32>) {
        precondition(signature.count >= permutations, "signature buffer too small")
        shingles.withUnsafeBufferPointer { xs in
            multipliers.withUnsafeBufferPointer { a in
                offsets.withUnsafeBufferPointer { b in
                    var i = 0
                    // Four permutations per pass share each load of x and keep four independent min chains.
                    while i + 4 <= permutations {
                        let (a0, a1, a2, a3) = (a[i], a[i + 1], a[i + 2], a[i + 3])
                        let (b0, b1, b2, b3) = (b[i], b[i + 1], b[i + 2], b[i + 3])
                        var (m0, m1, m2, m3) = (UInt64.max, UInt64.max, UInt64.max, UInt64.max)
                        for x in xs {
                            m0 = min(m0, a0 &* x &+ b0)
                            m1 = min(m1, a1 &* x &+ b1)
                            m2 = min(m2, a2 &* x &+ b2)
                            m3 = min(m3, a3 &* x &+ b3)
                        }
                        signature[i] = UInt32(truncatingIfNeeded: m0 >> 32)
                        signature[i + 1] = UInt32(truncatingIfNeeded: m1 >> 32)
                        signature[i + 2] = UInt32(truncatingIfNeeded: m2 >> 32)
                        signature[i + 3] = UInt32(truncatingIfNeeded: m3 >> 32)
                        i += 4
                    }
                    while i < permutations {
                        var m = UInt64.max
                        for x in xs { m = min(m, a[i] &* x &+ b[i]) }
                        signature[i] = UInt32(truncatingIfNeeded: m >> 32)
                        i += 1
                    }
                }
            }
        }
    }

    /// Convenience: the signature as an array.
    public func signature(of shingles: [UInt64]) -> [UInt32] {
        var out = [UInt32](repeating: 0, count: permutations)
        out.withUnsafeMutableBufferPointer { signature(of: shingles, into: $0) }
        return out
    }
}
