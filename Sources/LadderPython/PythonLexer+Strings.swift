import Foundation

/// A string literal's prefix letters, as Python 3 allows them: any case of
/// `r`, `u`, `b`, `f`, `rb`/`br`, `rf`/`fr` (Python Language Reference,
/// "String and Bytes literals"). `ur` is Python 2 only.
struct StringPrefix {
    var raw = false
    var bytes = false
    var format = false

    init() {}

    init?(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
        var unicode = false
        for k in start..<end {
            switch b[k] | 0x20 {
            case 0x72: if raw { return nil }; raw = true        // r
            case 0x62: if bytes { return nil }; bytes = true    // b
            case 0x66: if format { return nil }; format = true  // f
            case 0x75: if unicode { return nil }; unicode = true // u
            default: return nil
            }
        }
        if unicode && end - start > 1 { return nil }
        if bytes && format { return nil }
    }
}

/// Where an f-string literal run stopped.
enum FStringStop {
    case openBrace, closeBrace, quote
}

extension PythonLexer {
    /// A string literal whose prefix starts at `start`; `i` is at the quote.
    mutating func scanString(start: Int, prefix: StringPrefix) throws {
        let q = b[i]
        let triple = at(i + 1) == q && at(i + 2) == q
        if prefix.format {
            try scanFString(start: start, quote: q, triple: triple, raw: prefix.raw)
            return
        }
        let startLine = line
        let startColumn = start - lineStart
        var j = i + (triple ? 3 : 1)
        while true {
            guard j < n else {
                throw PythonTokenizeError(triple ? .unterminatedTripleQuotedString : .unterminatedString,
                                          line: startLine, column: startColumn)
            }
            let c = b[j]
            if c == q {
                if !triple { j += 1; break }
                if at(j + 1) == q && at(j + 2) == q { j += 3; break }
                j += 1
            } else if c == 0x5C {
                // A backslash always shields the next character from ending the
                // string, raw strings included (`r"\""` is one literal).
                let d = at(j + 1)
                if d == 0x0A || d == 0x0D {
                    j = lineBreakEnd(j + 1)
                    beginLine(at: j)
                } else {
                    j += 2
                }
            } else if c == 0x0A || c == 0x0D {
                if !triple { throw PythonTokenizeError(.unterminatedString, line: startLine, column: startColumn) }
                j = lineBreakEnd(j)
                beginLine(at: j)
            } else {
                j += 1
            }
        }
        i = j
        emit(.string, start, j, line: startLine, column: startColumn)
    }

    /// An f-string, tokenized the way CPython 3.12 does (PEP 701): start,
    /// literal middles, replacement fields as ordinary tokens, end.
    mutating func scanFString(start: Int, quote q: UInt8, triple: Bool, raw: Bool) throws {
        let startLine = line
        let startColumn = start - lineStart
        let firstToken = tokens.count
        let quoteLength = triple ? 3 : 1
        emit(.fstringStart, start, i + quoteLength)
        i += quoteLength
        fstringNesting += 1
        while true {
            switch try scanFStringLiteral(quote: q, triple: triple, raw: raw, formatSpec: false,
                                          opened: (startLine, startColumn)) {
            case .quote:
                emit(.fstringEnd, i, i + quoteLength)
                i += quoteLength
                fstringNesting -= 1
                if wholeFStrings && fstringNesting == 0 {
                    tokens.removeSubrange(firstToken...)
                    emit(.string, start, i, line: startLine, column: startColumn)
                }
                return
            case .openBrace:
                try scanReplacementField(quote: q, triple: triple, raw: raw, opened: (startLine, startColumn))
            case .closeBrace:
                i += 1  // unreachable outside a format spec; keep going rather than loop
            }
        }
    }

    /// Literal f-string text up to a replacement field, the end of a format
    /// spec, or the closing quote; emits it as one `fstringMiddle`.
    mutating func scanFStringLiteral(quote q: UInt8, triple: Bool, raw: Bool, formatSpec: Bool,
                                     opened: (Int, Int)) throws -> FStringStop {
        let start = i
        let startLine = line
        let startColumn = i - lineStart
        var stop = FStringStop.quote
        scan: while true {
            guard i < n else { throw PythonTokenizeError(.unterminatedFString, line: opened.0, column: opened.1) }
            let c = b[i]
            switch c {
            case 0x5C:  // backslash
                let d = at(i + 1)
                if !raw && d == 0x4E && at(i + 2) == 0x7B {
                    // `\N{NAME}` is a character escape, not a replacement field.
                    i += 3
                    while i < n && b[i] != 0x7D && b[i] != q && b[i] != 0x0A && b[i] != 0x0D { i += 1 }
                    if at(i) == 0x7D { i += 1 }
                } else if d == 0x7B || d == 0x7D {
                    i += 1  // the brace still opens or closes a field
                } else if d == 0x0A || d == 0x0D {
                    i = lineBreakEnd(i + 1)
                    beginLine(at: i)
                } else if d == 0 && i + 1 >= n {
                    i += 1
                } else {
                    i += 2
                }
            case 0x7B:  // {
                if !formatSpec && at(i + 1) == 0x7B { i += 2; continue scan }
                stop = .openBrace
                break scan
            case 0x7D:  // }
                if formatSpec { stop = .closeBrace; break scan }
                i += at(i + 1) == 0x7D ? 2 : 1
            case 0x0A, 0x0D:
                if !triple { throw PythonTokenizeError(.unterminatedFString, line: opened.0, column: opened.1) }
                i = lineBreakEnd(i)
                beginLine(at: i)
            default:
                if c == q && (!triple || (at(i + 1) == q && at(i + 2) == q)) {
                    stop = .quote
                    break scan
                }
                i += 1
            }
        }
        if i > start { emit(.fstringMiddle, start, i, line: startLine, column: startColumn) }
        return stop
    }

    /// `{ expression [=] [!conversion] [:format_spec] }`, with `i` at `{`.
    mutating func scanReplacementField(quote q: UInt8, triple: Bool, raw: Bool, opened: (Int, Int)) throws {
        emit(.op, i, i + 1)
        i += 1
        depth += 1
        let fieldDepth = depth
        let savedFloor = depthFloor
        depthFloor = fieldDepth
        defer { depthFloor = savedFloor }
        while true {
            skipBlanks()
            guard i < n else { throw PythonTokenizeError(.unterminatedFString, line: opened.0, column: opened.1) }
            let c = b[i]
            if c == 0x0A || c == 0x0D {
                let end = lineBreakEnd(i)
                emit(.nl, i, end)
                i = end
                beginLine(at: end)
                continue
            }
            if c == 0x23 { scanComment(); continue }
            if depth == fieldDepth {
                if c == 0x7D {
                    emit(.op, i, i + 1)
                    i += 1
                    depth -= 1
                    return
                }
                if c == 0x3A {  // ':' opens the format spec
                    emit(.op, i, i + 1)
                    i += 1
                    try scanFormatSpec(quote: q, triple: triple, raw: raw, opened: opened)
                    depth -= 1
                    return
                }
                if c == 0x21 && at(i + 1) != 0x3D {  // '!' conversion, not '!='
                    emit(.op, i, i + 1)
                    i += 1
                    continue
                }
            }
            try scanCodeToken()
        }
    }

    /// A format spec after `:`, possibly with nested fields; consumes the `}`.
    mutating func scanFormatSpec(quote q: UInt8, triple: Bool, raw: Bool, opened: (Int, Int)) throws {
        while true {
            switch try scanFStringLiteral(quote: q, triple: triple, raw: raw, formatSpec: true, opened: opened) {
            case .closeBrace:
                emit(.op, i, i + 1)
                i += 1
                return
            case .openBrace:
                try scanReplacementField(quote: q, triple: triple, raw: raw, opened: opened)
            case .quote:
                throw PythonTokenizeError(.unterminatedFString, line: opened.0, column: opened.1)
            }
        }
    }
}
