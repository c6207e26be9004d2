import Foundation
import LadderCore
import LadderEngines
import LadderPlan
import LadderRun
import LadderStore
import Testing

/// docs/keys.md for the evaluation engine: pretrain → eval (one cell per
/// benchmark) → reparse. Editing one template file re-runs exactly the eval steps
/// that read it and their reparse steps, nothing upstream; the plan counts the
/// evaluation cells; a template lacking a language, a missing benchmark file and
/// an unknown benchmark are located errors before anything runs.
@Suite(.serialized)
struct EvalKeyTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("eval-keys-\(UUID().uuidString)")
    static let repoRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let ladder = """
    ladder: eval-keys
    axes: {bench: [sib200, xnli]}
    sources: {text: {path: text}, bench: {path: bench}}
    engines:
      base: {use: pretrain, settings: {vocab_size: 280, hidden_size: 16, intermediate_size: 32, num_hidden_layers: 2, num_attention_heads: 2, num_key_value_heads: 1, sliding_window: 8, sliding_window_pattern: 2, max_seq_length: 24, epochs: 1, batch_size: 2}}
      eval: {use: eval, settings: {template_dir: templates, data_langs: [en], limit: 2, batch_size: 2}}
    steps:
      pretrain: {engine: base, inputs: {text: source.text}, params: {seed: 3}}
      eval:
        engine: eval
        inputs: {base: pretrain, benchmarks: source.bench}
        params:
          benchmarks: ["${bench}"]
          instr_langs: [en, zh]
      reparse: {engine: reparse, inputs: {results: eval}, params: {scorer: strict-v1}}
    conditions:
      c: {cells: {bench: [sib200, xnli]}, pipeline: [pretrain, eval, reparse]}

    """

    func write(_ text: String = Self.ladder) throws -> String {
        let fm = FileManager.default
        try? fm.removeItem(at: dir)
        for d in ["text", "bench/sib200/eng_Latn", "bench/xnli/en", "templates"] {
            try fm.createDirectory(at: dir.appendingPathComponent(d), withIntermediateDirectories: true)
        }
        try "The river rose after rain.\n\nEl río creció después de la lluvia.\n\n河水上涨了。\n\nدریا چڑھ گیا۔\n"
            .write(to: dir.appendingPathComponent("text/sample.txt"), atomically: true, encoding: .utf8)
        let sib = Self.repoRoot.appendingPathComponent("ladders/demo-data/sib200/eng_Latn")
        let rows = try String(contentsOf: sib.appendingPathComponent("test.tsv"), encoding: .utf8).split(separator: "\n").prefix(4)
        try (rows.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("bench/sib200/eng_Latn/test.tsv"), atomically: true, encoding: .utf8)
        try fm.copyItem(at: sib.appendingPathComponent("labels.txt"), to: dir.appendingPathComponent("bench/sib200/eng_Latn/labels.txt"))
        try "{\"id\":\"p1\",\"premise\":\"It rained.\",\"hypothesis\":\"It was wet.\",\"label\":0}\n{\"id\":\"p2\",\"premise\":\"It rained.\",\"hypothesis\":\"It was dry.\",\"label\":2}\n"
            .write(to: dir.appendingPathComponent("bench/xnli/en/test.jsonl"), atomically: true, encoding: .utf8)
        for b in ["sib200", "xnli", "csqa", "belebele"] {
            try fm.copyItem(at: Self.repoRoot.appendingPathComponent("ladders/templates/eval/\(b).json"),
                            to: dir.appendingPathComponent("templates/\(b).json"))
        }
        let path = dir.appendingPathComponent("eval.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func run(_ ladder: String) throws -> RunSummary {
        var o = RunOptions()
        o.store = dir.appendingPathComponent("runs").path
        o.jobs = 2
        return try RunService(registry: .standard, progress: Progress(quiet: true)).run(ladderPath: ladder, options: o)
    }

    func executed(_ s: RunSummary) -> Set<String> { Set(s.steps.filter { $0.outcome == "executed" }.map(\.label)) }

    @Test func editingOneTemplateFileRerunsExactlyItsEvalStepsAndTheirDependents() throws {
        let ladder = try write()
        let first = try run(ladder)
        #expect(first.failed == 0, "\(first.steps.map { "\($0.label) \($0.outcome)" })")
        #expect(executed(first).count == 5)
        #expect(executed(try run(ladder)).isEmpty)

        // A file no step reads changes nothing.
        let csqa = dir.appendingPathComponent("templates/csqa.json")
        try (try String(contentsOf: csqa, encoding: .utf8)).replacingOccurrences(of: "Which option", with: "What option")
            .write(to: csqa, atomically: true, encoding: .utf8)
        #expect(executed(try run(ladder)).isEmpty)

        let sib = dir.appendingPathComponent("templates/sib200.json")
        try (try String(contentsOf: sib, encoding: .utf8)).replacingOccurrences(of: "Classify the text", with: "Sort the text")
            .write(to: sib, atomically: true, encoding: .utf8)
        #expect(executed(try run(ladder)) == ["c[bench=sib200].eval", "c[bench=sib200].reparse"])
    }

    @Test func planCountsTheEvaluationCells() throws {
        let plan = try LadderLoader().plan(try write())
        let text = PlanRenderer(plan: plan).text
        #expect(text.contains("evaluation cells: 8 — by condition: c 8; by benchmark: sib200 4, xnli 4"), "\(text)")
        #expect(PlanRenderer(plan: plan).json["counts"]?["evaluation_cells"]?["total"] == .int(8))
    }

    func expectPlanError(_ ladderText: String, _ fragments: [String], prepare: () throws -> Void = {}) throws {
        let path = try write(ladderText)
        try prepare()
        do {
            _ = try LadderLoader().plan(path)
            Issue.record("expected a planning error")
        } catch {
            for f in fragments { #expect("\(error)".contains(f), "\(error) lacks \(f)") }
        }
    }

    @Test func mistakesAreLocatedAtTheParameterBeforeAnythingRuns() throws {
        // instr_langs is on line 14.
        try expectPlanError(Self.ladder.replacingOccurrences(of: "instr_langs: [en, zh]", with: "instr_langs: [en, fr]"),
                            ["eval.yaml:14:", "no prompt in instruction language fr"])
        try expectPlanError(Self.ladder.replacingOccurrences(of: "benchmarks: [\"${bench}\"]", with: "benchmarks: [\"${bench}\", xcsqa]"),
                            ["eval.yaml:13:", "cannot be 'xcsqa'", "did you mean 'csqa'"])
        // The engine's settings name data_langs on line 6.
        try expectPlanError(Self.ladder, ["eval.yaml:6:", "xnli/en/test.jsonl", "no such benchmark file"]) {
            try FileManager.default.removeItem(at: dir.appendingPathComponent("bench/xnli/en/test.jsonl"))
        }
        try expectPlanError(Self.ladder, ["eval.yaml:6:", "test.jsonl:2:", "'p1'"]) {
            try "{\"id\":\"p1\",\"premise\":\"a\",\"hypothesis\":\"b\",\"label\":0}\n{\"id\":\"p1\",\"premise\":\"a\",\"hypothesis\":\"b\",\"label\":1}\n"
                .write(to: dir.appendingPathComponent("bench/xnli/en/test.jsonl"), atomically: true, encoding: .utf8)
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("runs").path))
    }
}
