import Foundation
import Testing
@testable import LadderStore

@Test func aSecondWriterIsRefusedWithTheHoldersPid() throws {
    let s = try Scratch()
    let first = try s.open()
    do {
        _ = try Store.open(at: s.store, access: .exclusive(wait: 0), command: "ladder run second")
        Issue.record("two writers held the store")
    } catch let StoreError.locked(_, holder) {
        #expect(holder.contains("pid \(getpid())"))
        #expect(holder.contains("test"))
    }
    first.close()
    #expect(try Store.open(at: s.store, access: .exclusive(wait: 0)).isExclusive)
}

@Test func aWaitingWriterGetsTheLockWhenTheHolderLetsGo() throws {
    let s = try Scratch()
    let first = try s.open()
    let released = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
        usleep(200_000)
        first.close()
        released.signal()
    }
    let second = try Store.open(at: s.store, access: .exclusive(wait: 60))
    #expect(second.isExclusive)
    released.wait()
}

@Test func readersDoNotNeedTheLock() throws {
    let s = try Scratch()
    let writer = try s.open()
    let run = try writer.database.beginRun(NewRun(ladderPath: "l", ladderHash: "h"))
    let reader = try s.open(.shared)
    #expect(try reader.database.latestRun()?.id == run.id)
    #expect(throws: StoreError.self) { try reader.database.endRun(run.id, status: .succeeded) }
}

@Test func aSharedOpenOfANonStoreSaysSo() throws {
    let s = try Scratch()
    #expect(throws: StoreError.noStore(path: s.store.path)) { try s.open(.shared) }
}

@Test(.enabled(if: Tools.hasPython, "python3 is needed to hold the lock from a second process"))
func aLockHeldByAKilledProcessDoesNotBlock() throws {
    let s = try Scratch()
    try s.open().close()
    let lock = s.store.appendingPathComponent("lock").path
    let child = try Child(Tools.python!, ["-c", """
        import fcntl, os, sys, time
        f = open(sys.argv[1], 'r+')
        fcntl.flock(f, fcntl.LOCK_EX)
        f.truncate(0); f.write('pid %d\\n' % os.getpid()); f.flush()
        print('ready', flush=True)
        time.sleep(120)
        """, lock])
    #expect(child.waitFor("ready"))
    do {
        _ = try s.open()
        Issue.record("the lock held by another process was ignored")
    } catch let StoreError.locked(_, holder) {
        #expect(holder.hasPrefix("pid \(child.process.processIdentifier)"))
    }
    child.killHard()
    #expect(try s.open().isExclusive)
}

@Test(.enabled(if: Tools.hasPython, "python3 is needed to write the database from a second process"))
func aDatabaseLeftByAProcessKilledMidTransactionRecovers() throws {
    let s = try Scratch()
    let store = try s.open()
    try store.database.upsertSteps([StepRecord(key: "committed", engine: "e")])
    store.close()
    let db = s.store.appendingPathComponent("state.sqlite").path
    // A big uncommitted transaction spills pages into the WAL before the kill.
    let child = try Child(Tools.python!, ["-c", """
        import sqlite3, sys, time
        con = sqlite3.connect(sys.argv[1], isolation_level=None)
        con.execute('PRAGMA cache_size = 100')
        con.execute('BEGIN IMMEDIATE')
        for i in range(20000):
            con.execute("INSERT INTO steps (key, engine, identity, params, ingredients, status, updated) VALUES (?, 'e', '{}', ?, '{}', 'planned', 0)",
                        ('k%d' % i, '{"pad": "%s"}' % ('x' * 200)))
        con.execute("UPDATE steps SET status = 'failed' WHERE key = 'committed'")
        print('ready', flush=True)
        time.sleep(120)
        """, db])
    #expect(child.waitFor("ready"))
    let wal = FileIO.lstatOrNil(db + "-wal")
    #expect((wal?.st_size ?? 0) > 0)
    child.killHard()

    let reopened = try s.open()
    #expect(try reopened.database.integrityProblems().isEmpty)
    let steps = try reopened.database.steps(keys: ["committed", "k0", "k19999"])
    #expect(steps.keys.sorted() == ["committed"])
    #expect(steps["committed"]?.status == .planned)
    try reopened.database.upsertSteps([StepRecord(key: "after", engine: "e")])
    #expect(try reopened.database.steps(keys: ["after"]).count == 1)
}

@Test func leftoversOfAKilledRunAreCleanedAndMarkedInterruptedOnOpen() throws {
    let s = try Scratch()
    let store = try s.open()
    try store.database.upsertSteps([StepRecord(key: "k", engine: "e")])
    let run = try store.database.beginRun(NewRun(ladderPath: "l", ladderHash: "h"))
    _ = try store.database.beginAttempt(stepKey: "k", runID: run.id)
    // Half-written output and a half-copied ingest, as a kill would leave them.
    let work = try store.makeWorkDirectory(label: "k")
    try FileManager.default.createDirectory(at: work.appendingPathComponent("out/deep"), withIntermediateDirectories: true)
    try Data("partial".utf8).write(to: work.appendingPathComponent("out/deep/part"))
    chmod(work.appendingPathComponent("out/deep").path, 0o555)
    try FileManager.default.createDirectory(at: s.store.appendingPathComponent("tmp/.ingest-dead"), withIntermediateDirectories: true)
    store.close()

    let next = try s.open()
    #expect(next.recovery.tmpEntriesRemoved == 2)
    #expect(next.recovery.runsInterrupted == 1)
    #expect(next.recovery.attemptsInterrupted == 1)
    #expect(try FileManager.default.contentsOfDirectory(atPath: s.store.appendingPathComponent("tmp").path).isEmpty)
    #expect(try next.database.run(id: run.id)?.status == .interrupted)
    #expect(try next.database.steps(keys: ["k"])["k"]?.status == .interrupted)
    #expect(try next.database.runSteps(run: run.id).map(\.outcome) == [.interrupted])
    #expect(try next.database.latestAttempt(stepKey: "k")?.status == .interrupted)
}

@Test func aSharedOpenAfterTheWriterIsGoneReadsWhatItCommitted() throws {
    let s = try Scratch()
    var runID: Int64 = 0
    do {
        let writer = try s.open()
        runID = try writer.database.beginRun(NewRun(name: "gone", ladderPath: "l", ladderHash: "h")).id
        writer.close()
    }
    let reader = try s.open(.shared)
    #expect(try reader.database.resolveRun("gone").id == runID)
    #expect(try reader.database.journalMode() == "wal")
}
