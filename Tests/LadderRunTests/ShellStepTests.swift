import Foundation
import Testing
import LadderCore
import LadderEngines
import LadderRun
import LadderStore

/// A `shell` step is stopped like an external engine: on its time limit, on
/// Ctrl-C, and by the next run when its runner was SIGKILLed — its whole
/// process group each time, children included.
@Suite(.serialized)
struct ShellStepTests {
    /// One `shell` step: writes `$OUT/x` once the file `fast` exists, else starts
    /// `sleep SECONDS` in the background (its pid in `child.pid`) and waits for it.
    static func ladder(_ t: TestLadder, sleep seconds: String, time: String? = nil, ignoringTerm: Bool = false) throws {
        let dir = t.dir.path
        let script = "\(ignoringTerm ? "trap '' TERM; " : "")if [ -f '\(dir)/fast' ]; then echo done > \"$OUT/x\"; "
            + "else sleep \(seconds) & echo $! > '\(dir)/child.pid'; wait; fi"
        try t.write("l.yaml", """
        ladder: shells
        axes: {a: [x]}
        steps:
          s:
            engine: shell
            params: {argv: [sh, -c, \(Value.string(script).canonicalJSON)]}
            \(time.map { "resources: {time: \($0)}" } ?? "")
        conditions: {c: {pipeline: [s]}}

        """)
    }

    /// The pid of the step's background `sleep`, once it has started (up to ten seconds).
    /// Field 5 of `/proc/<pid>/stat`: the process group.
    static func processGroup(of pid: Int32) -> Int32? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 2 ? Int32(fields[2]) : nil
    }

    static func child(_ t: TestLadder) -> Int32? {
        for _ in 0..<500 {
            if let pid = Int32(t.read("child.pid").trimmingCharacters(in: .whitespacesAndNewlines)) { return pid }
            usleep(20_000)
        }
        return nil
    }

    @Test func shellStepPastItsTimeLimitFailsAsTimedOutAndItsChildIsGone() throws {
        let t = try TestLadder()
        defer { t.remove() }
        try Self.ladder(t, sleep: "36", time: "1s")
        let started = Date()
        let s = try t.run()
        #expect(Date().timeIntervalSince(started) < 15)
        #expect(s.labels("failed") == ["c[].s"])
        let reason = s.line("c[].s")?.reason ?? ""
        #expect(reason.contains("timed out after 1 s"), "\(reason)")
        let child = try #require(Self.child(t))
        #expect(ProcessProbe.waitUntilGone(child, seconds: 5), "the shell step's child \(child) outlived its time-out")
        let attempt = try t.openShared().database.latestAttempt(stepKey: try #require(s.line("c[].s")?.key))
        #expect(attempt?.status == .failed && attempt?.reason == reason)
    }

    @Test func ctrlCThroughInterruptStopsARunningShellStepAndItsChildren() throws {
        let t = try TestLadder()
        defer { t.remove() }
        try Self.ladder(t, sleep: "35")
        let interrupt = Interrupt(endRunner: { Issue.record("one Ctrl-C must not end the runner") })
        let summary = Locked<RunSummary?>(nil)
        let ended = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            summary.set(try? t.run(interrupt: interrupt))
            ended.signal()
        }
        let child = try #require(Self.child(t), "the shell step never started")
        interrupt.signalled()
        #expect(ended.wait(timeout: .now() + 15) == .success, "the run did not stop")
        let s = try #require(summary.get())
        #expect(s.interrupted)
        #expect(s.labels("interrupted") == ["c[].s"])
        #expect(ProcessProbe.waitUntilGone(child, seconds: 5), "the shell step's child \(child) outlived Ctrl-C")
    }

    @Test func secondCtrlCKillsEngineGroupsAndThenEndsTheRunnerNotItsProcessGroup() throws {
        let t = try TestLadder()
        defer { t.remove() }
        try Self.ladder(t, sleep: "34", ignoringTerm: true)
        let ends = Locked(0)
        // Only this run's engine groups: other tests run engines in this process at the same time.
        let group = Locked<Int32>(0)
        let interrupt = Interrupt(endRunner: { ends.set(ends.get() + 1) },
                                  killEngines: { EngineProcessGroups.shared.killAll(where: { $0 == group.get() }) })
        let ended = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = try? t.run(interrupt: interrupt)
            ended.signal()
        }
        let child = try #require(Self.child(t), "the shell step never started")
        let leader = try #require(Self.processGroup(of: child), "the shell step's child has no process group")
        #expect(ProcessProbe.eventually { EngineProcessGroups.shared.all.contains(leader) }, "the shell step's group \(leader) is not registered")
        group.set(leader)
        // Both at once: the first asks the engine to stop (it ignores SIGTERM, and the
        // runner's own SIGKILL would follow only two seconds later); the second kills now.
        interrupt.signalled()
        interrupt.signalled()
        #expect(ProcessProbe.waitUntilGone(child, seconds: 1.9), "the second Ctrl-C left the step's child \(child) running")
        #expect(ends.get() == 1, "the runner was not ended exactly once")
        #expect(ended.wait(timeout: .now() + 15) == .success)
    }

    @Test(.enabled(if: LadderBinary.available, "needs the built ladder binary"))
    func nextRunKillsAShellCommandLeftByAKilledRunner() throws {
        let t = try TestLadder()
        defer { t.remove() }
        let marker = "33.\(Int.random(in: 100...999))" // a sleep length no other process uses
        try Self.ladder(t, sleep: marker)
        let first = try LadderBinary.Running(["run", "l.yaml"], in: t.dir, tag: "first")
        let child = try #require(Self.child(t), "the shell step never started")
        // The runner marks the command's group right after starting it; kill it once it has.
        var marked = false
        for _ in 0..<500 where !marked {
            let work = (try? FileManager.default.contentsOfDirectory(atPath: t.storePath + "/tmp")) ?? []
            marked = work.contains { FileManager.default.fileExists(atPath: t.storePath + "/tmp/\($0)/engine.pgid") }
            if !marked { usleep(20_000) }
        }
        #expect(marked, "the command's process group was never marked for orphan cleanup")
        kill(first.pid, SIGKILL)
        first.wait()
        #expect(ProcessProbe.isRunning(child), "the command should outlive its killed runner")
        try t.write("fast", "")
        let second = try LadderBinary.run(["run", "l.yaml"], in: t.dir, tag: "second")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(ProcessProbe.waitForNone(mentioning: marker, seconds: 5).isEmpty, "the orphaned command is still running")
    }
}

/// A value shared with a thread.
final class Locked<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T
    init(_ value: T) { self.value = value }
    func get() -> T { lock.lock(); defer { lock.unlock() }; return value }
    func set(_ v: T) { lock.lock(); value = v; lock.unlock() }
}
