import Foundation

/// The distinct byte strings met so far (raw outputs or golds of one cell,
/// exactly as they are spelled in the file), each given an entry number.
///
/// A model repeats its answer forms, so most rows of a cell spell an answer
/// that an earlier row spelled byte for byte; such a row needs neither
/// decoding nor scoring, only a hash and a compare. Entries point into the
/// file's bytes, which outlive the scan, so nothing is copied. Only strings
/// that were decoded (hence validated) are entered, so equal bytes are
/// equally valid and decode to the same text.
struct SliceMemo {
    private let base: UnsafePointer<UInt8>
    /// Entry + 1 per slot, 0 when empty; open addressing, linear probing.
    private var slots: [Int32]
    private var mask: Int
    private var starts: [Int] = []
    private var lengths: [Int] = []
    private var hashes: [UInt64] = []
    /// At most this many entries; later distinct strings are not remembered.
    let limit: Int

    init(base: UnsafePointer<UInt8>, limit: Int) {
        self.base = base
        self.limit = limit
        slots = Array(repeating: 0, count: 64)
        mask = 63
    }

    var count: Int { starts.count }

    /// The entry whose bytes equal `length` bytes at `start`, if any.
    @inline(__always) func find(_ start: Int, _ length: Int, hash: UInt64) -> Int? {
        var i = Int(truncatingIfNeeded: hash) & mask
        while true {
            let e = Int(slots[i]) &- 1
            if e < 0 { return nil }
            if hashes[e] == hash && lengths[e] == length && RowShape.equal(base, starts[e], start, length) { return e }
            i = (i &+ 1) & mask
        }
    }

    /// Enters the bytes (not already present) and returns their entry, or
    /// nil when the memo is full.
    mutating func insert(_ start: Int, _ length: Int, hash: UInt64) -> Int? {
        guard count < limit else { return nil }
        if (count + 1) * 2 > slots.count { grow() }
        let e = count
        starts.append(start)
        lengths.append(length)
        hashes.append(hash)
        place(e)
        return e
    }

    private mutating func place(_ e: Int) {
        var i = Int(truncatingIfNeeded: hashes[e]) & mask
        while slots[i] != 0 { i = (i &+ 1) & mask }
        slots[i] = Int32(e + 1)
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        for e in 0..<count { place(e) }
    }

    /// The closing quote of the JSON string whose content starts at
    /// `start`, with a hash of the content bytes, in one pass eight bytes at
    /// a time; nil when no quote closes it. Escapes are passed over only far
    /// enough not to stop at `\"`, and nothing is validated: the result is
    /// only used to compare the bytes with bytes that were.
    @inline(__always) static func scanString(_ base: UnsafePointer<UInt8>, _ n: Int, from start: Int) -> (close: Int, hash: UInt64)? {
        let ones: UInt64 = 0x0101_0101_0101_0101
        var h: UInt64 = 0
        var p = start
        while true {
            var w: UInt64 = 0
            var stop: UInt64 = 0
            if p &+ 8 <= n {
                w = UInt64(littleEndian: UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self))
                let q = w ^ (0x22 &* ones)
                let b = w ^ (0x5C &* ones)
                stop = ((q &- ones) & ~q | (b &- ones) & ~b) & (0x80 &* ones)
            } else {
                // The last bytes of the file.
                guard p < n else { return nil }
                for j in 0..<(n &- p) {
                    let c = base[p &+ j]
                    if c == 0x22 || c == 0x5C {
                        stop = 0x80 << (8 &* j)
                        break
                    }
                    w |= UInt64(c) << (8 &* j)
                }
                if stop == 0 { return nil }
            }
            if stop == 0 {
                h = mix(h ^ w)
                p &+= 8
                continue
            }
            let k = stop.trailingZeroBitCount &>> 3
            if k > 0 { h = mix(h ^ (w & (UInt64.max >> (64 &- 8 &* k)))) }
            let at = p &+ k
            if base[at] == 0x22 { return (at, mix(h ^ UInt64(truncatingIfNeeded: at &- start))) }
            // A backslash and the byte after it.
            guard at &+ 1 < n else { return nil }
            h = mix(h ^ (0x5C00 | UInt64(base[at &+ 1])))
            p = at &+ 2
        }
    }

    @inline(__always) private static func mix(_ x: UInt64) -> UInt64 {
        let z = x &* 0x9E37_79B9_7F4A_7C15
        return z ^ (z >> 29)
    }
}
