import Foundation
import Testing
@testable import LadderScoring

/// The bundled `Tables/python-unicode.txt` is what python3 computes. When
/// python3 is installed, the generator below is run and its output compared
/// with the bundled file (set LADDER_RECORD_UNICODE=1 to print the fresh table
/// to the file instead; the test then fails so nothing is committed unnoticed).
@Suite struct PythonUnicodeTableTests {
    static let generator = #"""
    import re, sys, unicodedata
    N = 0x110000
    def ranges(pred):
        out, start = [], None
        for c in range(N):
            if pred(c):
                if start is None: start = c
            elif start is not None:
                out.append((start, c - 1)); start = None
        if start is not None: out.append((start, N - 1))
        return " ".join("%X" % a if a == b else "%X-%X" % (a, b) for a, b in out)
    W, D = re.compile(r"\w"), re.compile(r"\d")
    def final(s): return s.lower().endswith("\u03c2")
    lines = [
        "python-unicode 1",
        "source python %d.%d.%d unicodedata %s" % (sys.version_info[:3] + (unicodedata.unidata_version,)),
        "word " + ranges(lambda c: W.match(chr(c)) is not None),
        "digit " + ranges(lambda c: D.match(chr(c)) is not None),
        "space " + ranges(lambda c: chr(c).isspace()),
        "sigma-ignorable " + ranges(lambda c: final("A" + chr(c) + "\u03a3") and not final(chr(c) + "\u03a3")),
        "sigma-cased " + ranges(lambda c: final(chr(c) + "\u03a3")),
    ]
    for name, f in (("lower", str.lower), ("upper", str.upper)):
        pairs = ["%X:%s" % (c, ",".join("%X" % ord(x) for x in f(chr(c)))) for c in range(N) if f(chr(c)) != chr(c)]
        lines.append(name + " " + " ".join(pairs))
    sys.stdout.write("\n".join(lines) + "\n")
    """#

    static func python3() -> URL? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let url = URL(fileURLWithPath: String(dir)).appendingPathComponent("python3")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    @Test func bundledTableMatchesWhatPython3Computes() throws {
        guard let python = Self.python3() else {
            print("skipped: python3 is not installed")
            return
        }
        let bundled = String(decoding: try #require(EmbeddedTables.data("python-unicode.txt")), as: UTF8.self)
        let process = Process()
        process.executableURL = python
        process.arguments = ["-c", Self.generator]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let fresh = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let source = fresh.split(separator: "\n").dropFirst().first.map(String.init) ?? ""
        guard bundled.contains(source) else {
            print("skipped: python3 here (\(source)) is not the one the table was made with")
            return
        }
        if ProcessInfo.processInfo.environment["LADDER_RECORD_UNICODE"] == "1" {
            print(fresh)
            Issue.record("recorded a fresh table to stdout; copy it to Sources/LadderScoring/Tables/python-unicode.txt")
        }
        #expect(fresh == bundled)
    }

    @Test func tableLoadsAndItsHashEntersFingerprints() throws {
        let table = try PythonUnicode.bundled()
        #expect(table.source.hasPrefix("python 3."))
        #expect(table.tableHash.count == 64)
        #expect(try PythonUnicode(text: "python-unicode 1\nspace 20\n", origin: "t").isSpace(0x20))
        #expect(throws: (any Error).self) { try PythonUnicode(text: "space 20\n", origin: "t") }
        #expect(throws: (any Error).self) { try PythonUnicode(text: "python-unicode 1\nword 30-2F\n", origin: "t") }
    }
}
