import Foundation
import LadderCore
import LadderEngines
import LadderRun
import Testing

/// `ladder engine run`: one engine outside any ladder, through the runner's invoker.
struct EngineRunTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("engine-run-\(UUID().uuidString)")

    @Test func subsetRunsAdHocOnAJSONLCorpus() throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var lines = ""
        for i in 0..<30 {
            let body = (0..<12).map { "    x\($0) = \(i) + \($0)" }.joined(separator: "\n")
            let content = "def f\(i)():\n\(body)\n    return x0\n"
            lines += Value.object(["path": .string("pkg/m\(i).py"), "content": .string(content), "license": .string("MIT"),
                                   "stars": .int(100)]).canonicalJSON + "\n"
        }
        try lines.write(to: dir.appendingPathComponent("corpus.jsonl"), atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let result = try AdhocEngineRun().run(engine: "subset",
                                             params: ["size": .int(10), "seed": .int(42), "filters": .object(["near_dedup": .null])],
                                             inputs: ["corpus": dir.appendingPathComponent("corpus.jsonl").path], out: out)
        #expect(result.status == "ok")
        #expect(result.items.count == 10)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("manifest.jsonl").path))
    }

    @Test func unknownEngineAndMissingInputAreBadInput() throws {
        #expect(throws: LadderError.self) {
            try AdhocEngineRun().run(engine: "nope", params: [:], inputs: [:], out: dir)
        }
        #expect(throws: LadderError.self) {
            try AdhocEngineRun().run(engine: "subset", params: ["size": .int(1)], inputs: ["corpus": "/nonexistent/x.jsonl"], out: dir)
        }
    }

    @Test func anExternalEnginesExit2IsBadInputAndAnyOtherExitAFailedStep() throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let ladder = dir.appendingPathComponent("l.yaml")
        try """
        ladder: adhoc
        axes: {m: [1]}
        engines:
          refuses: {run: [sh, -c, "echo 'size must be positive' >&2; exit 2"]}
          breaks: {run: [sh, -c, "echo 'out of memory' >&2; exit 1"]}
        steps:
          s: {engine: refuses}
        conditions:
          c: {cells: {m: [1]}, pipeline: [s]}
        """.write(to: ladder, atomically: true, encoding: .utf8)
        do {
            _ = try AdhocEngineRun().run(engine: "refuses", params: [:], inputs: [:], out: dir.appendingPathComponent("a"), ladderPath: ladder.path)
            Issue.record("exit 2 was not bad input")
        } catch let e as LadderError {
            #expect(e.exitCode == 2)
            #expect("\(e)".hasPrefix("engine 'refuses': the engine exited with status 2"), "\(e)")
        }
        #expect(throws: LadderError.stepFailed("engine 'breaks': the engine exited with status 1")) {
            try AdhocEngineRun().run(engine: "breaks", params: [:], inputs: [:], out: dir.appendingPathComponent("b"), ladderPath: ladder.path)
        }
    }
}
