import Foundation
import Testing
@testable import LadderStore

@Test func aViewLaysOutLinksThatReadTheStoredContent() throws {
    let s = try Scratch()
    let store = try s.open()
    let adapter = try store.objects.ingest(try s.tree("a", ["adapter_config.json": "{\"r\":8}"])).hash
    let session = try store.objects.ingest(try s.tree("e", ["results/sib200.json": "[1,2]"])).hash
    let report = try store.buildView(named: "phase3", entries: [
        ViewEntry(path: "tiny-aya-base/condition-2-ur-5k-seed42", hash: adapter),
        ViewEntry(path: "phase3/conditions/condition-2-ur-5k/seed42/sib200.json", hash: session, subpath: "results/sib200.json"),
    ])
    #expect(report.changed)
    let view = s.store.appendingPathComponent("views/phase3")
    #expect(try readText(view.appendingPathComponent("tiny-aya-base/condition-2-ur-5k-seed42/adapter_config.json")) == "{\"r\":8}")
    #expect(try readText(view.appendingPathComponent("phase3/conditions/condition-2-ur-5k/seed42/sib200.json")) == "[1,2]")
    // Links are relative, so the store can be moved or mounted elsewhere.
    let target = try FileManager.default.destinationOfSymbolicLink(atPath: view.appendingPathComponent("tiny-aya-base/condition-2-ur-5k-seed42").path)
    #expect(!target.hasPrefix("/"))
}

@Test func rebuildingAViewWithTheSameEntriesChangesNothing() throws {
    let s = try Scratch()
    let store = try s.open()
    let h = try store.objects.putBlob(Data("x".utf8))
    let entries = [ViewEntry(path: "d/x.txt", hash: h)]
    try store.buildView(named: "v", entries: entries)
    let link = s.store.appendingPathComponent("views/v").path
    let before = try FileManager.default.destinationOfSymbolicLink(atPath: link)
    let again = try store.buildView(named: "v", entries: entries.reversed())
    #expect(!again.changed)
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == before)
}

@Test func changingAViewSwapsToTheNewTreeAndDropsTheOld() throws {
    let s = try Scratch()
    let store = try s.open()
    let one = try store.objects.putBlob(Data("one".utf8))
    let two = try store.objects.putBlob(Data("two".utf8))
    try store.buildView(named: "v", entries: [ViewEntry(path: "old/f", hash: one)])
    try store.buildView(named: "v", entries: [ViewEntry(path: "new/f", hash: two)])
    let view = s.store.appendingPathComponent("views/v")
    #expect(try readText(view.appendingPathComponent("new/f")) == "two")
    #expect(!FileManager.default.fileExists(atPath: view.appendingPathComponent("old/f").path))
    let gens = try FileManager.default.contentsOfDirectory(atPath: s.store.appendingPathComponent("views/.gen").path)
    #expect(gens.filter { !$0.hasSuffix(".json") }.count == 1)
    #expect(try store.viewReferences() == [two])
}

@Test func viewEntriesThatEscapeOrCollideAreRefused() throws {
    let s = try Scratch()
    let store = try s.open()
    let h = try store.objects.putBlob(Data("x".utf8))
    let g = try store.objects.putBlob(Data("y".utf8))
    #expect(throws: StoreError.self) { try store.buildView(named: "v", entries: [ViewEntry(path: "../outside", hash: h)]) }
    #expect(throws: StoreError.self) { try store.buildView(named: "v", entries: [ViewEntry(path: "/abs", hash: h)]) }
    #expect(throws: StoreError.self) { try store.buildView(named: "a/b", entries: []) }
    #expect(throws: StoreError.self) { try store.buildView(named: "v", entries: [ViewEntry(path: "a", hash: h), ViewEntry(path: "a/b", hash: g)]) }
    #expect(throws: StoreError.self) { try store.buildView(named: "v", entries: [ViewEntry(path: "a", hash: h), ViewEntry(path: "a", hash: g)]) }
    let absent = ObjectHash.of(Data("absent".utf8))
    #expect(throws: StoreError.notFound(absent)) { try store.buildView(named: "v", entries: [ViewEntry(path: "a", hash: absent)]) }
    #expect(!FileManager.default.fileExists(atPath: s.store.appendingPathComponent("views/v").path))
}
