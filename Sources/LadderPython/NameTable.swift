import Foundation

/// An open-addressing hash table from short byte strings to small integers,
/// looked up straight from source bytes without building a `String`.
///
/// Used for keyword and pack lookups on every name token, where building
/// strings or arrays per token would dominate the transpiler's time.
final class NameTable: Sendable {
    private struct Slot {
        var hash: UInt32 = 0
        var offset: Int32 = 0
        var length: Int32 = -1
        var value: Int32 = 0
    }

    private let keyBytes: FrozenBuffer<UInt8>
    private let slots: FrozenBuffer<Slot>
    private let mask: Int
    /// Longest key, so longer names are rejected before hashing.
    let maxLength: Int

    init(_ pairs: [([UInt8], Int32)]) {
        var capacity = 16
        while capacity < pairs.count * 4 { capacity *= 2 }
        var slots = Array(repeating: Slot(), count: capacity)
        var keys: [UInt8] = []
        mask = capacity - 1
        maxLength = pairs.map(\.0.count).max() ?? 0
        for (key, value) in pairs {
            let h = key.withUnsafeBufferPointer { Self.hash($0.baseAddress!, $0.count) }
            var s = Int(h) & mask
            while slots[s].length >= 0 { s = (s + 1) & mask }
            slots[s] = Slot(hash: h, offset: Int32(keys.count), length: Int32(key.count), value: value)
            keys += key
        }
        self.slots = FrozenBuffer(slots)
        self.keyBytes = FrozenBuffer(keys)
    }

    /// A hash of a short byte string from at most four loads (first and
    /// last bytes, overlapping) and its length, mixed with the SplitMix64
    /// finalizer. Never persisted, so it needs no seed; equal hashes are
    /// confirmed with `memcmp`.
    @inline(__always) static func hash(_ p: UnsafePointer<UInt8>, _ count: Int) -> UInt32 {
        let raw = UnsafeRawPointer(p)
        var x: UInt64
        if count >= 8 {
            x = raw.loadUnaligned(as: UInt64.self) ^ (raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) &* 0x9E37_79B9_7F4A_7C15)
        } else if count >= 4 {
            x = UInt64(raw.loadUnaligned(as: UInt32.self)) << 32 | UInt64(raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
        } else {
            x = UInt64(p[0]) << 16 | UInt64(p[count / 2]) << 8 | UInt64(p[count - 1])
        }
        x ^= UInt64(count) &* 0xBF58_476D_1CE4_E5B9
        x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
        x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
        return UInt32(truncatingIfNeeded: x ^ (x >> 31))
    }

    /// The value stored for the `count` bytes at `p`, or -1.
    @inline(__always) func lookup(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
        if count > maxLength || count == 0 { return -1 }
        let h = Self.hash(p, count)
        let slots = self.slots.base
        var s = Int(h) & mask
        while true {
            let slot = slots[s]
            if slot.length < 0 { return -1 }
            if slot.hash == h && Int(slot.length) == count && memcmp(keyBytes.base + Int(slot.offset), p, count) == 0 {
                return slot.value
            }
            s = (s + 1) & mask
        }
    }
}
