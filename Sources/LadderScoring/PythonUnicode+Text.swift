/// Python `str` operations over code-point arrays, with CPython's semantics.
extension PythonUnicode {
    /// `text.strip().split("\n")[0].strip()`: the line every rule reads.
    func firstLine(_ text: [UInt32]) -> [UInt32] {
        var start = 0
        let n = text.count
        while start < n, isSpace(text[start]) { start += 1 }
        var end = start
        while end < n, text[end] != 0x0A { end += 1 }
        while end > start, isSpace(text[end - 1]) { end -= 1 }
        return Array(text[start..<end])
    }

    /// `s.strip()`: CPython whitespace at both ends.
    func strip(_ s: [UInt32]) -> [UInt32] {
        var start = 0
        var end = s.count
        while start < end, isSpace(s[start]) { start += 1 }
        while end > start, isSpace(s[end - 1]) { end -= 1 }
        return start == 0 && end == s.count ? s : Array(s[start..<end])
    }

    /// `s.lower()`, including multi-character mappings and the Final_Sigma
    /// rule CPython applies to U+03A3.
    func lower(_ s: [UInt32]) -> [UInt32] {
        lower(s[...])
    }

    func lower(_ s: ArraySlice<UInt32>) -> [UInt32] {
        var out = [UInt32]()
        out.reserveCapacity(s.count)
        for i in s.indices {
            let c = s[i]
            if c < 0x80 {
                out.append(c &- 0x41 < 26 ? c | 0x20 : c)
            } else if c == 0x3A3 {
                out.append(finalSigma(s, at: i) ? 0x3C2 : 0x3C3)
            } else if flag(c, Self.hasLower), let m = lowerMap[c] {
                out.append(contentsOf: m)
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// `s.upper()`, including multi-character mappings ('ß' -> 'SS').
    func upper(_ s: [UInt32]) -> [UInt32] {
        var out = [UInt32]()
        out.reserveCapacity(s.count)
        for c in s {
            if c < 0x80 {
                out.append(c &- 0x61 < 26 ? c & ~0x20 : c)
            } else if flag(c, Self.hasUpper), let m = upperMap[c] {
                out.append(contentsOf: m)
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// Unicode's Final_Sigma context as CPython tests it: a cased letter
    /// before (skipping case-ignorables) and none after.
    private func finalSigma(_ s: ArraySlice<UInt32>, at i: Int) -> Bool {
        var j = i - 1
        while j >= s.startIndex, flag(s[j], Self.sigmaIgnorable) { j -= 1 }
        guard j >= s.startIndex, flag(s[j], Self.sigmaCased) else { return false }
        j = i + 1
        while j < s.endIndex, flag(s[j], Self.sigmaIgnorable) { j += 1 }
        return j == s.endIndex || !flag(s[j], Self.sigmaCased)
    }

    /// `re`'s `\b` at position `i` of `s` (between `s[i-1]` and `s[i]`).
    @inline(__always) func isBoundary(_ s: [UInt32], _ i: Int) -> Bool {
        let before = i > 0 && isWord(s[i - 1])
        let after = i < s.count && isWord(s[i])
        return before != after
    }
}

/// Python `str` operations that need no Unicode tables.
enum PyText {
    /// `s.strip(chars)`.
    static func strip(_ s: [UInt32], _ chars: CodePointSet) -> [UInt32] {
        var start = 0
        var end = s.count
        while start < end, chars.contains(s[start]) { start += 1 }
        while end > start, chars.contains(s[end - 1]) { end -= 1 }
        return start == 0 && end == s.count ? s : Array(s[start..<end])
    }

    /// First index `>= from` where `needle` occurs in `hay`; `needle in hay`
    /// is `find(...) != nil`. An empty needle occurs everywhere, as in Python.
    static func find(_ needle: [UInt32], in hay: [UInt32], from: Int = 0) -> Int? {
        let n = needle.count
        let h = hay.count
        if n == 0 { return from <= h ? from : nil }
        if n > h - from { return nil }
        let first = needle[0]
        var i = from
        let last = h - n
        while i <= last {
            if hay[i] == first {
                var k = 1
                while k < n, hay[i + k] == needle[k] { k += 1 }
                if k == n { return i }
            }
            i += 1
        }
        return nil
    }

    static func contains(_ hay: [UInt32], _ needle: [UInt32]) -> Bool {
        find(needle, in: hay) != nil
    }

    static func hasPrefix(_ s: [UInt32], _ prefix: [UInt32]) -> Bool {
        prefix.count <= s.count && s[0..<prefix.count].elementsEqual(prefix)
    }

    /// `s.replace(old, new)`: non-overlapping, left to right; an empty `old`
    /// inserts `new` before every character and at the end, as Python does.
    static func replace(_ s: [UInt32], _ old: [UInt32], with new: [UInt32]) -> [UInt32] {
        if old.isEmpty {
            var out = new
            for c in s {
                out.append(c)
                out.append(contentsOf: new)
            }
            return out
        }
        guard var hit = find(old, in: s) else { return s }
        var out = [UInt32]()
        out.reserveCapacity(s.count)
        var pos = 0
        while true {
            out.append(contentsOf: s[pos..<hit])
            out.append(contentsOf: new)
            pos = hit + old.count
            guard let next = find(old, in: s, from: pos) else { break }
            hit = next
        }
        out.append(contentsOf: s[pos...])
        return out
    }

    /// `re.split("[chars]", s)`: pieces between separators, empty ones kept.
    static func split(_ s: [UInt32], on chars: CodePointSet) -> [[UInt32]] {
        var out: [[UInt32]] = []
        var start = 0
        for i in 0..<s.count where chars.contains(s[i]) {
            out.append(Array(s[start..<i]))
            start = i + 1
        }
        out.append(Array(s[start...]))
        return out
    }

    static func codePoints(_ s: String) -> [UInt32] {
        s.unicodeScalars.map(\.value)
    }

    static func string(_ cps: [UInt32]) -> String {
        var out = String.UnicodeScalarView()
        for c in cps { out.append(Unicode.Scalar(c) ?? "\u{FFFD}") }
        return String(out)
    }
}
