import Foundation
import Testing
import LadderCore
import LadderRun

/// Ctrl-C: once stops cleanly and records the run as interrupted; twice kills
/// the runner and its engines at once. Either way the next run resumes.
@Suite struct InterruptTests {
    static let yaml = """
    ladder: intr
    axes: {w: [a, b, c]}
    engines:
      sl: {run: [sh, slow.sh], files: [slow.sh]}
    steps:
      slow: {engine: sl, params: {word: "${w}"}}
    conditions:
      c: {cells: {w: [a, b, c]}, pipeline: [slow]}

    """

    /// Sleeps until the test creates `fast`; logs its pid so the test can see it end.
    static func slow(ignoringTerm: Bool) -> String {
        """
        \(ignoringTerm ? "trap '' TERM" : "")
        echo "start $(field word) $$" >> execs.log
        [ -f fast ] || sleep 30
        echo "$(field word)" > "$OUT/word.txt"
        ok

        """
    }

    /// Starts `ladder run --jobs 2` and waits until both first steps are running.
    static func startTwoSteps(_ t: TestLadder) throws -> LadderBinary.Running {
        let run = try LadderBinary.Running(["run", "l.yaml", "--jobs", "2"], in: t.dir, tag: "intr")
        let deadline = Date().addingTimeInterval(30)
        while t.lines("execs.log").count < 2 && Date() < deadline { usleep(20_000) }
        #expect(t.lines("execs.log").count == 2, "the engines did not start: \(run.stderr)")
        return run
    }

    static func enginePIDs(_ t: TestLadder) -> [Int32] {
        t.lines("execs.log").compactMap { $0.split(separator: " ").last.flatMap { Int32($0) } }
    }

    @Test(.enabled(if: LadderBinary.available, "the ladder executable is not built beside the tests"))
    func oneCtrlCEndsRunningStepsRecordsTheRunInterruptedAndTheNextRunResumes() throws {
        let t = try TestLadder()
        defer { t.remove() }
        try t.write("l.yaml", Self.yaml)
        try t.script("slow.sh", Self.slow(ignoringTerm: false))
        let run = try Self.startTwoSteps(t)
        kill(run.pid, SIGINT)
        #expect(run.wait() == 130, "\(run.stderr)")
        #expect(run.stderr.contains("stopping"))
        for pid in Self.enginePIDs(t) { #expect(ProcessProbe.waitUntilGone(pid), "engine \(pid) still runs") }

        let status = try LadderBinary.run(["status", "--json"], in: t.dir, tag: "status")
        let json = try Value.parseJSON(Data(status.stdout.utf8))
        #expect(json["status"]?.stringValue == "interrupted")
        #expect(json["interrupted"]?.intValue == 2)
        #expect(json["skipped"]?.intValue == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: t.storePath + "/tmp").isEmpty)

        try t.write("fast", "")
        let resumed = try LadderBinary.run(["run", "l.yaml", "--json"], in: t.dir, tag: "resume")
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try Value.parseJSON(Data(resumed.stdout.utf8))["executed"]?.intValue == 3)
    }

    @Test(.enabled(if: LadderBinary.available, "the ladder executable is not built beside the tests"))
    func secondCtrlCKillsTheRunnerAndEnginesThatIgnoreTheFirst() throws {
        let t = try TestLadder()
        defer { t.remove() }
        try t.write("l.yaml", Self.yaml)
        try t.script("slow.sh", Self.slow(ignoringTerm: true))
        let run = try Self.startTwoSteps(t)
        kill(run.pid, SIGINT)
        // Two signals close together may arrive as one; send the second once the first was seen.
        let deadline = Date().addingTimeInterval(10)
        while !run.stderr.contains("stopping") && Date() < deadline { usleep(20_000) }
        kill(run.pid, SIGINT)
        #expect(run.wait() == 128 + SIGKILL, "\(run.stderr)")
        // The runner's delayed SIGKILL died with it; only the second Ctrl-C itself can end these.
        for pid in Self.enginePIDs(t) { #expect(ProcessProbe.waitUntilGone(pid, seconds: 5), "engine \(pid) survived") }

        try t.write("fast", "")
        let resumed = try LadderBinary.run(["run", "l.yaml", "--json"], in: t.dir, tag: "resume")
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try Value.parseJSON(Data(resumed.stdout.utf8))["executed"]?.intValue == 3)
        let runs = try LadderBinary.run(["runs", "--json"], in: t.dir, tag: "runs")
        let statuses = (try Value.parseJSON(Data(runs.stdout.utf8)).arrayValue ?? []).compactMap { $0["status"]?.stringValue }
        #expect(statuses == ["succeeded", "interrupted"])
    }

    @Test(.enabled(if: LadderBinary.available, "the ladder executable is not built beside the tests"))
    func secondCtrlCLeavesTheCallersProcessGroupAlone() throws {
        let t = try TestLadder()
        defer { t.remove() }
        try t.write("l.yaml", Self.yaml)
        try t.script("slow.sh", Self.slow(ignoringTerm: true))
        // The runner shares its process group with a sibling, as it does with `make`
        // or the rest of a shell pipeline; the group is not the test's own.
        let ladder = try #require(LadderBinary.url).path
        let caller = Process()
        caller.executableURL = URL(fileURLWithPath: "/bin/sh")
        caller.arguments = ["-c", "sleep 302 & echo $! > sibling.pid; exec '\(ladder)' run l.yaml --jobs 2 2> runner.err"]
        caller.currentDirectoryURL = t.dir
        caller.standardInput = FileHandle.nullDevice
        try caller.run()
        let sibling = try #require(Int32(waitForLine("sibling.pid", in: t)), "the sibling did not start")
        defer { kill(sibling, SIGKILL) }
        let deadline = Date().addingTimeInterval(30)
        while t.lines("execs.log").count < 2 && Date() < deadline { usleep(20_000) }
        #expect(t.lines("execs.log").count == 2, "the engines did not start: \(t.read("runner.err"))")
        kill(caller.processIdentifier, SIGINT)
        let seen = Date().addingTimeInterval(10)
        while !t.read("runner.err").contains("stopping") && Date() < seen { usleep(20_000) }
        kill(caller.processIdentifier, SIGINT)
        // Not `waitUntilExit()`: Foundation waits for every holder of the runner's status
        // pipe, and the sibling holds one until it ends.
        #expect(ProcessProbe.waitUntilGone(caller.processIdentifier, seconds: 10), "the runner survived a second Ctrl-C")
        #expect(t.read("runner.err").contains("killed"), "\(t.read("runner.err"))")
        for pid in Self.enginePIDs(t) { #expect(ProcessProbe.waitUntilGone(pid, seconds: 5), "engine \(pid) survived") }
        usleep(200_000)
        #expect(ProcessProbe.isRunning(sibling), "the second Ctrl-C killed a process of the runner's group that is not an engine")
        kill(sibling, SIGKILL)
        caller.waitUntilExit()
    }

    /// The first line of a file the test is waiting for (up to ten seconds).
    func waitForLine(_ name: String, in t: TestLadder) -> String {
        for _ in 0..<500 {
            if let line = t.lines(name).first { return line }
            usleep(20_000)
        }
        return ""
    }
}
