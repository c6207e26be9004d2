import Foundation
import Testing

/// Small promises of the command line: usage mistakes are bad input (2), an unknown
/// run is bad input, `explain` lists the steps a template name covers, `log` says why
/// a skipped step has no log.
struct CommandLineContractTests {
    @Test(.enabled(if: LadderBinary.available, "needs the built ladder binary"))
    func usageMistakesAndUnknownRunsExitTwo() throws {
        let t = try WordsLadder.create()
        defer { t.remove() }
        let missing = try LadderBinary.run(["plan"], in: t.dir, tag: "usage")
        #expect(missing.status == 2, "\(missing.stderr)")
        #expect(missing.stderr.contains("Missing expected argument '<ladder>'"))
        try t.run()
        let unknown = try LadderBinary.run(["status", "99", "--store", t.storePath], in: t.dir, tag: "status")
        #expect(unknown.status == 2, "\(unknown.stderr)")
        #expect(unknown.stderr.contains("no run matches '99'"))
    }

    @Test(.enabled(if: LadderBinary.available, "needs the built ladder binary"))
    func explainingATemplateNameListsEveryStepOfIt() throws {
        let t = try WordsLadder.create()
        defer { t.remove() }
        let r = try LadderBinary.run(["explain", "l.yaml", "make"], in: t.dir, tag: "explain")
        #expect(r.status == 2)
        #expect(r.stderr.contains("'make' names 4 steps; explain one of them:"), "\(r.stderr)")
        for label in ["c[w=a].make", "c[w=b].make", "c[w=c].make", "d[w=z].make"] { #expect(r.stderr.contains(label)) }
    }

    @Test(.enabled(if: LadderBinary.available, "needs the built ladder binary"))
    func logOfASkippedStepSaysWhy() throws {
        let t = try WordsLadder.create()
        defer { t.remove() }
        try t.script("make.sh", "exit 3\n")
        try t.run(keepGoing: true)
        let r = try LadderBinary.run(["log", "c[w=a].again", "--store", t.storePath], in: t.dir, tag: "log")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("was skipped in run 1"), "\(r.stdout)")
        #expect(r.stdout.contains("upstream step c[w=a].make failed"))
    }
}
