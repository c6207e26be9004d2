import Foundation
import Testing
import LadderCore
@testable import LadderStore

/// Stamps recorded by earlier versions must still match: the stamp is the SHA-256 of one
/// line per entry, `REL\0DEV INO SIZE MODE MTIME_S.MTIME_NS CTIME_S.CTIME_NS\n`, entries
/// in byte-wise name order, written here with string interpolation as the format says.
@Suite struct StampTests {
    /// The stamp text of the tree at `path`, built the plain way.
    func expectedText(_ path: String, _ rel: String = ".") -> String {
        var st = stat()
        guard lstat(path, &st) == 0 else { return "<missing \(path)>" }
        var text = "\(rel)\u{0}\(st.st_dev) \(st.st_ino) \(st.st_size) \(st.st_mode) \(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec) \(st.st_ctim.tv_sec).\(st.st_ctim.tv_nsec)\n"
        if st.st_mode & S_IFMT == S_IFDIR {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            for name in names.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
                text += expectedText(path + "/" + name, rel + "/" + name)
            }
        }
        return text
    }

    @Test func aTreesStampIsTheDigestOfItsEntriesLinesInNameOrder() throws {
        let s = try Scratch()
        let tree = try s.tree("out", ["b.txt": "bee", "a/z.json": "{}", "a/y.txt": "why", "B": "upper", "é.txt": "accent"])
        let stamp = try #require(ObjectStore.stamp(of: tree.path))
        let text = expectedText(tree.path)
        #expect(text.split(separator: "\n").count == 7)
        #expect(stamp.stamp == SHA256.hex(text))
        #expect(stamp.newestChange > 0)
    }

    @Test func aFilesStampIsItsOwnLineAndAMissingPathHasNone() throws {
        let s = try Scratch()
        let tree = try s.tree("one", ["x.txt": "x"])
        let file = tree.path + "/x.txt"
        #expect(ObjectStore.stamp(of: file)?.stamp == SHA256.hex(expectedText(file)))
        #expect(ObjectStore.stamp(of: tree.path + "/absent") == nil)
    }

    @Test func editingAFileInPlaceChangesTheStamp() throws {
        let s = try Scratch()
        let tree = try s.tree("edit", ["x.txt": "x"])
        let before = try #require(ObjectStore.stamp(of: tree.path))
        try Data("yy".utf8).write(to: URL(fileURLWithPath: tree.path + "/x.txt"))
        #expect(ObjectStore.stamp(of: tree.path)?.stamp != before.stamp)
    }
}
