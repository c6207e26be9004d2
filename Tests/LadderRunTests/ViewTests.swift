import Foundation
import Testing
import LadderRun
import LadderStore

/// `runs/views/<ladder>/...`: links laid out by the ladder's `paths:` rules.
@Suite struct ViewTests {
    /// Every entry under `root` (relative path → link target or "dir"), symlinks not followed.
    static func listing(_ root: String) throws -> [String: String] {
        var out: [String: String] = [:]
        let fm = FileManager.default
        let dir = resolved(root)
        for rel in try fm.subpathsOfDirectory(atPath: dir) {
            let full = dir + "/" + rel
            if let target = try? fm.destinationOfSymbolicLink(atPath: full) { out[rel] = target } else { out[rel] = "dir" }
        }
        return out
    }

    static func resolved(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }

    @Test func viewPathsResolveToTheOutputsOfTheStepsTheyName() throws {
        let t = try WordsLadder.create()
        defer { t.remove() }
        let s = try t.run()
        let store = try t.openShared()
        let view = t.storePath + "/views/rt"
        for (label, path) in [("c[w=a].make", "words/a"), ("d[w=z].make", "words/z"), ("c[w=b].again", "upper/c-b")] {
            let key = try #require(s.line(label)?.key)
            let out = try #require(try store.database.outputs(stepKey: key)["out"])
            #expect(Self.resolved(view + "/" + path) == Self.resolved(store.objects.unverifiedPath(of: out).path), "\(path)")
        }
        #expect(t.read("runs/views/rt/words/a/word.txt") == "hello a\n")
        #expect(t.read("runs/views/rt/words/z/word.txt") == "hello zed\n")
        #expect(t.read("runs/views/rt/upper/c-b/upper.txt") == "HELLO B\n")
        // Links are relative, so the store can move.
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: view + "/words/a")
        #expect(!link.hasPrefix("/"))
    }

    @Test func rebuildingTheViewWithUnchangedOutputsChangesNothing() throws {
        let t = try WordsLadder.create()
        defer { t.remove() }
        try t.run()
        let view = t.storePath + "/views/rt"
        let generation = try FileManager.default.destinationOfSymbolicLink(atPath: view)
        let before = try Self.listing(view)
        #expect(before["words/c"] != nil && before["upper/d-z"] != nil)

        try t.run()
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: view) == generation)
        #expect(try Self.listing(view) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: t.storePath + "/views/.gen").filter { !$0.hasSuffix(".json") }.count == 1)
    }

    @Test func changedOutputMovesOnlyItsOwnLinks() throws {
        let t = try WordsLadder.create()
        defer { t.remove() }
        try t.run()
        let view = t.storePath + "/views/rt"
        let before = try Self.listing(view)
        try t.write("l.yaml", WordsLadder.yaml.replacingOccurrences(of: "word: zed", with: "word: zeta"))
        try t.run()
        let after = try Self.listing(view)
        #expect(t.read("runs/views/rt/words/z/word.txt") == "hello zeta\n")
        let moved = Set(after.keys.filter { after[$0] != before[$0] })
        #expect(moved == ["words/z", "upper/d-z"])
    }
}
