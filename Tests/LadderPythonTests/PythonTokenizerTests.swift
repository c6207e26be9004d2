import Foundation
import Testing
@testable import LadderPython

/// Kinds and texts of `source`'s tokens, without the trailing end marker.
private func lex(_ source: String, _ mode: PythonTokenizer.FStringMode = .split) throws -> [(PythonToken.Kind, String)] {
    let bytes = Array(source.utf8)
    return try PythonTokenizer(source: bytes, fStringMode: mode).tokenize()
        .filter { $0.kind != .endMarker }
        .map { ($0.kind, $0.text(in: bytes)) }
}

/// Rebuilds the source from tokens and gaps, checking each gap is only
/// blanks or continuations.
private func rebuild(_ bytes: [UInt8], _ tokens: [PythonToken]) -> (text: [UInt8], gapsAreBlank: Bool) {
    var out: [UInt8] = []
    var last = 0
    var blank = true
    for t in tokens {
        let gap = bytes[last..<t.range.lowerBound]
        if gap.contains(where: { ![0x20, 0x09, 0x0C, 0x5C, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }) { blank = false }
        out += gap
        out += bytes[t.range]
        last = t.range.upperBound
    }
    out += bytes[last...]
    return (out, blank)
}

@Test func tokensAndGapsReproduceTrickySourceByteForByte() throws {
    let source = "\u{FEFF}# header\r\nif x and \\\r\n   y:\n\tz = rb'\\'' + f\"{a!r:>{w}}\" # note\n\n  \n\tpass\n$ ?\n"
    let bytes = Array(source.utf8)
    let tokens = try PythonTokenizer(source: bytes).tokenize()
    let (text, gapsAreBlank) = rebuild(bytes, tokens)
    #expect(text == bytes)
    #expect(gapsAreBlank)
    // Ranges only move forward and never overlap.
    for (a, b) in zip(tokens, tokens.dropFirst()) { #expect(a.range.upperBound <= b.range.lowerBound) }
}

@Test func everyStringPrefixAndQuoteFormIsOneStringToken() throws {
    let literals = ["'a'", "\"a\"", "'''a\n'b'\n'''", "\"\"\"x\"\"\"", "r'\\''", "R\"\\\\\"", "b'x'", "B\"x\"",
                    "br'x'", "Br'x'", "bR'x'", "BR'x'", "rb'x'", "rB'x'", "Rb'x'", "RB'x'", "u'x'", "U'x'",
                    "'a\\\nb'", "b'''\n'''"]
    for literal in literals {
        let toks = try lex(literal)
        #expect(toks.count == 2, "\(literal) gave \(toks)")
        #expect(toks.first?.0 == .string && toks.first?.1 == literal, "\(literal)")
    }
    // `ur` is not a Python 3 prefix: a name, then a string.
    #expect(try lex("ur'x'").map(\.0) == [.name, .string, .newline])
}

@Test func fStringsSplitIntoFieldsLikePython312() throws {
    let toks = try lex("f\"a{b!r:>{w}}c{{d}}\"")
    let expected: [(PythonToken.Kind, String)] = [
        (.fstringStart, "f\""), (.fstringMiddle, "a"), (.op, "{"), (.name, "b"), (.op, "!"), (.name, "r"),
        (.op, ":"), (.fstringMiddle, ">"), (.op, "{"), (.name, "w"), (.op, "}"), (.op, "}"),
        (.fstringMiddle, "c{{d}}"), (.fstringEnd, "\""), (.newline, ""),
    ]
    #expect(toks.map(\.0) == expected.map(\.0))
    #expect(toks.map(\.1) == expected.map(\.1))
}

@Test func nestedFStringsDictsAndEscapesStayInsideOneFString() throws {
    let cases = ["f'{f\"{x}\"}'", "f'{ {1: 2}[1] }'", "f'{x = }'", "f'{a != b}'", "rf'\\{x}'",
                 "f'\\N{BULLET} {x}'", "F'''{\nx\n}'''", "f'{x:%Y-%m-%d}'", "f'{(lambda: 1)()}'", "fr'a\\'b'"]
    for source in cases {
        let whole = try lex(source, .whole)
        #expect(whole.count == 2 && whole[0].0 == .string && whole[0].1 == source, "\(source) gave \(whole)")
        let split = try lex(source)
        #expect(split.first?.0 == .fstringStart && split.dropLast().last?.0 == .fstringEnd, "\(source)")
    }
    #expect(try lex("f'{x!r}'").contains { $0.0 == .op && $0.1 == "!" })
    #expect(try lex("f'\\N{DASH}'").map(\.0) == [.fstringStart, .fstringMiddle, .fstringEnd, .newline])
}

@Test func everyNumberFormIsOneNumberToken() throws {
    let numbers = ["0", "00", "7", "1_000_000", "0x_FF", "0XdeadBEEF", "0o17", "0O7_7", "0b1010", "0B1_0",
                   "3.14", "10.", ".001", "1e10", "1E+5", "2.5e-3", "1_0.0_1e1_0", "3j", "2.5J", ".5j", "1e5j", "0e0"]
    for number in numbers {
        let toks = try lex(number)
        #expect(toks.count == 2 && toks[0].0 == .number && toks[0].1 == number, "\(number) gave \(toks)")
    }
    // An `e` without digits ends the number, as in CPython.
    #expect(try lex("1if x else 2").map(\.1).prefix(2) == ["1", "if"])
    #expect(try lex("1.real").map(\.1).prefix(2) == ["1.", "real"])
}

@Test func everyOperatorIsOneTokenLongestFirst() throws {
    let ops = ["+", "-", "*", "**", "/", "//", "%", "@", "<<", ">>", "&", "|", "^", "~", ":=", "<", ">", "<=", ">=",
               "==", "!=", "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "=", "->", "+=", "-=", "*=", "/=",
               "//=", "%=", "@=", "&=", "|=", "^=", ">>=", "<<=", "**=", "...", "!"]
    let source = ops.joined(separator: " ")
    let toks = try lex(source).filter { $0.0 == .op }
    #expect(toks.map(\.1) == ops)
}

@Test func indentationProducesIndentAndDedentWithNewlineVersusNl() throws {
    let source = "def f():\n    if x:\n        pass\n\n    # c\n    return (1,\n 2)\ny"
    let kinds = try lex(source).map(\.0)
    #expect(kinds.filter { $0 == .indent }.count == 2)
    #expect(kinds.filter { $0 == .dedent }.count == 2)
    #expect(kinds.filter { $0 == .newline }.count == 5)  // def, if, pass, return, y (empty at EOF)
    #expect(kinds.filter { $0 == .nl }.count == 3)       // blank line, comment line, break in brackets
    #expect(kinds.last == .newline)
}

@Test func unicodeIdentifiersAndCRLFAreKept() throws {
    let toks = try lex("变量 = ñandú\r\nاگر\r\n")
    #expect(toks.map(\.1) == ["变量", "=", "ñandú", "\r\n", "اگر", "\r\n"])
    #expect(toks.map(\.0) == [.name, .op, .name, .newline, .name, .newline])
}

@Test func linesAndColumnsPointAtTokenStarts() throws {
    let bytes = Array("x = '''a\nb''' + y\n  # c\nz".utf8)
    let toks = try PythonTokenizer(source: bytes).tokenize()
    let y = try #require(toks.first { $0.text(in: bytes) == "y" })
    #expect(y.line == 2 && y.column == 7)
    let comment = try #require(toks.first { $0.kind == .comment })
    #expect(comment.line == 3 && comment.column == 2)
}

@Test func tokenizeErrorsCarryReasonLineAndColumn() {
    func failure(_ source: [UInt8]) -> PythonTokenizeError? {
        do { _ = try PythonTokenizer(source: source).tokenize(); return nil } catch { return error as? PythonTokenizeError }
    }
    func failure(_ source: String) -> PythonTokenizeError? { failure(Array(source.utf8)) }
    #expect(failure("x = 1\ny = 'abc\n") == PythonTokenizeError(.unterminatedString, line: 2, column: 4))
    #expect(failure("x = \"\"\"abc\n\n") == PythonTokenizeError(.unterminatedTripleQuotedString, line: 1, column: 4))
    #expect(failure("s = f'abc\n")?.reason == .unterminatedFString)
    #expect(failure("if x:\n    a\n  b\n") == PythonTokenizeError(.inconsistentDedent, line: 3, column: 2))
    #expect(failure("if x:\n\ta\n        b\n")?.reason == .inconsistentTabs)
    #expect(failure("f(1,\n 2\n")?.reason == .eofInMultiLineStatement)
    #expect(failure([0x78, 0x0A, 0x79, 0x00]) == PythonTokenizeError(.nulByte, line: 2, column: 1))
    #expect(failure([0x78, 0x3D, 0xE9, 0x0A]) == PythonTokenizeError(.invalidUTF8, line: 1, column: 2))
    #expect(failure([0x61, 0xED, 0xA0, 0x80]) == PythonTokenizeError(.invalidUTF8, line: 1, column: 1))  // surrogate
    #expect(failure("x = 1\n") == nil)
}
