import Foundation
import LadderCore

/// The parts of CPython 3.11's `random.Random` that `sample` uses, bit for bit.
///
/// `random.Random(seed).sample(population, k)` depends only on the population's
/// length, so `sample` returns positions; the caller indexes its own sorted
/// population with them. The semantics follow `Lib/random.py` of CPython 3.11:
/// `_randbelow_with_getrandbits` draws `n.bit_length()` bits and retries while
/// the draw is `>= n`; `sample` keeps a pool (and swaps the last unselected
/// item into the vacancy) when `n <= setsize`, and otherwise redraws positions
/// already in a set of selected ones.
public struct CPythonRandom: Sendable {
    private var twister: MersenneTwister

    /// `random.Random(seed)` for an integer seed.
    public init(seed: Int) {
        twister = MersenneTwister(seed: seed)
    }

    /// `getrandbits(k)` for `0 <= k <= 64` (CPython returns 0 for k = 0).
    public mutating func getrandbits(_ k: Int) -> UInt64 {
        precondition((0...64).contains(k), "getrandbits supports 0...64 bits here")
        if k == 0 { return 0 }
        if k <= 32 { return UInt64(twister.next() >> UInt32(32 - k)) }
        // CPython fills 32-bit words least significant first and shortens only the last one.
        let low = UInt64(twister.next())
        let high = UInt64(twister.next() >> UInt32(64 - k))
        return low | (high << 32)
    }

    /// `_randbelow_with_getrandbits(n)`: a uniform integer in `0..<n`, `n > 0`.
    public mutating func randbelow(_ n: Int) -> Int {
        precondition(n > 0, "randbelow needs n > 0")
        let k = Int.bitWidth - n.leadingZeroBitCount
        var r = getrandbits(k)
        while r >= UInt64(n) { r = getrandbits(k) }
        return Int(r)
    }

    /// The set size above which `sample` switches from a pool to a set of
    /// selected positions: `21 + 4 ** ceil(log(3k, 4))` for k > 5, else 21.
    public static func sampleSetSize(k: Int) -> Int {
        var setsize = 21
        if k > 5 {
            // CPython's math.log(x, base) divides two natural logs of doubles.
            let exponent = Int((log(Double(k * 3)) / log(4.0)).rounded(.up))
            var power = 1
            for _ in 0..<exponent { power *= 4 }
            setsize += power
        }
        return setsize
    }

    /// Which of `sample`'s two branches CPython takes for a population of `n` and `k` picks.
    public enum SampleBranch: String, Sendable, Codable {
        /// `n <= setsize`: an `n`-long pool with swap-remove.
        case pool
        /// `n > setsize`: redraw positions already in the selected set.
        case set
    }

    /// The branch `sample(population_of_n, k)` takes.
    public static func sampleBranch(n: Int, k: Int) -> SampleBranch {
        n <= sampleSetSize(k: k) ? .pool : .set
    }

    /// `sample(range(n), k)`: `k` distinct positions in `0..<n`, in pick order.
    public mutating func sample(populationCount n: Int, k: Int) throws -> [Int] {
        guard n >= 0, (0...n).contains(k) else {
            throw LadderError.badInput("cannot sample \(k) of \(n) items: the sample must be between 0 and the population size (lower the size or relax the filters)")
        }
        var result: [Int] = []
        result.reserveCapacity(k)
        switch Self.sampleBranch(n: n, k: k) {
        case .pool:
            var pool = Array(0..<n)
            for i in 0..<k {
                let j = randbelow(n - i)
                result.append(pool[j])
                pool[j] = pool[n - i - 1]
            }
        case .set:
            var selected = Set<Int>(minimumCapacity: k)
            for _ in 0..<k {
                var j = randbelow(n)
                while selected.contains(j) { j = randbelow(n) }
                selected.insert(j)
                result.append(j)
            }
        }
        return result
    }
}
