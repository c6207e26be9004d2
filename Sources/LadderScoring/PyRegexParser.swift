import LadderCore

/// Recursive-descent parser for the `re` subset `PyRegex` supports. It
/// follows `sre_parse`'s reading of the ambiguous spots: a `{` that does not
/// open a valid `{m,n}` is a literal, `]` first in a class is a literal, and
/// `-` at either end of a class is a literal.
struct PyRegexParser {
    let cps: [UInt32]
    let origin: String
    var pos = 0

    init(pattern: String, origin: String) {
        self.cps = PyText.codePoints(pattern)
        self.origin = origin
    }

    private func fail(_ what: String) -> LadderError {
        .badInput("\(origin): regular expression: \(what) at position \(pos)")
    }

    private var atEnd: Bool { pos >= cps.count }
    private func peek(_ ahead: Int = 0) -> UInt32? { pos + ahead < cps.count ? cps[pos + ahead] : nil }
    private func isChar(_ c: UInt32?, _ s: Unicode.Scalar) -> Bool { c == s.value }

    mutating func parseWhole() throws -> PyRegex.Node {
        let node = try parseAlternation()
        if !atEnd { throw fail("unbalanced parenthesis") }
        return node
    }

    private mutating func parseAlternation() throws -> PyRegex.Node {
        var branches = [try parseSequence()]
        while isChar(peek(), "|") {
            pos += 1
            branches.append(try parseSequence())
        }
        return branches.count == 1 ? branches[0] : .alt(branches)
    }

    private mutating func parseSequence() throws -> PyRegex.Node {
        var items: [PyRegex.Node] = []
        while let c = peek(), c != 0x7C, c != 0x29 {  // '|' ')'
            guard let atom = try parseAtom() else { continue }
            items.append(try parseQuantifiers(atom))
        }
        return items.count == 1 ? items[0] : (items.isEmpty ? .empty : .concat(items))
    }

    /// Applies any quantifier after `atom`; a second quantifier is an error
    /// ("multiple repeat"), as in Python, except the lazy `?` suffix.
    private mutating func parseQuantifiers(_ atom: PyRegex.Node) throws -> PyRegex.Node {
        guard let (lo, hi) = try parseQuantifier() else { return atom }
        if case .assertion = atom { throw fail("nothing to repeat") }
        if isChar(peek(), "?") {
            pos += 1  // lazy: same language, so the same answer to "does it occur"
        } else if isChar(peek(), "+") {
            throw fail("possessive quantifiers are not supported")
        }
        if let c = peek(), c == 0x2A || c == 0x2B || c == 0x3F || (c == 0x7B && quantifierAhead()) {
            throw fail("multiple repeat")
        }
        return .repeated(atom, min: lo, max: hi)
    }

    private func quantifierAhead() -> Bool {
        var copy = self
        return (try? copy.parseBraces()) != nil
    }

    private mutating func parseQuantifier() throws -> (Int, Int?)? {
        guard let c = peek() else { return nil }
        switch c {
        case 0x2A: pos += 1; return (0, nil)
        case 0x2B: pos += 1; return (1, nil)
        case 0x3F: pos += 1; return (0, 1)
        case 0x7B:
            let save = pos
            if let q = try parseBraces() { return q }
            pos = save
            return nil
        default: return nil
        }
    }

    /// `{m}`, `{m,}`, `{,n}`, `{m,n}`; nil (and no error) when the brace is a literal.
    private mutating func parseBraces() throws -> (Int, Int?)? {
        let start = pos
        pos += 1
        func digits(_ p: inout PyRegexParser) -> String {
            var s = ""
            while let d = p.peek(), (0x30...0x39).contains(d) { s.unicodeScalars.append(Unicode.Scalar(d)!); p.pos += 1 }
            return s
        }
        let lo = digits(&self)
        var hi = lo
        var comma = false
        if isChar(peek(), ",") {
            comma = true
            pos += 1
            hi = digits(&self)
        }
        guard isChar(peek(), "}"), !(lo.isEmpty && !comma) else { pos = start; return nil }
        pos += 1
        let min = lo.isEmpty ? 0 : Int(lo) ?? Int.max
        let max: Int? = hi.isEmpty ? nil : Int(hi) ?? Int.max
        if let max, max < min { throw fail("min repeat greater than max repeat") }
        if min > 1000 || (max ?? 0) > 1000 { throw fail("counted repeats above 1000 are not supported") }
        return (min, max)
    }

    private mutating func parseAtom() throws -> PyRegex.Node? {
        guard let c = peek() else { return nil }
        pos += 1
        switch c {
        case 0x28: return try parseGroup()
        case 0x5B: return .set(try parseClass())
        case 0x2E: return .any
        case 0x5E: return .assertion(.lineStart)
        case 0x24: return .assertion(.lineEnd)
        case 0x5C: return try parseEscape()
        case 0x2A, 0x2B, 0x3F:
            pos -= 1
            throw fail("nothing to repeat")
        case 0x7B:
            pos -= 1
            if quantifierAhead() { throw fail("nothing to repeat") }
            pos += 1
            return .char(c)
        default: return .char(c)
        }
    }

    private mutating func parseGroup() throws -> PyRegex.Node? {
        if isChar(peek(), "?") {
            pos += 1
            switch peek() {
            case 0x3A:  // (?:...)
                pos += 1
            case 0x50 where isChar(peek(1), "<"):  // (?P<name>...)
                pos += 2
                while let c = peek(), c != 0x3E { pos += 1 }
                guard isChar(peek(), ">") else { throw fail("missing '>' in group name") }
                pos += 1
            case 0x23:  // (?#comment)
                while let c = peek(), c != 0x29 { pos += 1 }
                guard isChar(peek(), ")") else { throw fail("missing ')' after comment") }
                pos += 1
                return nil
            default:
                throw fail("look-around, back-references, atomic groups and inline flags are not supported")
            }
        }
        let inner = try parseAlternation()
        guard isChar(peek(), ")") else { throw fail("missing ')'") }
        pos += 1
        return inner
    }

    private mutating func parseEscape() throws -> PyRegex.Node {
        guard let c = peek() else { throw fail("bad escape (end of pattern)") }
        pos += 1
        switch c {
        case 0x62: return .assertion(.boundary)       // \b
        case 0x42: return .assertion(.notBoundary)    // \B
        case 0x41: return .assertion(.textStart)      // \A
        case 0x5A: return .assertion(.textEnd)        // \Z
        default:
            if let builtin = Self.builtin(c) {
                var cls = PyRegex.CharClass()
                cls.builtins = [builtin]
                return .set(cls)
            }
            return .char(try literalEscape(c, inClass: false))
        }
    }

    static func builtin(_ c: UInt32) -> PyRegex.Builtin? {
        switch c {
        case 0x64: return .digit(false)
        case 0x44: return .digit(true)
        case 0x77: return .word(false)
        case 0x57: return .word(true)
        case 0x73: return .space(false)
        case 0x53: return .space(true)
        default: return nil
        }
    }

    /// The code point an escape stands for (`\n`, `\x41`, `\u4e2d`, `\.`...).
    mutating func literalEscape(_ c: UInt32, inClass: Bool) throws -> UInt32 {
        switch c {
        case 0x6E: return 0x0A
        case 0x74: return 0x09
        case 0x72: return 0x0D
        case 0x66: return 0x0C
        case 0x76: return 0x0B
        case 0x61: return 0x07
        case 0x62 where inClass: return 0x08
        case 0x78: return try hexEscape(2)
        case 0x75: return try hexEscape(4)
        case 0x55: return try hexEscape(8)
        case 0x30...0x37 where c == 0x30 || inClass:
            var value = c - 0x30
            var count = 1
            while count < 3, let d = peek(), (0x30...0x37).contains(d) { value = value * 8 + (d - 0x30); pos += 1; count += 1 }
            guard value <= 0o377 else { throw fail("octal escape value outside of range 0-0o377") }
            return value
        case 0x31...0x39:
            throw fail("back-references are not supported")
        default:
            let isAsciiLetterOrDigit = (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) || (0x30...0x39).contains(c)
            if isAsciiLetterOrDigit { throw fail("bad escape \\\(Unicode.Scalar(c).map(String.init) ?? "?")") }
            return c
        }
    }

    private mutating func hexEscape(_ width: Int) throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<width {
            guard let d = peek(), let v = UInt32(String(Unicode.Scalar(d) ?? "x"), radix: 16) else {
                throw fail("incomplete hexadecimal escape")
            }
            value = value * 16 + v
            pos += 1
        }
        guard value < 0x110000 else { throw fail("bad escape (code point out of range)") }
        return value
    }

    private mutating func parseClass() throws -> PyRegex.CharClass {
        var cls = PyRegex.CharClass()
        if isChar(peek(), "^") { cls.negated = true; pos += 1 }
        var first = true
        while true {
            guard let c = peek() else { throw fail("unterminated character set") }
            if c == 0x5D && !first { pos += 1; break }
            first = false
            pos += 1
            let lo: UInt32
            if c == 0x5C {
                guard let e = peek() else { throw fail("unterminated character set") }
                pos += 1
                if let builtin = Self.builtin(e) { cls.builtins.append(builtin); continue }
                lo = try literalEscape(e, inClass: true)
            } else {
                lo = c
            }
            if isChar(peek(), "-"), let next = peek(1), next != 0x5D {
                pos += 1
                var hi = next
                pos += 1
                if next == 0x5C {
                    guard let e = peek() else { throw fail("unterminated character set") }
                    pos += 1
                    if Self.builtin(e) != nil { throw fail("bad character range") }
                    hi = try literalEscape(e, inClass: true)
                }
                guard lo <= hi else { throw fail("bad character range") }
                cls.ranges.append(lo...hi)
            } else {
                cls.singles.insert(lo)
            }
        }
        return cls
    }
}
