import Foundation
import GRDB
import Testing
import LadderCore
import LadderRun
import LadderStore

/// A state-database write that fails is never ignored: a failed attempt-record
/// commit fails its step with the database's message, and a failed outcome
/// record fails the run.
@Suite struct DatabaseFaultTests {
    /// Creates the store, then makes SQLite refuse `sql`'s kind of write with `message`.
    static func refuse(_ t: TestLadder, trigger sql: String) throws {
        try t.openExclusive().close()
        let db = try DatabaseQueue(path: t.storePath + "/state.sqlite")
        try db.write { try $0.execute(sql: sql) }
        try db.close()
    }

    @Test func attemptWhoseEndCannotBeCommittedFailsItsStepWithTheDatabaseError() throws {
        let t = try WordsLadder.create()
        defer { t.remove() }
        try Self.refuse(t, trigger: """
            CREATE TRIGGER refuse_attempt_end BEFORE UPDATE OF status ON attempts WHEN NEW.status <> 'running'
            BEGIN SELECT RAISE(ABORT, 'injected: the disk is full'); END
            """)
        let s = try t.run(keepGoing: true)
        #expect(s.labels("executed").isEmpty, "a step whose end was not recorded counts as executed: \(s.text)")
        #expect(s.labels("failed") == ["c[w=a].make", "c[w=b].make", "c[w=c].make", "d[w=z].make"])
        #expect(s.labels("skipped").count == 4)
        let reason = s.line("c[w=a].make")?.reason ?? ""
        #expect(reason.contains("could not be recorded in the state database"), "\(reason)")
        #expect(reason.contains("injected: the disk is full"), "\(reason)")
    }

    @Test func stepOutcomeThatCannotBeRecordedFailsTheRun() throws {
        let t = try WordsLadder.create()
        defer { t.remove() }
        try Self.refuse(t, trigger: """
            CREATE TRIGGER refuse_outcomes BEFORE INSERT ON run_steps
            BEGIN SELECT RAISE(ABORT, 'injected: no room for outcomes'); END
            """)
        do {
            try t.run()
            Issue.record("the run succeeded without recording its steps")
        } catch {
            #expect("\(error)".contains("state-database error"), "\(error)")
            #expect("\(error)".contains("injected: no room for outcomes"), "\(error)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: t.storePath + "/tmp").isEmpty,
                "the run returned while steps were still running")
    }
}
