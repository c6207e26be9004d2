import LadderPython

/// Code tokens from the project's full Python tokenizer (`LadderPython`).
///
/// f-strings come out whole, one token each, as CPython 3.11's `tokenize` gave
/// them; that is also how `SimplePythonLexer` cuts them, so files that fall back
/// stay comparable. Comments, line breaks, indentation and the end marker are
/// dropped. The tokenizer throws on invalid UTF-8, NUL bytes, unterminated
/// strings and inconsistent indentation; the near-dedup pass then falls back.
public struct PythonCodeTokenizer: CodeTokenizer {
    public init() {}

    public var name: String { "ladder-python-tokenizer" }

    public func codeTokens(in source: [UInt8]) throws -> [Range<Int>] {
        let tokens = try PythonTokenizer(source: source, fStringMode: .whole).tokenize()
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(tokens.count)
        for token in tokens {
            switch token.kind {
            case .comment, .newline, .nl, .indent, .dedent, .endMarker:
                continue
            default:
                if !token.range.isEmpty { ranges.append(token.range) }
            }
        }
        return ranges
    }
}
