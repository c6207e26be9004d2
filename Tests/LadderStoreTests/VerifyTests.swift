import Foundation
import Testing
@testable import LadderStore

@Test func aSameSizeEditInsideAStoredTreeIsACountedCorruptMissAndIsMovedAside() throws {
    let s = try Scratch()
    let store = try s.open()
    let r = try store.objects.ingest(try s.tree("out", ["rows.jsonl": "aaaa", "meta.json": "{}"]))
    try scribble(store.objects.unverifiedPath(of: r.hash).appendingPathComponent("rows.jsonl"), "bbbb")
    do {
        _ = try store.objects.verifiedPath(of: r.hash)
        Issue.record("a corrupt object was handed out")
    } catch StoreError.corrupt(let h, _) {
        #expect(h == r.hash)
    }
    #expect(store.objects.counts.corrupt == 1)
    #expect(store.objects.counts.hits == 0)
    #expect(!store.objects.contains(r.hash))
    #expect(try store.objects.scan().objects.isEmpty)
    #expect(store.objects.quarantined().count == 1)
}

@Test func aMissingObjectIsACountedMiss() throws {
    let s = try Scratch()
    let store = try s.open()
    let h = ObjectHash.of(Data("never stored".utf8))
    #expect(try store.objects.lookup(h) == .missing)
    #expect(throws: StoreError.notFound(h)) { try store.objects.verifiedPath(of: h) }
    #expect(store.objects.counts.misses == 2)
}

@Test func reIngestingAfterCorruptionReplacesTheBadCopy() throws {
    let s = try Scratch()
    let store = try s.open()
    let src = try s.tree("out", ["a.txt": "good"])
    let r = try store.objects.ingest(src)
    try scribble(store.objects.unverifiedPath(of: r.hash).appendingPathComponent("a.txt"), "evil")
    let again = try store.objects.ingest(src)
    #expect(again.replacedCorrupt)
    #expect(!again.alreadyPresent)
    #expect(try readText(store.objects.verifiedPath(of: r.hash).appendingPathComponent("a.txt")) == "good")
}

@Test func stampsSkipRehashingUntilTheFileChanges() throws {
    let s = try Scratch()
    let store = try s.open()
    let r = try store.objects.ingest(try s.tree("out", ["a.txt": "12345"]))
    _ = try store.objects.lookup(r.hash, policy: .full)
    #expect(store.objects.counts.stampHits == 0)
    _ = try store.objects.lookup(r.hash, policy: .trustStamps)
    #expect(store.objects.counts.stampHits == 1)
    // A write that changes size and ctime invalidates the stamp: full re-hash, corrupt.
    try scribble(store.objects.unverifiedPath(of: r.hash).appendingPathComponent("a.txt"), "123456")
    let edited = try ObjectStore.hash(of: s.tree("edited", ["a.txt": "123456"]))
    #expect(try store.objects.lookup(r.hash, policy: .trustStamps) == .corrupt(actual: edited.hex))
    #expect(store.objects.counts.stampHits == 1)
    #expect(store.objects.counts.corrupt == 1)
}

@Test func aStampedObjectThatVanishesIsAMissAndLosesItsStamp() throws {
    let s = try Scratch()
    let store = try s.open()
    let r = try store.objects.ingest(try s.tree("out", ["a.txt": "12345"]))
    _ = try store.objects.lookup(r.hash, policy: .full)
    #expect(try store.database.stamps(for: [r.hash]).count == 1)
    try FileIO.removeTree(store.objects.unverifiedFilePath(of: r.hash))
    #expect(try store.objects.lookup(r.hash, policy: .trustStamps) == .missing)
    #expect(store.objects.counts.misses == 1)
    #expect(store.objects.counts.stampHits == 0)
    #expect(try store.database.stamps(for: [r.hash]).isEmpty)
}

@Test func recentlyChangedObjectsGetNoStampSoARacyWriteCannotHide() throws {
    let s = try Scratch()
    let store = try Store.open(at: s.store, access: .exclusive(wait: 0), command: "test", racyMargin: 3600)
    let r = try store.objects.ingest(try s.tree("out", ["a.txt": "x"]))
    _ = try store.objects.lookup(r.hash, policy: .full)
    _ = try store.objects.lookup(r.hash, policy: .trustStamps)
    #expect(store.objects.counts.stampHits == 0)
    #expect(try store.database.stamps(for: [r.hash]).isEmpty)
}

@Test func aCorruptBlobIsNeverReturned() throws {
    let s = try Scratch()
    let store = try s.open()
    let h = try store.objects.putBlob(Data("{\"a\":1}".utf8))
    try scribble(store.objects.unverifiedPath(of: h), "{\"a\":2}")
    #expect(throws: StoreError.self) { try store.objects.blob(h) }
    #expect(store.objects.counts.corrupt == 1)
    #expect(try store.objects.putBlob(Data("{\"a\":1}".utf8)) == h)
    #expect(try store.objects.blob(h) == Data("{\"a\":1}".utf8))
}

@Test func aSharedReaderReportsCorruptionWithoutMovingTheObject() throws {
    let s = try Scratch()
    let writer = try s.open()
    let r = try writer.objects.ingest(try s.tree("out", ["a.txt": "good"]))
    writer.close()
    try scribble(writer.objects.unverifiedPath(of: r.hash).appendingPathComponent("a.txt"), "evil")
    let reader = try s.open(.shared)
    guard case .corrupt = try reader.objects.lookup(r.hash) else {
        Issue.record("corruption not reported")
        return
    }
    #expect(reader.objects.contains(r.hash))
}
