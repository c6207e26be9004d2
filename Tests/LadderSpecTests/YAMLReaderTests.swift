import Foundation
import LadderCore
import LadderSpec
import Testing

/// The YAML layer: anchors, aliases, duplicate keys, extra documents and syntax
/// errors are refused at their exact place, without expanding anything.
struct YAMLReaderTests {
    func error(_ yaml: String) -> SpecError? {
        capturedSpecError(in: yaml) { _ = try YAMLNode.parse(yaml, file: "t.yaml") }
    }

    static let billionLaughs = """
    ladder: lol
    a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
    g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
    h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
    i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
    j: &j [*i,*i,*i,*i,*i,*i,*i,*i,*i]
    k: &k [*j,*j,*j,*j,*j,*j,*j,*j,*j]
    l: &l [*k,*k,*k,*k,*k,*k,*k,*k,*k]
    m: &m [*l,*l,*l,*l,*l,*l,*l,*l,*l]
    n: &n [*m,*m,*m,*m,*m,*m,*m,*m,*m]
    o: &o [*n,*n,*n,*n,*n,*n,*n,*n,*n]
    p: &p [*o,*o,*o,*o,*o,*o,*o,*o,*o]
    q: &q [*p,*p,*p,*p,*p,*p,*p,*p,*p]
    r: &r [*q,*q,*q,*q,*q,*q,*q,*q,*q]
    s: &s [*r,*r,*r,*r,*r,*r,*r,*r,*r]
    t: &t [*s,*s,*s,*s,*s,*s,*s,*s,*s]
    u: &u [*t,*t,*t,*t,*t,*t,*t,*t,*t]
    v: &v [*u,*u,*u,*u,*u,*u,*u,*u,*u]
    w: &w [*v,*v,*v,*v,*v,*v,*v,*v,*v]
    x: &x [*w,*w,*w,*w,*w,*w,*w,*w,*w]
    y: &y [*x,*x,*x,*x,*x,*x,*x,*x,*x]
    z: &z [*y,*y,*y,*y,*y,*y,*y,*y,*y]
    """

    @Test func billionLaughsIsRefusedAtItsFirstAnchorInMilliseconds() throws {
        #expect(Self.billionLaughs.utf8.count < 1100)
        let clock = ContinuousClock()
        var e: SpecError?
        let elapsed = clock.measure { e = error(Self.billionLaughs) }
        let err = try #require(e)
        #expect(err.message == "YAML anchors and aliases are not supported in ladders (found anchor '&a')")
        #expect(err.hint == "use step templates and overrides instead of anchors")
        #expect(err.location == SourceLocation(file: "t.yaml", line: 2, column: 4))
        #expect(elapsed < .milliseconds(500), "took \(elapsed)")
    }

    @Test func anchorOnAPlainMappingIsRefused() throws {
        let e = try #require(error("ladder: t\nbase: &base\n  lr: 1\n"))
        #expect(e.message == "YAML anchors and aliases are not supported in ladders (found anchor '&base')")
        #expect(e.location == SourceLocation(file: "t.yaml", line: 2, column: 7))
    }

    @Test func aliasIsRefusedWhereItStands() throws {
        // An alias to an anchor the file never defines: refused as an alias, not as a dangling reference.
        let e = try #require(error("ladder: t\nsteps: *shared\n"))
        #expect(e.message == "YAML anchors and aliases are not supported in ladders (found alias '*shared')")
        #expect(e.location == SourceLocation(file: "t.yaml", line: 2, column: 8))
    }

    @Test func duplicateKeyIsReportedAtTheSecondKeyWithOnlyItsLine() throws {
        let yaml = "ladder: t\naxes:\n  lang: [en]\n  tier: [5k]\n  lang: [zh]\nsteps: {}\n"
        let e = try #require(error(yaml))
        #expect(e.message == "duplicate key 'lang' (first at line 3)")
        #expect(e.hint == "merge the two entries into one")
        #expect(e.location == SourceLocation(file: "t.yaml", line: 5, column: 3))
        #expect(e.description == """
        t.yaml:5:3: error: duplicate key 'lang' (first at line 3)
              lang: [zh]
              ^
          hint: merge the two entries into one
        """)
    }

    @Test func duplicateKeyInAFlowMappingIsLocated() throws {
        let e = try #require(error("ladder: t\nparams: {size: 1, seed: 2, size: 3}\n"))
        #expect(e.message == "duplicate key 'size' (first at line 2)")
        #expect(e.location == SourceLocation(file: "t.yaml", line: 2, column: 28))
    }

    @Test func unclosedFlowListIsASyntaxErrorAtLibyamlsProblemMark() throws {
        let e = try #require(error("ladder: t\naxes:\n  lang: [en, zh\nsteps: {}\n"))
        #expect(e.message == "YAML syntax: did not find expected ',' or ']' while parsing a flow sequence (from line 3)")
        #expect(e.location == SourceLocation(file: "t.yaml", line: 4, column: 6))
        #expect(e.description.contains("\n    steps: {}\n         ^\n"))
    }

    @Test func tabIndentationIsASyntaxErrorOnItsLine() throws {
        let e = try #require(error("ladder: t\naxes:\n\tlang: [en]\n"))
        #expect(e.message == "YAML syntax: found character that cannot start any token while scanning for the next token")
        #expect(e.location == SourceLocation(file: "t.yaml", line: 3, column: 1))
    }

    @Test func nonScalarMappingKeyIsRefused() throws {
        let e = try #require(error("ladder: t\n? [a, b]\n: 1\n"))
        #expect(e.message == "mapping keys must be plain words, found a list")
        #expect(e.location == SourceLocation(file: "t.yaml", line: 2, column: 3))
    }

    @Test func secondDocumentIsRefused() throws {
        let e = try #require(error("ladder: a\n---\nladder: b\n"))
        #expect(e.message == "a ladder file holds one YAML document; a second one starts here")
        #expect(e.location == SourceLocation(file: "t.yaml", line: 2, column: 1))
    }

    @Test func fileWithOnlyCommentsIsEmpty() throws {
        let e = try #require(error("# nothing here\n"))
        #expect(e.message == "the file is empty")
        #expect(e.location == SourceLocation(file: "t.yaml", line: 1, column: 1))
    }

    @Test func deepNestingIsRefusedInsteadOfExhaustingTheStack() throws {
        let yaml = "a: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n"
        let e = try #require(error(yaml))
        #expect(e.message == "YAML nested deeper than 100 levels")
        #expect(e.location == SourceLocation(file: "t.yaml", line: 1, column: 103))
    }

    @Test func nodesKeepOneBasedLocationsAndQuotedness() throws {
        let root = try YAMLNode.parse("ladder: t\nlist:\n  - plain\n  - 'single'\n  - |\n    block\n", file: "t.yaml")
        guard case .mapping(let pairs, let loc) = root else { Issue.record("root is \(root.kindName)"); return }
        #expect(loc == SourceLocation(file: "t.yaml", line: 1, column: 1))
        #expect(pairs.map(\.key) == ["ladder", "list"])
        #expect(pairs[1].keyLocation == SourceLocation(file: "t.yaml", line: 2, column: 1))
        guard case .sequence(let items, _) = pairs[1].value else { Issue.record("list is not a list"); return }
        let scalars = items.compactMap { item -> (String, Bool, Int, Int)? in
            guard case .scalar(let s, let quoted, let l) = item else { return nil }
            return (s, quoted, l.line, l.column)
        }
        #expect(scalars.map(\.0) == ["plain", "single", "block\n"])
        #expect(scalars.map(\.1) == [false, true, true])
        #expect(scalars.map(\.2) == [3, 4, 5])
        #expect(scalars.map(\.3) == [5, 5, 5])
    }
}
