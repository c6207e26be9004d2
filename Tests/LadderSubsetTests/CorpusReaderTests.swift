import Foundation
import LadderCore
import Testing
@testable import LadderSubset

struct CorpusReaderTests {
    private func message(_ body: () throws -> Void) -> String? {
        do { try body() } catch let error as LadderError { return error.description } catch { return "\(error)" }
        return nil
    }

    @Test func jsonlRowsCarryTheirMetadata() throws {
        let text = """
        {"path": "a/x.py", "content": "def f():\\n    pass\\n", "license": "MIT", "repo": "o/r", "stars": 40, "generated": false}

        {"path": "b/y.py", "content": "class A: pass\\n", "detected_licenses": ["Apache-2.0", "MIT"], "repo_name": "o/s", "star_events_count": null}
        {"path": "c/z.py", "content": "", "license": null, "extra": [1, 2]}
        """
        let corpus = try Corpus.parseJSONL(Data(text.utf8), name: "c.jsonl")
        #expect(corpus.files.count == 3)
        #expect(corpus.files[0].licenses == ["MIT"])
        #expect(corpus.files[0].stars == 40)
        #expect(corpus.files[0].generated == false)
        #expect(corpus.files[0].text == "def f():\n    pass\n")
        #expect(corpus.files[1].licenses == ["Apache-2.0", "MIT"])
        #expect(corpus.files[1].repo == "o/s")
        #expect(corpus.files[1].stars == nil)
        #expect(corpus.files[1].origin == "c.jsonl:3")
        #expect(corpus.files[2].licenses.isEmpty)
    }

    @Test func badJSONLRowsSayWhichLineAndWhatToFix() {
        let cases: [(String, String)] = [
            ("{\"path\": \"a.py\", \"content\": \"x\"}\n{not json}\n", "rows.jsonl:2: not a valid JSON object"),
            ("[1, 2]\n", "rows.jsonl:1: expected a JSON object"),
            ("{\"path\": \"a.py\"}\n", "rows.jsonl:1: missing \"content\" for a.py"),
            ("{\"content\": \"x\"}\n", "rows.jsonl:1: missing or empty \"path\""),
            ("{\"path\": \"a.py\", \"content\": \"x\", \"stars\": \"many\"}\n", "rows.jsonl:1: \"stars\" must be an integer"),
            ("{\"path\": \"a.py\", \"content\": \"x\", \"license\": \"MIT\", \"detected_licenses\": []}\n", "rows.jsonl:1: both \"license\" and \"detected_licenses\""),
            ("{\"path\": \"a.py\", \"content\": \"x\", \"license\": 3}\n", "rows.jsonl:1: \"license\" must be a string, a list of strings, or null"),
        ]
        for (text, expected) in cases {
            let got = message { _ = try Corpus.parseJSONL(Data(text.utf8), name: "rows.jsonl") }
            #expect(got?.hasPrefix(expected) == true, "\(String(describing: got)) should start with \(expected)")
        }
    }

    @Test func studyLayoutReadsManifestAndFiles() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("def a(): pass\n".utf8).write(to: dir.appendingPathComponent("00000.py"))
        try Data("class B: pass\n".utf8).write(to: dir.appendingPathComponent("00001.py"))
        let manifest = "idx,filename,file_path,license\r\n0,00000.py,\"repo/with, comma.py\",MIT\r\n1,00001.py,\"repo/\"\"quoted\"\".py\",\r\n"
        try Data(manifest.utf8).write(to: dir.appendingPathComponent("manifest.csv"))
        let corpus = try Corpus.load(from: dir)
        #expect(corpus.format == .studyLayout)
        #expect(corpus.files.map(\.path) == ["repo/with, comma.py", "repo/\"quoted\".py"])
        #expect(corpus.files[0].licenses == ["MIT"])
        #expect(corpus.files[1].licenses.isEmpty)
        #expect(corpus.files[1].text == "class B: pass\n")
        #expect(corpus.files[1].origin == "manifest.csv:3")
    }

    @Test func studyLayoutProblemsNameTheManifestLine() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("manifest.csv")
        try Data("idx,filename,file_path,license\n0,missing.py,a.py,MIT\n".utf8).write(to: url)
        #expect(message { _ = try Corpus.load(from: dir) }?.hasPrefix("manifest.csv:2: file \"missing.py\" not found") == true)
        try Data("idx,filename,path,license\n".utf8).write(to: url)
        #expect(message { _ = try Corpus.load(from: dir) }?.hasPrefix("manifest.csv:1: no \"file_path\" column") == true)
        try Data("idx,filename,file_path,license\nzero,a.py,a.py,MIT\n".utf8).write(to: url)
        #expect(message { _ = try Corpus.load(from: dir) }?.contains("manifest.csv:2: idx \"zero\"") == true)
        try Data("idx,filename,file_path,license\n0,a.py,a.py\n".utf8).write(to: url)
        #expect(message { _ = try Corpus.load(from: dir) }?.hasPrefix("manifest.csv:2: 3 fields, but the header has 4") == true)
    }

    @Test func directoryCorpusFindsPythonFilesRecursivelyInPathOrder() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("pkg/sub"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent(".hidden"), withIntermediateDirectories: true)
        for name in ["pkg/sub/b.py", "pkg/a.py", "Z.py", "notes.txt", ".hidden/c.py"] {
            try Data("x = 1\n".utf8).write(to: dir.appendingPathComponent(name))
        }
        let corpus = try Corpus.load(from: dir)
        #expect(corpus.format == .directory)
        #expect(corpus.files.map(\.path) == ["Z.py", "pkg/a.py", "pkg/sub/b.py"])
    }

    @Test func unsupportedCorpusFilesAreRefusedWithAHint() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let parquet = dir.appendingPathComponent("data.parquet")
        try Data([0x50, 0x41, 0x52, 0x31]).write(to: parquet)
        #expect(message { _ = try Corpus.load(from: parquet) }?.contains("convert Parquet to JSONL") == true)
        #expect(message { _ = try Corpus.load(from: dir.appendingPathComponent("absent")) }?.contains("corpus not found") == true)
    }
}
