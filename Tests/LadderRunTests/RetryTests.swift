import Foundation
import Testing
import LadderRun
import LadderStore

/// Retry policies (`retry: {attempts, on_exit, on_timeout}`) and resuming a
/// per-item step from its ledger across attempts.
@Suite struct RetryTests {
    /// One step whose engine `flaky.sh` is declared with `retry`.
    static func ladder(retry: String, time: String = "10s") -> String {
        """
        ladder: retries
        axes: {w: [a]}
        engines:
          fl: {run: [sh, flaky.sh], files: [flaky.sh], retry: \(retry), resources: {time: \(time)}}
        steps:
          flaky: {engine: fl}
        conditions:
          c: {cells: {w: [a]}, pipeline: [flaky]}

        """
    }

    /// Runs the ladder and returns the summary, the lines of `tries.log` and the recorded attempts.
    static func run(retry: String, time: String = "10s", body: String) throws -> (RunSummary, [String], [AttemptRecord]) {
        let t = try TestLadder()
        defer { t.remove() }
        try t.write("l.yaml", ladder(retry: retry, time: time))
        try t.script("flaky.sh", "echo \"attempt $(field attempt)\" >> tries.log\n" + body)
        let s = try t.run()
        let key = try #require(s.line("c[w=a].flaky")?.key)
        let attempts = try t.openShared().database.attempts(stepKey: key)
        return (s, t.lines("tries.log"), attempts)
    }

    @Test func exitCodeListedInOnExitIsRetriedUpToTheDeclaredAttempts() throws {
        let (s, tries, attempts) = try Self.run(retry: "{attempts: 3, on_exit: [75]}", body: "exit 75\n")
        #expect(s.labels("failed") == ["c[w=a].flaky"])
        #expect(tries == ["attempt 1", "attempt 2", "attempt 3"])
        #expect(attempts.map(\.status) == [.failed, .failed, .failed])
        #expect(attempts.map(\.exitStatus) == [75, 75, 75])
        #expect(s.line("c[w=a].flaky")?.reason?.contains("status 75") == true)
    }

    @Test func exitCodeNotListedInOnExitIsNotRetried() throws {
        let (s, tries, attempts) = try Self.run(retry: "{attempts: 3, on_exit: [75]}", body: "exit 1\n")
        #expect(s.labels("failed") == ["c[w=a].flaky"])
        #expect(tries == ["attempt 1"])
        #expect(attempts.count == 1)
    }

    @Test func retriedStepThatSucceedsLaterCountsAsExecuted() throws {
        let (s, tries, attempts) = try Self.run(retry: "{attempts: 4, on_exit: [75]}", body: """
            if [ "$(field attempt)" -lt 3 ]; then exit 75; fi
            echo done > "$OUT/x"
            ok

            """)
        #expect(s.labels("executed") == ["c[w=a].flaky"])
        #expect(tries == ["attempt 1", "attempt 2", "attempt 3"])
        #expect(attempts.map(\.status) == [.failed, .failed, .succeeded])
    }

    @Test func timeOutIsRetriedOnlyWhenThePolicySaysSo() throws {
        let hang = "sleep 20\n"
        let (_, retried, _) = try Self.run(retry: "{attempts: 2, on_timeout: true}", time: "1s", body: hang)
        #expect(retried == ["attempt 1", "attempt 2"])
        let (s, once, _) = try Self.run(retry: "{attempts: 2, on_exit: [75]}", time: "1s", body: hang)
        #expect(once == ["attempt 1"])
        #expect(s.line("c[w=a].flaky")?.reason?.contains("time limit") == true)
    }

    @Test func laterAttemptReceivesDoneItemsAndKeepsStateDirectoryAndTheLedgerAddsUp() throws {
        let t = try TestLadder()
        defer { t.remove() }
        try t.write("l.yaml", Self.ladder(retry: "{attempts: 2, on_exit: [75]}"))
        // Attempt 1 finishes i1 and i2, fails i3 and exits 75; attempt 2 must
        // be told i1 and i2 are done, find its own note in state_dir, and do only i3.
        try t.script("flaky.sh", """
            STATE=$(field state_dir)
            N=$(field attempt)
            DONE=$(sed -n '/"done_items"/,/]/p' "$REQ" | grep -o '"i[0-9]"' | tr -d '"' | tr '\\n' ' ')
            echo "attempt $N done: $DONE state: $(cat "$STATE/note" 2>/dev/null)" >> tries.log
            if [ "$N" = 1 ]; then
              echo "from attempt 1" > "$STATE/note"
              printf '{"status": "failed", "message": "i3 broke", "items": [{"id": "i1", "status": "ok"}, {"id": "i2", "status": "ok"}, {"id": "i3", "status": "failed", "error": "boom"}]}' > "$RES"
              exit 75
            fi
            echo all > "$OUT/x"
            printf '{"status": "ok", "items": [{"id": "i3", "status": "ok", "output": "x"}]}' > "$RES"

            """)
        let s = try t.run()
        #expect(s.labels("executed") == ["c[w=a].flaky"])
        #expect(t.lines("tries.log") == ["attempt 1 done:  state: ", "attempt 2 done: i1 i2  state: from attempt 1"])

        let store = try t.openShared()
        let key = try #require(s.line("c[w=a].flaky")?.key)
        let ledger = try store.database.ledger(stepKey: key)
        #expect(ledger.map(\.itemID) == ["i1", "i2", "i3"])
        #expect(ledger.map(\.status) == ["ok", "ok", "ok"])
        #expect(ledger.map(\.attempts) == [1, 1, 2])
        #expect(!FileManager.default.fileExists(atPath: t.storePath + "/state/" + key), "state_dir outlived the step's success")
    }
}
