import Foundation
import Testing
@testable import LadderStore

private func key(_ n: Int) -> String { ObjectHash.of(Data("generation step \(n)".utf8)).hex }

/// `store_generation` moves on every write that can change a reuse decision, and on no
/// other: a finished plan (`FinishedPlan`) stands exactly while it stays put.
@Suite struct StoreGenerationTests {
    /// A database with one succeeded step (outputs recorded) and a run, and its generation.
    func seeded() throws -> (Scratch, StateDatabase, RunRecord) {
        let s = try Scratch()
        let db = try s.open().database
        try db.upsertSteps([StepRecord(key: key(1), engine: "make")])
        let run = try db.beginRun(NewRun(ladderPath: "l.yaml", ladderHash: "h"))
        let a = try db.beginAttempt(stepKey: key(1), runID: run.id)
        try db.finishAttempt(a.id, end: .succeeded(outputs: ["out": ObjectHash.of(Data("one".utf8))], metrics: [:]), exitStatus: 0)
        try db.recordIdentities([(identity: "c[w=a].make", stepKey: key(1))], run: run.id)
        return (s, db, run)
    }

    @Test func recordingOutputsAStatusOrAnIdentitysKeyMovesTheGeneration() throws {
        let (_, db, run) = try seeded()
        var g = try db.generation()
        #expect(g > 0, "the outputs, status and identity just recorded count")

        try db.upsertSteps([StepRecord(key: key(2), engine: "make")])
        let a = try db.beginAttempt(stepKey: key(2), runID: run.id)
        try db.finishAttempt(a.id, end: .succeeded(outputs: ["out": ObjectHash.of(Data("two".utf8))], metrics: [:]), exitStatus: 0)
        #expect(try db.generation() > g, "a step succeeded with new outputs")
        g = try db.generation()

        try db.recordIdentities([(identity: "c[w=a].make", stepKey: key(2))], run: run.id)
        #expect(try db.generation() > g, "an identity is served by another key")
        g = try db.generation()

        try db.upsertSteps([StepRecord(key: key(1), engine: "make", identityJSON: "{\"plan_key\":\"p\"}", status: .succeeded)])
        #expect(try db.generation() > g, "a step's identity changed")
        g = try db.generation()

        try db.upsertLedger(stepKey: key(1), items: [LedgerItem(itemID: "x", status: "ok")])
        #expect(try db.generation() > g, "a ledger item was recorded")
    }

    @Test func runRecordsStampsAndIdentityTouchesLeaveTheGenerationAlone() throws {
        let (_, db, run) = try seeded()
        let g = try db.generation()
        try db.recordOutcomes([RunStepRecord(runID: run.id, stepKey: key(1), outcome: .reused)])
        try db.recordIdentities([(identity: "c[w=a].make", stepKey: key(1))], run: run.id)
        try db.saveStamps([ObjectHash.of(Data("one".utf8)): "stamp"])
        try db.recordRunPlanSteps([RunPlanStep(planKey: "p", stepKey: key(1), usersJSON: "[]")], run: run.id)
        try db.endRun(run.id, status: .succeeded)
        #expect(try db.generation() == g)
    }

    @Test func aFinishedPlanIsHandedBackOnlyWhileTheGenerationHolds() throws {
        let (_, db, run) = try seeded()
        try db.recordRunPlanSteps([RunPlanStep(planKey: "p", stepKey: key(1), usersJSON: "[]")], run: run.id)
        let steps = key(1) + ObjectHash.of(Data("one".utf8)).hex
        try db.recordFinishedPlan(digest: "d", steps: steps, stepKeys: [key(1)], identities: ["c[w=a].make"], run: run.id)
        let finished = try #require(try db.finishedPlan(digest: "d"))
        #expect(finished.steps == steps)
        #expect(finished.objectsJSON == "[\"\(ObjectHash.of(Data("one".utf8)).hex)\"]")
        #expect(try db.finishedPlan(digest: "other") == nil)

        let next = try db.beginRun(NewRun(ladderPath: "l.yaml", ladderHash: "h"))
        try db.recordFinishedPlanReused(finished, run: next.id)
        #expect(try db.runSteps(run: next.id).map(\.outcome) == [.reused])
        #expect(try db.runPlanSteps(run: next.id) == db.runPlanSteps(run: run.id))
        #expect(try db.lastSuccesses(identities: ["c[w=a].make"])["c[w=a].make"]?.runID == next.id)
        #expect(try db.finishedPlan(digest: "d") != nil, "recording a re-run changes nothing it depends on")

        let failed = try db.beginAttempt(stepKey: key(1), runID: next.id)
        try db.finishAttempt(failed.id, end: .failed(reason: "exit status 1"), exitStatus: 1)
        #expect(try db.finishedPlan(digest: "d") == nil, "a later attempt at one of its keys failed")
    }

    @Test func onlyTheMostRecentFinishedPlansAreKeptAndADroppedOnesTouchIsKept() throws {
        let (_, db, run) = try seeded()
        try db.recordRunPlanSteps([RunPlanStep(planKey: "p", stepKey: key(1), usersJSON: "[]")], run: run.id)
        let steps = key(1) + ObjectHash.of(Data("one".utf8)).hex
        try db.recordFinishedPlan(digest: "d0", steps: steps, stepKeys: [key(1)], identities: ["c[w=a].make"], run: run.id,
                                  at: Date(timeIntervalSince1970: 1000))
        let touching = try db.beginRun(NewRun(ladderPath: "l.yaml", ladderHash: "h"))
        try db.recordFinishedPlanReused(try #require(try db.finishedPlan(digest: "d0")), run: touching.id)
        #expect(try db.lastSuccesses(identities: ["c[w=a].make"])["c[w=a].make"]?.runID == touching.id)
        for i in 1 ... StateDatabase.finishedPlansKept {
            try db.recordFinishedPlan(digest: "d\(i)", steps: steps, stepKeys: [key(1)], identities: [], run: run.id,
                                      at: Date(timeIntervalSince1970: Double(1000 + i)))
        }
        #expect(try db.finishedPlan(digest: "d0") == nil)
        #expect(try db.finishedPlan(digest: "d\(StateDatabase.finishedPlansKept)") != nil)
        #expect(try db.lastSuccesses(identities: ["c[w=a].make"])["c[w=a].make"]?.runID == touching.id,
                "the dropped plan's touch moved into the identity's row")
    }
}
