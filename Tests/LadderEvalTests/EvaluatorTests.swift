import Foundation
import LadderCore
import Testing
@testable import LadderEval

@Suite struct EvaluatorTests {
    static let matrix = EvalMatrix(benchmarks: Benchmark.allCases, templates: ["template1", "template2"], dataLangs: ["en", "zh"],
                                   instrLangs: ["en", "ur"])

    func evaluator(_ mode: EvalMode = .loglikelihood, batch: Int = 8, benchmarks: URL) throws -> Evaluator {
        Evaluator(settings: try EvalSettings(matrix: Self.matrix, mode: mode, maxNewTokens: 4, limit: 3, batchSize: batch),
                  templates: try EvalFixtures.templateSets(), loader: BenchmarkLoader(directory: benchmarks))
    }

    /// Runs to the end and returns the output files' bytes by name.
    func files(_ e: Evaluator, _ rows: [EvalRow]) throws -> [String: Data] {
        let out = try EvalFixtures.temporaryDirectory()
        try ResultsWriter(settings: e.settings).write(rows, to: out, templateFiles: ["sib200.json": "t"], benchmarkFiles: ["b": "h"])
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: out.path) {
            files[name] = try Data(contentsOf: out.appendingPathComponent(name))
        }
        return files
    }

    @Test func loglikelihoodRanksOptionsAndWritesTheStudyLayoutWithIds() throws {
        let e = try evaluator(benchmarks: try EvalFixtures.benchmarks())
        let items = try e.items()
        #expect(items.count == 4 * 2 * 2 * 2 * 3)
        let model = CountingModel()
        let outcome = try e.run(items, model: model, store: RowStore(url: try EvalFixtures.temporaryDirectory().appendingPathComponent("rows.jsonl")))
        #expect(outcome.rows.count == items.count && outcome.answered == items.count && outcome.resumed == 0)
        #expect(model.calls == (items.count + 7) / 8)
        for (item, row) in zip(items, outcome.rows) {
            let scores = item.options.map { CountingModel.score(item.prompt, " " + $0) }
            #expect(row.optionScores == scores)
            let best = scores.firstIndex(of: scores.max()!)!
            #expect(row.rawOutput == item.options[best])
            #expect(row.exampleID == item.example.id && row.gold == item.example.gold)
        }
        let files = try files(e, outcome.rows)
        #expect(Set(files.keys) == Set(Benchmark.allCases.flatMap { b in ["template1", "template2"].map { "\(b.rawValue)_results_\($0).json" } } + ["eval_summary.json"]))
        let sib = try Value.parseJSON(files["sib200_results_template1.json"]!)
        #expect(sib["parse_failure_rates"] == .object([:]) && sib["summary"] == .object([:]))
        let cell = try #require(sib["template1_sib200_data=zh_instr=ur"]?.arrayValue)
        #expect(cell.count == 3)
        #expect(cell.map { $0["example_id"]?.stringValue } == (try BenchmarkLoader(directory: e.loader.directory).examples(.sib200, lang: "zh", limit: 3)).map(\.id))
        #expect(cell[0]["option_scores"]?.arrayValue?.count == 7)
        let summary = try Value.parseJSON(files["eval_summary.json"]!)
        #expect(summary["cells"]?["template2_belebele_data=en_instr=en"]?["rows"] == .int(3))
        #expect(summary["mode"] == .string("loglikelihood") && summary["rows"] == .int(items.count))
    }

    @Test func tiesGoToTheEarlierOption() throws {
        final class Flat: EvalModel {
            func scoreContinuations(_ requests: [ScoringRequest]) throws -> [[Double]] { requests.map { $0.continuations.map { _ in -1 } } }
            func generate(prompts: [String], maxNewTokens: Int) throws -> [Generation] { [] }
        }
        let e = try evaluator(benchmarks: try EvalFixtures.benchmarks())
        let outcome = try e.run(try e.items(), model: Flat(), store: RowStore(url: try EvalFixtures.temporaryDirectory().appendingPathComponent("r.jsonl")))
        #expect(outcome.rows.filter { $0.cell.contains("sib200") }.allSatisfy { $0.rawOutput == "science/technology" })
        #expect(outcome.rows.filter { $0.cell.contains("csqa") }.allSatisfy { $0.rawOutput == "A" })
    }

    @Test func generateModeCountsOutputsThatHitMaxNewTokens() throws {
        let e = try evaluator(.generate, benchmarks: try EvalFixtures.benchmarks())
        let model = CountingModel()
        let outcome = try e.run(try e.items(), model: model, store: RowStore(url: try EvalFixtures.temporaryDirectory().appendingPathComponent("r.jsonl")))
        let hit = outcome.rows.filter { $0.hitMaxNewTokens == true }.count
        #expect(hit > 0 && hit < outcome.rows.count)
        #expect(outcome.rows.allSatisfy { $0.optionScores == nil })
        let summary = ResultsWriter(settings: e.settings).summary(outcome.rows, templateFiles: [:], benchmarkFiles: [:])
        #expect(summary["hit_max_new_tokens"] == .int(hit))
        let perCell = outcome.rows.filter { $0.cell == "template1_xnli_data=en_instr=ur" && $0.hitMaxNewTokens == true }.count
        #expect(summary["cells"]?["template1_xnli_data=en_instr=ur"]?["hit_max_new_tokens"] == .int(perCell))
        #expect(summary["max_new_tokens"] == .int(4))
    }

    struct Stop: Error {}

    @Test func anInterruptedEvaluationResumesAtTheBatchWhereItStoppedWithIdenticalBytes() throws {
        let bench = try EvalFixtures.benchmarks()
        let e = try evaluator(batch: 5, benchmarks: bench)
        let items = try e.items()
        let whole = try e.run(items, model: CountingModel(), store: RowStore(url: try EvalFixtures.temporaryDirectory().appendingPathComponent("rows.jsonl")))

        let stateFile = try EvalFixtures.temporaryDirectory().appendingPathComponent("rows.jsonl")
        var calls = 0
        let first = CountingModel()
        #expect(throws: Stop.self) {
            _ = try e.run(items, model: first, store: RowStore(url: stateFile)) {
                calls += 1
                if calls > 4 { throw Stop() }
            }
        }
        #expect(first.scoredPrompts == 20)
        // A kill in the middle of a write leaves a torn last line.
        let handle = try FileHandle(forWritingTo: stateFile)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"cell\":\"template1_sib200_da".utf8))
        try handle.close()

        let second = CountingModel()
        let resumed = try e.run(items, model: second, store: RowStore(url: stateFile))
        #expect(resumed.resumed == 20 && resumed.answered == items.count - 20)
        #expect(second.scoredPrompts == items.count - 20)
        #expect(resumed.rows == whole.rows)
        #expect(try files(e, resumed.rows) == files(e, whole.rows))
        let lines = try String(contentsOf: stateFile, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == items.count)

        // Everything done: a third attempt asks the model nothing.
        let third = CountingModel()
        let again = try e.run(items, model: third, store: RowStore(url: stateFile))
        #expect(third.calls == 0 && again.resumed == items.count && again.rows == whole.rows)
    }

    @Test func aGoldAnswerOutsideTheOptionsStopsBeforeTheModelRuns() throws {
        let bench = try EvalFixtures.benchmarks(langs: ["en"])
        try EvalFixtures.write("index_id\tcategory\ttext\n1\tweather\tIt rained.\n", to: bench.appendingPathComponent("sib200/eng_Latn/test.tsv"))
        try EvalFixtures.write("weather\n", to: bench.appendingPathComponent("sib200/eng_Latn/labels.txt"))
        let e = Evaluator(settings: try EvalSettings(matrix: EvalMatrix(benchmarks: [.sib200], templates: ["template1"], dataLangs: ["en"], instrLangs: ["en"])),
                          templates: try EvalFixtures.templateSets(), loader: BenchmarkLoader(directory: bench))
        do {
            _ = try e.items()
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("test.tsv:2: gold answer 'weather' is not among the options"))
        }
    }

    @Test func batchesGroupPromptsThatOpenAlikeWithinABenchmarkTemplateAndDataLanguage() throws {
        let e = try evaluator(benchmarks: try EvalFixtures.benchmarks())
        let items = try e.items()
        let order = Evaluator.batchOrder(items)
        #expect(order.sorted() == Array(items.indices))
        // Groups stay where the matrix puts them, sorted by prompt inside.
        let groups = Dictionary(grouping: order.enumerated(), by: { "\(items[$0.element].cell.benchmark)/\(items[$0.element].cell.template)/\(items[$0.element].cell.dataLang)" })
        for (_, members) in groups {
            let positions = members.map(\.offset)
            #expect(positions.max()! - positions.min()! == positions.count - 1)
            let prompts = members.map { Array(items[$0.element].prompt.utf8) }
            #expect(zip(prompts, prompts.dropFirst()).allSatisfy { !$1.lexicographicallyPrecedes($0) })
        }
        // Template 2 of X-CSQA opens with the question: one example's prompts in both instruction languages sit together.
        let csqa2 = order.map { items[$0] }.filter { $0.cell.benchmark == .csqa && $0.cell.template == "template2" && $0.cell.dataLang == "en" }
        #expect(csqa2[0].example.id == csqa2[1].example.id && csqa2[0].cell.instrLang != csqa2[1].cell.instrLang)
    }

    @Test func matrixCellsUseTheStudysKeysInNestingOrder() {
        let m = EvalMatrix(benchmarks: [.xnli, .sib200, .xnli], templates: ["template1"], dataLangs: ["en", "zh"], instrLangs: ["en", "zh"])
        #expect(m.cells.map(\.key) == [
            "template1_xnli_data=en_instr=en", "template1_xnli_data=en_instr=zh", "template1_xnli_data=zh_instr=en", "template1_xnli_data=zh_instr=zh",
            "template1_sib200_data=en_instr=en", "template1_sib200_data=en_instr=zh", "template1_sib200_data=zh_instr=en", "template1_sib200_data=zh_instr=zh",
        ])
    }
}
