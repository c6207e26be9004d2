/// The MT19937 generator exactly as CPython's `_random` module runs it.
///
/// Constants, the `init_genrand` / `init_by_array` seeding and the tempering
/// are those of Matsumoto and Nishimura's reference implementation
/// (mt19937ar.c, 2002), which CPython's `Modules/_randommodule.c` embeds
/// unchanged. Seeding from an integer follows CPython's `random_seed`: the
/// absolute value is split into 32-bit words, least significant first, and
/// fed to `init_by_array` (a zero seed is one zero word).
public struct MersenneTwister: Sendable {
    private static let n = 624
    private static let m = 397
    private static let matrixA: UInt32 = 0x9908_b0df
    private static let upperMask: UInt32 = 0x8000_0000
    private static let lowerMask: UInt32 = 0x7fff_ffff

    private var state: [UInt32]
    private var index: Int

    /// Seeds the generator as CPython's `random.seed(seed)` does for an integer.
    public init(seed: Int) {
        self.init(key: Self.keyWords(for: seed))
    }

    /// Seeds the generator with `init_by_array(key)`; `key` must not be empty.
    public init(key: [UInt32]) {
        precondition(!key.isEmpty, "init_by_array needs at least one key word")
        state = Self.initGenrand(19_650_218)
        index = Self.n
        Self.mixIn(key: key, into: &state)
    }

    /// The 32-bit words CPython feeds to `init_by_array` for an integer seed.
    public static func keyWords(for seed: Int) -> [UInt32] {
        var magnitude = seed.magnitude
        guard magnitude != 0 else { return [0] }
        var words: [UInt32] = []
        while magnitude != 0 {
            words.append(UInt32(truncatingIfNeeded: magnitude))
            magnitude >>= 32
        }
        return words
    }

    private static func initGenrand(_ s: UInt32) -> [UInt32] {
        var mt = [UInt32](repeating: 0, count: n)
        mt[0] = s
        for i in 1..<n {
            mt[i] = 1_812_433_253 &* (mt[i - 1] ^ (mt[i - 1] >> 30)) &+ UInt32(i)
        }
        return mt
    }

    private static func mixIn(key: [UInt32], into mt: inout [UInt32]) {
        var i = 1
        var j = 0
        for _ in 0..<max(n, key.count) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) &* 1_664_525)) &+ key[j] &+ UInt32(truncatingIfNeeded: j)
            i += 1
            j += 1
            if i >= n { mt[0] = mt[n - 1]; i = 1 }
            if j >= key.count { j = 0 }
        }
        for _ in 0..<(n - 1) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) &* 1_566_083_941)) &- UInt32(i)
            i += 1
            if i >= n { mt[0] = mt[n - 1]; i = 1 }
        }
        mt[0] = 0x8000_0000
    }

    /// The next tempered 32-bit output (`genrand_uint32`).
    public mutating func next() -> UInt32 {
        if index >= Self.n { regenerate() }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9d2c_5680
        y ^= (y << 15) & 0xefc6_0000
        y ^= y >> 18
        return y
    }

    private mutating func regenerate() {
        let n = Self.n, m = Self.m
        state.withUnsafeMutableBufferPointer { mt in
            for k in 0..<n {
                let y = (mt[k] & Self.upperMask) | (mt[(k + 1) % n] & Self.lowerMask)
                let mag: UInt32 = (y & 1) == 0 ? 0 : Self.matrixA
                mt[k] = mt[(k + m) % n] ^ (y >> 1) ^ mag
            }
        }
        index = 0
    }
}
