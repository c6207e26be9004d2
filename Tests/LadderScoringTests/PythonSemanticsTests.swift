import Testing
@testable import LadderScoring

/// CPython's string semantics, with expectations taken from python3 3.11.
@Suite struct PythonSemanticsTests {
    let unicode: PythonUnicode

    init() throws { unicode = try PythonUnicode.bundled() }

    func cps(_ s: String) -> [UInt32] { PyText.codePoints(s) }

    @Test(arguments: [
        ("\u{130}", "i\u{307}", "\u{130}"),
        ("\u{3A3}\u{391}\u{3A3}", "\u{3C3}\u{3B1}\u{3C2}", "\u{3A3}\u{391}\u{3A3}"),
        ("\u{3A3}", "\u{3C3}", "\u{3A3}"),
        ("A\u{3A3}.", "a\u{3C2}.", "A\u{3A3}."),
        ("\u{1F48}\u{394}\u{3A5}\u{3A3}\u{3A3}\u{395}\u{38E}\u{3A3}", "\u{1F40}\u{3B4}\u{3C5}\u{3C3}\u{3C3}\u{3B5}\u{3CD}\u{3C2}", "\u{1F48}\u{394}\u{3A5}\u{3A3}\u{3A3}\u{395}\u{38E}\u{3A3}"),
        ("\u{1C5}", "\u{1C6}", "\u{1C4}"),
        ("\u{212A}", "k", "\u{212A}"),
        ("\u{1E9E}", "\u{DF}", "\u{1E9E}"),
        ("\u{FB01}", "\u{FB01}", "FI"),
        ("\u{149}", "\u{149}", "\u{2BC}N"),
        ("\u{DF}", "\u{DF}", "SS"),
        ("\u{1F0}", "\u{1F0}", "J\u{30C}"),
        ("\u{390}", "\u{390}", "\u{399}\u{308}\u{301}"),
        ("\u{10400}", "\u{10428}", "\u{10400}"),
        ("A\u{345}\u{3A3}", "a\u{345}\u{3C2}", "A\u{399}\u{3A3}"),
    ])
    func lowerAndUpperMatchCPythonIncludingFinalSigmaAndMultiCharacterMappings(input: String, lower: String, upper: String) {
        #expect(unicode.lower(cps(input)) == cps(lower))
        #expect(unicode.upper(cps(input)) == cps(upper))
    }

    @Test func whitespaceIsCPythonsIncludingInformationSeparators() {
        for c: UInt32 in [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0, 0x1680, 0x2000, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000] {
            #expect(unicode.isSpace(c), "U+\(String(c, radix: 16)) is whitespace in CPython")
        }
        for c: UInt32 in [0x00, 0x08, 0x180E, 0x200B, 0xFEFF, 0x41, 0xD800] {
            #expect(!unicode.isSpace(c), "U+\(String(c, radix: 16)) is not whitespace in CPython")
        }
    }

    @Test func wordCharactersAreUnicodeAlphanumericsAndUnderscore() {
        for c: UInt32 in [0x5F, 0x41, 0x7A, 0x30, 0xB2, 0x663, 0x2167, 0x4E2D, 0x628, 0xAA] {
            #expect(unicode.isWord(c), "U+\(String(c, radix: 16)) matches \\w")
        }
        for c: UInt32 in [0x20, 0x2D, 0x307, 0x3002, 0x60C, 0xFF0C, 0x1F600, 0xD800] {
            #expect(!unicode.isWord(c), "U+\(String(c, radix: 16)) does not match \\w")
        }
    }

    @Test func firstLineStripsPythonWhitespaceAndSplitsOnlyOnLineFeed() {
        #expect(unicode.firstLine(cps("\u{1C}  hello \u{2028} x\r\nsecond")) == cps("hello \u{2028} x"))
        #expect(unicode.firstLine(cps("\n\n  \t")) == [])
        #expect(unicode.firstLine(cps("  \n  answer  \n more")) == cps("answer"))
    }

    @Test func replaceAndSplitFollowPython() {
        #expect(PyText.replace(cps("a and b and c"), cps(" and "), with: [0x2F]) == cps("a/b/c"))
        #expect(PyText.replace(cps("ab"), [], with: [0x2F]) == cps("/a/b/"))
        #expect(PyText.replace(cps("aaa"), cps("aa"), with: cps("b")) == cps("ba"))
        #expect(PyText.split(cps("/a,,b/"), on: CodePointSet("/,")) == [[], cps("a"), [], cps("b"), []])
        #expect(PyText.strip(cps("\"'Travel'.\""), CodePointSet(" .\"'")) == cps("Travel"))
    }

    @Test(arguments: [
        (0.85, "0.85"), (1.0, "1.0"), (0.0, "0.0"), (-0.0, "-0.0"), (1e-05, "1e-05"), (0.0001, "0.0001"),
        (1e+16, "1e+16"), (1000000000000000.0, "1000000000000000.0"), (1.2345678901234568e+17, "1.2345678901234568e+17"),
        (0.30000000000000004, "0.30000000000000004"), (0.3333333333333333, "0.3333333333333333"), (Double.leastNonzeroMagnitude, "5e-324"),
        (1.7976931348623157e+308, "1.7976931348623157e+308"), (0.017051153460381142, "0.017051153460381142"),
        (-0.4769307923771314, "-0.4769307923771314"), (100.0, "100.0"), (1.5e-07, "1.5e-07"), (12345.678, "12345.678"),
        (237964627.09189138, "237964627.09189138"), (6.552885923981311e-10, "6.552885923981311e-10"),
        (19174410399529.95, "19174410399529.95"), (4.7026350752244794e+17, "4.7026350752244794e+17"),
    ])
    func floatsAreWrittenAsPythonRepr(value: Double, python: String) {
        #expect(PythonJSON.float(value) == python)
    }

    @Test func numberLiteralsAreRewrittenAsPythonWouldAfterLoading() {
        #expect(PythonJSON.normalize(numberLiteral: "0.50") == "0.5")
        #expect(PythonJSON.normalize(numberLiteral: "1") == "1")
        #expect(PythonJSON.normalize(numberLiteral: "-0") == "0")
        #expect(PythonJSON.normalize(numberLiteral: "1E2") == "100.0")
        #expect(PythonJSON.normalize(numberLiteral: "NaN") == "NaN")
        #expect(PythonJSON.normalize(numberLiteral: "-Infinity") == "-Infinity")
    }

    @Test func stringsAreQuotedAsPythonJSONDumpsWithoutASCIIEscaping() {
        #expect(PythonJSON.quote(cps("a\"b\\c\n\u{1}é中\u{7F}")) == "\"a\\\"b\\\\c\\n\\u0001é中\u{7F}\"")
        #expect(PythonJSON.quote([0x61, 0xD800]) == "\"a\\ud800\"")
    }
}
