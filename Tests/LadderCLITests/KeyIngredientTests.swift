import Foundation
import LadderCore
import LadderEngines
import LadderRun
import LadderStore
import Testing

/// docs/keys.md: every ingredient of a step's output is in the key reuse is decided by.
/// Changing one re-runs exactly the steps that depend on it, and nothing else.
@Suite(.serialized)
struct KeyIngredientTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString)")

    @discardableResult
    func run(_ ladder: String, registry: EngineRegistry = .standard) throws -> RunSummary {
        var o = RunOptions()
        o.store = dir.appendingPathComponent("runs").path
        o.jobs = 2
        return try RunService(registry: registry, progress: Progress(quiet: true)).run(ladderPath: ladder, options: o)
    }

    func executed(_ s: RunSummary) -> Set<String> { Set(s.steps.filter { $0.outcome == "executed" }.map(\.label)) }

    @Test func editingAnImportedFileRerunsItsImportScoringAndAnalysisOnly() throws {
        let ladder = try StudyFixture.write(into: dir)
        try run(ladder)
        let file = dir.appendingPathComponent("results/native-42_results_template1.json")
        var rows = StudyFixture.rows("native", right: 20, wrong: 10)
        rows[0]["raw_output"] = "sports"
        try StudyFixture.resultsJSON(rows).write(to: file)
        let second = try run(ladder)
        #expect(executed(second) == ["native[seed=42].eval", "native[seed=42].reparse@strict-v1",
                                     "native[seed=42].reparse@refined-v1", "analysis[].analysis"])
    }

    @Test func editingAScorerDeclarationRerunsThatScorersStepsAndAnalysisOnly() throws {
        let ladder = try StudyFixture.write(into: dir, extraScorer: true)
        try run(ladder)
        let text = try String(contentsOfFile: ladder, encoding: .utf8)
        try text.replacingOccurrences(of: "\"ٹیکنالوجی\": science/technology", with: "\"ٹیکنالوجی\": science/technology, \"qqsportsqq\": sports")
            .write(toFile: ladder, atomically: true, encoding: .utf8)
        let second = try run(ladder)
        let ran = executed(second)
        #expect(ran.filter { $0.hasSuffix("reparse@refined-v2") }.count == 8)
        #expect(ran.subtracting(ran.filter { $0.hasSuffix("reparse@refined-v2") }) == ["analysis[].analysis"])
    }

    @Test func changingAParameterRerunsOnlyItsStep() throws {
        let ladder = try StudyFixture.write(into: dir)
        try run(ladder)
        let text = try String(contentsOfFile: ladder, encoding: .utf8)
        try text.replacingOccurrences(of: "noise_floor: 0.01", with: "noise_floor: 0.02").write(toFile: ladder, atomically: true, encoding: .utf8)
        #expect(executed(try run(ladder)) == ["analysis[].analysis"])
    }

    @Test func changingAnEnginesCodeRerunsExactlyThatEnginesStepsAndWhatTheirOutputsChange() throws {
        let ladder = try StudyFixture.write(into: dir)
        let first = try run(ladder)
        let rebuilt = RebuiltEngine.registry(replacing: "reparse", codeHash: String(repeating: "ab", count: 32))
        let second = try run(ladder, registry: rebuilt)
        // Every reparse step re-runs; its bytes are the same, so the analysis is reused (early cutoff).
        #expect(executed(second) == Set(first.steps.filter { $0.label.contains(".reparse@") }.map(\.label)))
        #expect(second.steps.filter { $0.label.hasSuffix(".eval") }.allSatisfy { $0.outcome == "reused" })
        // The same code again: nothing runs.
        #expect(executed(try run(ladder, registry: rebuilt)).isEmpty)
    }

    @Test func changingALanguagePackRerunsExactlyTheTranspileSteps() throws {
        let ladder = try PackLadder.write(into: dir)
        let first = try run(ladder)
        #expect(first.failed == 0)
        let changed = RebuiltEngine.registry(replacing: "transpile", stepData: .string("pack edited"))
        let second = try run(ladder, registry: changed)
        #expect(executed(second) == ["c[lang=es].transpile", "c[lang=zh].transpile"])
        #expect(second.steps.filter { $0.label.hasSuffix(".count") }.allSatisfy { $0.outcome == "reused" })
    }
}

/// subset → transpile (zh, es) → a shell step, over five small Python files.
enum PackLadder {
    static func write(into dir: URL) throws -> String {
        let corpus = dir.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        for i in 0..<5 {
            try "def f\(i)(x):\n    if x > \(i):\n        return True\n    return False\n"
                .write(to: corpus.appendingPathComponent("m\(i).py"), atomically: true, encoding: .utf8)
        }
        let ladder = """
        ladder: packs
        axes: {lang: [zh, es]}
        sources: {code: {path: corpus}}
        steps:
          subset: {engine: subset, inputs: {corpus: source.code}, params: {size: 3, seed: 1, validation: 0.0, filters: {license: null, min_stars: null, lines: null, near_dedup: null}}}
          transpile: {engine: transpile, inputs: {files: previous}, params: {lang: "${lang}"}}
          count: {engine: shell, inputs: {files: previous}, params: {argv: [sh, -c, "ls $IN_FILES > $OUT/listing.txt"]}}
        conditions:
          c: {cells: {lang: [zh, es]}, pipeline: [subset, transpile, count]}
        """
        let path = dir.appendingPathComponent("packs.yaml").path
        try ladder.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
