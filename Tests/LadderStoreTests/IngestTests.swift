import Foundation
import Testing
@testable import LadderStore

@Test func ingestingTheSameContentTwiceIsANoOpWithOneObject() throws {
    let s = try Scratch()
    let store = try s.open()
    let a = try s.tree("a", ["results.json": "{\"acc\": 0.5}", "rows/r1.jsonl": "{}\n"])
    let b = try s.tree("b", ["results.json": "{\"acc\": 0.5}", "rows/r1.jsonl": "{}\n"])
    let first = try store.objects.ingest(a)
    let second = try store.objects.ingest(b)
    #expect(first.hash == second.hash)
    #expect(!first.alreadyPresent)
    #expect(second.alreadyPresent)
    #expect(first.files == 2)
    #expect(try store.objects.scan().objects == [first.hash])
    // Copy mode leaves the source alone.
    #expect(FileManager.default.fileExists(atPath: a.appendingPathComponent("results.json").path))
}

@Test func storedTreeHasTheContentAndIsReadOnly() throws {
    let s = try Scratch()
    let store = try s.open()
    let src = try s.tree("out", ["adapter/config.json": "{}", "train.log": "loss 1.0\n"])
    chmod(src.appendingPathComponent("train.log").path, 0o755)
    let r = try store.objects.ingest(src)
    let url = try store.objects.verifiedPath(of: r.hash)
    #expect(try readText(url.appendingPathComponent("adapter/config.json")) == "{}")
    let log = FileIO.lstatOrNil(url.appendingPathComponent("train.log").path)!
    #expect(log.st_mode & 0o777 == 0o555)
    let cfg = FileIO.lstatOrNil(url.appendingPathComponent("adapter/config.json").path)!
    #expect(cfg.st_mode & 0o222 == 0)
    #expect(FileIO.lstatOrNil(url.appendingPathComponent("adapter").path)!.st_mode & 0o222 == 0)
    #expect(try ObjectStore.hash(of: url) == r.hash)
}

@Test func consumingAWorkDirectoryMovesItIntoTheStore() throws {
    let s = try Scratch()
    let store = try s.open()
    let work = try store.makeWorkDirectory(label: "train cond-2/ur")
    let out = work.appendingPathComponent("out")
    try FileManager.default.createDirectory(at: out.appendingPathComponent("d"), withIntermediateDirectories: true)
    try Data("weights".utf8).write(to: out.appendingPathComponent("d/w.bin"))
    let r = try store.objects.ingest(out, consume: true)
    #expect(!FileManager.default.fileExists(atPath: out.path))
    #expect(try readText(store.objects.verifiedPath(of: r.hash, subpath: "d/w.bin")) == "weights")
    try store.removeWorkDirectory(work)
    #expect(!FileManager.default.fileExists(atPath: work.path))
}

@Test func singleFilesAndBlobsAreStoredByTheirBytesHash() throws {
    let s = try Scratch()
    let store = try s.open()
    let f = try s.tree("f", ["result.json": "{\"status\":\"ok\"}"]).appendingPathComponent("result.json")
    let r = try store.objects.ingest(f)
    #expect(r.kind == .file)
    let blob = try store.objects.putBlob(Data("{\"status\":\"ok\"}".utf8))
    #expect(blob == r.hash)
    #expect(try store.objects.blob(blob) == Data("{\"status\":\"ok\"}".utf8))
}

@Test func absoluteSymlinksAreRefusedWithATypedErrorAndNothingIsStored() throws {
    let s = try Scratch()
    let store = try s.open()
    let src = try s.tree("out", ["a": "1"])
    symlink("/etc/passwd", src.appendingPathComponent("leak").path)
    #expect(throws: StoreError.unsafeEntry(path: "leak", reason: "the symlink points to the absolute path /etc/passwd")) {
        try store.objects.ingest(src)
    }
    #expect(try store.objects.scan().objects.isEmpty)
    #expect(try FileManager.default.contentsOfDirectory(atPath: s.store.appendingPathComponent("tmp").path).isEmpty)
}

@Test func symlinksThatClimbOutOfTheTreeAreRefused() throws {
    let s = try Scratch()
    let store = try s.open()
    let src = try s.tree("out", ["sub/a": "1"])
    symlink("../../secret", src.appendingPathComponent("sub/up").path)
    do {
        _ = try store.objects.ingest(src)
        Issue.record("an escaping symlink was stored")
    } catch let StoreError.unsafeEntry(path, _) {
        #expect(path == "sub/up")
    }
}

@Test func symlinkChainsThatEscapeThroughAnotherLinkAreRefused() throws {
    let s = try Scratch()
    let store = try s.open()
    let src = try s.tree("out", ["sub/a": "1"])
    // Each link alone stays inside: `sub/inner` points at the root, and
    // `hop` reads as `sub/x` textually. Followed for real, `sub/inner/..` is
    // the root's parent, so `hop` leaves the tree.
    symlink("..", src.appendingPathComponent("sub/inner").path)
    symlink("sub/inner/../x", src.appendingPathComponent("hop").path)
    do {
        _ = try store.objects.ingest(src)
        Issue.record("a symlink escaping through another symlink was stored")
    } catch let StoreError.unsafeEntry(path, _) {
        #expect(path == "hop")
    }
}

@Test func relativeSymlinksInsideTheTreeAreKept() throws {
    let s = try Scratch()
    let store = try s.open()
    let src = try s.tree("out", ["data/x.txt": "x", "other/y.txt": "y"])
    symlink("../data/x.txt", src.appendingPathComponent("other/x-link").path)
    symlink("data", src.appendingPathComponent("latest").path)
    let r = try store.objects.ingest(src)
    let url = try store.objects.verifiedPath(of: r.hash)
    #expect(try readText(url.appendingPathComponent("other/x-link")) == "x")
    #expect(try readText(url.appendingPathComponent("latest/x.txt")) == "x")
}

@Test func theOutputItselfBeingASymlinkOrAPipeIsRefused() throws {
    let s = try Scratch()
    let store = try s.open()
    let src = try s.tree("out", ["a": "1"])
    let link = s.url.appendingPathComponent("link")
    symlink(src.path, link.path)
    #expect(throws: StoreError.self) { try store.objects.ingest(link) }
    mkfifo(src.appendingPathComponent("pipe").path, 0o644)
    do {
        _ = try store.objects.ingest(src)
        Issue.record("a fifo was stored")
    } catch let StoreError.unsafeEntry(path, _) {
        #expect(path == "pipe")
    }
}

@Test func ingestNeedsTheStoreLock() throws {
    let s = try Scratch()
    try s.open().close()
    let reader = try s.open(.shared)
    let src = try s.tree("out", ["a": "1"])
    #expect(throws: StoreError.notExclusive(operation: "storing an output")) { try reader.objects.ingest(src) }
}

@Test(.enabled(if: sharedData("benchmarks/sib200") != nil, "../shared/data/benchmarks/sib200 is absent"))
func theStudysSib200FoldersStoreAndReadBackFileByFile() throws {
    let sib = try #require(sharedData("benchmarks/sib200"))
    let s = try Scratch()
    let store = try s.open()
    let r = try store.objects.ingest(sib)
    let url = try store.objects.verifiedPath(of: r.hash)
    let files = FileManager.default.enumerator(atPath: sib.path)!.compactMap { $0 as? String }.filter {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: sib.appendingPathComponent($0).path, isDirectory: &isDir) && !isDir.boolValue
    }
    #expect(r.files == files.count)
    #expect(files.count >= 8)
    for f in files {
        #expect(FileManager.default.contents(atPath: url.appendingPathComponent(f).path) == FileManager.default.contents(atPath: sib.appendingPathComponent(f).path))
    }
}
