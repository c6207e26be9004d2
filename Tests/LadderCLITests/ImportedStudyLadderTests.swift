import Foundation
import LadderAnalysis
import LadderCore
import LadderReport
import LadderRun
import LadderStore
import Testing

/// A ladder that imports study-format results, scores them with two scorers and
/// analyses them: every planted effect must be found.
@Suite(.serialized)
struct ImportedStudyLadderTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fixture-\(UUID().uuidString)")

    func run(_ ladder: String) throws -> RunSummary {
        var o = RunOptions()
        o.store = dir.appendingPathComponent("runs").path
        o.jobs = 2
        return try RunService(progress: Progress(quiet: true)).run(ladderPath: ladder, options: o)
    }

    func snapshot(_ selector: String = "latest") throws -> RunSnapshot {
        let store = try Store.open(at: dir.appendingPathComponent("runs"), access: .shared)
        defer { store.close() }
        return try SnapshotLoader(store: store).load(selector)
    }

    @Test func plantedEffectsAreFoundAndAThirdScorerRerunsOnlyScoring() throws {
        let ladder = try StudyFixture.write(into: dir)
        let first = try run(ladder)
        #expect(first.failed == 0)
        // 7 evaluations (gappy-123 imports nothing) × 2 scorers + analysis
        #expect(first.steps.filter { $0.label.contains(".reparse@") }.count == 16)

        let snap = try snapshot()
        let result = try snap.analyze()
        let cmp = try ScorerComparison.compare(result, run: snap.label, scorerA: "strict-v1", scorerB: "refined-v1")
        let atConditionBenchmark = try #require(cmp.flips.first { $0.grain == .conditionBenchmark })
        let flipped = Set(atConditionBenchmark.flips.map { $0.unit.condition })
        #expect(flipped == ["native", "artefact"])

        // seeds are collapsed before cells are counted: multi is one cell with three seeds
        let multi = result.cells.filter { $0.key.condition == "multi" }
        #expect(multi.count == 2) // one per scorer
        #expect(multi.allSatisfy { $0.seeds.count == 3 })

        // the fixture's study files carry no example ids: every paired test pairs by position, and says so
        #expect(!result.significance.isEmpty && result.significance.allSatisfy { $0.pairing == .position })
        #expect(result.pairingSummary.hasPrefix("position (all \(result.significance.count) tests; "))

        // the missing session is a gap, not silently skipped
        #expect(result.gaps.contains { (gap: Gap) in gap.observation.condition == "gappy" && gap.observation.seed == "123" })

        // study-schema summaries, one per scorer per evaluation
        let store = try Store.open(at: dir.appendingPathComponent("runs"), access: .shared)
        let reparse = first.steps.first { $0.label.hasPrefix("native[seed=42].reparse@refined-v1") }!
        let out = store.objects.unverifiedPath(of: try #require(try store.database.outputs(stepKey: reparse.key)["out"]))
        store.close()
        let summary = try Value.parseJSON(Data(contentsOf: out.appendingPathComponent("native-42_summary_reparsed_template1.json")))
        #expect(summary["summary"]?["template1_sib200_data=en_instr=en_count"] == .int(30))
        #expect(summary["summary"]?["template1_sib200_data=en_instr=en_correct"] == .int(21))
        #expect(summary["reparse_metadata"]?["extractor_provenance"] != nil)

        // a third scorer: only its reparse steps and the analysis run
        try StudyFixture.write(into: dir, extraScorer: true)
        let third = try run(ladder)
        let executed = Set(third.steps.filter { $0.outcome == "executed" }.map(\.label))
        #expect(executed.allSatisfy { $0.hasSuffix("reparse@refined-v2") || $0.hasSuffix(".analysis") })
        #expect(executed.filter { $0.hasSuffix("reparse@refined-v2") }.count == 8)
        #expect(third.steps.filter { $0.outcome == "reused" }.count == 8 + 16) // every eval and the two earlier scorers
    }
}
