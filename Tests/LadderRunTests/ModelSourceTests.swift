import Foundation
import LadderCore
import LadderRun
import LadderStore
import Testing

/// A source named by model id (`{model: ID}`, no path) reaches engines as its declared
/// fields, never as a file to check.
struct ModelSourceTests {
    @Test func aModelSourceIsPassedAsItsIdentifierWithNoPath() throws {
        let t = try TestLadder()
        defer { t.remove() }
        try t.write("l.yaml", """
            ladder: m
            axes: {seed: [1]}
            sources: {base: {model: Org/tiny-model, revision: main}}
            engines:
              show: {run: [python3, show.py]}
            steps:
              train: {engine: show, inputs: {base: source.base}}
            conditions:
              c: {pipeline: [train]}
            """)
        try t.write("show.py", """
            import json, os, sys
            req = json.load(open(sys.argv[1]))
            base = req["inputs"]["base"]
            with open(os.path.join(req["output_dir"], "base.json"), "w") as f:
                json.dump({"paths": base["paths"], "model": base["source"]["model"], "revision": base["source"]["revision"]}, f, sort_keys=True)
            json.dump({"status": "ok"}, open(req["result_path"], "w"))
            """)
        let s = try t.run()
        #expect(s.failed == 0, "\(s.steps.map { $0.reason ?? "" })")
        let store = try t.openShared()
        defer { store.close() }
        let step = try #require(s.steps.first)
        let out = try #require(try store.database.outputs(stepKey: step.key)["out"])
        let text = try String(contentsOf: store.objects.unverifiedPath(of: out).appendingPathComponent("base.json"), encoding: .utf8)
        #expect(text == #"{"model": "Org/tiny-model", "paths": [], "revision": "main"}"#)
    }
}
