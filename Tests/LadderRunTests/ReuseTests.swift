import Foundation
import Testing
import LadderRun

/// Resume and early cutoff: what a second `ladder run` executes after nothing,
/// a parameter, an engine script, or nothing observable has changed.
@Suite struct ReuseTests {
    @Test func firstRunExecutesEveryStepAndARerunExecutesNothing() throws {
        let t = try WordsLadder.create()
        defer { t.remove() }
        let first = try t.run()
        #expect(first.labels("executed") == WordsLadder.allLabels)
        #expect(t.lines("execs.log").count == 8)

        let second = try t.run()
        #expect(second.labels("executed").isEmpty)
        #expect(second.labels("reused") == WordsLadder.allLabels)
        #expect(t.lines("execs.log").count == 8, "a re-run started an engine")
    }

    @Test func changingOneParameterRerunsExactlyThatStepAndItsDependents() throws {
        let t = try WordsLadder.create()
        defer { t.remove() }
        try t.run()
        try t.write("l.yaml", WordsLadder.yaml.replacingOccurrences(of: "word: zed", with: "word: zeta"))
        let s = try t.run()
        #expect(s.labels("executed") == ["d[w=z].again", "d[w=z].make"])
        #expect(s.labels("reused").count == 6)
        #expect(t.lines("execs.log").suffix(2) == ["make zeta", "again hello zeta"])
    }

    @Test func editingAnEngineScriptRerunsExactlyThatEnginesStepsAndTheirDependents() throws {
        let t = try WordsLadder.create()
        defer { t.remove() }
        try t.run()
        try t.script("again.sh", WordsLadder.again.replacingOccurrences(of: "'a-z' 'A-Z'", with: "'a-y' 'B-Z'"))
        let s = try t.run()
        #expect(s.labels("executed") == ["c[w=a].again", "c[w=b].again", "c[w=c].again", "d[w=z].again"])
        #expect(s.labels("reused") == ["c[w=a].make", "c[w=b].make", "c[w=c].make", "d[w=z].make"])
    }

    @Test func stepWhoseUpstreamRerunWithIdenticalOutputIsReused() throws {
        let t = try WordsLadder.create()
        defer { t.remove() }
        let first = try t.run()
        // A comment changes the script's hash (so `make` re-runs) but not its output.
        try t.script("make.sh", WordsLadder.make + "# reformatted\n")
        let cutoff = try t.run()
        #expect(cutoff.labels("executed") == ["c[w=a].make", "c[w=b].make", "c[w=c].make", "d[w=z].make"])
        #expect(cutoff.labels("reused") == ["c[w=a].again", "c[w=b].again", "c[w=c].again", "d[w=z].again"])
        #expect(cutoff.line("c[w=a].make")?.key != first.line("c[w=a].make")?.key)
        #expect(cutoff.line("c[w=a].again")?.key == first.line("c[w=a].again")?.key)

        // The control: when the bytes do change, the dependents run.
        try t.script("make.sh", WordsLadder.make.replacingOccurrences(of: "hello", with: "hi"))
        let changed = try t.run()
        #expect(changed.labels("executed") == WordsLadder.allLabels)
        #expect(t.lines("execs.log").last?.hasPrefix("again hi ") == true)
    }

    @Test func rerunAfterAFailureExecutesOnlyTheFailedAndNeverRunSteps() throws {
        let t = try WordsLadder.create()
        defer { t.remove() }
        // `make` fails for word b until the marker file exists.
        try t.script("make.sh", """
            WORD=$(field word)
            if [ "$WORD" = b ] && [ ! -f fixed ]; then echo "not yet" >&2; exit 3; fi
            \(WordsLadder.make.replacingOccurrences(of: "WORD=$(field word)\n", with: ""))
            """)
        let failed = try t.run(keepGoing: true)
        #expect(failed.labels("failed") == ["c[w=b].make"])
        #expect(failed.labels("skipped") == ["c[w=b].again"])
        #expect(failed.labels("executed").count == 6)

        try t.write("fixed", "")
        let resumed = try t.run()
        #expect(resumed.labels("executed") == ["c[w=b].again", "c[w=b].make"])
        #expect(resumed.labels("reused").count == 6)
    }
}
