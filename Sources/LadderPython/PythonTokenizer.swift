import Foundation

/// A lossless Python 3 tokenizer over UTF-8 bytes.
///
/// Covers what CPython 3.12's tokenizer covers: every string prefix, triple
/// quotes, f-strings with nested fields and nested f-strings (PEP 701; all
/// Python 3.11 code tokenizes the same way), bytes and raw strings, line
/// continuations, comments, Unicode identifiers, indentation, every number
/// form and every operator. Line breaks may be `\n`, `\r\n` or `\r`.
///
/// Concatenating the tokens with the bytes between them reproduces the
/// source byte for byte; those in-between bytes are only blanks and
/// backslash continuations (see `PythonToken`).
public struct PythonTokenizer: Sendable {
    /// How f-strings come out.
    public enum FStringMode: Sendable, Equatable {
        /// `fstringStart`, `fstringMiddle`, code tokens, `fstringEnd`, as in
        /// CPython 3.12.
        case split
        /// One `string` token per outermost f-string, as in CPython 3.11 and
        /// earlier (what tools built on 3.11's `tokenize` saw).
        case whole
    }

    /// The UTF-8 source bytes.
    public let source: [UInt8]
    /// How f-strings come out.
    public let fStringMode: FStringMode

    /// Creates a tokenizer for `source` (UTF-8 bytes, optionally with a BOM).
    public init(source: [UInt8], fStringMode: FStringMode = .split) {
        self.source = source
        self.fStringMode = fStringMode
    }

    /// Creates a tokenizer for the UTF-8 encoding of `text`.
    public init(text: String, fStringMode: FStringMode = .split) {
        self.init(source: Array(text.utf8), fStringMode: fStringMode)
    }

    /// All tokens, ending with `endMarker`.
    ///
    /// Throws `PythonTokenizeError` for invalid UTF-8, a NUL byte, an
    /// unterminated string or f-string, a dedent to an unknown column, an
    /// ambiguous tab/space mix, or end of file inside brackets.
    public func tokenize() throws -> [PythonToken] {
        let whole = fStringMode == .whole
        return try source.withUnsafeBufferPointer { b in
            if let defect = SourceCheck.firstDefect(b) {
                let at = SourceCheck.location(of: defect.offset, in: b)
                throw PythonTokenizeError(defect.reason, line: at.line, column: at.column)
            }
            // A copy with zero bytes after the end lets the lexer look ahead
            // without bounds checks (0 is the end sentinel; NUL was rejected).
            let padded = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: b.count + PythonLexer.padding)
            defer { padded.deallocate() }
            _ = padded.initialize(from: b)
            (padded.baseAddress! + b.count).initialize(repeating: 0, count: PythonLexer.padding)
            var lexer = PythonLexer(UnsafeBufferPointer(padded), count: b.count, wholeFStrings: whole)
            try lexer.run()
            return lexer.tokens
        }
    }

    /// The text of every token (empty for `dedent`, `endMarker` and a final
    /// `newline` without a line break).
    public func tokenTexts() throws -> [String] {
        try tokenize().map { $0.text(in: source) }
    }

    /// The texts of `source`'s tokens: a convenience for quick use and tests.
    public static func texts(of source: String, fStringMode: FStringMode = .split) throws -> [String] {
        try PythonTokenizer(text: source, fStringMode: fStringMode).tokenTexts()
    }
}
