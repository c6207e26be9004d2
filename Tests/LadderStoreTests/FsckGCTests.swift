import Foundation
import Testing
@testable import LadderStore

/// A store with one succeeded step whose output is `out` and whose log is `log`.
private func storeWithOneStep(_ s: Scratch) throws -> (Store, out: ObjectHash, log: ObjectHash, run: Int64) {
    let store = try s.open()
    let out = try store.objects.ingest(try s.tree("out", ["results.json": "{\"acc\":0.61}"])).hash
    let log = try store.objects.putBlob(Data("training...\n".utf8))
    try store.database.upsertSteps([StepRecord(key: "k1", engine: "eval")])
    let run = try store.database.beginRun(NewRun(ladderPath: "l", ladderHash: "h"))
    let a = try store.database.beginAttempt(stepKey: "k1", runID: run.id)
    try store.database.finishAttempt(a.id, end: .succeeded(outputs: ["results": out], metrics: [:]), exitStatus: 0, logHash: log)
    try store.database.recordOutcomes([RunStepRecord(runID: run.id, stepKey: "k1", outcome: .executed)])
    return (store, out, log, run.id)
}

@Test func fsckOfAHealthyStoreIsClean() throws {
    let s = try Scratch()
    let (store, _, _, _) = try storeWithOneStep(s)
    let report = try store.fsck()
    #expect(report.isClean)
    #expect(report.objectsChecked == 2)
}

@Test func fsckFindsACorruptObjectAndTheReferencesToIt() throws {
    let s = try Scratch()
    let (store, out, _, _) = try storeWithOneStep(s)
    try scribble(store.objects.unverifiedPath(of: out).appendingPathComponent("results.json"), "{\"acc\":0.99}")
    let report = try store.fsck()
    #expect(!report.isClean)
    #expect(report.corrupt == [out])
    #expect(report.corruptReferences.map(\.source) == [.output(name: "results")])
    // Moved aside: the step is no longer reusable and a second fsck calls it missing.
    #expect(try store.reuse(keys: ["k1"])["k1"] == .outputsInvalid(missing: ["results"], corrupt: []))
    let again = try store.fsck()
    #expect(again.missingReferences.map(\.stepKey) == ["k1"])
    #expect(again.quarantined.count == 1)
}

@Test func fsckReportsStraysAndMissingLogs() throws {
    let s = try Scratch()
    let (store, _, log, _) = try storeWithOneStep(s)
    try FileIO.removeTree(store.objects.unverifiedPath(of: log).path)
    try Data().write(to: s.store.appendingPathComponent("objects/zz-not-an-object"))
    let report = try store.fsck()
    #expect(report.strays == ["objects/zz-not-an-object"])
    #expect(report.missingReferences.map(\.source) == [.log(attempt: 1)])
}

@Test func reuseTellsReusableFromNeverRunFromBroken() throws {
    let s = try Scratch()
    let (store, out, _, _) = try storeWithOneStep(s)
    try store.database.upsertSteps([StepRecord(key: "k2", engine: "eval")])
    var r = try store.reuse(keys: ["k1", "k2", "k3"])
    #expect(r["k1"] == .reusable(outputs: ["results": out]))
    #expect(r["k2"] == .notSucceeded)
    #expect(r["k3"] == .notSucceeded)
    try scribble(store.objects.unverifiedPath(of: out).appendingPathComponent("results.json"), "{\"acc\":0.00}")
    r = try store.reuse(keys: ["k1"], policy: .full)
    #expect(r["k1"] == .outputsInvalid(missing: [], corrupt: ["results"]))
}

@Test func gcDeletesOnlyWhatNothingReferences() throws {
    let s = try Scratch()
    let (store, out, log, _) = try storeWithOneStep(s)
    let root = try store.objects.putBlob(Data("plan input".utf8))
    let viewed = try store.objects.putBlob(Data("in a view".utf8))
    try store.buildView(named: "demo", entries: [ViewEntry(path: "a/b.txt", hash: viewed)])
    let junk = try store.objects.ingest(try s.tree("junk", ["big.bin": String(repeating: "z", count: 1000)])).hash

    let dry = try store.gc(roots: [root], dryRun: true)
    #expect(dry.deleted == [junk])
    #expect(dry.deletedBytes == 1000)
    #expect(store.objects.contains(junk))

    let done = try store.gc(roots: [root])
    #expect(done.deleted == [junk])
    #expect(done.liveObjects == 4)
    #expect(!store.objects.contains(junk))
    for kept in [out, log, root, viewed] { #expect(store.objects.contains(kept)) }
    #expect(try store.fsck().isClean)
}

@Test func gcWithKeptRunsDropsOutputsOfForgottenRuns() throws {
    let s = try Scratch()
    let (store, out, _, oldRun) = try storeWithOneStep(s)
    let newRun = try store.database.beginRun(NewRun(ladderPath: "l", ladderHash: "h2"))
    let report = try store.gc(roots: [], keepRuns: [newRun.id])
    #expect(report.deleted.contains(out))
    #expect(oldRun != newRun.id)
    #expect(try store.reuse(keys: ["k1"])["k1"] == .outputsInvalid(missing: ["results"], corrupt: []))
}

@Test func gcRefusesToDeleteWithoutTheLock() throws {
    let s = try Scratch()
    let writer = try storeWithOneStep(s).0
    let junk = try writer.objects.putBlob(Data("unreferenced".utf8))
    writer.close()
    let reader = try s.open(.shared)
    #expect(throws: StoreError.self) { try reader.gc(roots: []) }
    #expect(try reader.gc(roots: [], dryRun: true).deleted == [junk])
    #expect(reader.objects.contains(junk))
}
