import Foundation
import Testing
import LadderRun
import LadderStore

/// Two plan steps that differ only in where their inputs came from (different
/// plan keys) but read identical bytes share one execution key: in one run the
/// work is done once, and the second step takes the first one's output.
@Suite struct SameExecutionKeyTests {
    static let yaml = """
    ladder: same
    axes: {w: [a, b]}
    engines:
      mk: {run: [sh, make.sh], files: [make.sh]}
      sl: {run: [sh, slow.sh], files: [slow.sh]}
    steps:
      make: {engine: mk, params: {word: "${w}"}}
      slow: {engine: sl, inputs: {x: previous}}
    conditions:
      c: {cells: {w: [a, b]}, pipeline: [make, slow]}

    """

    /// Ignores its word: both `make` steps write the same bytes.
    static let make = """
    echo "make $(field word)" >> execs.log
    echo same > "$OUT/word.txt"
    ok

    """

    /// Slow enough that both `slow` steps are ready while the first still runs.
    static let slow = """
    echo "slow" >> execs.log
    sleep 1
    tr 'a-z' 'A-Z' < "$(inpath x)/word.txt" > "$OUT/upper.txt"
    ok

    """

    @Test func stepsWithTheSameExecutionKeyExecuteOnceInARun() throws {
        let t = try TestLadder()
        defer { t.remove() }
        try t.write("l.yaml", Self.yaml)
        try t.script("make.sh", Self.make)
        try t.script("slow.sh", Self.slow)
        let s = try t.run(jobs: 2)
        #expect(s.failed == 0, "\(s.text)")
        #expect(t.lines("execs.log").filter { $0 == "slow" }.count == 1, "the shared work ran \(t.lines("execs.log"))")
        let a = try #require(s.line("c[w=a].slow")), b = try #require(s.line("c[w=b].slow"))
        #expect(a.planKey != b.planKey)
        #expect(a.key == b.key)
        #expect([a.outcome, b.outcome].sorted() == ["executed", "reused"])

        let again = try t.run(jobs: 2)
        #expect(again.labels("executed").isEmpty)
        #expect(t.lines("execs.log").filter { $0 == "slow" }.count == 1)
    }

    @Test func eachPlanStepSharingAnExecutionKeyIsRecordedWithItsOwnCell() throws {
        let t = try TestLadder()
        defer { t.remove() }
        try t.write("l.yaml", Self.yaml)
        try t.script("make.sh", Self.make)
        try t.script("slow.sh", Self.slow)
        let s = try t.run(jobs: 2)
        let a = try #require(s.line("c[w=a].slow")), b = try #require(s.line("c[w=b].slow"))
        let store = try t.openShared()
        defer { store.close() }
        let rows = try store.database.runPlanSteps(run: s.runID)
        #expect(rows.count == 4, "every plan step of the run: 2 make, 2 slow")
        let slow = rows.filter { $0.stepKey == a.key }
        #expect(Set(slow.map(\.planKey)) == [a.planKey, b.planKey], "one execution key, two plan steps")
        #expect(slow.contains { $0.usersJSON.contains("\"w\":\"a\"") } && slow.contains { $0.usersJSON.contains("\"w\":\"b\"") })

        // The diff (through the executable) sees both cells' steps, not one of them twice.
        guard LadderBinary.available else { return }
        _ = try t.run(jobs: 2)
        let r = try LadderBinary.run(["diff", "latest~1", "latest", "--json", "--store", t.storePath], in: t.dir, tag: "diff")
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let summary = try #require(json["summary"] as? [String: Any])
        #expect(summary["steps_unchanged"] as? Int == 4, "\(summary)")
        #expect(summary["steps_only_in_a"] as? Int == 0 && summary["steps_only_in_b"] as? Int == 0)
    }
}
