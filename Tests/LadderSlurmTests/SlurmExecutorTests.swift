import Foundation
import Testing
import LadderCore
import LadderRun
import LadderSlurm
import LadderStore

/// The Slurm executor's whole path on a stand-in cluster (`FakeSlurm`): the
/// head writes tasks into the job spool, jobs run `ladder exec-step`, the head
/// ingests their results. Needs the built `ladder` binary.
@Suite(.serialized, .enabled(if: SlurmTestLadder.binary != nil, "needs the built ladder binary (jobs run `ladder exec-step`)"))
struct SlurmExecutorTests {
    @Test func builtinStepsUnderTheSlurmExecutorStoreTheSameBytesAsALocalRun() throws {
        let t = try SlurmTestLadder(SlurmTestLadder.builtinYAML)
        defer { t.remove() }
        try t.write("corpus.jsonl", SlurmTestLadder.corpus(files: 30))
        let local = try t.run(store: "local", client: nil)
        let cluster = FakeSlurm()
        let slurm = try t.run(store: "slurm", client: cluster)
        #expect(local.failed == 0 && slurm.failed == 0, "\(local.text)\n\(slurm.text)")
        #expect(slurm.count("executed") == 4, "\(slurm.text)")
        // subset, then transpile and one train (different engines), then the other train.
        #expect(cluster.submitted == 4)
        let a = try t.outputs(local, store: "local"), b = try t.outputs(slurm, store: "slurm")
        #expect(a.count == 4 && Set(a.keys) == Set(b.keys))
        for label in a.keys.sorted() {
            let d = SlurmTestLadder.firstDifference(try #require(a[label]), try #require(b[label]))
            #expect(d == nil, "\(label): \(d ?? "")")
        }
        // Job names carry the step key; the spool is empty once results are ingested.
        let keys = Set(slurm.steps.map(\.key))
        #expect(cluster.submissions.allSatisfy { args in keys.contains { args.contains("--job-name=ladder-\($0)") } })
        #expect(cluster.arraysSubmitted == 0)
        #expect(JobSpool(storeRoot: t.url("slurm")).pendingKeys().isEmpty)
        // Attempts and logs are in the database as for a local run.
        let store = try Store.open(at: t.url("slurm"), access: .shared)
        for s in slurm.steps { #expect(try store.database.attempts(stepKey: s.key).map(\.status) == [.succeeded]) }
        // A second run reuses everything and submits nothing.
        let again = try t.run(store: "slurm", client: cluster)
        #expect(again.count("reused") == 4 && cluster.submitted == 4)
    }

    /// `--detach` leaves jobs running when the head stops; the next run adopts them,
    /// whether they finished meanwhile or still run, and re-runs nothing.
    @Test func aLaterRunAdoptsFinishedAndRunningJobsInsteadOfResubmitting() throws {
        let t = try SlurmTestLadder("")
        defer { t.remove() }
        try t.write("l.yaml", SlurmTestLadder.waitingYAML(dir: t.dir))
        let cluster = FakeSlurm()
        let interrupt = Interrupt()
        let first = try runInBackground(t, cluster, interrupt: interrupt, detach: true)
        try waitUntil { t.lines("execs.log").count == 3 }
        interrupt.request()
        let stopped = try first.value()
        #expect(stopped.interrupted && stopped.count("interrupted") == 3, "\(stopped.text)")
        #expect(cluster.cancelCount == 0)
        // The jobs finish while no head is running; their results wait in the spool.
        try t.write("go", "")
        cluster.waitForAll()
        let spool = JobSpool(storeRoot: t.url("runs"))
        #expect(spool.pendingKeys().count == 3 && spool.pendingKeys().allSatisfy { spool.result($0)?.status == "succeeded" })
        let second = try t.run(client: cluster)
        #expect(second.count("executed") == 3 && second.failed == 0, "\(second.text)")
        #expect(cluster.submitted == 1, "nothing is resubmitted (the three steps went as one array)")
        #expect(t.lines("execs.log").count == 3, "executions: \(t.lines("execs.log"))")
        #expect(spool.pendingKeys().isEmpty)
        let third = try t.run(client: cluster)
        #expect(third.count("reused") == 3)
    }

    @Test func aJobStillRunningWhenTheHeadRestartsIsAdoptedNotResubmitted() throws {
        let t = try SlurmTestLadder("")
        defer { t.remove() }
        try t.write("l.yaml", SlurmTestLadder.waitingYAML(dir: t.dir))
        let cluster = FakeSlurm()
        let interrupt = Interrupt()
        let first = try runInBackground(t, cluster, interrupt: interrupt, detach: true)
        try waitUntil { t.lines("execs.log").count == 3 }
        interrupt.request()
        _ = try first.value()
        // The head is back while every job still runs; they finish during the new run.
        let second = try runInBackground(t, cluster, interrupt: Interrupt(), detach: false)
        usleep(500_000)
        try t.write("go", "")
        let summary = try second.value()
        #expect(summary.count("executed") == 3 && summary.failed == 0, "\(summary.text)")
        #expect(cluster.submitted == 1, "nothing is resubmitted (the three steps went as one array)")
        #expect(t.lines("execs.log").count == 3)
    }

    @Test func ctrlCCancelsSubmittedJobsAndTheNextRunSubmitsThemAgain() throws {
        let t = try SlurmTestLadder("")
        defer { t.remove() }
        // One job a step (arrays off), as the ladder may ask.
        try t.write("l.yaml", SlurmTestLadder.waitingYAML(dir: t.dir) + "executor: {kind: slurm, arrays: false}\n")
        let cluster = FakeSlurm()
        let interrupt = Interrupt()
        let first = try runInBackground(t, cluster, interrupt: interrupt, detach: false)
        try waitUntil { t.lines("execs.log").count == 3 }
        interrupt.request()
        let stopped = try first.value()
        #expect(stopped.interrupted && stopped.count("interrupted") == 3, "\(stopped.text)")
        #expect(cluster.cancelCount == 3)
        cluster.waitForAll()
        #expect(JobSpool(storeRoot: t.url("runs")).pendingKeys().isEmpty)
        try t.write("go", "")
        let second = try t.run(client: cluster)
        #expect(second.count("executed") == 3 && cluster.submitted == 6, "\(second.text)")
    }

    /// Three steps of one engine with the same resources, ready together: one job array;
    /// each task finds its own step, and a restart adopts the tasks like single jobs.
    @Test func stepsOfOneEngineReadyTogetherGoAsOneJobArray() throws {
        let t = try SlurmTestLadder("")
        defer { t.remove() }
        try t.write("l.yaml", SlurmTestLadder.waitingYAML(dir: t.dir))
        let cluster = FakeSlurm()
        let interrupt = Interrupt()
        let first = try runInBackground(t, cluster, interrupt: interrupt, detach: true)
        try waitUntil { t.lines("execs.log").count == 3 }
        #expect(cluster.submitted == 1 && cluster.arraysSubmitted == 1)
        #expect(t.lines("execs.log").sorted() == ["a", "b", "c"])
        interrupt.request()
        _ = try first.value()
        let second = try runInBackground(t, cluster, interrupt: Interrupt(), detach: false)
        usleep(300_000)
        try t.write("go", "")
        let summary = try second.value()
        #expect(summary.count("executed") == 3 && summary.failed == 0, "\(summary.text)")
        #expect(cluster.submitted == 1, "the array's tasks were adopted")
        #expect(JobSpool(storeRoot: t.url("runs")).pendingKeys().isEmpty)
        let arrays = t.url("runs/jobs/arrays").path
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: arrays)) ?? []).isEmpty, "the array's directory is removed")
        let store = try Store.open(at: t.url("runs"), access: .shared)
        for s in summary.steps {
            let out = store.objects.unverifiedPath(of: try #require(try store.database.outputs(stepKey: s.key)["out"]))
            let word = try String(contentsOf: out.appendingPathComponent("w.txt"), encoding: .utf8)
            #expect(s.label.contains("w=\(word.trimmingCharacters(in: .whitespacesAndNewlines))"), "\(s.label) got \(word)")
        }
    }

    @Test func aJobThatDiesWithoutAResultFailsWithSlurmsDecodedExitStatus() throws {
        let t = try SlurmTestLadder("")
        defer { t.remove() }
        try t.write("go", "")
        try t.write("l.yaml", SlurmTestLadder.waitingYAML(dir: t.dir).replacingOccurrences(of: "[a, b, c]", with: "[a]"))
        let cluster = FakeSlurm()
        cluster.crashNext = true
        let r = try t.run(client: cluster)
        #expect(r.failed == 1)
        let reason = r.steps.first?.reason ?? ""
        #expect(reason.contains("FAILED (exit status 3)"), "\(reason)")
        let store = try Store.open(at: t.url("runs"), access: .shared)
        let attempt = try #require(try store.database.attempts(stepKey: r.steps[0].key).last)
        #expect(attempt.status == .failed && attempt.exitStatus == 3)
    }

    @Test func aStepThatFailsInItsJobReportsTheEnginesOwnReason() throws {
        let t = try SlurmTestLadder("""
        ladder: fails
        axes: {a: [x]}
        steps:
          s: {engine: shell, params: {argv: [sh, -c, "echo boom >&2; exit 2"]}}
        conditions: {c: {pipeline: [s]}}

        """)
        defer { t.remove() }
        let r = try t.run(client: FakeSlurm())
        #expect(r.failed == 1)
        #expect(r.steps.first?.reason?.contains("2") == true, "\(r.steps.first?.reason ?? "")")
        #expect(r.steps.first?.reason?.contains("Slurm job") == false, "the result file is trusted over Slurm's view")
    }

    @Test func aRequestNoNodeCanSatisfyFailsAtSubmitTime() throws {
        let t = try SlurmTestLadder("""
        ladder: big
        axes: {a: [x]}
        steps:
          s: {engine: shell, params: {argv: [sh, -c, "echo hi > $OUT/x"]}, resources: {cpus: 64}}
        conditions: {c: {pipeline: [s]}}

        """)
        defer { t.remove() }
        let cluster = FakeSlurm()
        let r = try t.run(client: cluster)
        #expect(r.failed == 1 && cluster.submitted == 0)
        #expect(r.steps.first?.reason?.contains("largest node: 8 cpus") == true, "\(r.steps.first?.reason ?? "")")
    }

    /// A per-item engine preempted in its job (exit 75, retried there): the head ingests
    /// both attempts, the captured log and the item ledger, and the output is the one an
    /// uninterrupted local run makes.
    @Test(.enabled(if: SlurmExecutorTests.python, "python3 is not installed"))
    func attemptsLedgerAndLogOfAJobReachTheDatabase() throws {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let t = try SlurmTestLadder("""
        ladder: wc
        axes: {m: [1]}
        sources:
          texts: {path: texts}
        engines:
          wc: {run: [python3, word_count.py], files: [word_count.py], env: [WORD_COUNT_STOP_AFTER], retry: {attempts: 3, on_exit: [75]}}
        steps:
          count: {engine: wc, inputs: {texts: source.texts}, params: {min_length: "${m}"}}
        conditions:
          c: {cells: {m: [1]}, pipeline: [count]}

        """)
        defer { t.remove() }
        try FileManager.default.copyItem(at: repo.appendingPathComponent("engines/examples/word_count.py"), to: t.url("word_count.py"))
        try t.write("texts/a.txt", "The cat and the hat.\n")
        try t.write("texts/b.txt", "Dogs bark; cats purr.\n")
        try t.write("texts/sub/c.txt", "Words words WORDS everywhere\n")
        let local = try t.run(store: "local", client: nil)
        let cluster = FakeSlurm()
        cluster.environment = ["WORD_COUNT_STOP_AFTER": "2"]
        let slurm = try t.run(store: "slurm", client: cluster)
        #expect(slurm.count("executed") == 1 && cluster.submitted == 1, "\(slurm.text)")
        let key = try #require(slurm.steps.first?.key)
        let a = try Store.open(at: t.url("local"), access: .shared), b = try Store.open(at: t.url("slurm"), access: .shared)
        #expect(try b.database.outputs(stepKey: key) == (try a.database.outputs(stepKey: key)))
        #expect(try b.database.metrics(keys: [key]) == (try a.database.metrics(keys: [key])))
        let attempts = try b.database.attempts(stepKey: key)
        #expect(attempts.map(\.status) == [.failed, .succeeded])
        #expect(attempts.first?.exitStatus == 75)
        #expect(attempts.allSatisfy { $0.runID == slurm.runID && $0.logHash != nil })
        let ledger = try b.database.ledger(stepKey: key)
        #expect(ledger.map(\.itemID) == ["a.txt", "b.txt", "sub/c.txt"])
        #expect(ledger.map(\.attempts) == [1, 1, 1], "an item was counted twice")
        #expect(ledger.map(\.extraJSON) == (try a.database.ledger(stepKey: key)).map(\.extraJSON))
        #expect(try RunQueries(store: b).log(String(key.prefix(12))).contains("counted"))
    }

    static let python: Bool = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        .split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/python3") }

    /// Nodes that are other hosts and a store on a local file system: the run is
    /// refused before anything is recorded or submitted, with what to do.
    @Test func aStoreTheNodesCannotSeeIsRefusedBeforeTheRunStarts() throws {
        let t = try SlurmTestLadder("")
        defer { t.remove() }
        try t.write("l.yaml", SlurmTestLadder.waitingYAML(dir: t.dir))
        let cluster = FakeSlurm(sinfo: "gpu-node-1|8|16000|(null)|debug*\ngpu-node-2|8|16000|(null)|debug*\n")
        var message = ""
        do { _ = try t.run(client: cluster) } catch { message = "\(error)" }
        #expect(message.contains("gpu-node-1") && message.contains("--store"), "\(message)")
        #expect(cluster.submitted == 0)
        #expect(try Store.open(at: t.url("runs"), access: .shared).database.runs(limit: 10).isEmpty)
    }

    @Test func detachWithoutAClusterExecutorIsBadInputAndRecordsNoRun() throws {
        let t = try SlurmTestLadder("")
        defer { t.remove() }
        try t.write("l.yaml", SlurmTestLadder.waitingYAML(dir: t.dir))
        let head = try RealSlurm.Head(["run", "l.yaml", "--detach"], in: t.dir, tag: "detach")
        #expect(head.wait() == 2)
        #expect(head.stderr.contains("--detach needs an executor"), "\(head.stderr)")
        #expect(try Store.open(at: t.url("runs"), access: .shared).database.runs(limit: 10).isEmpty)
        let bad = try RealSlurm.Head(["run", "l.yaml", "--executor", "pbs"], in: t.dir, tag: "pbs")
        #expect(bad.wait() == 2)
        #expect(bad.stderr.contains("choose local or slurm"))
        #expect(t.lines("execs.log").isEmpty)
    }

    // MARK: helpers

    final class Background: @unchecked Sendable {
        var result: Result<RunSummary, any Error>?
        let done = DispatchSemaphore(value: 0)
        func value() throws -> RunSummary {
            guard done.wait(timeout: .now() + 90) == .success, let result else { throw LadderError.io("the run did not end") }
            return try result.get()
        }
    }

    func runInBackground(_ t: SlurmTestLadder, _ cluster: FakeSlurm, interrupt: Interrupt, detach: Bool) throws -> Background {
        let b = Background()
        Thread.detachNewThread {
            b.result = Result { try t.run(client: cluster, interrupt: interrupt, detach: detach) }
            b.done.signal()
        }
        return b
    }

    func waitUntil(_ timeout: TimeInterval = 60, _ condition: () -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !condition() {
            guard Date() < deadline else { throw LadderError.io("timed out waiting") }
            usleep(50_000)
        }
    }
}
