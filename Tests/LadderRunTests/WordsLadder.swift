import Foundation

/// The small ladder most tests use: `make` writes "hello WORD", `again`
/// upper-cases its input; cells a, b, c of condition `c`, and one cell z of
/// condition `d` whose `make` overrides its word. Each engine appends one line
/// per execution to `execs.log` (the step's label words), so tests can count
/// what really ran, independent of what the runner reports.
enum WordsLadder {
    static let yaml = """
    ladder: rt
    axes: {w: [a, b, c, z]}
    engines:
      mk: {run: [sh, make.sh], files: [make.sh]}
      ag: {run: [sh, again.sh], files: [again.sh]}
    steps:
      make: {engine: mk, params: {word: "${w}"}}
      again: {engine: ag, inputs: {x: previous}, params: {tag: up}}
    conditions:
      c: {cells: {w: [a, b, c]}, pipeline: [make, again]}
      d: {cells: {w: [z]}, pipeline: [{make: {params: {word: zed}}}, again]}
    paths:
      word: {of: make, path: "words/${w}"}
      upper: {of: again, path: "upper/${condition}-${w}"}

    """

    static let make = """
    WORD=$(field word)
    echo "make $WORD" >> execs.log
    printf 'hello %s\\n' "$WORD" > "$OUT/word.txt"
    ok

    """

    static let again = """
    IN=$(inpath x)
    echo "again $(cat "$IN/word.txt")" >> execs.log
    tr 'a-z' 'A-Z' < "$IN/word.txt" > "$OUT/upper.txt"
    ok

    """

    /// A fresh directory holding the ladder and both engines.
    static func create() throws -> TestLadder {
        let t = try TestLadder()
        try t.write("l.yaml", yaml)
        try t.script("make.sh", make)
        try t.script("again.sh", again)
        return t
    }

    static let allLabels = ["c[w=a].again", "c[w=a].make", "c[w=b].again", "c[w=b].make",
                            "c[w=c].again", "c[w=c].make", "d[w=z].again", "d[w=z].make"]
}
