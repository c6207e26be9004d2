import Foundation

/// The tokenizer's working state over one source buffer.
///
/// Works on raw UTF-8 bytes (validated beforehand) for speed. Every byte at
/// or above 0x80 counts as an identifier byte: CPython's own tokenizer does
/// the same and only later checks identifier properties, and it lets native
/// keywords of any script tokenize as names. Byte 0 is the end sentinel,
/// which is safe because NUL bytes were rejected up front.
struct PythonLexer {
    let b: UnsafeBufferPointer<UInt8>
    let n: Int
    let wholeFStrings: Bool
    var i = 0
    var line = 1
    var lineStart = 0
    var tokens: [PythonToken] = []
    /// Indentation columns (tabs to multiples of 8) of the open blocks.
    var indents: [Int] = [0]
    /// The same columns with tabs counted as 1, to detect tab/space mixes
    /// whose meaning depends on tab width (CPython's TabError rule).
    var altIndents: [Int] = [0]
    /// Open brackets, counting f-string replacement fields as brackets.
    var depth = 0
    /// Closing brackets never take `depth` below this (the enclosing
    /// replacement field's level), so stray closers cannot end a field.
    var depthFloor = 0
    var atLineStart = true
    /// Whether the current logical line has a token that makes it a statement
    /// (a comment-only or blank line ends with `nl`, not `newline`).
    var lineHasCode = false
    var fstringNesting = 0

    /// Zero bytes the caller puts after the source: the most any lookahead
    /// (`at(i + 2)` past a checked `i < n`) reads beyond it.
    static let padding = 4

    /// `b` holds `count` source bytes followed by `padding` zero bytes.
    init(_ b: UnsafeBufferPointer<UInt8>, count: Int, wholeFStrings: Bool) {
        self.b = b
        self.n = count
        self.wholeFStrings = wholeFStrings
        tokens.reserveCapacity(n / 4 + 16)
    }

    /// The byte at `k`, or 0 at and just past the end.
    @inline(__always) func at(_ k: Int) -> UInt8 { b[k] }

    @inline(__always) mutating func emit(_ kind: PythonToken.Kind, _ start: Int, _ end: Int) {
        tokens.append(PythonToken(kind: kind, range: start..<end, line: line, column: start - lineStart))
    }

    @inline(__always) mutating func emit(_ kind: PythonToken.Kind, _ start: Int, _ end: Int, line l: Int, column c: Int) {
        tokens.append(PythonToken(kind: kind, range: start..<end, line: l, column: c))
    }

    /// The offset just past the line break starting at `k` (`\r\n`, `\r` or `\n`).
    @inline(__always) func lineBreakEnd(_ k: Int) -> Int {
        b[k] == 0x0D && at(k + 1) == 0x0A ? k + 2 : k + 1
    }

    @inline(__always) mutating func beginLine(at k: Int) {
        line += 1
        lineStart = k
    }

    func error(_ reason: PythonTokenizeError.Reason, at k: Int) -> PythonTokenizeError {
        PythonTokenizeError(reason, line: line, column: k - lineStart)
    }

    mutating func run() throws {
        if n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
            i = 3
            lineStart = 3
        }
        while true {
            if atLineStart {
                atLineStart = false
                if depth == 0 { try indentation() }
            }
            skipBlanks()
            if i >= n { break }
            let c = b[i]
            if c == 0x0A || c == 0x0D {
                let end = lineBreakEnd(i)
                emit(depth == 0 && lineHasCode ? .newline : .nl, i, end)
                i = end
                beginLine(at: end)
                if depth == 0 {
                    atLineStart = true
                    lineHasCode = false
                }
                continue
            }
            if c == 0x23 {  // '#'
                scanComment()
                continue
            }
            try scanCodeToken()
        }
        try finish()
    }

    /// Spaces, tabs, form feeds and backslash continuations: the only bytes
    /// allowed between tokens.
    @inline(__always) mutating func skipBlanks() {
        while i < n {
            let c = b[i]
            if c == 0x20 || c == 0x09 || c == 0x0C {
                i += 1
                continue
            }
            if c == 0x5C {
                let d = at(i + 1)
                if d == 0x0A || d == 0x0D {
                    i = lineBreakEnd(i + 1)
                    beginLine(at: i)
                    continue
                }
            }
            break
        }
    }

    mutating func scanComment() {
        let start = i
        while i < n && b[i] != 0x0A && b[i] != 0x0D { i += 1 }
        emit(.comment, start, i)
    }

    /// Measures a line's indentation and emits indent/dedent tokens. Blank
    /// and comment-only lines do not take part, as in CPython.
    mutating func indentation() throws {
        var col = 0
        var alt = 0
        var j = i
        while j < n {
            let c = b[j]
            if c == 0x20 { col += 1; alt += 1 }
            else if c == 0x09 { col = (col / 8 + 1) * 8; alt += 1 }
            else if c == 0x0C { col = 0; alt = 0 }
            else { break }
            j += 1
        }
        let c = at(j)
        if j >= n || c == 0x23 || c == 0x0A || c == 0x0D { return }
        let top = indents[indents.count - 1]
        if col == top {
            if alt != altIndents[altIndents.count - 1] { throw error(.inconsistentTabs, at: j) }
        } else if col > top {
            if alt <= altIndents[altIndents.count - 1] { throw error(.inconsistentTabs, at: j) }
            indents.append(col)
            altIndents.append(alt)
            emit(.indent, i, j)
        } else {
            while col < indents[indents.count - 1] {
                indents.removeLast()
                altIndents.removeLast()
                emit(.dedent, j, j)
            }
            if col != indents[indents.count - 1] { throw error(.inconsistentDedent, at: j) }
            if alt != altIndents[altIndents.count - 1] { throw error(.inconsistentTabs, at: j) }
        }
        i = j
    }

    mutating func finish() throws {
        if depth > 0 { throw error(.eofInMultiLineStatement, at: n) }
        if lineHasCode { emit(.newline, n, n) }
        for _ in 1..<indents.count { emit(.dedent, n, n) }
        emit(.endMarker, n, n)
    }

    /// One name, string, number, operator or error token at `i`.
    mutating func scanCodeToken() throws {
        let c = b[i]
        lineHasCode = true
        if Self.isNameStart(c) {
            let start = i
            i += 1
            while Self.isNameByte(at(i)) { i += 1 }
            let q = at(i)
            if (q == 0x22 || q == 0x27) && i - start <= 2, let prefix = StringPrefix(b, start, i) {
                try scanString(start: start, prefix: prefix)
                return
            }
            emit(.name, start, i)
            return
        }
        if c == 0x22 || c == 0x27 {
            try scanString(start: i, prefix: StringPrefix())
            return
        }
        if Self.isDigit(c) || (c == 0x2E && Self.isDigit(at(i + 1))) {
            scanNumber()
            return
        }
        scanOperator()
    }

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }

    @inline(__always) static func isNameStart(_ c: UInt8) -> Bool {
        (c | 0x20) &- 0x61 < 26 || c == 0x5F || c >= 0x80
    }

    @inline(__always) static func isNameByte(_ c: UInt8) -> Bool {
        (c | 0x20) &- 0x61 < 26 || c == 0x5F || c >= 0x80 || c &- 0x30 < 10
    }
}
