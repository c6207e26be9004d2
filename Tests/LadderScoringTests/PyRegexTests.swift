import LadderCore
import Testing
@testable import LadderScoring

/// Whether each pattern occurs in each text, as python3's `re.search` says.
@Suite struct PyRegexTests {
    static let texts = ["没有任何关系", "没有一二三四五六七八九关系", "کوئی بھی واضح تعلق نہیں", "这是自然结果", "ab", "xab ab", "aab", "ab", "x",
                        "yx\n", "yx\ny", "٣z", "é z", "ababc", "aa", "b", "aaab", "a{x", "]", "ä_ ", "abac", "中qA", "-", "a.", "", "qu", "QU"]

    @Test(arguments: [
        ("\u{6CA1}\u{6709}.{0,8}\u{5173}\u{7CFB}", ["没有任何关系"]),
        ("کوئی.{0,15}تعلق.{0,8}نہیں", ["کوئی بھی واضح تعلق نہیں"]),
        ("直接结果|自然结果|必然结果", ["这是自然结果"]),
        ("\\bab\\b", ["ab", "xab ab", "ab"]),
        ("a\\Bb", ["ab", "xab ab", "aab", "ab", "ababc", "aaab", "abac"]),
        ("^x", ["xab ab", "x"]),
        ("x$", ["x", "yx\n", "a{x"]),
        ("[^\\d\\s]+z", []),
        ("(?:ab)+c", ["ababc"]),
        ("a{2,}", ["aab", "aa", "aaab"]),
        ("a{,2}b", ["ab", "xab ab", "aab", "ab", "ababc", "b", "aaab", "abac"]),
        ("a{x", ["a{x"]),
        ("[a-c\\]]", ["ab", "xab ab", "aab", "ab", "ababc", "aa", "b", "aaab", "a{x", "]", "abac", "a."]),
        ("\\w+_\\W", ["ä_ "]),
        ("(a|b)*c", ["ababc", "abac"]),
        ("\\u4e2d.?\\x41", ["中qA"]),
        ("[-a]", ["ab", "xab ab", "aab", "ab", "ababc", "aa", "aaab", "a{x", "abac", "-", "a."]),
        ("\\.", ["a."]),
        ("(?P<n>q)u", ["qu"]),
    ])
    func searchAgreesWithPythonRe(pattern: String, matching: [String]) throws {
        let regex = try PyRegex(pattern, origin: "test")
        let unicode = try PythonUnicode.bundled()
        for text in Self.texts {
            let expected = matching.contains(text)
            #expect(regex.occurs(in: PyText.codePoints(text), unicode: unicode) == expected, "\(pattern) in \(String(reflecting: text))")
        }
    }

    @Test func emptyPatternOccursEvenInEmptyText() throws {
        #expect(try PyRegex("a?", origin: "test").occurs(in: [], unicode: PythonUnicode.bundled()))
    }

    @Test(arguments: ["(?=a)", "(a)\\1", "(?i)a", "a*+", "a**", "*a", "(ab", "ab)", "[ab", "\\q", "a{3,1}", "(?>a)"])
    func unsupportedOrInvalidPatternsAreRefusedWithThePosition(pattern: String) {
        #expect {
            _ = try PyRegex(pattern, origin: "scorer x: xnli.tier3_paraphrases item 1")
        } throws: { error in
            "\(error)".contains("scorer x: xnli.tier3_paraphrases item 1: regular expression:") && "\(error)".contains("position")
        }
    }
}
