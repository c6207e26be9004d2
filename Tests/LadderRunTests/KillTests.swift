import Foundation
import Testing
import LadderCore
import LadderRun
import LadderStore

/// The crash test of the runner: SIGKILL `ladder run` at many random moments,
/// re-run each time, then check that nothing was lost, nothing finished ran
/// twice, and the result is what one uninterrupted run makes.
@Suite struct KillTests {
    /// Every step carries `round`, so bumping it gives the ladder all new work.
    static func yaml(round: Int) -> String {
        """
        ladder: kill
        axes: {w: [a, b, c, d, z]}
        engines:
          st: {run: [sh, step.sh], files: [step.sh]}
        steps:
          one: {engine: st, params: {word: "${w}", n: 1, round: \(round)}}
          two: {engine: st, inputs: {x: previous}, params: {word: "${w}", n: 2, round: \(round)}}
          three: {engine: st, inputs: {x: previous}, params: {word: "${w}", n: 3, round: \(round)}}
          join: {engine: st, inputs: {x: all.three}, params: {word: all, n: 4, round: \(round)}}
        conditions:
          c: {cells: {w: [a, b, c, d]}, pipeline: [one, two, three]}
          s: {cells: {w: [z]}, pipeline: [join]}
        paths:
          three: {of: three, path: "three/${w}"}
          join: {of: join, path: "join"}

        """
    }

    /// Logs its execution key first, sleeps a little, then writes a small tree
    /// that depends only on its parameters and inputs.
    static let step = """
    KEY=$(field step)
    N=$(field n)
    WORD=$(field word)
    echo "$KEY" >> execs.log
    case $N in 1) sleep 0.05;; 2) sleep 0.2;; 3) sleep 0.1;; *) sleep 0.15;; esac
    mkdir "$OUT/sub"
    echo "step $N of $WORD in round $(field round)" > "$OUT/own.txt"
    for p in $(sed -n '/^    "x": {/,/^    }/p' "$REQ" | sed -n '/"paths"/,/]/p' | sed -n 's/^ *"\\(\\/.*\\)",*$/\\1/p'); do
      cat "$p/own.txt" "$p/sub/up.txt"
    done > "$OUT/sub/up.txt"
    ok

    """

    static func create(round: Int = 1) throws -> TestLadder {
        let t = try TestLadder()
        try t.write("l.yaml", yaml(round: round))
        try t.script("step.sh", step)
        return t
    }

    /// Label → output object of every step, as a final (all-reused) run sees them.
    static func outputs(_ t: TestLadder) throws -> [String: ObjectHash] {
        let s = try t.run()
        #expect(s.labels("executed").isEmpty, "a finished ladder executed \(s.labels("executed"))")
        let db = try t.openShared().database
        var out: [String: ObjectHash] = [:]
        for line in s.steps { out[line.label] = try db.outputs(stepKey: line.key)["out"] }
        return out
    }

    @Test(.enabled(if: LadderBinary.available, "the ladder executable is not built beside the tests"))
    func repeatedSigkillThenRerunCompletesWithIdenticalOutputsAndNoFinishedStepRunsAgain() throws {
        let t = try Self.create()
        defer { t.remove() }
        var random = SplitMix64(seed: 0x1add_e7)
        // After kill i: how many executions had been logged, and which of those keys had succeeded.
        var snapshots: [(logged: Int, succeeded: Set<String>)] = []
        var round = 1
        for i in 0..<20 {
            let run = try LadderBinary.Running(["run", "l.yaml", "--jobs", "2"], in: t.dir, tag: "kill\(i)")
            usleep(UInt32(20_000 + random.next() % 500_000))
            kill(run.pid, SIGKILL)
            let status = run.wait()
            if status != 128 + SIGKILL {
                #expect(status == 0, "run \(i) ended with \(status): \(run.stderr)")
                // It finished before the kill: give the next runs new work.
                round += 1
                try t.write("l.yaml", Self.yaml(round: round))
            }
            // Engines of a killed runner finish on their own; let them, so the
            // next run starts from a quiet store, as a person re-running would.
            let left = ProcessProbe.waitForNone(mentioning: t.storePath)
            #expect(left.isEmpty, "engine processes still running after 10 s: \(left)")
            let logged = t.lines("execs.log")
            let succeeded = try t.openShared().database.succeededOutputs(keys: Array(Set(logged))).keys
            snapshots.append((logged.count, Set(succeeded)))
        }

        let final = try LadderBinary.run(["run", "l.yaml", "--json"], in: t.dir, tag: "final")
        #expect(final.status == 0, "\(final.stderr)")
        let summary = try Value.parseJSON(Data(final.stdout.utf8))
        #expect(summary["failed"]?.intValue == 0)
        #expect((summary["executed"]?.intValue ?? -1) + (summary["reused"]?.intValue ?? -1) == 13)

        let executions = t.lines("execs.log")
        for (i, snap) in snapshots.enumerated() {
            let again = executions[snap.logged...].filter(snap.succeeded.contains)
            #expect(again.isEmpty, "after kill \(i), finished steps ran again: \(again)")
        }

        let fsck = try LadderBinary.run(["fsck"], in: t.dir, tag: "fsck")
        #expect(fsck.status == 0, "\(fsck.stdout)\(fsck.stderr)")
        let runs = try t.openShared().database.runs(limit: 100)
        #expect(runs.count <= 21, "a kill during start-up records no run; never more than one per start")
        // Whether some run finished between kills (round > 1) depends on the machine's load,
        // so it is not asserted; every property above holds either way.
        #expect(runs.allSatisfy { $0.status == .interrupted || $0.status == .succeeded }, "\(runs.map(\.status))")

        let fresh = try Self.create(round: round)
        defer { fresh.remove() }
        try fresh.run()
        let expected = try Self.outputs(fresh)
        #expect(expected.count == 13)
        #expect(try Self.outputs(t) == expected)
        #expect(t.read("runs/views/kill/join/sub/up.txt") == fresh.read("runs/views/kill/join/sub/up.txt"))
    }
}

/// A small seeded generator so a failing sequence of kill delays can be replayed.
struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt32 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return UInt32(truncatingIfNeeded: z ^ (z >> 31))
    }
}
