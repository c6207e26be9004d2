import Foundation
import LadderCore
import LadderEval
import LadderModel
import LadderPlan
import LadderSpec
import Testing
@testable import LadderEngines

/// `eval` called the way the runner calls it, on a toy-size pretrained model
/// (and a LoRA adapter on it), over SIB-200 rows from the demo's real files and
/// a small XNLI set.
@Suite(.serialized)
struct EvalEngineTests {
    let models = ModelEngineTests()
    static let repoRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let ladders = repoRoot.appendingPathComponent("ladders")

    static let params: [String: Value] = [
        "benchmarks": .array([.string("sib200"), .string("xnli")]), "templates": .array([.string("template1"), .string("template2")]),
        "data_langs": .array([.string("en"), .string("ur")]), "instr_langs": .array([.string("en"), .string("zh")]),
        "limit": .int(3), "batch_size": .int(4),
    ]

    func benchmarks() throws -> URL {
        let dir = models.tmp.appendingPathComponent("bench-\(UUID().uuidString)")
        for (lang, flores) in [("en", "eng_Latn"), ("ur", "urd_Arab")] {
            let target = dir.appendingPathComponent("sib200/\(flores)")
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            for f in ["test.tsv", "labels.txt"] {
                try FileManager.default.copyItem(at: Self.ladders.appendingPathComponent("demo-data/sib200/\(flores)/\(f)"),
                                                 to: target.appendingPathComponent(f))
            }
            let xnli = dir.appendingPathComponent("xnli/\(lang)")
            try FileManager.default.createDirectory(at: xnli, withIntermediateDirectories: true)
            let rows = (0..<4).map { i in
                Value.object(["id": .string("\(i)"), "premise": .string("The river rose after \(i) days of rain."),
                              "hypothesis": .string(i % 2 == 0 ? "It rained." : "The river was dry."), "label": .int(i % 3)]).canonicalJSON
            }
            try (rows.joined(separator: "\n") + "\n").write(to: xnli.appendingPathComponent("test.jsonl"), atomically: true, encoding: .utf8)
        }
        return dir
    }

    func request(_ params: [String: Value], base: URL, adapter: URL? = nil, bench: URL, state: URL? = nil) throws -> EngineRequest {
        var inputs = ["base": models.input(base), "benchmarks": EngineInput(kind: "source", paths: [bench.path], hashes: ["b"])]
        if let adapter { inputs["adapter"] = models.input(adapter) }
        var req = try models.request("eval", params: params, inputs: inputs)
        req.ladderDir = Self.ladders.path
        let stateDir = state ?? models.tmp.appendingPathComponent("state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: stateDir, withIntermediateDirectories: true)
        req.stateDir = stateDir.path
        return req
    }

    func adapter(base: URL) throws -> URL {
        let data = try models.dataset(ModelEngineTests.pythonFiles(6))
        let req = try models.request("lora-train", params: ModelEngineTests.loraParams, inputs: ["data": models.input(data), "base": models.input(base)])
        _ = try LoRATrainEngine().run(req, context: EngineContext(logURL: nil))
        return URL(fileURLWithPath: req.outputDir)
    }

    @Test func answersEveryCellWithIdsDeterministicallyAndTheAdapterChangesScores() throws {
        let base = try models.pretrained(), bench = try benchmarks()
        let req = try request(Self.params, base: base, bench: bench)
        let result = try EvalEngine().run(req, context: EngineContext(logURL: nil))
        let out = URL(fileURLWithPath: req.outputDir)
        let files = try models.files(out)
        #expect(Set(files.keys) == ["sib200_results_template1.json", "sib200_results_template2.json", "xnli_results_template1.json",
                                    "xnli_results_template2.json", "eval_summary.json"])
        #expect(result.metrics["rows"] == .int(2 * 2 * 2 * 2 * 3) && result.metrics["rows_resumed"] == .int(0))
        #expect(result.items.count == 16)
        let sib = try Value.parseJSON(files["sib200_results_template2.json"]!)
        let cell = try #require(sib["template2_sib200_data=ur_instr=zh"]?.arrayValue)
        // limit 3, balanced over the gold answers: the first example of each of the first three topics.
        #expect(cell.map { $0["example_id"]?.stringValue } == ["1523", "1874", "1172"])
        #expect(cell.map { $0["gold"]?.stringValue } == ["science/technology", "travel", "politics"])
        let options = ["science/technology", "travel", "politics", "sports", "health", "entertainment", "geography"]
        for row in cell {
            let scores = try #require(row["option_scores"]?.arrayValue?.compactMap { $0.doubleValue })
            #expect(scores.count == 7 && scores.allSatisfy { $0 < 0 && $0.isFinite })
            #expect(row["raw_output"]?.stringValue == options[scores.firstIndex(of: scores.max()!)!])
        }
        let summary = try Value.parseJSON(files["eval_summary.json"]!)
        #expect(summary["template_files"]?["sib200.json"]?.stringValue
                == (try SHA256.hex(fileAt: Self.ladders.appendingPathComponent("templates/eval/sib200.json"))))
        #expect(summary["benchmark_files"]?["sib200/urd_Arab/test.tsv"] != nil && summary["benchmark_files"]?["xnli/en/test.jsonl"] != nil)
        #expect(summary["provenance"]?["adapter"] == .null)

        // Same request, fresh state: the same bytes.
        let again = try request(Self.params, base: base, bench: bench)
        _ = try EvalEngine().run(again, context: EngineContext(logURL: nil))
        #expect(try models.files(URL(fileURLWithPath: again.outputDir)) == files)

        // The adapter is merged: other scores, same ids.
        let adapted = try request(Self.params, base: base, adapter: try adapter(base: base), bench: bench)
        _ = try EvalEngine().run(adapted, context: EngineContext(logURL: nil))
        let withAdapter = try models.files(URL(fileURLWithPath: adapted.outputDir))
        #expect(withAdapter["sib200_results_template1.json"] != files["sib200_results_template1.json"])
        let adaptedCell = try #require(try Value.parseJSON(withAdapter["sib200_results_template2.json"]!)["template2_sib200_data=ur_instr=zh"]?.arrayValue)
        #expect(adaptedCell.map { $0["example_id"] } == cell.map { $0["example_id"] })
    }

    @Test func generateModeRecordsOutputsThatHitMaxNewTokens() throws {
        var params = Self.params
        params["mode"] = .string("generate")
        params["max_new_tokens"] = .int(3)
        params["benchmarks"] = .array([.string("xnli")])
        let req = try request(params, base: try models.pretrained(), bench: try benchmarks())
        let result = try EvalEngine().run(req, context: EngineContext(logURL: nil))
        let summary = try Value.parseJSON(Data(contentsOf: URL(fileURLWithPath: req.outputDir).appendingPathComponent("eval_summary.json")))
        let hit = try #require(summary["hit_max_new_tokens"]?.intValue)
        #expect(result.metrics["hit_max_new_tokens"] == .int(hit))
        #expect(summary["cells"]?["template1_xnli_data=en_instr=en"]?["hit_max_new_tokens"] != nil)
        let rows = try #require(try Value.parseJSON(Data(contentsOf: URL(fileURLWithPath: req.outputDir).appendingPathComponent("xnli_results_template1.json")))["template1_xnli_data=en_instr=zh"]?.arrayValue)
        #expect(rows.count == 3 && rows.allSatisfy { $0["option_scores"] == nil && $0["raw_output"]?.stringValue != nil })
    }

    @Test func sharedOpeningsAreScoredAsIfEachContextRanAlone() throws {
        let model = try TransformerEvalModel.load(base: try models.pretrained(), adapter: nil)
        let passage = "The river rose after three days of rain, and the farmers moved their animals. "
        let prompts = ["Answer: " + passage + "Which is right?", "Answer: " + passage + "¿Cuál es correcta?",
                       "Answer: " + passage + "哪个正确？", "Premise: it rained. Label:", "Premise: it rained. Answer:"]
        let contexts = prompts.map { model.context($0, room: 4) }
        let groups = TransformerEvalModel.groups(contexts)
        #expect(groups.count == 2 && groups[0].end == 3 && groups[0].shared >= TransformerEvalModel.minimumShared)
        let options = [" A", " B", " entailment"].map { model.tokenizer.encode($0) }
        let shared = model.scores(contexts: contexts, continuations: contexts.map { _ in options })
        let alone = try contexts.map { try model.model.logLikelihoods(context: $0, continuations: options).map(\.logLikelihood) }
        for (a, b) in zip(shared.joined(), alone.joined()) { #expect(abs(a - b) < 1e-3, "\(a) vs \(b)") }
    }

    struct Killed: Error {}

    @Test func aStoppedEvaluationResumesAtTheRowWhereItStoppedAndWritesTheSameBytes() throws {
        let base = try models.pretrained(), bench = try benchmarks()
        let whole = try request(Self.params, base: base, bench: bench)
        _ = try EvalEngine().run(whole, context: EngineContext(logURL: nil))

        // The first attempt stops after 3 batches of 4 prompts (as a kill would, between two batches).
        let state = models.tmp.appendingPathComponent("state-\(UUID().uuidString)")
        let resumed = try request(Self.params, base: base, bench: bench, state: state)
        let (settings, _) = try EvalEngine.settings(Self.params)
        let sets = try EvalEngine.templateSets(settings, directory: Self.ladders.appendingPathComponent("templates/eval"), params: Self.params)
        let evaluator = Evaluator(settings: settings, templates: sets, loader: BenchmarkLoader(directory: bench))
        var batches = 0
        #expect(throws: Killed.self) {
            _ = try evaluator.run(try evaluator.items(), model: try TransformerEvalModel.load(base: base, adapter: nil),
                                  store: RowStore(url: state.appendingPathComponent("rows.jsonl"))) {
                batches += 1
                if batches > 3 { throw Killed() }
            }
        }
        let result = try EvalEngine().run(resumed, context: EngineContext(logURL: nil))
        #expect(result.metrics["rows_resumed"] == .int(12))
        #expect(result.metrics["rows_answered"] == .int(48 - 12))
        #expect(try models.files(URL(fileURLWithPath: resumed.outputDir)) == models.files(URL(fileURLWithPath: whole.outputDir)))
    }

    func expectProblem(_ parameter: String, _ fragment: String, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected a problem with \(parameter)")
        } catch let p as ParameterProblem {
            #expect(p.parameter == parameter)
            #expect(p.message.contains(fragment), "\(p.message) lacks \(fragment)")
        } catch {
            Issue.record("expected a ParameterProblem, got \(error)")
        }
    }

    @Test func planTimeChecksPointAtTheParameterToFix() throws {
        let ladder = try LadderParser(builtinEngines: EngineRegistry.standard.builtinNames)
            .parse(text: "ladder: t\naxes: {a: [x]}\nsteps: {s: {engine: align}}\nconditions: {c: {pipeline: [s]}}\n",
                   file: "t.yaml", directory: Self.ladders.path)
        var p = Self.params
        p["instr_langs"] = .array([.string("en"), .string("fr")])
        expectProblem("instr_langs", "no prompt in instruction language fr") { _ = try EvalEngine().stepData(params: p, ladder: ladder) }
        p = Self.params
        p["templates"] = .array([.string("template3")])
        expectProblem("templates", "has no template3") { _ = try EvalEngine().stepData(params: p, ladder: ladder) }
        p = Self.params
        p["template_dir"] = .string("no-such-dir")
        expectProblem("template_dir", "no template file for sib200") { _ = try EvalEngine().stepData(params: p, ladder: ladder) }
        let bench = try benchmarks()
        p = Self.params
        p["data_langs"] = .array([.string("en"), .string("es")])
        expectProblem("data_langs", "spa_Latn/test.tsv") {
            try EvalEngine().check(params: p, sources: ["benchmarks": bench.path], ladder: ladder)
        }
        try EvalEngine().check(params: Self.params, sources: ["benchmarks": bench.path], ladder: ladder)
        #expect(EvalEngine().evaluationCells(params: Self.params).count == 16)
        let data = try #require(try EvalEngine().stepData(params: Self.params, ladder: ladder))
        #expect(Set(data["templates"]?.objectValue?.keys.map { $0 } ?? []) == ["sib200", "xnli"])
    }
}
