import Foundation
import Testing
import LadderEngines
import LadderPlan
import LadderRun
import LadderStore

/// The run summary and the plan, as a person reads them, held in golden files
/// (`Golden/`; rewrite with `LADDER_RECORD_GOLDEN=1` and review the diff): a
/// first run, a run that does nothing, a one-parameter change, a failure.
@Suite struct SummaryGoldenTests {
    /// The summary with the parts that differ between machines fixed: total time, temporary paths.
    func stable(_ s: RunSummary, _ t: TestLadder, verbose: Bool = false) -> String {
        var s = s
        s.seconds = 0
        return s.render(verbose: verbose).replacingOccurrences(of: t.dir.path, with: "DIR")
    }

    func planText(_ t: TestLadder) throws -> String {
        let plan = try LadderLoader().plan(t.ladderPath)
        let (status, whys) = PlanStatus(plan: plan).statusAndReasons(storePath: t.storePath)
        return PlanRenderer(plan: plan, status: status, whys: whys).text.replacingOccurrences(of: t.dir.path, with: "DIR")
    }

    @Test func firstRunNoOpRunAndOneParameterChange() throws {
        let t = try WordsLadder.create()
        defer { t.remove() }
        try Golden.check(try planText(t), named: "plan-fresh.txt")
        try Golden.check(stable(try t.run(), t), named: "run-first.txt")
        let noop = try t.run()
        let noopText = stable(noop, t)
        #expect(noopText.split(separator: "\n").count <= 4, "a no-op run prints a few lines:\n\(noopText)")
        try Golden.check(noopText, named: "run-noop.txt")
        try t.write("l.yaml", WordsLadder.yaml.replacingOccurrences(of: "word: zed", with: "word: zeta"))
        try Golden.check(try planText(t), named: "plan-param.txt")
        let changed = try t.run()
        try Golden.check(stable(changed, t), named: "run-param.txt")
        try Golden.check(stable(changed, t, verbose: true), named: "run-param-verbose.txt")
    }

    @Test func aFailureSummarisesItsSkippedStepsPerFailedRoot() throws {
        let t = try WordsLadder.create()
        defer { t.remove() }
        try t.script("make.sh", """
            WORD=$(field word)
            if [ "$WORD" = b ]; then echo "no b today" >&2; exit 3; fi
            \(WordsLadder.make.replacingOccurrences(of: "WORD=$(field word)\n", with: ""))
            """)
        let s = try t.run(keepGoing: true, jobs: 1)
        try Golden.check(stable(s, t), named: "run-failed.txt")
        try Golden.check(try planText(t), named: "plan-after-failure.txt")
        // `status` leads with the failure and counts the skipped steps per reason, whatever their hashes.
        let store = try t.openShared()
        defer { store.close() }
        let status = try RunQueries(store: store).status("latest").text
        try Golden.check(status.replacingOccurrences(of: t.dir.path, with: "DIR"), named: "status-failed.txt")
        let lines = status.split(separator: "\n")
        let failed = try #require(lines.firstIndex { $0.hasPrefix("  failed ") })
        #expect(lines.indices.filter { lines[$0].hasPrefix("  skipped ") }.allSatisfy { $0 > failed }, "\(status)")
    }

    @Test func aRunWithAnAnalysisEndsWithTheResultsTableBaselineFirst() throws {
        let t = try MiniDemoLadder.create()
        defer { t.remove() }
        let first = try t.run()
        #expect(first.failed == 0, "\(first.text)")
        let table = try #require(first.results, "an analysis ran: the summary carries its table")
        #expect(table.scorer == "strict-v1", "the first scorer the ladder declares")
        #expect(table.rows.map(\.arm) == ["baseline", "condition-1-en-s", "condition-2-ur-s"])
        #expect(table.benchmarks == ["sib200"])
        #expect(table.analysisPath.hasSuffix("views/mini-demo/demo/analysis"))
        #expect(table.executed, "the analysis executed in the first run")
        try Golden.check(stable(first, t), named: "run-analysis.txt")
        let again = try t.run()
        var reused = try #require(again.results)
        #expect(!reused.executed, "the second run reuses it")
        reused.executed = true
        #expect(reused == table, "a reused analysis shows the same table")
        #expect(stable(again, t).split(separator: "\n").count <= 8, "a no-op run stays short:\n\(stable(again, t))")
    }
}
