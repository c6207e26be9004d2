import Foundation

/// Finds pack translations in the code of a tokenized file, longest first,
/// the way the reverse transpiler reads them back.
///
/// A translation matches at the start of a name token (or just after native
/// digits that open one, as in `۱اگر` from `1if`) and must end exactly at
/// the end of a code token, with only code tokens under it; strings,
/// comments and f-strings are never looked into.
struct TranslationScan {
    let tables: PackTables
    let b: UnsafeBufferPointer<UInt8>
    let tokens: [PythonToken]

    /// One reading of the code: `digit` is set for a native digit; otherwise
    /// `entry` names the translation found at `range`.
    struct Hit {
        var range: Range<Int>
        var entry: Int32
        var digit: Int
    }

    /// Calls `body` for every hit in source order.
    func forEachHit(_ body: (Hit) -> Void) {
        var t = 0
        while t < tokens.count {
            let tok = tokens[t]
            t = tok.kind == .name && tables.mayMatch(b, tok.range) ? hits(at: t, body) : t + 1
        }
    }

    /// Calls `body` for the hits starting in the name token at `t`; returns
    /// the next token not covered by them.
    func hits(at t: Int, _ body: (Hit) -> Void) -> Int {
        let tok = tokens[t]
        var p = tok.range.lowerBound
        let end = tok.range.upperBound
        var nextToken = t + 1
        var atWordStart = true
        while p < end {
            let d = tables.nativeDigit(b, p)
            if d >= 0 {
                let length = tables.digitLength(d)
                body(Hit(range: p..<(p + length), entry: -1, digit: d))
                p += length
                atWordStart = true
                continue
            }
            if atWordStart {
                var last = t
                let k = tables.longestMatch(b, p) { matchEnd in
                    var r = t
                    while r < tokens.count && tokens[r].range.upperBound < matchEnd {
                        r += 1
                        if !tokens[r].isCode { return false }
                    }
                    guard r < tokens.count && tokens[r].range.upperBound == matchEnd else { return false }
                    last = r
                    return true
                }
                if k >= 0 {
                    let matchEnd = p + tables.translation(Int(k)).count
                    body(Hit(range: p..<matchEnd, entry: k, digit: -1))
                    nextToken = last + 1
                    break
                }
            }
            atWordStart = false
            // Skip the rest of this word; only native digits can start another.
            if !tables.hasDigits { break }
            p += 1
            while p < end && !tables.digitLead[Int(b[p])] { p += 1 }
        }
        return nextToken
    }
}
