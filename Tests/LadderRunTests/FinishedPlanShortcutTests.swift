import Foundation
import Testing
import LadderCore
import LadderEngines
import LadderPlan
@testable import LadderRun
import LadderStore

/// A re-run of a plan the store already finished is recorded in a few statements
/// (`FinishedPlanShortcut`): it must leave exactly what the step-by-step path leaves,
/// and stand only while nothing it depends on changed.
@Suite struct FinishedPlanShortcutTests {
    /// Runs the ladder in-process and quietly, with or without the shortcut.
    @discardableResult
    func run(_ t: TestLadder, shortcut: Bool = true, only: String? = nil) throws -> RunSummary {
        var o = RunOptions()
        o.store = t.storePath
        o.jobs = 2
        o.only = only
        var service = RunService(progress: Progress(quiet: true, isTTY: false))
        service.usesFinishedPlans = shortcut
        return try service.run(ladderPath: t.ladderPath, options: o)
    }

    /// The summary as `--json` prints it, without what differs between any two runs.
    func printed(_ s: RunSummary) -> String {
        var o = s.json.objectValue ?? [:]
        for k in ["run", "name", "seconds"] { o[k] = nil }
        return Value.object(o).canonicalJSON
    }

    /// What a run left in the state database, without its id.
    func recorded(_ t: TestLadder, run: Int64) throws -> [String] {
        let store = try t.openShared()
        defer { store.close() }
        let outcomes = try store.database.runSteps(run: run).map { "\($0.stepKey) \($0.outcome) \($0.seconds.map { "\($0)" } ?? "-") \($0.reason ?? "-")" }
        let planSteps = try store.database.runPlanSteps(run: run).map { "\($0.planKey) \($0.stepKey) \($0.usersJSON)" }
        return outcomes + planSteps
    }

    /// Each identity of the plan with the run that last served it.
    func identityRuns(_ t: TestLadder) throws -> [String: Int64] {
        let plan = try LadderLoader(registry: .standard).plan(t.ladderPath)
        let store = try t.openShared()
        defer { store.close() }
        let ids = plan.steps.flatMap { $0.users.map(ReasonFinder.identity) }
        return try store.database.lastSuccesses(identities: ids).mapValues { $0.runID ?? -1 }
    }

    func sharedKeyLadder() throws -> TestLadder {
        let t = try TestLadder()
        try t.write("l.yaml", SameExecutionKeyTests.yaml)
        try t.script("make.sh", SameExecutionKeyTests.make)
        try t.script("slow.sh", SameExecutionKeyTests.slow.replacingOccurrences(of: "sleep 1\n", with: ""))
        return t
    }

    @Test(arguments: ["words", "shared execution key"])
    func aRerunThroughTheShortcutLeavesWhatTheStepByStepPathLeaves(_ ladder: String) throws {
        let t = ladder == "words" ? try WordsLadder.create() : try sharedKeyLadder()
        defer { t.remove() }
        let first = try run(t)
        #expect(first.failed == 0 && !first.replayedFinishedPlan)
        let slow = try run(t, shortcut: false)
        let slowIdentities = try identityRuns(t)
        let fast = try run(t)
        #expect(!slow.replayedFinishedPlan)
        #expect(fast.replayedFinishedPlan, "the finished plan was not taken")
        #expect(printed(fast) == printed(slow))
        #expect(fast.steps.map(\.planKey) == slow.steps.map(\.planKey), "lines in the scheduler's order")
        #expect(try recorded(t, run: fast.runID) == recorded(t, run: slow.runID))
        #expect(slowIdentities.values.allSatisfy { $0 == slow.runID } && !slowIdentities.isEmpty)
        #expect(try identityRuns(t) == slowIdentities.mapValues { _ in fast.runID })
        #expect(t.lines("execs.log").count == (ladder == "words" ? 8 : 3), "a re-run started an engine")
    }

    @Test func aCorruptOutputLeavesTheRunToTheSchedulerWhichRerunsItsStep() throws {
        let t = try WordsLadder.create()
        defer { t.remove() }
        let first = try run(t)
        let hash = try #require(first.line("c[w=b].make")).key
        let store = try t.openShared()
        let out = try #require(try store.database.outputs(stepKey: hash)["out"])
        let path = store.objects.unverifiedFilePath(of: out) + "/word.txt"
        store.close()
        chmod((path as NSString).deletingLastPathComponent, 0o755)
        chmod(path, 0o644)
        try Data("hello tampered\n".utf8).write(to: URL(fileURLWithPath: path))

        let second = try run(t)
        #expect(!second.replayedFinishedPlan)
        #expect(second.labels("executed") == ["c[w=b].make"])
        #expect(second.line("c[w=b].make")?.why?.text.contains("corrupt") == true, "\(second.line("c[w=b].make")?.why?.text ?? "")")
        #expect(try run(t).replayedFinishedPlan, "the run after the repair finished the plan again")
    }

    @Test func aChangedParameterOrASelectionNeverTakesTheShortcut() throws {
        let t = try WordsLadder.create()
        defer { t.remove() }
        try run(t)
        #expect(try run(t, only: "condition=c").replayedFinishedPlan == false)
        try t.write("l.yaml", WordsLadder.yaml.replacingOccurrences(of: "word: zed", with: "word: zeta"))
        let changed = try run(t)
        #expect(!changed.replayedFinishedPlan)
        #expect(changed.labels("executed") == ["d[w=z].again", "d[w=z].make"])
        #expect(try run(t).replayedFinishedPlan)
        try t.write("l.yaml", WordsLadder.yaml)
        let back = try run(t)
        #expect(back.replayedFinishedPlan == false, "the first plan's record went stale when the store changed")
        #expect(back.labels("executed").isEmpty && back.labels("reused") == WordsLadder.allLabels)
    }

    @Test func aStepThatFailedSinceLeavesTheRunToTheScheduler() throws {
        let t = try WordsLadder.create()
        defer { t.remove() }
        let first = try run(t)
        let key = try #require(first.line("c[w=a].again")).key
        let store = try t.openExclusive()
        // Another attempt at the same execution key (as `ladder engine run` or a second ladder sharing
        // the store would make) fails: the step's status is failed now.
        let attempt = try store.database.beginAttempt(stepKey: key, runID: nil)
        try store.database.finishAttempt(attempt.id, end: .failed(reason: "exit status 1"), exitStatus: 1)
        store.close()
        let second = try run(t)
        #expect(!second.replayedFinishedPlan)
        #expect(second.labels("executed") == ["c[w=a].again"])
    }

    @Test func theSettleOrderPutsEveryStepAfterItsUpstreamSteps() throws {
        let t = try WordsLadder.create()
        defer { t.remove() }
        let plan = try LadderLoader(registry: .standard).plan(t.ladderPath)
        let order = FinishedPlanShortcut.settleOrder(plan)
        #expect(order.sorted() == Array(plan.steps.indices))
        var seen = Set<String>()
        for i in order {
            #expect(plan.steps[i].upstreamKeys.allSatisfy { seen.contains($0) })
            seen.insert(plan.steps[i].key)
        }
    }
}
