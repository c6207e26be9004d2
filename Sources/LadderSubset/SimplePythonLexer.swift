/// A forgiving Python lexer for shingling: it never fails.
///
/// It knows what matters for similarity (comments, string literals with every
/// prefix and triple quotes, numbers, names including non-ASCII ones, and
/// multi-character operators) and nothing about indentation. It is the fallback
/// for files the full tokenizer rejects (unterminated strings, bad indentation,
/// invalid UTF-8); such a file's shingles are still comparable with everyone
/// else's because both lexers cut code into the same tokens.
public struct SimplePythonLexer: CodeTokenizer {
    public init() {}

    public var name: String { "simple-python-lexer-v1" }

    private static let threeCharOperators: [[UInt8]] = ["**=", "//=", ">>=", "<<=", "..."].map { Array($0.utf8) }
    private static let twoCharOperators: [[UInt8]] = [
        "**", "//", ">>", "<<", "<=", ">=", "==", "!=", "->", "+=", "-=", "*=", "/=",
        "%=", "&=", "|=", "^=", "@=", ":=",
    ].map { Array($0.utf8) }

    public func codeTokens(in source: [UInt8]) -> [Range<Int>] {
        var tokens: [Range<Int>] = []
        tokens.reserveCapacity(source.count / 4)
        source.withUnsafeBufferPointer { s in
            let n = s.count
            var i = 0
            while i < n {
                let b = s[i]
                if b == 0x20 || b == 0x09 || b == 0x0c || b == 0x0a || b == 0x0d {
                    i += 1
                } else if b == UInt8(ascii: "#") {
                    while i < n, s[i] != 0x0a, s[i] != 0x0d { i += 1 }
                } else if b == UInt8(ascii: "\\"), i + 1 < n, s[i + 1] == 0x0a || s[i + 1] == 0x0d {
                    i += 1
                } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                    let end = Self.stringEnd(s, quoteAt: i)
                    tokens.append(i..<end)
                    i = end
                } else if Self.isNameStart(b) {
                    var j = i + 1
                    while j < n, Self.isNameContinue(s[j]) { j += 1 }
                    if j < n, s[j] == UInt8(ascii: "\"") || s[j] == UInt8(ascii: "'"), Self.isStringPrefix(s, i..<j) {
                        let end = Self.stringEnd(s, quoteAt: j)
                        tokens.append(i..<end)
                        i = end
                    } else {
                        tokens.append(i..<j)
                        i = j
                    }
                } else if Self.isDigit(b) || (b == UInt8(ascii: ".") && i + 1 < n && Self.isDigit(s[i + 1])) {
                    let end = Self.numberEnd(s, from: i)
                    tokens.append(i..<end)
                    i = end
                } else {
                    let width = Self.operatorWidth(s, at: i)
                    tokens.append(i..<(i + width))
                    i += width
                }
            }
        }
        return tokens
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    private static func isNameStart(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || b == 0x5f || b >= 0x80
    }

    private static func isNameContinue(_ b: UInt8) -> Bool { isNameStart(b) || isDigit(b) }

    /// r, u, b, f and their two-letter combinations, any case.
    private static func isStringPrefix(_ s: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        guard r.count <= 2 else { return false }
        var seen = Set<UInt8>()
        for k in r {
            let c = s[k] | 0x20
            guard c == UInt8(ascii: "r") || c == UInt8(ascii: "u") || c == UInt8(ascii: "b") || c == UInt8(ascii: "f"),
                  seen.insert(c).inserted else { return false }
        }
        return r.count == 1 || seen.contains(UInt8(ascii: "r"))
    }

    /// End of the string literal whose opening quote is at `q`; an unterminated
    /// single-quoted string ends at the line break, a triple-quoted one at the end.
    private static func stringEnd(_ s: UnsafeBufferPointer<UInt8>, quoteAt q: Int) -> Int {
        let n = s.count
        let quote = s[q]
        let triple = q + 2 < n && s[q + 1] == quote && s[q + 2] == quote
        var i = q + (triple ? 3 : 1)
        while i < n {
            let c = s[i]
            if c == UInt8(ascii: "\\") {
                i += 2
            } else if c == quote {
                if !triple { return i + 1 }
                if i + 2 < n, s[i + 1] == quote, s[i + 2] == quote { return i + 3 }
                i += 1
            } else if !triple, c == 0x0a || c == 0x0d {
                return i
            } else {
                i += 1
            }
        }
        return n
    }

    /// Digits, letters (hex digits, exponents, suffixes like `j`), `_`, `.`, and a
    /// sign right after a decimal exponent.
    private static func numberEnd(_ s: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let n = s.count
        let hexLike = start + 1 < n && s[start] == UInt8(ascii: "0") && (s[start + 1] | 0x20) != UInt8(ascii: ".")
            && !isDigit(s[start + 1]) && (s[start + 1] | 0x20) != UInt8(ascii: "e") && isNameContinue(s[start + 1])
        var i = start
        while i < n {
            let c = s[i]
            if isNameContinue(c) && c < 0x80 || c == UInt8(ascii: ".") {
                i += 1
            } else if (c == UInt8(ascii: "+") || c == UInt8(ascii: "-")), !hexLike, i > start, (s[i - 1] | 0x20) == UInt8(ascii: "e") {
                i += 1
            } else {
                break
            }
        }
        return i
    }

    private static func operatorWidth(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let n = s.count
        if i + 3 <= n, threeCharOperators.contains(where: { $0[0] == s[i] && $0[1] == s[i + 1] && $0[2] == s[i + 2] }) {
            return 3
        }
        if i + 2 <= n, twoCharOperators.contains(where: { $0[0] == s[i] && $0[1] == s[i + 1] }) {
            return 2
        }
        return 1
    }
}
