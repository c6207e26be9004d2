import Foundation
import LadderCore
import LadderRun
import LadderStore
import Testing

/// SIGKILL of `ladder run` in the middle of an evaluation: the re-run resumes at
/// the rows the killed attempt had written (they are not answered again) and the
/// results are byte for byte those of an uninterrupted run in a fresh store.
@Suite struct EvalKillTests {
    static let repoRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func create() throws -> TestLadder {
        let t = try TestLadder()
        try t.write("text/sample.txt", "The river rose after rain.\n\nEl río creció después de la lluvia.\n\n河水上涨了。\n\nدریا چڑھ گیا۔\n")
        for flores in ["eng_Latn", "zho_Hans", "spa_Latn", "urd_Arab"] {
            let sib = repoRoot.appendingPathComponent("ladders/demo-data/sib200/\(flores)")
            for f in ["test.tsv", "labels.txt"] {
                try t.write("bench/sib200/\(flores)/\(f)", try String(contentsOf: sib.appendingPathComponent(f), encoding: .utf8))
            }
        }
        try t.write("l.yaml", """
        ladder: eval-kill
        axes: {seed: [1]}
        sources: {text: {path: text}, bench: {path: bench}}
        engines:
          base: {use: pretrain, settings: {vocab_size: 280, hidden_size: 16, intermediate_size: 32, num_hidden_layers: 2, num_attention_heads: 2, num_key_value_heads: 1, sliding_window: 8, sliding_window_pattern: 2, max_seq_length: 24, epochs: 1, batch_size: 2}}
        steps:
          pretrain: {engine: base, inputs: {text: source.text}, params: {seed: 3}}
          eval:
            engine: eval
            inputs: {base: pretrain, benchmarks: source.bench}
            params: {template_dir: \(repoRoot.appendingPathComponent("ladders/templates/eval").path), benchmarks: [sib200], limit: 40, batch_size: 4, instr_langs: [en, zh, es, ur]}
        conditions:
          c: {pipeline: [pretrain, eval]}

        """)
        return t
    }

    /// Lines of the evaluation's row store, once an attempt has started one.
    static func rowLines(_ t: TestLadder) -> Int {
        let state = t.url("runs/state")
        guard let keys = try? FileManager.default.contentsOfDirectory(atPath: state.path) else { return 0 }
        return keys.map { key in
            let data = FileManager.default.contents(atPath: state.appendingPathComponent(key).appendingPathComponent("rows.jsonl").path) ?? Data()
            return data.filter { $0 == UInt8(ascii: "\n") }.count
        }.max() ?? 0
    }

    static func results(_ t: TestLadder) throws -> (files: [String: Data], metrics: [String: String]) {
        let s = try t.run()
        let line = try #require(s.steps.first { $0.label.hasSuffix(".eval") })
        let db = try t.openShared().database
        let out = try #require(try db.outputs(stepKey: line.key)["out"])
        let store = try t.openShared()
        let dir = try store.objects.verifiedPath(of: out)
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            files[name] = try Data(contentsOf: dir.appendingPathComponent(name))
        }
        return (files, try db.metrics(keys: [line.key])[line.key] ?? [:])
    }

    @Test(.enabled(if: LadderBinary.available, "the ladder executable is not built beside the tests"))
    func sigkillDuringEvaluationThenRerunResumesAtTheRowAndMatchesAnUninterruptedRun() throws {
        let t = try Self.create()
        defer { t.remove() }
        let run = try LadderBinary.Running(["run", "l.yaml"], in: t.dir, tag: "killed")
        let deadline = Date().addingTimeInterval(120)
        while Self.rowLines(t) < 40 && Date() < deadline && run.process.isRunning { usleep(5_000) }
        kill(run.pid, SIGKILL)
        #expect(run.wait() == 128 + SIGKILL, "the run ended before the kill: \(run.stderr)")
        let written = Self.rowLines(t)
        #expect(written >= 40)

        let final = try LadderBinary.run(["run", "l.yaml"], in: t.dir, tag: "final")
        #expect(final.status == 0, "\(final.stderr)")
        let (files, metrics) = try Self.results(t)
        // 40 examples × 2 templates × 4 data × 4 instruction languages.
        #expect(metrics["rows"] == "1280")
        let resumed = Int(metrics["rows_resumed"] ?? "") ?? -1
        #expect(resumed >= written - written % 4, "resumed \(resumed) of \(written) rows written before the kill")
        #expect(Int(metrics["rows_answered"] ?? "") == 1280 - resumed)

        let fresh = try Self.create()
        defer { fresh.remove() }
        #expect(try fresh.run().failed == 0)
        let (expected, freshMetrics) = try Self.results(fresh)
        #expect(freshMetrics["rows_resumed"] == "0")
        #expect(files.count == 3 && files == expected)
    }
}
