import Foundation
import Testing
import LadderRun
import LadderStore

/// One way an engine can misbehave: what it does for word `a` (word `b`
/// behaves), and words the failure reason must contain.
struct EngineFault: CustomTestStringConvertible, Sendable {
    var name: String
    var body: String
    var reason: [String]

    var testDescription: String { name }

    static let all: [EngineFault] = [
        EngineFault(name: "crashes with exit status 3", body: "echo boom >&2; exit 3",
                    reason: ["exited with status 3"]),
        EngineFault(name: "is killed by a signal", body: "kill -9 $$",
                    reason: ["killed by signal 9"]),
        EngineFault(name: "hangs past its time limit", body: "sleep 30 & echo $! > hang.pid; wait",
                    reason: ["time limit of 1 s"]),
        EngineFault(name: "writes nothing", body: "ok; exit 0",
                    reason: ["wrote no outputs"]),
        EngineFault(name: "writes an absolute symlink", body: "ln -s /etc/passwd \"$OUT/leak\"; ok; exit 0",
                    reason: ["leak", "absolute path /etc/passwd"]),
        EngineFault(name: "writes a symlink that climbs out with ..", body: "mkdir \"$OUT/d\"; ln -s ../../../../.. \"$OUT/d/up\"; ok; exit 0",
                    reason: ["d/up", "leads outside the output directory"]),
        EngineFault(name: "writes a malformed result JSON", body: "echo x > \"$OUT/x\"; echo '{\"status\": ' > \"$RES\"; exit 0",
                    reason: ["malformed"]),
        EngineFault(name: "writes no result JSON", body: "echo x > \"$OUT/x\"; exit 0",
                    reason: ["no result file"]),
        EngineFault(name: "writes an unknown status word", body: "echo x > \"$OUT/x\"; echo '{\"status\": \"done\"}' > \"$RES\"; exit 0",
                    reason: ["'done'", "expected ok or failed"]),
        EngineFault(name: "reports failure itself", body: "echo '{\"status\": \"failed\", \"message\": \"disk full\"}' > \"$RES\"; exit 0",
                    reason: ["reported failure", "disk full"]),
    ]
}

@Suite struct EngineFaultTests {
    static let yaml = """
    ladder: faults
    axes: {w: [a, b]}
    engines:
      mk: {run: [sh, make.sh], files: [make.sh], resources: {time: 1s}}
      ag: {run: [sh, again.sh], files: [again.sh]}
    steps:
      make: {engine: mk, params: {word: "${w}"}}
      again: {engine: ag, inputs: {x: previous}}
    conditions:
      c: {cells: {w: [a, b]}, pipeline: [make, again]}

    """

    @Test(arguments: EngineFault.all)
    func faultyEngineFailsItsStepWithAClearReasonAndHarmsNothingElse(_ fault: EngineFault) throws {
        let t = try TestLadder()
        defer { t.remove() }
        try t.write("l.yaml", Self.yaml)
        try t.script("make.sh", """
            WORD=$(field word)
            if [ "$WORD" = a ]; then \(fault.body); fi
            printf 'hello %s\\n' "$WORD" > "$OUT/word.txt"
            ok

            """)
        try t.script("again.sh", WordsLadder.again)

        let s = try t.run(keepGoing: true)
        #expect(s.labels("failed") == ["c[w=a].make"])
        #expect(s.labels("skipped") == ["c[w=a].again"])
        #expect(s.labels("executed") == ["c[w=b].again", "c[w=b].make"])
        let reason = s.line("c[w=a].make")?.reason ?? ""
        for word in fault.reason {
            #expect(reason.contains(word), "reason '\(reason)' lacks '\(word)'")
        }
        #expect(s.line("c[w=a].again")?.reason?.contains("c[w=a].make") == true)

        // The failure is recorded with its reason; nothing half-written is left behind.
        let store = try t.openShared()
        let attempt = try store.database.latestAttempt(stepKey: try #require(s.line("c[w=a].make")?.key))
        #expect(attempt?.status == .failed)
        #expect(attempt?.reason == reason)
        let tmp = try FileManager.default.contentsOfDirectory(atPath: t.storePath + "/tmp")
        #expect(tmp.isEmpty, "work directories left: \(tmp)")

        if let pid = Int32(t.read("hang.pid").trimmingCharacters(in: .whitespacesAndNewlines)) {
            #expect(ProcessProbe.waitUntilGone(pid), "the hung engine's child \(pid) is still running")
        }
    }

    @Test func backgroundProcessLeftByAnEngineNeitherHoldsTheStepNorOutlivesIt() throws {
        let t = try TestLadder()
        defer { t.remove() }
        try t.write("l.yaml", Self.yaml)
        // Exits at once but leaves a child behind; the time limit is 1 s.
        try t.script("make.sh", """
            printf 'hello %s\\n' "$(field word)" > "$OUT/word.txt"
            ok
            sleep 30 > /dev/null 2>&1 &
            echo $! >> bg.pid
            exit 0

            """)
        try t.script("again.sh", WordsLadder.again)
        let s = try t.run()
        #expect(s.labels("executed").count == 4, "\(s.text)")
        for pid in t.lines("bg.pid").compactMap({ Int32($0) }) {
            #expect(ProcessProbe.waitUntilGone(pid), "background process \(pid) still runs")
        }
    }

    @Test func failureWithoutKeepGoingStopsLaunchingAndSkipsTheRest() throws {
        let t = try TestLadder()
        defer { t.remove() }
        try t.write("l.yaml", Self.yaml)
        try t.script("make.sh", "exit 4\n")
        try t.script("again.sh", WordsLadder.again)
        let s = try t.run(keepGoing: false, jobs: 1)
        #expect(s.labels("failed") == ["c[w=a].make"])
        #expect(s.labels("executed").isEmpty)
        #expect(s.labels("skipped") == ["c[w=a].again", "c[w=b].again", "c[w=b].make"])
        #expect(s.line("c[w=b].make")?.reason?.contains("--keep-going") == true)
    }
}
