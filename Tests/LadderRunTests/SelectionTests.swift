import Foundation
import Testing
import LadderCore
import LadderRun

/// `--only SELECTOR`: a slice of the plan plus everything it reads.
@Suite struct SelectionTests {
    /// The words ladder plus condition `e`, whose `join` reads c[w=a].make across cells.
    static func create() throws -> TestLadder {
        let t = try WordsLadder.create()
        let yaml = WordsLadder.yaml
            .replacingOccurrences(of: "axes: {w: [a, b, c, z]}", with: "axes: {w: [a, b, c, z, y]}")
            .replacingOccurrences(of: "conditions:\n", with: """
                  join: {engine: ag, inputs: {x: "c[w=a].make"}, params: {tag: join}}
                conditions:
                  e: {cells: {w: [y]}, pipeline: [join]}

                """)
        try t.write("l.yaml", yaml)
        return t
    }

    @Test func onlyConditionAndAxisValueRunsThatSlice() throws {
        let t = try Self.create()
        defer { t.remove() }
        let s = try t.run(only: "condition=c,w=a")
        #expect(s.labels("executed") == ["c[w=a].again", "c[w=a].make"])
        #expect(s.steps.count == 2, "steps outside the slice were touched: \(s.steps.map(\.label))")
    }

    @Test func onlyAlsoRunsWhatTheSliceDependsOn() throws {
        let t = try Self.create()
        defer { t.remove() }
        let s = try t.run(only: "condition=e")
        #expect(s.labels("executed") == ["c[w=a].make", "e[w=y].join"])
        #expect(t.lines("execs.log") == ["make a", "again hello a"])
    }

    @Test func laterFullRunReusesTheSliceAndRunsTheRest() throws {
        let t = try Self.create()
        defer { t.remove() }
        try t.run(only: "condition=c,w=a")
        let s = try t.run()
        #expect(s.labels("reused") == ["c[w=a].again", "c[w=a].make"])
        #expect(s.labels("executed").count == 7)
    }

    @Test(arguments: [
        ("colour=red", "unknown key 'colour'"),
        ("condition=nope", "matches no step"),
        ("condition", "KEY=VALUE"),
    ])
    func badSelectorIsABadInputErrorThatSaysWhy(_ selector: String, _ message: String) throws {
        let t = try Self.create()
        defer { t.remove() }
        do {
            try t.run(only: selector)
            Issue.record("--only \(selector) was accepted")
        } catch let e as LadderError {
            #expect(e.exitCode == 2)
            #expect("\(e)".contains(message), "\(e)")
        }
        #expect(t.lines("execs.log").isEmpty)
    }
}
