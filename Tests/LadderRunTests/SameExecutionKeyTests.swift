import Foundation
import Testing
import LadderRun

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
}
