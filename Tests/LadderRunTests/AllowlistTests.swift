import Foundation
import Testing
import LadderCore
import LadderRun
import LadderStore

/// Derived allowlists: `{items_of: "src[w=a].list", status: ok}` hands a step
/// exactly the ok items of another step's ledger, hashed into its key.
@Suite struct AllowlistTests {
    static let yaml = """
    ladder: allow
    axes: {w: [a, b]}
    engines:
      ls: {run: [sh, list.sh], files: [list.sh]}
      pk: {run: [sh, pick.sh], files: [pick.sh]}
    steps:
      list: {engine: ls, params: {word: "${w}", bad: f2}}
      pick: {engine: pk, inputs: {allow: {items_of: "src[w=a].list", status: ok}}, params: {word: "${w}"}}
    conditions:
      src: {cells: {w: [a]}, pipeline: [list]}
      c: {cells: {w: [a, b]}, pipeline: [pick]}

    """

    /// Reports items f1..f3, the one named by `bad` failed; its output does not depend on `bad`.
    static let list = """
    BAD=$(field bad)
    echo "list $(field word) bad=$BAD" >> execs.log
    echo listed > "$OUT/list.txt"
    ITEMS=""
    for i in f1 f2 f3; do
      S=ok; [ "$i" = "$BAD" ] && S=failed
      ITEMS="$ITEMS${ITEMS:+, }{\\"id\\": \\"$i\\", \\"status\\": \\"$S\\"}"
    done
    printf '{"status": "ok", "items": [%s]}' "$ITEMS" > "$RES"

    """

    /// Copies the allowlist file it was given, and the `items` array, into its output.
    static let pick = """
    ALLOW=$(cat "$(inpath allow)")
    ITEMS=$(sed -n '/"items"/,/]/p' "$REQ" | grep -o '"f[0-9]"' | tr -d '"' | tr '\\n' ' ')
    echo "pick $(field word) $ALLOW" >> execs.log
    printf '%s\\n%s\\n' "$ALLOW" "$ITEMS" > "$OUT/allowed.txt"
    ok

    """

    static func create() throws -> TestLadder {
        let t = try TestLadder()
        try t.write("l.yaml", yaml)
        try t.script("list.sh", list)
        try t.script("pick.sh", pick)
        return t
    }

    @Test func stepGetsExactlyTheOkItemsOfTheNamedStepsLedger() throws {
        let t = try Self.create()
        defer { t.remove() }
        let s = try t.run()
        #expect(s.labels("executed") == ["c[w=a].pick", "c[w=b].pick", "src[w=a].list"])
        #expect(t.lines("execs.log").filter { $0.hasPrefix("pick") }.sorted()
                == [#"pick a ["f1","f3"]"#, #"pick b ["f1","f3"]"#])

        let store = try t.openShared()
        let key = try #require(s.line("c[w=b].pick")?.key)
        let out = try #require(try store.database.outputs(stepKey: key)["out"])
        let text = try String(contentsOf: store.objects.unverifiedPath(of: out).appendingPathComponent("allowed.txt"), encoding: .utf8)
        #expect(text == "[\"f1\",\"f3\"]\nf1 f3 \n")
    }

    @Test func dependentRerunsWhenUpstreamItemStatusChangesEvenWithIdenticalOutputBytes() throws {
        let t = try Self.create()
        defer { t.remove() }
        let first = try t.run()
        try t.write("l.yaml", Self.yaml.replacingOccurrences(of: "bad: f2", with: "bad: f3"))
        let s = try t.run()
        #expect(s.labels("executed") == ["c[w=a].pick", "c[w=b].pick", "src[w=a].list"])
        #expect(t.lines("execs.log").suffix(2).sorted() == [#"pick a ["f1","f2"]"#, #"pick b ["f1","f2"]"#])

        // Same list output bytes: only the allowlist's hash moved the key.
        let store = try t.openShared()
        let before = try store.database.outputs(stepKey: try #require(first.line("src[w=a].list")?.key))
        let after = try store.database.outputs(stepKey: try #require(s.line("src[w=a].list")?.key))
        #expect(before == after)
    }

    @Test func upstreamRerunWithTheSameItemStatusesLeavesTheDependentReused() throws {
        let t = try Self.create()
        defer { t.remove() }
        try t.run()
        try t.script("list.sh", Self.list + "# reformatted\n")
        let s = try t.run()
        #expect(s.labels("executed") == ["src[w=a].list"])
        #expect(s.labels("reused") == ["c[w=a].pick", "c[w=b].pick"])
    }
}
