import Foundation
import Testing
import LadderCore
import LadderRun
import LadderStore

/// The store under attack: bytes changed on disk, and two runs at once.
@Suite struct StoreFaultTests {
    /// Flips the content of `word.txt` inside a stored output tree, as a bad disk or a stray editor would.
    static func corrupt(_ t: TestLadder, output hash: ObjectHash) throws {
        let store = try t.openShared()
        let dir = store.objects.unverifiedPath(of: hash)
        let file = dir.appendingPathComponent("word.txt")
        chmod(dir.path, 0o755)
        chmod(file.path, 0o644)
        try Data("hello tampered\n".utf8).write(to: file)
        chmod(file.path, 0o444)
        chmod(dir.path, 0o555)
    }

    static func output(_ t: TestLadder, of s: RunSummary, _ label: String) throws -> ObjectHash {
        let key = try #require(s.line(label)?.key)
        return try #require(try t.openShared().database.outputs(stepKey: key)["out"])
    }

    @Test func fsckReportsACorruptObjectAndTheNextRunRerunsTheStepThatMadeIt() throws {
        let t = try WordsLadder.create()
        defer { t.remove() }
        let first = try t.run()
        let hash = try Self.output(t, of: first, "c[w=b].make")
        try Self.corrupt(t, output: hash)

        let store = try t.openExclusive()
        let report = try store.fsck()
        store.close()
        #expect(!report.isClean)
        #expect(report.corrupt == [hash])

        let second = try t.run()
        #expect(second.labels("executed") == ["c[w=b].make"])
        #expect(second.labels("reused").count == 7, "identical bytes again, so c[w=b].again is reused")
        #expect(try Self.output(t, of: second, "c[w=b].make") == hash)
        let again = try t.openExclusive()
        defer { again.close() }
        #expect(try again.fsck().isClean)
    }

    @Test func corruptObjectIsDetectedOnReadWithoutFsck() throws {
        let t = try WordsLadder.create()
        defer { t.remove() }
        let first = try t.run()
        let hash = try Self.output(t, of: first, "c[w=a].make")
        try Self.corrupt(t, output: hash)

        let second = try t.run()
        #expect(second.labels("executed") == ["c[w=a].make"])
        let path = try t.openShared().objects.unverifiedPath(of: hash).appendingPathComponent("word.txt")
        #expect((try? String(contentsOf: path, encoding: .utf8)) == "hello a\n")
    }

    @Test func secondRunOnALockedStoreRefusesNamingTheHolder() throws {
        let t = try WordsLadder.create()
        defer { t.remove() }
        let holder = try t.openExclusive()
        defer { holder.close() }
        do {
            try t.run()
            Issue.record("the second run did not refuse")
        } catch {
            let message = "\(error)"
            #expect(message.contains("in use by pid \(getpid())"), "\(message)")
            #expect(message.contains("wait"), "\(message)")
        }
        #expect(t.lines("execs.log").isEmpty)
    }

    @Test func secondRunWithWaitRunsOnceTheHolderLetsGo() throws {
        let t = try WordsLadder.create()
        defer { t.remove() }
        let holder = try t.openExclusive()
        let released = DispatchSemaphore(value: 0)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) {
            holder.close()
            released.signal()
        }
        let s = try t.run(lockWait: 30)
        released.wait()
        #expect(s.labels("executed") == WordsLadder.allLabels)
    }

    @Test func runAfterAProcessDiedMidRunRecoversItsState() throws {
        let t = try WordsLadder.create()
        defer { t.remove() }
        let first = try t.run()
        // What a `ladder run` killed while re-making c[w=a].make leaves: a run and
        // an attempt marked running, and a half-written work directory.
        let dead = try t.openExclusive()
        let run = try dead.database.beginRun(NewRun(name: "dead", ladderPath: t.ladderPath, ladderHash: "x"))
        _ = try dead.database.beginAttempt(stepKey: try #require(first.line("c[w=a].make")?.key), runID: run.id)
        let work = try dead.makeWorkDirectory(label: "half")
        try Data("partial".utf8).write(to: work.appendingPathComponent("out.txt"))
        dead.close()

        let s = try t.run()
        #expect(s.labels("executed") == ["c[w=a].make"], "the interrupted step runs again, nothing else")
        #expect(s.labels("reused").count == 7)
        let store = try t.openShared()
        #expect(try store.database.run(named: "dead")?.status == .interrupted)
        #expect(try FileManager.default.contentsOfDirectory(atPath: t.storePath + "/tmp").isEmpty)
    }
}
