import Foundation
/// Finds the closest known word to a misspelt one, for "did you mean" hints.
public enum Suggestion {
    /// The candidate with the smallest edit distance, if it is close enough to be a likely typo.
    public static func closest(to word: String, in candidates: [String]) -> String? {
        var best: (String, Int)?
        for c in candidates {
            let d = distance(word.lowercased(), c.lowercased())
            if best == nil || d < best!.1 { best = (c, d) }
        }
        guard let (c, d) = best else { return nil }
        return d <= max(2, word.count / 3) ? c : nil
    }

    /// A hint naming the closest word, or listing the known ones when none is close.
    public static func hint(for word: String, in candidates: [String], noun: String) -> String {
        if let c = closest(to: word, in: candidates) { return "did you mean '\(c)'?" }
        if candidates.isEmpty { return "no \(noun) is declared" }
        return "known \(plural(noun)): \(candidates.joined(separator: ", "))"
    }

    /// English plural of the nouns hints use (`axis` → `axes`, `source` → `sources`).
    static func plural(_ noun: String) -> String {
        if noun.hasSuffix("is") { return String(noun.dropLast(2)) + "es" }
        if noun.hasSuffix("s") || noun.hasSuffix("x") || noun.hasSuffix("ch") { return noun + "es" }
        return noun + "s"
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}
