import Foundation
import Testing
@testable import LadderPython

/// The CPython standard library as test data: code nobody here wrote.
@Suite(.enabled(if: TestSupport.stdlib != nil, "python3 is absent, so there is no CPython standard library to test on"))
struct StdlibRoundTripTests {
    struct PackResult: Sendable {
        var language: String
        var ok = 0
        var problems: [String] = []
        var skipped: [String] = []
        var failed: [String] = []
    }

    /// Transpiles every stdlib file with one pack and checks each row's claim
    /// independently of the transpiler's own round-trip check.
    static func run(_ language: String, _ files: [(path: String, bytes: [UInt8])]) throws -> PackResult {
        let pack = try TestSupport.pack(language)
        let forward = Transpiler(pack: pack, options: TranspileOptions(verifyRoundTrip: false))
        let back = ReverseTranspiler(pack: pack)
        var result = PackResult(language: language)
        for file in files {
            let outcome = forward.transpile(source: file.bytes, path: file.path)
            let row = outcome.row
            switch row.status {
            case .ok:
                result.ok += 1
                let output = try #require(outcome.output)
                if (try? back.reverse(source: output)) != file.bytes {
                    result.problems.append("\(file.path): reversed \(language) text differs from the original")
                }
            case .failed:
                result.failed.append(file.path)
                if row.reasonCode != PythonTokenizeError.Reason.invalidUTF8.rawValue
                    || String(validating: file.bytes, as: UTF8.self) != nil {
                    result.problems.append("\(file.path): unexpected failure \(row.reason ?? "")")
                }
            case .skipped:
                result.skipped.append(file.path)
                let text = String(decoding: file.bytes, as: UTF8.self)
                let words = row.collisions.map { String($0.prefix { $0 != " " }) }
                if row.reasonCode != "identifier-collision" || words.isEmpty || !words.allSatisfy(text.contains) {
                    result.problems.append("\(file.path): unexpected skip \(row.reason ?? "")")
                }
            }
        }
        return result
    }

    @Test func everyStdlibFileRoundTripsByteForByteThroughEveryPack() async throws {
        let files = TestSupport.stdlibFiles
        #expect(files.count > 500, "found only \(files.count) stdlib files")
        let results = try await withThrowingTaskGroup(of: PackResult.self) { group in
            for language in LanguagePack.builtinLanguages {
                group.addTask { try Self.run(language, files) }
            }
            return try await group.reduce(into: [PackResult]()) { $0.append($1) }
        }
        for result in results {
            #expect(result.problems.isEmpty, "\(result.language): \(result.problems.prefix(10))")
            // Only non-UTF-8 files (a few encoding tests) may fail.
            #expect(result.failed.count < 10, "\(result.language) failed: \(result.failed)")
            // Stdlib identifiers are English: only ASCII translations (es) can collide.
            let limit = result.language == "es" ? files.count / 10 : 0
            #expect(result.skipped.count <= limit, "\(result.language) skipped \(result.skipped.count): \(result.skipped.prefix(5))")
            #expect(result.ok + result.failed.count + result.skipped.count == files.count)
        }
    }

    /// Token kind names as CPython's `tokenize` calls them.
    static func cpythonName(_ kind: PythonToken.Kind) -> String {
        switch kind {
        case .name: return "NAME"
        case .number: return "NUMBER"
        case .string, .fstringStart, .fstringMiddle, .fstringEnd: return "STRING"
        case .op: return "OP"
        case .comment: return "COMMENT"
        case .newline: return "NEWLINE"
        case .nl: return "NL"
        case .indent: return "INDENT"
        case .dedent: return "DEDENT"
        case .endMarker: return "ENDMARKER"
        case .errorToken: return "ERRORTOKEN"
        }
    }

    /// Prints, per file, CPython's tokens as JSON `[[type, text], ...]` (or
    /// null when it cannot tokenize), with 3.12+ f-strings merged back into
    /// one STRING token so every version compares the same way.
    static let tokenizeScript = """
    import sys, json, tokenize, io
    for path in json.load(sys.stdin):
        data = open(path, 'rb').read()
        try:
            text = data.decode('utf-8-sig')
            starts = [0]
            for line in text.splitlines(keepends=True):
                starts.append(starts[-1] + len(line))
            off = lambda p: starts[p[0] - 1] + p[1] if p[0] - 1 < len(starts) else len(text)
            out, depth, begin = [], 0, None
            for t in tokenize.tokenize(io.BytesIO(data).readline):
                name = tokenize.tok_name[t.type]
                if name == 'ENCODING': continue
                if name == 'FSTRING_START':
                    depth += 1
                    if depth == 1: begin = off(t.start)
                    continue
                if name == 'FSTRING_END':
                    depth -= 1
                    if depth == 0: out.append(['STRING', text[begin:off(t.end)]])
                    continue
                if depth: continue
                out.append([name, t.string])
            print(json.dumps(out))
        except Exception:
            print('null')
    """

    /// Three stdlib files hold deliberately odd code CPython's pure-Python
    /// tokenizer splits differently: a Python 2 octal (`0377`, one number
    /// here) and identifiers with code points outside `\\w`.
    static let knownDifferences = ["py2_test_grammar.py", "test_unicode_identifiers.py", "badsyntax_3131.py"]

    @Test func tokenizerAgreesWithCPythonTokenizeOnAStdlibSample() throws {
        let root = try #require(TestSupport.stdlib)
        let sample = TestSupport.stdlibFiles.enumerated().filter { $0.offset % 12 == 0 }.map(\.element)
            .filter { file in !Self.knownDifferences.contains { file.path.hasSuffix($0) } }
        let paths = sample.map { root.appendingPathComponent($0.path).path }
        let output = try #require(TestSupport.python(["-c", Self.tokenizeScript], stdin: try JSONEncoder().encode(paths)))
        let lines = String(decoding: output, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == sample.count)
        var compared = 0
        for (file, line) in zip(sample, lines) where line != "null" {
            let expected = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [[String]])
            let tokens = try PythonTokenizer(source: file.bytes, fStringMode: .whole).tokenize()
            let ours = tokens.map { [Self.cpythonName($0.kind), $0.text(in: file.bytes)] }
            if ours != expected {
                let k = zip(ours, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(ours.count, expected.count)
                Issue.record("\(file.path): token \(k) is \(k < ours.count ? ours[k] : []) here, \(k < expected.count ? expected[k] : []) in CPython")
            }
            compared += 1
        }
        #expect(compared > sample.count * 9 / 10)
    }

    /// Prints, per (original, translated) pair, the first string or comment
    /// token that differs between them, or "same".
    static let sameStringsScript = """
    import sys, json, tokenize, io
    KEEP = {'STRING', 'COMMENT', 'FSTRING_START', 'FSTRING_MIDDLE', 'FSTRING_END'}
    def texts(path):
        return [t.string for t in tokenize.tokenize(io.BytesIO(open(path, 'rb').read()).readline)
                if tokenize.tok_name[t.type] in KEEP]
    for original, translated in json.load(sys.stdin):
        a, b = texts(original), texts(translated)
        diff = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), None)
        if diff is None and len(a) == len(b):
            print('same')
        else:
            print(json.dumps([translated, diff, len(a), len(b)]))
    """

    @Test func cpythonTokenizeSeesTheSameStringsAndCommentsAfterTranspiling() throws {
        let root = try #require(TestSupport.stdlib)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-python-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let sample = TestSupport.stdlibFiles.enumerated().filter { $0.offset % 25 == 3 }.map(\.element)
        var pairs: [[String]] = []
        for language in LanguagePack.builtinLanguages {
            let transpiler = Transpiler(pack: try TestSupport.pack(language))
            for (k, file) in sample.enumerated() {
                guard let output = transpiler.transpile(source: file.bytes, path: file.path).output else { continue }
                let url = dir.appendingPathComponent("\(language)-\(k).py")
                try Data(output).write(to: url)
                pairs.append([root.appendingPathComponent(file.path).path, url.path])
            }
        }
        #expect(pairs.count > sample.count * 2)
        let output = try #require(TestSupport.python(["-c", Self.sameStringsScript], stdin: try JSONEncoder().encode(pairs)))
        let lines = String(decoding: output, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == pairs.count)
        let different = lines.filter { $0 != "same" }
        #expect(different.isEmpty, "strings or comments changed: \(different.prefix(5))")
    }
}
