import Foundation
import LadderCore
import Testing

/// An engine that outlives a SIGKILLed runner is stopped by the next run
/// before the store's scratch space is cleared.
@Suite(.serialized)
struct OrphanTests {
    @Test(.enabled(if: LadderBinary.available, "needs the built ladder binary"))
    func nextRunKillsEnginesLeftByAKilledRunner() throws {
        let t = try TestLadder()
        defer { t.remove() }
        let marker = "39.\(Int.random(in: 100...999))" // a sleep length no other process uses
        try t.script("slow.sh", """
        sleep "$SLOW"
        echo done > "$OUT/x.txt"
        ok
        """)
        try t.write("l.yaml", """
        ladder: orphans
        axes: {a: [x]}
        engines: {slow: {run: [sh, slow.sh], env: [SLOW]}}
        steps: {s: {engine: slow}}
        conditions: {c: {pipeline: [s]}}
        """)
        let first = try LadderBinary.Running(["run", "l.yaml"], in: t.dir, tag: "first", environment: ["SLOW": marker])
        var started = false
        for _ in 0..<100 where !started {
            started = !ProcessProbe.processes(mentioning: marker).isEmpty
            usleep(50_000)
        }
        #expect(started, "the engine never started")
        kill(first.pid, SIGKILL)
        first.wait()
        #expect(!ProcessProbe.processes(mentioning: marker).isEmpty, "the engine should outlive its killed runner")
        let second = try LadderBinary.run(["run", "l.yaml"], in: t.dir, tag: "second", environment: ["SLOW": "0"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(ProcessProbe.waitForNone(mentioning: marker, seconds: 5).isEmpty, "the orphaned engine is still running")
    }
}
