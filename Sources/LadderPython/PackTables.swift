import Foundation

/// A language pack compiled for byte-level work: forward lookup by English
/// bytes, reverse candidates bucketed by their first two bytes and ordered
/// longest first, and native digit byte sequences.
///
/// Entries whose translation equals the English word are dropped: they
/// change nothing and must not count as translations or collisions.
struct PackTables: Sendable {
    let pack: LanguagePack
    /// English bytes → entry index.
    let forward: NameTable
    /// Per entry: translation bytes (empty for identity entries).
    let translation: [[UInt8]]
    /// Per entry: English bytes.
    let english: [[UInt8]]
    /// 4096 buckets of entry indices keyed by a translation's first two
    /// bytes, longest translation first.
    let buckets: [[Int32]]
    /// Per first byte: the entry whose translation is that single byte, or -1.
    let singles: [Int32]
    /// UTF-8 of the native digits 0-9, when numerals are in use.
    let digits: [[UInt8]]?

    init(pack: LanguagePack, numerals: Bool) {
        self.pack = pack
        var pairs: [([UInt8], Int32)] = []
        var translation: [[UInt8]] = []
        var english: [[UInt8]] = []
        var buckets = Array(repeating: [Int32](), count: 4096)
        var singles = Array(repeating: Int32(-1), count: 256)
        for (k, entry) in pack.entries.enumerated() {
            let e = Array(entry.english.utf8)
            let t = Array(entry.translation.utf8)
            english.append(e)
            if e == t {
                translation.append([])
                continue
            }
            translation.append(t)
            pairs.append((e, Int32(k)))
            if t.count == 1 {
                singles[Int(t[0])] = Int32(k)
            } else {
                buckets[Self.bucket(t[0], t[1])].append(Int32(k))
            }
        }
        for b in buckets.indices where buckets[b].count > 1 {
            buckets[b].sort { translation[Int($0)].count > translation[Int($1)].count }
        }
        forward = NameTable(pairs)
        self.translation = translation
        self.english = english
        self.buckets = buckets
        self.singles = singles
        if numerals, let n = pack.numerals {
            digits = n.digits.map { Array(String($0).utf8) }
        } else {
            digits = nil
        }
    }

    @inline(__always) static func bucket(_ b0: UInt8, _ b1: UInt8) -> Int {
        (Int(b0) << 4 ^ Int(b1)) & 4095
    }

    /// The value (0-9) of the native digit starting at `p`, or -1.
    @inline(__always) func nativeDigit(_ b: UnsafeBufferPointer<UInt8>, _ p: Int) -> Int {
        guard let digits, b[p] >= 0x80 else { return -1 }
        for (value, d) in digits.enumerated() where p + d.count <= b.count {
            var same = true
            for k in 0..<d.count where b[p + k] != d[k] { same = false; break }
            if same { return value }
        }
        return -1
    }

    /// The longest translation found at `p` whose end `accept` approves, as
    /// an entry index, or -1.
    @inline(__always) func longestMatch(_ b: UnsafeBufferPointer<UInt8>, _ p: Int, accept: (Int) -> Bool) -> Int32 {
        let n = b.count
        if p + 1 < n {
            for k in buckets[Self.bucket(b[p], b[p + 1])] {
                let t = translation[Int(k)]
                if p + t.count <= n && t.withUnsafeBufferPointer({ memcmp($0.baseAddress!, b.baseAddress! + p, t.count) }) == 0
                    && accept(p + t.count) {
                    return k
                }
            }
        }
        let single = singles[Int(b[p])]
        if single >= 0 && accept(p + 1) { return single }
        return -1
    }
}
