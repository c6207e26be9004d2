import Foundation

/// One lexical token of Python source, located by UTF-8 byte offsets.
///
/// Tokens never own text: `range` indexes the source bytes they came from,
/// so a token stream plus the source reproduces the file exactly. The bytes
/// between two consecutive tokens are only spaces, tabs, form feeds,
/// backslash line continuations and (before the first token) a UTF-8 BOM.
public struct PythonToken: Sendable, Hashable {
    /// What a token is. Mirrors the token types of CPython 3.12's `tokenize`
    /// module, so readers who know Python's tokenizer know these.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// An identifier or keyword (keywords are names; the transpiler decides).
        case name
        /// Any numeric literal: decimal, hex, octal, binary, float, imaginary.
        case number
        /// A complete string or bytes literal, prefix and quotes included.
        /// With `FStringMode.whole`, also a complete f-string.
        case string
        /// The prefix and opening quote(s) of an f-string, e.g. `f"` or `rf'''`.
        case fstringStart
        /// Literal text of an f-string between replacement fields (escapes kept).
        case fstringMiddle
        /// The closing quote(s) of an f-string.
        case fstringEnd
        /// An operator or delimiter, e.g. `+`, `**=`, `(`, `->`, `...`.
        case op
        /// A comment from `#` up to, not including, the line break.
        case comment
        /// The line break that ends a logical line (empty at end of file when
        /// the last line has no line break).
        case newline
        /// A line break that does not end a logical line: blank lines, comment
        /// lines, and breaks inside brackets.
        case nl
        /// The leading whitespace of a line that opens a deeper block.
        case indent
        /// An empty token closing one block level.
        case dedent
        /// An empty token at the end of the source.
        case endMarker
        /// A byte sequence Python cannot start a token with (e.g. `$`, `?`, a
        /// stray backslash); kept so the stream stays lossless.
        case errorToken
    }

    /// What this token is.
    public var kind: PythonToken.Kind
    /// UTF-8 byte offsets of the token in the source.
    public var range: Range<Int>
    /// 1-based line of the token's first byte.
    public var line: Int
    /// 0-based column of the token's first byte, counted in UTF-8 bytes.
    public var column: Int

    /// Creates a token.
    public init(kind: PythonToken.Kind, range: Range<Int>, line: Int, column: Int) {
        self.kind = kind
        self.range = range
        self.line = line
        self.column = column
    }

    /// The token's text, decoded from `source` (the bytes it was cut from).
    public func text(in source: [UInt8]) -> String {
        String(decoding: source[range], as: UTF8.self)
    }

    /// Whether the token is code (not a string, f-string part or comment) and
    /// has text. Strings, f-strings and comments are what transpilers must
    /// never change.
    public var isCode: Bool {
        switch kind {
        case .name, .number, .op, .errorToken: return true
        default: return false
        }
    }
}
