import Foundation
import LadderCore

/// A step key as its 32 digest bytes: what the planner's index hashes and compares
/// instead of the 64-character hex text (`PlannedStep.key`).
struct StepDigest: Hashable {
    let a: UInt64, b: UInt64, c: UInt64, d: UInt64

    /// The SHA-256 digest of `bytes`, computed with a reused context.
    init(sha256 bytes: [UInt8], using hasher: inout SHA256) {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &words) { raw in
            bytes.withUnsafeBytes { hasher.digest(of: $0, into: raw.baseAddress!.assumingMemoryBound(to: UInt8.self)) }
        }
        // The digest's bytes in order, most significant first, as `init(_:)` reads them.
        a = UInt64(bigEndian: words.0); b = UInt64(bigEndian: words.1)
        c = UInt64(bigEndian: words.2); d = UInt64(bigEndian: words.3)
    }

    /// From lower- or upper-case hex; nil unless it is 64 hex digits.
    init?(hex: String) {
        var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0
        var n = 0
        for u in hex.utf8 {
            guard n < 64 else { return nil }
            let v: UInt64
            switch u {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = UInt64(u - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): v = UInt64(u - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): v = UInt64(u - UInt8(ascii: "A") + 10)
            default: return nil
            }
            switch n >> 4 {
            case 0: w0 = w0 << 4 | v
            case 1: w1 = w1 << 4 | v
            case 2: w2 = w2 << 4 | v
            default: w3 = w3 << 4 | v
            }
            n += 1
        }
        guard n == 64 else { return nil }
        a = w0; b = w1; c = w2; d = w3
    }

    /// The digest is already uniform: its first word is enough to hash.
    func hash(into h: inout Hasher) { h.combine(a) }

    /// Lower-case hex, as `Hex.encode` writes it.
    var hex: String {
        String(unsafeUninitializedCapacity: 64) { buf in
            func put(_ w: UInt64, at start: Int) {
                for i in 0..<16 {
                    let v = UInt8(truncatingIfNeeded: (w >> UInt64(60 - 4 * i)) & 0xF)
                    buf[start + i] = v < 10 ? UInt8(ascii: "0") + v : UInt8(ascii: "a") - 10 + v
                }
            }
            put(a, at: 0); put(b, at: 16); put(c, at: 32); put(d, at: 48)
            return 64
        }
    }
}

/// Step indices by key: an open-addressing table of step numbers hashed on the digest,
/// with the digests themselves in step order (4 bytes per bucket and 32 per step, where a
/// dictionary from digest to index would take 40 per bucket).
struct StepIndex {
    private var digests: [StepDigest] = []
    /// Step number + 1 per bucket (0: empty); the count is a power of two, at most half full.
    private var buckets: [Int32] = Array(repeating: 0, count: 16)

    mutating func reserveCapacity(_ n: Int) {
        digests.reserveCapacity(n)
        var size = buckets.count
        while size < 2 * n { size *= 2 }
        if size != buckets.count { rehash(size) }
    }

    /// The digest of step `step`.
    func digest(of step: Int) -> StepDigest { digests[step] }

    /// The step with this digest, if any.
    subscript(digest: StepDigest) -> Int? {
        let mask = buckets.count - 1
        var at = Int(truncatingIfNeeded: digest.a) & mask
        while true {
            let slot = Int(buckets[at])
            if slot == 0 { return nil }
            if digests[slot - 1] == digest { return slot - 1 }
            at = (at + 1) & mask
        }
    }

    /// Adds the next step (its number is the count so far).
    mutating func append(_ digest: StepDigest) {
        digests.append(digest)
        if 2 * digests.count > buckets.count { rehash(buckets.count * 2) } else { place(digests.count - 1) }
    }

    /// Looks a key up by its hex text (nil for anything that is not a key).
    subscript(key: String) -> Int? {
        guard let d = StepDigest(hex: key) else { return nil }
        return self[d]
    }

    private mutating func place(_ step: Int) {
        let mask = buckets.count - 1
        var at = Int(truncatingIfNeeded: digests[step].a) & mask
        while buckets[at] != 0 { at = (at + 1) & mask }
        buckets[at] = Int32(step + 1)
    }

    private mutating func rehash(_ size: Int) {
        buckets = Array(repeating: 0, count: size)
        for i in digests.indices { place(i) }
    }
}
