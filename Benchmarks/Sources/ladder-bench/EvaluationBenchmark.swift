import Foundation
import LadderCore
import LadderEngines
import LadderModel
import LadderSpec
import LadderTensor

/// Area `evaluation` (owned by LadderEval and the `eval` engine): rows per second
/// of the `eval` engine, end to end (templates, benchmark files, tokenizer,
/// model, row store, results files), on a random model of the demo's size
/// (hidden 128, 4 layers, vocab 1024 with 765 byte-pair merges learned from the
/// demo's pre-training text) over the real SIB-200 test sets in
/// `ladders/demo-data`, both templates × four data languages × two instruction
/// languages × the first 8 examples (128 prompts), in each mode.
func evaluationBenchmark(_ report: inout BenchReport) throws {
    BLAS.useOneThread()
    let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    let ladders = repo.appendingPathComponent("ladders")
    let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-bench-eval-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: tmp) }
    let base = tmp.appendingPathComponent("base")
    try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)

    let texts = try ["en", "es", "zh", "ur"].map {
        try String(contentsOf: ladders.appendingPathComponent("demo-data/pretrain-text/\($0).txt"), encoding: .utf8)
    }
    let tokenizer = try BPETrainer.train(texts: texts, vocabularySize: 1024)
    let config = ModelConfig(vocabSize: 1024, hiddenSize: 128, intermediateSize: 256, numHiddenLayers: 4, numAttentionHeads: 4,
                             numKeyValueHeads: 2, slidingWindow: 64)
    try Transformer(config: config, weights: .initial(config, seed: 1)).save(to: base)
    try tokenizer.save(to: base)

    for mode in ["loglikelihood", "generate"] {
        let out = tmp.appendingPathComponent("out-\(mode)"), state = tmp.appendingPathComponent("state-\(mode)")
        for d in [out, state] { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
        let params: [String: Value] = [
            "benchmarks": .array([.string("sib200")]), "templates": .array([.string("template1"), .string("template2")]),
            "data_langs": .array(["en", "zh", "es", "ur"].map(Value.string)), "instr_langs": .array([.string("en"), .string("zh")]),
            "limit": .int(8), "batch_size": .int(8), "mode": .string(mode), "max_new_tokens": .int(10),
        ]
        let request = EngineRequest(step: "bench", planKey: "bench", engine: "eval", params: params,
                                    inputs: ["base": EngineInput(kind: "step", paths: [base.path], hashes: [""]),
                                             "benchmarks": EngineInput(kind: "source", paths: [ladders.appendingPathComponent("demo-data").path], hashes: [""])],
                                    outputDir: out.path, scratchDir: tmp.path, stateDir: state.path,
                                    resultPath: tmp.appendingPathComponent("result.json").path, seed: nil, resources: Resources(),
                                    ladderDir: ladders.path)
        let (result, seconds) = try BenchReport.measure { try EvalEngine().run(request, context: EngineContext(logURL: nil)) }
        let rows = Double(result.metrics["rows"]?.intValue ?? 0)
        report.add(BenchFigure(area: "evaluation", name: "eval engine, \(mode), demo-size model, SIB-200, 128 prompts",
                               value: rows / seconds, unit: "rows/s", target: "-",
                               note: mode == "generate" ? "greedy, max_new_tokens 10, batch 8, prompt time included"
                                                        : "7 options a prompt, shared prompt cache, batch 8"))
    }
}
