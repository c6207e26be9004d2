import Foundation
import Testing
import LadderCore
import LadderRun
import LadderStore

/// `ladder run --executor slurm` against a real Slurm cluster (CI starts a
/// single-node one with scripts/slurm-cluster.sh). Skipped, with the reason on
/// standard error, when no cluster answers.
@Suite(.serialized, .enabled(if: RealSlurm.available, "needs a running Slurm cluster (scripts/slurm-cluster.sh start)"))
struct RealSlurmTests {
    @Test func subsetTranspileAndTrainUnderSlurmStoreTheSameBytesAsALocalRun() throws {
        let t = try SlurmTestLadder(SlurmTestLadder.builtinYAML)
        defer { t.remove() }
        try t.write("corpus.jsonl", SlurmTestLadder.corpus(files: 30))
        let local = try t.run(store: "local", client: nil)
        let before = RealSlurm.lastJobID()
        let head = try RealSlurm.Head(["run", "l.yaml", "--executor", "slurm", "--store", "slurm", "--json"], in: t.dir, tag: "slurm")
        let status = head.wait()
        try #require(status == 0, "\(head.stderr)")
        let summary = try Value.parseJSON(Data(head.stdout.utf8))
        #expect(summary["executed"]?.intValue == 4, "\(head.stdout)")
        let store = try Store.open(at: t.url("slurm"), access: .shared)
        let localOutputs = try t.outputs(local, store: "local")
        for step in summary["steps"]?.arrayValue ?? [] {
            let label = try #require(step["label"]?.stringValue), key = try #require(step["key"]?.stringValue)
            let h = try #require(try store.database.outputs(stepKey: key)["out"])
            let d = SlurmTestLadder.firstDifference(try #require(localOutputs[label]), store.objects.unverifiedPath(of: h))
            #expect(d == nil, "\(label): \(d ?? "")")
        }
        // subset; transpile and the en model (two engines); the ur model: four jobs.
        #expect(RealSlurm.states(after: before) == ["COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED"])
    }

    /// The head is killed (kill -9) while its jobs run; they finish without it, and the
    /// restarted head adopts their results: nothing runs twice.
    @Test func aHeadKilledMidRunIsRestartedAndAdoptsItsJobs() throws {
        let t = try SlurmTestLadder("")
        defer { t.remove() }
        try t.write("l.yaml", SlurmTestLadder.waitingYAML(dir: t.dir, extra: "    resources: {cpus: 1, memory: 100M}"))
        let before = RealSlurm.lastJobID()
        let head = try RealSlurm.Head(["run", "l.yaml", "--executor", "slurm"], in: t.dir, tag: "first")
        try waitUntil { t.lines("execs.log").count >= 2 }
        kill(head.process.processIdentifier, SIGKILL)
        _ = head.wait()
        try t.write("go", "")
        let again = try RealSlurm.Head(["run", "l.yaml", "--executor", "slurm", "--json"], in: t.dir, tag: "second")
        let status = again.wait()
        try #require(status == 0, "\(again.stderr)")
        let summary = try Value.parseJSON(Data(again.stdout.utf8))
        #expect(summary["executed"]?.intValue == 3, "\(again.stdout)")
        #expect(t.lines("execs.log").sorted() == ["a", "b", "c"], "each step ran once: \(t.lines("execs.log"))")
        // One array of three tasks, each of which ran once; nothing submitted again.
        #expect(RealSlurm.states(after: before) == ["COMPLETED", "COMPLETED", "COMPLETED"], "\(RealSlurm.states(after: before))")
    }

    @Test func ctrlCCancelsTheRunsJobs() throws {
        let t = try SlurmTestLadder("")
        defer { t.remove() }
        try t.write("l.yaml", SlurmTestLadder.waitingYAML(dir: t.dir, extra: "    resources: {cpus: 1, memory: 100M}")
                    + "executor: {kind: slurm, arrays: false}\n")
        let before = RealSlurm.lastJobID()
        let head = try RealSlurm.Head(["run", "l.yaml", "--json"], in: t.dir, tag: "intr")
        try waitUntil { t.lines("execs.log").count >= 2 }
        kill(head.process.processIdentifier, SIGINT)
        let status = head.wait()
        #expect(status == 130, "\(head.stderr)")
        let summary = try Value.parseJSON(Data(head.stdout.utf8))
        #expect(summary["interrupted"]?.boolValue == true)
        // One job a step (the ladder's `executor:` turns arrays off), each cancelled.
        #expect(RealSlurm.states(after: before) == ["CANCELLED", "CANCELLED", "CANCELLED"], "\(RealSlurm.states(after: before))")
    }

    @Test func aRequestNoNodeCanSatisfyIsAnErrorAtSubmitTime() throws {
        let t = try SlurmTestLadder("""
        ladder: big
        axes: {a: [x]}
        steps:
          s: {engine: shell, params: {argv: [sh, -c, "echo hi > $OUT/x"]}, resources: {cpus: 4096}}
        conditions: {c: {pipeline: [s]}}

        """)
        defer { t.remove() }
        let head = try RealSlurm.Head(["run", "l.yaml", "--executor", "slurm"], in: t.dir, tag: "big")
        #expect(head.wait() == 1)
        #expect(head.stderr.contains("4096 cpus") && head.stderr.contains("largest node"), "\(head.stderr)")
    }

    func waitUntil(_ timeout: TimeInterval = 60, _ condition: () -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !condition() {
            guard Date() < deadline else { throw LadderError.io("timed out waiting") }
            usleep(100_000)
        }
    }
}
