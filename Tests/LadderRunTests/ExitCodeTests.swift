import Foundation
import Testing

/// The command-line contract: 0 success, 1 a step failed, 2 bad input with a located message, nothing written.
struct ExitCodeTests {
    @Test(.enabled(if: LadderBinary.available, "needs the built ladder binary"))
    func badLadderExitsTwoWithFileLineColumnAndWritesNothing() throws {
        let t = try TestLadder()
        defer { t.remove() }
        try t.write("bad.yaml", """
        ladder: bad
        axes: {lang: [en]}
        steps: {s: {engine: shell, parms: {argv: [true]}}}
        conditions: {c: {pipeline: [s]}}
        """)
        for command in [["validate", "bad.yaml"], ["plan", "bad.yaml"], ["run", "bad.yaml"]] {
            let r = try LadderBinary.run(command, in: t.dir, tag: command[0])
            #expect(r.status == 2, "\(command): \(r.stderr)")
            #expect(r.stderr.contains("bad.yaml:3:28: error: unknown key 'parms' in step 's'"), "\(r.stderr)")
            #expect(r.stderr.contains("did you mean 'params'?"))
        }
        #expect(!FileManager.default.fileExists(atPath: t.storePath), "a bad ladder must not create a store")
    }

    @Test(.enabled(if: LadderBinary.available, "needs the built ladder binary"))
    func failedStepExitsOneAndSuccessExitsZero() throws {
        let t = try TestLadder()
        defer { t.remove() }
        try t.write("l.yaml", """
        ladder: codes
        axes: {a: [x]}
        steps:
          good: {engine: shell, params: {argv: [sh, -c, "echo hi > $OUT/hi.txt"]}}
          bad: {engine: shell, params: {argv: [sh, -c, "exit 3"]}}
        conditions:
          ok: {pipeline: [good]}
          broken: {pipeline: [bad]}
        """)
        let failing = try LadderBinary.run(["run", "l.yaml", "--keep-going", "--json"], in: t.dir)
        #expect(failing.status == 1)
        let summary = try JSONSerialization.jsonObject(with: Data(failing.stdout.utf8)) as? [String: Any]
        #expect(summary?["executed"] as? Int == 1)
        #expect(summary?["failed"] as? Int == 1)
        let fine = try LadderBinary.run(["run", "l.yaml", "--only", "condition=ok"], in: t.dir, tag: "ok")
        #expect(fine.status == 0)
    }

    @Test(.enabled(if: LadderBinary.available, "needs the built ladder binary"))
    func mistakesFoundOnlyByPlanningExitTwoAndWriteNothing() throws {
        let t = try TestLadder()
        defer { t.remove() }
        let cases: [(String, String)] = [
            ("typed.yaml", "  s: {engine: shell, params: {argv: [\"true\"], timeout: 5}}"),
            ("source.yaml", "  s: {engine: shell, inputs: {data: source.gone}, params: {argv: [\"true\"]}}"),
        ]
        for (file, step) in cases {
            try t.write(file, """
            ladder: bad
            axes: {lang: [en]}
            sources: {gone: {path: data/gone.jsonl}}
            steps:
            \(step)
            conditions: {c: {pipeline: [s]}}
            """)
        }
        for command in [["validate", "typed.yaml"], ["plan", "typed.yaml"], ["run", "typed.yaml"]] {
            let r = try LadderBinary.run(command, in: t.dir, tag: command[0])
            #expect(r.status == 2, "\(command): \(r.stderr)")
            #expect(r.stderr.contains("typed.yaml:5:56: error: engine 'shell' has no parameter 'timeout'"), "\(r.stderr)")
        }
        for command in [["validate", "source.yaml"], ["run", "source.yaml"]] {
            let r = try LadderBinary.run(command, in: t.dir, tag: "src-" + command[0])
            #expect(r.status == 2, "\(command): \(r.stderr)")
            #expect(r.stderr.contains("source.yaml:3:11: error: source 'gone' names data/gone.jsonl, which does not exist"), "\(r.stderr)")
        }
        let offline = try LadderBinary.run(["validate", "--offline", "source.yaml"], in: t.dir, tag: "offline")
        #expect(offline.status == 0, "\(offline.stderr)")
        #expect(!FileManager.default.fileExists(atPath: t.storePath), "a bad ladder must not create a store")
    }
}
