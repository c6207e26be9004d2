import Foundation
import LadderCore
import Testing
@testable import LadderStore

@Test func fileObjectNameIsTheSha256OfItsBytesAsSha256sumComputesIt() throws {
    let s = try Scratch()
    let dir = try s.tree("src", ["a.txt": "hello ladder\n"])
    let file = dir.appendingPathComponent("a.txt")
    let ours = try ObjectStore.hash(of: file)
    guard let tool = Tools.sha256sum else { return }
    let theirs = try Tools.run(tool, [file.path]).split(separator: " ").first.map(String.init)
    #expect(ours.hex == theirs)
}

@Test func directoryHashFollowsTheDocumentedV1Encoding() throws {
    let s = try Scratch()
    let dir = try s.tree("src", ["b.txt": "bee", "a.txt": "ay", "sub/c.txt": "sea"])
    chmod(dir.appendingPathComponent("b.txt").path, 0o755)
    symlink("a.txt", dir.appendingPathComponent("link").path)
    // Rebuild the encoding by hand from the README's description.
    func line(_ kind: String, _ x: String, _ hash: String, _ name: String) -> String { "\(kind) \(x) \(hash) \(name)\u{0}" }
    let sub = SHA256.hex("ladder-tree-v1\n" + line("file", "-", SHA256.hex("sea"), "c.txt"))
    let top = "ladder-tree-v1\n"
        + line("file", "-", SHA256.hex("ay"), "a.txt")
        + line("file", "x", SHA256.hex("bee"), "b.txt")
        + line("symlink", "-", SHA256.hex("a.txt"), "link")
        + line("dir", "-", sub, "sub")
    #expect(try ObjectStore.hash(of: dir).hex == SHA256.hex(top))
}

@Test func entriesAreSortedByUtf8BytesNotByLocale() throws {
    let entries = ["b", "B", "é", "a"].map {
        TreeEncoding.Entry(name: $0, kind: .file, executable: false, hash: ObjectHash.of(Data($0.utf8)))
    }
    let text = String(decoding: TreeEncoding.encode(entries), as: UTF8.self)
    let order = ["B", "a", "b", "é"].map { text.range(of: " \($0)\u{0}")!.lowerBound }
    #expect(order == order.sorted())
    #expect(TreeEncoding.hash(entries) == TreeEncoding.hash(entries.reversed()))
}

@Test func executableBitRenameAndSymlinkTargetEachChangeTheTreeHash() throws {
    let s = try Scratch()
    let base = try s.tree("base", ["run.sh": "echo hi\n"])
    symlink("run.sh", base.appendingPathComponent("l").path)
    let h0 = try ObjectStore.hash(of: base)

    chmod(base.appendingPathComponent("run.sh").path, 0o755)
    let h1 = try ObjectStore.hash(of: base)
    chmod(base.appendingPathComponent("run.sh").path, 0o644)
    #expect(try ObjectStore.hash(of: base) == h0)

    unlink(base.appendingPathComponent("l").path)
    symlink("./run.sh", base.appendingPathComponent("l").path)
    let h2 = try ObjectStore.hash(of: base)

    try FileManager.default.moveItem(at: base.appendingPathComponent("run.sh"), to: base.appendingPathComponent("go.sh"))
    let h3 = try ObjectStore.hash(of: base)
    #expect(Set([h0, h1, h2, h3]).count == 4)
}

@Test func groupOtherBitsAndTimestampsDoNotChangeTheTreeHash() throws {
    let s = try Scratch()
    let base = try s.tree("base", ["x": "1", "d/y": "2"])
    let before = try ObjectStore.hash(of: base)
    chmod(base.appendingPathComponent("x").path, 0o600)
    try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1000)], ofItemAtPath: base.appendingPathComponent("d/y").path)
    #expect(try ObjectStore.hash(of: base) == before)
}

@Test func objectHashRejectsAnythingButSixtyFourLowerHexDigits() {
    #expect(throws: StoreError.self) { try ObjectHash("ABC") }
    #expect(throws: StoreError.self) { try ObjectHash(String(repeating: "A", count: 64)) }
    #expect(throws: StoreError.self) { try ObjectHash(String(repeating: "a", count: 63) + "g") }
    #expect((try? ObjectHash(String(repeating: "0", count: 64))) != nil)
}

@Test func relativePathsWithDotDotOrAbsoluteOrEmptyPartsAreRefused() throws {
    for bad in ["", "/etc/passwd", "a/../b", "..", "a//b", "./a", "a/./b"] {
        #expect(throws: StoreError.self, "\(bad)") { try RelativePath.components(bad) }
    }
    #expect(try RelativePath.normalized("tiny-aya-base/condition-2-ur-5k-seed42/") == "tiny-aya-base/condition-2-ur-5k-seed42")
}
