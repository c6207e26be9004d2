import Foundation

/// A language pack compiled for byte-level work: one lookup table for
/// Python's own words and the pack's English words, reverse candidates
/// bucketed by their first two bytes and ordered longest first, and native
/// digit byte sequences. Frozen raw buffers, so the hot loops never retain.
///
/// Entries whose translation equals the English word are dropped: they
/// change nothing and must not count as translations or collisions.
final class PackTables: Sendable {
    let pack: LanguagePack
    /// Name bytes → `TokenCode` raw value in the low 8 bits (0 when the name
    /// is not a keyword) and pack entry index + 1 above them (0 when none).
    let words: NameTable
    /// Entry categories, by entry index.
    let categories: [LanguagePack.Category]
    /// Concatenated translation bytes; entry k's are `translationStart[k]..<translationStart[k + 1]`.
    let translationBytes: FrozenBuffer<UInt8>
    let translationStart: FrozenBuffer<Int>
    /// Concatenated English bytes, indexed like the translations.
    let englishBytes: [UInt8]
    let englishStart: [Int]
    /// Reverse candidates: bucket k holds `candidates[bucketStart[k]..<bucketStart[k + 1]]`.
    let candidates: FrozenBuffer<Int32>
    let bucketStart: FrozenBuffer<Int32>
    /// Per first byte: the entry whose translation is that single byte, or -1.
    let singles: FrozenBuffer<Int32>
    /// One bit per (first byte, second byte) pair that opens a translation
    /// of two or more bytes: a cheap test before `longestMatch`.
    let pairBits: FrozenBuffer<UInt64>
    /// Whether native digits are in use.
    let hasDigits: Bool
    /// UTF-8 of the native digits 0-9, concatenated; digit k's bytes are
    /// `digitBytes[digitStart[k]..<digitStart[k + 1]]`.
    let digitBytes: FrozenBuffer<UInt8>
    let digitStart: FrozenBuffer<Int>
    /// Bytes that can start a native digit.
    let digitLead: FrozenBuffer<Bool>

    init(pack: LanguagePack, numerals: Bool) {
        self.pack = pack
        categories = pack.entries.map(\.category)
        var values: [[UInt8]: Int32] = [:]
        for (k, word) in TokenCode.keywordNames.enumerated() {
            values[Array(word.utf8)] = Int32(TokenCode.kFalse.rawValue) + Int32(k)
        }
        for (k, word) in TokenCode.softKeywordNames.enumerated() {
            values[Array(word.utf8)] = Int32(TokenCode.softMatch.rawValue) + Int32(k)
        }
        var translationBytes: [UInt8] = []
        var translationStart: [Int] = [0]
        var englishBytes: [UInt8] = []
        var englishStart: [Int] = [0]
        var lists = Array(repeating: [Int32](), count: 4096)
        var singles = Array(repeating: Int32(-1), count: 256)
        for (k, entry) in pack.entries.enumerated() {
            let e = Array(entry.english.utf8)
            let t = Array(entry.translation.utf8)
            englishBytes += e
            englishStart.append(englishBytes.count)
            if e != t {
                translationBytes += t
                values[e, default: 0] |= Int32(k + 1) << 8
                if t.count == 1 {
                    singles[Int(t[0])] = Int32(k)
                } else {
                    lists[Self.bucket(t[0], t[1])].append(Int32(k))
                }
            }
            translationStart.append(translationBytes.count)
        }
        var pairBits = Array(repeating: UInt64(0), count: 1024)
        for k in pack.entries.indices where translationStart[k + 1] - translationStart[k] >= 2 {
            let pair = Int(translationBytes[translationStart[k]]) << 8 | Int(translationBytes[translationStart[k] + 1])
            pairBits[pair >> 6] |= 1 << UInt64(pair & 63)
        }
        self.pairBits = FrozenBuffer(pairBits)
        var candidates: [Int32] = []
        var bucketStart: [Int32] = [0]
        for var list in lists {
            list.sort { translationStart[Int($0) + 1] - translationStart[Int($0)] > translationStart[Int($1) + 1] - translationStart[Int($1)] }
            candidates += list
            bucketStart.append(Int32(candidates.count))
        }
        words = NameTable(values.map { ($0.key, $0.value) })
        self.translationBytes = FrozenBuffer(translationBytes)
        self.translationStart = FrozenBuffer(translationStart)
        self.englishBytes = englishBytes
        self.englishStart = englishStart
        self.candidates = FrozenBuffer(candidates)
        self.bucketStart = FrozenBuffer(bucketStart)
        self.singles = FrozenBuffer(singles)
        var lead = Array(repeating: false, count: 256)
        var bytes: [UInt8] = []
        var starts = [0]
        if numerals, let n = pack.numerals {
            for digit in n.digits {
                let utf8 = Array(String(digit).utf8)
                lead[Int(utf8[0])] = true
                bytes += utf8
                starts.append(bytes.count)
            }
        }
        hasDigits = starts.count == 11
        digitBytes = FrozenBuffer(bytes)
        digitStart = FrozenBuffer(starts)
        digitLead = FrozenBuffer(lead)
    }

    @inline(__always) static func bucket(_ b0: UInt8, _ b1: UInt8) -> Int {
        (Int(b0) << 4 ^ Int(b1)) & 4095
    }

    /// Entry k's translation bytes.
    func translation(_ k: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: translationBytes.base + translationStart[k], count: translationStart[k + 1] - translationStart[k])
    }
    /// Entry k's English bytes.
    func english(_ k: Int) -> ArraySlice<UInt8> { englishBytes[englishStart[k]..<englishStart[k + 1]] }

    /// Whether the name token at `range` could hold a translation or a
    /// native digit; false for almost every name of an English file.
    @inline(__always) func mayMatch(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        let p = range.lowerBound
        if range.count == 1 { return singles[Int(b[p])] >= 0 || digitLead[Int(b[p])] }
        let pair = Int(b[p]) << 8 | Int(b[p + 1])
        if pairBits[pair >> 6] & (1 << UInt64(pair & 63)) != 0 || singles[Int(b[p])] >= 0 { return true }
        if hasDigits {
            for k in range where digitLead[Int(b[k])] { return true }
        }
        return false
    }

    /// The value (0-9) of the native digit starting at `p`, or -1.
    @inline(__always) func nativeDigit(_ b: UnsafeBufferPointer<UInt8>, _ p: Int) -> Int {
        guard digitLead[Int(b[p])] else { return -1 }
        for value in 0..<10 {
            let start = digitStart[value]
            let length = digitStart[value + 1] - start
            if p + length <= b.count && memcmp(digitBytes.base + start, b.baseAddress! + p, length) == 0 { return value }
        }
        return -1
    }

    /// The byte length of native digit `value`.
    @inline(__always) func digitLength(_ value: Int) -> Int { digitStart[value + 1] - digitStart[value] }

    /// Native digit `value`'s bytes.
    @inline(__always) func digit(_ value: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: digitBytes.base + digitStart[value], count: digitLength(value))
    }

    /// The longest translation found at `p` whose end `accept` approves, as
    /// an entry index, or -1.
    @inline(__always) func longestMatch(_ b: UnsafeBufferPointer<UInt8>, _ p: Int, accept: (Int) -> Bool) -> Int32 {
        let n = b.count
        if p + 1 < n {
            let bucket = Self.bucket(b[p], b[p + 1])
            var c = Int(bucketStart[bucket])
            let cEnd = Int(bucketStart[bucket + 1])
            while c < cEnd {
                let k = Int(candidates[c])
                c += 1
                let start = translationStart[k]
                let length = translationStart[k + 1] - start
                if p + length <= n && memcmp(translationBytes.base + start, b.baseAddress! + p, length) == 0
                    && accept(p + length) {
                    return Int32(k)
                }
            }
        }
        let single = singles[Int(b[p])]
        if single >= 0 && accept(p + 1) { return single }
        return -1
    }
}
