import Foundation
import LadderCore

/// Learns byte-level BPE merges from texts, deterministically: pieces are counted
/// (ByteLevel pre-tokenization), then the most frequent adjacent pair is merged
/// until the vocabulary is full or no pair occurs twice. Ties go to the pair of
/// smaller ids (left, then right), so the result never depends on hash order.
public enum BPETrainer {
    /// A tokenizer of at most `vocabularySize` tokens (specials + 256 bytes + merges).
    public static func train(texts: [String], vocabularySize: Int) throws -> BPETokenizer {
        let baseSize = BPETokenizer.specialTokens.count + 256
        guard vocabularySize >= baseSize else {
            throw LadderError.badInput("tokenizer: vocab_size must be at least \(baseSize) (3 special tokens and 256 bytes), got \(vocabularySize)")
        }
        var counts: [String: Int] = [:]
        for t in texts { for p in ByteLevel.split(t) { counts[p, default: 0] += 1 } }
        let pieces = counts.keys.sorted(by: Value.byteOrder)
        var words = pieces.map { p in p.utf8.map { Int($0) + BPETokenizer.specialTokens.count } }
        let freq = pieces.map { counts[$0]! }

        var tokens = BPETokenizer().tokens
        var ids: [String: Int] = [:]
        for (i, t) in tokens.enumerated() { ids[t] = i }
        var pairCount: [UInt64: Int] = [:]
        var pairWords: [UInt64: Set<Int>] = [:]
        var heap = PairHeap()
        for (w, word) in words.enumerated() where word.count > 1 {
            for i in 0..<(word.count - 1) {
                let k = BPETokenizer.pairKey(word[i], word[i + 1])
                pairCount[k, default: 0] += freq[w]
                pairWords[k, default: []].insert(w)
            }
        }
        for (k, c) in pairCount { heap.push(c, k) }

        var merges: [(left: Int, right: Int)] = []
        while tokens.count < vocabularySize, let (count, key) = heap.pop() {
            guard pairCount[key] == count else { continue }  // stale entry
            guard count >= 2 else { break }
            let a = Int(key >> 32), b = Int(key & 0xFFFF_FFFF)
            let spelled = tokens[a] + tokens[b]
            let z = ids[spelled] ?? tokens.count
            if z == tokens.count {
                tokens.append(spelled)
                ids[spelled] = z
            }
            merges.append((a, b))
            var touched = Set<UInt64>()
            for w in (pairWords[key] ?? []).sorted() {
                let word = words[w]
                guard word.count > 1 else { continue }
                var merged: [Int] = []
                merged.reserveCapacity(word.count)
                var i = 0, changed = false
                while i < word.count {
                    if i + 1 < word.count && word[i] == a && word[i + 1] == b {
                        merged.append(z)
                        i += 2
                        changed = true
                    } else {
                        merged.append(word[i])
                        i += 1
                    }
                }
                guard changed else { continue }
                for i in 0..<(word.count - 1) {
                    let k = BPETokenizer.pairKey(word[i], word[i + 1])
                    pairCount[k, default: 0] -= freq[w]
                    touched.insert(k)
                }
                for i in 0..<max(merged.count - 1, 0) {
                    let k = BPETokenizer.pairKey(merged[i], merged[i + 1])
                    pairCount[k, default: 0] += freq[w]
                    pairWords[k, default: []].insert(w)
                    touched.insert(k)
                }
                words[w] = merged
            }
            pairWords[key] = nil
            for k in touched.sorted() {
                let c = pairCount[k] ?? 0
                if c <= 0 { pairCount[k] = nil } else { heap.push(c, k) }
            }
        }
        return try BPETokenizer(merges: merges)
    }
}

/// A max-heap of (count, pair) ordered by count, then by the smaller pair key.
struct PairHeap {
    private var items: [(count: Int, key: UInt64)] = []

    private static func above(_ x: (count: Int, key: UInt64), _ y: (count: Int, key: UInt64)) -> Bool {
        x.count != y.count ? x.count > y.count : x.key < y.key
    }

    mutating func push(_ count: Int, _ key: UInt64) {
        items.append((count, key))
        var i = items.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            guard Self.above(items[i], items[p]) else { break }
            items.swapAt(i, p)
            i = p
        }
    }

    mutating func pop() -> (Int, UInt64)? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < items.count && Self.above(items[l], items[m]) { m = l }
                if r < items.count && Self.above(items[r], items[m]) { m = r }
                if m == i { break }
                items.swapAt(i, m)
                i = m
            }
        }
        return (top.count, top.key)
    }
}
