import Foundation
import LadderCore
import LadderEngines
import LadderSpec
import Testing

/// Built-in engines called the way the runner calls them.
struct BuiltinEngineTests {
    let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("engines-\(UUID().uuidString)")

    func request(_ engine: String, params: [String: Value], inputs: [String: EngineInput]) throws -> EngineRequest {
        let out = tmp.appendingPathComponent("out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        return EngineRequest(step: "k", planKey: "p", engine: engine, params: params, inputs: inputs, outputDir: out.path,
                             scratchDir: tmp.path, stateDir: tmp.path, resultPath: tmp.appendingPathComponent("r.json").path,
                             seed: nil, resources: Resources())
    }

    /// A dataset directory with the given files (path → content).
    func dataset(_ files: [(String, String)]) throws -> URL {
        let dir = tmp.appendingPathComponent("ds-\(UUID().uuidString)")
        var rows: [[String: Value]] = []
        for (i, (path, content)) in files.enumerated() {
            let (filename, sha) = try DatasetDirectory.writeFile(Array(content.utf8), into: dir)
            rows.append(["file_path": .string(path), "filename": .string(filename), "sha256": .string(sha),
                         "split": .string("train"), "idx": .int(i)])
        }
        try DatasetDirectory.writeManifest(rows, into: dir)
        return dir
    }

    @Test func transpileTranslatesKeywordsAndKeepsStringsWithALedgerRowPerFile() throws {
        let ds = try dataset([("a.py", "def f(x):\n    if x:\n        return 'if'\n    return None\n"),
                              ("b.py", "x = '''unterminated\n")])
        let req = try request("transpile", params: ["lang": .string("es")],
                              inputs: ["files": EngineInput(kind: "step", paths: [ds.path], hashes: [""])])
        let result = try TranspileEngine().run(req, context: EngineContext(logURL: nil))
        #expect(result.items.count == 2)
        #expect(result.items.first { $0.id == "a.py" }?.status == "ok")
        #expect(result.items.first { $0.id == "b.py" }?.status == "failed")
        let out = try DatasetDirectory.read(URL(fileURLWithPath: req.outputDir))
        #expect(out.rows.count == 1)
        let text = String(decoding: try out.content(of: out.rows[0]), as: UTF8.self)
        #expect(!text.contains("def f"))
        #expect(text.contains("'if'"))
        #expect(out.rows[0]["source_sha256"] != out.rows[0]["sha256"])
    }

    @Test func transpileStepDataNamesThePackOfTheStepsLanguage() throws {
        let ladder = try LadderParser(builtinEngines: EngineRegistry.standard.builtinNames)
            .parse(text: "ladder: t\naxes: {a: [x]}\nsteps: {s: {engine: align}}\nconditions: {c: {pipeline: [s]}}\n", file: "t.yaml")
        let zh = try TranspileEngine().stepData(params: ["lang": .string("zh")], ladder: ladder)
        let ur = try TranspileEngine().stepData(params: ["lang": .string("ur")], ladder: ladder)
        #expect(zh != nil && ur != nil && zh != ur)
        #expect(throws: LadderError.self) { try TranspileEngine().stepData(params: ["lang": .string("fr")], ladder: ladder) }
    }

    @Test func alignKeepsTheIntersectionAndSaysWhichSetLacksEachDroppedItem() throws {
        let a = try dataset([("x.py", "1"), ("y.py", "2"), ("z.py", "3")])
        let b = try dataset([("x.py", "1"), ("z.py", "3")])
        let req = try request("align", params: [:], inputs: [
            "a": EngineInput(kind: "step", paths: [a.path], hashes: [""]),
            "b": EngineInput(kind: "step", paths: [b.path], hashes: [""]),
        ])
        let result = try AlignEngine().run(req, context: EngineContext(logURL: nil))
        #expect(result.items.filter { $0.status == "ok" }.map(\.id) == ["x.py", "z.py"])
        let dropped = try #require(result.items.first { $0.status == "skipped" })
        #expect(dropped.id == "y.py" && dropped.error == "missing from b")
        let kept = try Value.parseJSON(Data(contentsOf: URL(fileURLWithPath: req.outputDir).appendingPathComponent("items.json")))
        #expect(kept == .array([.string("x.py"), .string("z.py")]))
    }

    @Test func unknownEngineListsTheKnownOnes() {
        #expect(throws: LadderError.self) { try EngineRegistry.standard.engine("transpiler") }
        do { _ = try EngineRegistry.standard.engine("transpiler") } catch {
            #expect("\(error)".contains("transpile"))
        }
    }

    @Test func malformedResultFileIsAClearFailure() throws {
        let url = tmp.appendingPathComponent("bad.json")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        try "{\"status\": \"maybe\"}".write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: LadderError.self) { try EngineResult.read(from: url) }
        try "not json".write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: LadderError.self) { try EngineResult.read(from: url) }
    }
}
