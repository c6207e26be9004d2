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

    /// A 64-bit hash of `length` bytes at `start`, eight at a time (the
    /// multiply-xorshift mixing of SplitMix64). Reads only those bytes.
    @inline(__always) static func hash(_ base: UnsafePointer<UInt8>, _ start: Int, _ length: Int) -> UInt64 {
        let raw = UnsafeRawPointer(base + start)
        var h = UInt64(truncatingIfNeeded: length) &* 0x9E37_79B9_7F4A_7C15
        var k = 0
        while k &+ 8 <= length {
            h = mix(h ^ raw.loadUnaligned(fromByteOffset: k, as: UInt64.self))
            k &+= 8
        }
        if k < length {
            var tail: UInt64 = 0
            if length >= 8 {
                tail = raw.loadUnaligned(fromByteOffset: length &- 8, as: UInt64.self)
            } else {
                for j in k..<length { tail = tail << 8 | UInt64(raw.load(fromByteOffset: j, as: UInt8.self)) }
            }
            h = mix(h ^ tail)
        }
        return h
    }

    @inline(__always) private static func mix(_ x: UInt64) -> UInt64 {
        var z = x &* 0xBF58_476D_1CE4_E5B9
        z ^= z >> 31
        z = z &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 29)
    }
}
