import Foundation
import Testing
@testable import LadderStore

private func key(_ n: Int) -> String { ObjectHash.of(Data("step \(n)".utf8)).hex }

@Test func aFreshDatabaseIsMigratedAndUsesWal() throws {
    let s = try Scratch()
    let store = try s.open()
    #expect(try store.database.appliedMigrations() == ["v1-initial", "v2-step-identities", "v3-run-plan-steps", "v4-plan-step-sets", "v5-run-steps-without-step-index", "v6-finished-plans"])
    #expect(try store.database.journalMode() == "wal")
}

@Test func runsResolveByLatestLatestTildeNameAndId() throws {
    let s = try Scratch()
    let db = try s.open().database
    let a = try db.beginRun(NewRun(ladderPath: "ladders/demo.yaml", ladderHash: "h1"))
    let b = try db.beginRun(NewRun(name: "second", ladderPath: "ladders/demo.yaml", ladderHash: "h2", commandLine: ["ladder", "run", "x"]))
    try db.endRun(b.id, status: .failed)
    #expect(a.name == "run-\(a.id)")
    #expect(try db.resolveRun("latest").id == b.id)
    #expect(try db.resolveRun("latest~1").id == a.id)
    #expect(try db.resolveRun("second").commandLine == ["ladder", "run", "x"])
    #expect(try db.resolveRun("\(a.id)").name == a.name)
    #expect(try db.resolveRun("latest").status == .failed)
    #expect(throws: StoreError.self) { try db.resolveRun("latest~2") }
    #expect(throws: StoreError.runExists(name: "second")) { try db.beginRun(NewRun(name: "second", ladderPath: "p", ladderHash: "h")) }
}

@Test func replanningAStepKeepsItsSuccess() throws {
    let s = try Scratch()
    let db = try s.open().database
    try db.upsertSteps([StepRecord(key: key(1), engine: "subset", paramsJSON: "{\"size\":5000}")])
    let run = try db.beginRun(NewRun(ladderPath: "l.yaml", ladderHash: "h"))
    let att = try db.beginAttempt(stepKey: key(1), runID: run.id)
    let out = ObjectHash.of(Data("subset".utf8))
    try db.finishAttempt(att.id, end: .succeeded(outputs: ["subset": out], metrics: ["rows": "5000"]), exitStatus: 0)
    try db.upsertSteps([StepRecord(key: key(1), engine: "subset", identityJSON: "{\"condition\":\"c1\"}", paramsJSON: "{\"size\":5000}")])
    let step = try #require(try db.steps(keys: [key(1)])[key(1)])
    #expect(step.status == .succeeded)
    #expect(step.identityJSON == "{\"condition\":\"c1\"}")
    #expect(try db.succeededOutputs(keys: [key(1), key(2)]) == [key(1): ["subset": out]])
    #expect(try db.metrics(keys: [key(1)]) == [key(1): ["rows": "5000"]])
}

@Test func invalidJsonIsRefusedByTheSchema() throws {
    let s = try Scratch()
    let db = try s.open().database
    #expect(throws: StoreError.self) { try db.upsertSteps([StepRecord(key: key(1), engine: "e", paramsJSON: "{not json")]) }
}

@Test func attemptsAreNumberedAcrossRunsAndAFailureDoesNotCountAsSuccess() throws {
    let s = try Scratch()
    let db = try s.open().database
    try db.upsertSteps([StepRecord(key: key(1), engine: "train")])
    let r1 = try db.beginRun(NewRun(ladderPath: "l", ladderHash: "h"))
    let a1 = try db.beginAttempt(stepKey: key(1), runID: r1.id, resourcesJSON: "{\"gpus\":1}")
    let log = ObjectHash.of(Data("out of memory".utf8))
    try db.finishAttempt(a1.id, end: .failed(reason: "exit status 137"), exitStatus: 137, logHash: log)
    try db.recordOutcomes([RunStepRecord(runID: r1.id, stepKey: key(1), outcome: .failed, seconds: 3, reason: "exit status 137")])
    #expect(try db.succeededOutputs(keys: [key(1)]).isEmpty)
    #expect(try db.runSteps(run: r1.id, outcome: .failed).map(\.stepKey) == [key(1)])
    let r2 = try db.beginRun(NewRun(ladderPath: "l", ladderHash: "h"))
    let a2 = try db.beginAttempt(stepKey: key(1), runID: r2.id)
    #expect(a2.number == 2)
    try db.finishAttempt(a2.id, end: .succeeded(outputs: [:], metrics: [:]), exitStatus: 0)
    #expect(try db.succeededOutputs(keys: [key(1)]) == [key(1): [:]])
    let all = try db.attempts(stepKey: key(1))
    #expect(all.map(\.status) == [.failed, .succeeded])
    #expect(all[0].logHash == log)
    #expect(all[0].exitStatus == 137)
    #expect(all[0].resourcesJSON == "{\"gpus\":1}")
    #expect(try db.runSteps(run: r2.id, outcome: .failed).isEmpty)
}

@Test func anAttemptAtAnUnrecordedStepIsRefusedClearly() throws {
    let s = try Scratch()
    let db = try s.open().database
    #expect(throws: StoreError.self) { try db.beginAttempt(stepKey: key(9), runID: nil) }
}

@Test func ledgersAccumulateAcrossResumesAndAreNeverWiped() throws {
    let s = try Scratch()
    let db = try s.open().database
    try db.upsertSteps([StepRecord(key: key(1), engine: "translate")])
    try db.upsertLedger(stepKey: key(1), items: [
        LedgerItem(itemID: "a.py", status: "ok", outputHash: ObjectHash.of(Data("A".utf8))),
        LedgerItem(itemID: "b.py", status: "failed", error: "rate limited"),
    ])
    // The resumed attempt only reports the item it redid.
    try db.upsertLedger(stepKey: key(1), items: [LedgerItem(itemID: "b.py", status: "ok", outputHash: ObjectHash.of(Data("B".utf8)))])
    let items = try db.ledger(stepKey: key(1))
    #expect(items.map(\.itemID) == ["a.py", "b.py"])
    #expect(items.map(\.status) == ["ok", "ok"])
    #expect(items[1].attempts == 2)
    #expect(items[1].error == nil)
    #expect(try db.ledger(stepKey: key(1), status: "ok").count == 2)
    #expect(try db.ledgerCounts(stepKey: key(1)) == ["ok": 2])
}

@Test func batchQueriesAnswerTenThousandKeysInOneCall() throws {
    let s = try Scratch()
    let db = try s.open().database
    let keys = (0..<10_000).map(key)
    try db.upsertSteps(keys.map { StepRecord(key: $0, engine: "e") })
    let run = try db.beginRun(NewRun(ladderPath: "l", ladderHash: "h"))
    for k in keys.prefix(3) {
        let a = try db.beginAttempt(stepKey: k, runID: run.id)
        try db.finishAttempt(a.id, end: .succeeded(outputs: ["o": ObjectHash.of(Data(k.utf8))], metrics: [:]))
    }
    #expect(try db.succeededOutputs(keys: keys).count == 3)
    #expect(try db.steps(keys: keys).count == 10_000)
    try db.recordOutcomes(keys.map { RunStepRecord(runID: run.id, stepKey: $0, outcome: .reused, seconds: 0) })
    #expect(try db.outcomeCounts(run: run.id) == [.reused: 10_000])
}

@Test func anIdentityPointsAtItsLatestSuccessAndUnknownKeysAreLeftOut() throws {
    let s = try Scratch()
    let store = try s.open()
    try store.database.upsertSteps([StepRecord(key: key(1), engine: "e", ingredientsJSON: #"{"params":{"a":1}}"#),
                                    StepRecord(key: key(2), engine: "e", ingredientsJSON: #"{"params":{"a":2}}"#)])
    try store.database.recordIdentities([("c[x=1].s", key(1)), ("c[x=2].s", key(3))], run: nil)
    try store.database.recordIdentities([("c[x=1].s", key(2))], run: nil)
    let found = try store.database.lastSuccesses(identities: ["c[x=1].s", "c[x=2].s"])
    #expect(found.keys.sorted() == ["c[x=1].s"])
    #expect(found["c[x=1].s"]?.step.key == key(2))
    #expect(found["c[x=1].s"]?.step.ingredientsJSON == #"{"params":{"a":2}}"#)
}

@Test func runPlanStepsKeepEveryPlanStepOfAnExecutionKey() throws {
    let s = try Scratch()
    let db = try s.open().database
    let run = try db.beginRun(NewRun(ladderPath: "l.yaml", ladderHash: "h"))
    try db.upsertSteps([StepRecord(key: key(1), engine: "e", identityJSON: "{}", paramsJSON: "{}", ingredientsJSON: "{}", status: .succeeded, updated: Date())])
    try db.recordRunPlanSteps([RunPlanStep(planKey: "p-a", stepKey: key(1), usersJSON: "[{\"w\":\"a\"}]"),
                               RunPlanStep(planKey: "p-b", stepKey: key(1), usersJSON: "[{\"w\":\"b\"}]"),
                               RunPlanStep(planKey: "p-c", stepKey: key(2), usersJSON: "[]")], run: run.id)
    let rows = try db.runPlanSteps(run: run.id)
    #expect(rows.map(\.planKey) == ["p-a", "p-b"], "a key without a steps row is left out")
    #expect(rows.allSatisfy { $0.stepKey == key(1) })
    #expect(try db.runPlanSteps(run: run.id + 1).isEmpty)
}

@Test func runsThatServedTheSamePlanStepsShareOneStoredSet() throws {
    let s = try Scratch()
    let db = try s.open().database
    try db.upsertSteps([1, 2].map { StepRecord(key: key($0), engine: "e", identityJSON: "{}", paramsJSON: "{}", ingredientsJSON: "{}") })
    let rows = [RunPlanStep(planKey: "p-b", stepKey: key(2), usersJSON: "[{\"w\":\"b\"}]"),
                RunPlanStep(planKey: "p-a", stepKey: key(1), usersJSON: "[{\"w\":\"a\"}]")]
    let first = try db.beginRun(NewRun(ladderPath: "l.yaml", ladderHash: "h"))
    try db.recordRunPlanSteps(rows, run: first.id)
    let second = try db.beginRun(NewRun(ladderPath: "l.yaml", ladderHash: "h"))
    try db.recordRunPlanSteps(rows.reversed(), run: second.id)
    #expect(try db.planStepSetCount() == 1, "the same rows in another order are the same set")
    #expect(try db.runPlanSteps(run: second.id) == rows.sorted { $0.planKey < $1.planKey })

    // A cell renamed: the third run has its own set and the earlier runs keep theirs.
    let third = try db.beginRun(NewRun(ladderPath: "l.yaml", ladderHash: "h"))
    try db.recordRunPlanSteps([RunPlanStep(planKey: "p-a", stepKey: key(1), usersJSON: "[{\"w\":\"z\"}]"), rows[0]], run: third.id)
    #expect(try db.planStepSetCount() == 2)
    #expect(try db.runPlanSteps(run: third.id).map(\.usersJSON) == ["[{\"w\":\"z\"}]", "[{\"w\":\"b\"}]"])
    #expect(try db.runPlanSteps(run: first.id).map(\.usersJSON) == ["[{\"w\":\"a\"}]", "[{\"w\":\"b\"}]"])

    // Recording again for a run merges with what it had: a later row for a plan key wins.
    try db.recordRunPlanSteps([RunPlanStep(planKey: "p-c", stepKey: key(1), usersJSON: "[]"),
                               RunPlanStep(planKey: "p-b", stepKey: key(1), usersJSON: "[]")], run: first.id)
    #expect(try db.runPlanSteps(run: first.id) == [RunPlanStep(planKey: "p-a", stepKey: key(1), usersJSON: "[{\"w\":\"a\"}]"),
                                                   RunPlanStep(planKey: "p-b", stepKey: key(1), usersJSON: "[]"),
                                                   RunPlanStep(planKey: "p-c", stepKey: key(1), usersJSON: "[]")])
    #expect(try db.runPlanSteps(run: second.id) == rows.sorted { $0.planKey < $1.planKey }, "another run of the old set keeps it")
    #expect(try db.integrityProblems().isEmpty)
}

@Test func aStoreFromBeforePlanStepSetsKeepsEveryRunsPlanStepsWhenUpgraded() throws {
    let s = try Scratch()
    try FileManager.default.createDirectory(at: s.store, withIntermediateDirectories: true)
    let run = "INSERT INTO runs (id, name, ladder_path, ladder_hash, started, status, host, command_line) VALUES"
    let row = "INSERT INTO run_plan_steps (run_id, plan_key, step_key, users) VALUES"
    try StateDatabase.createOlder(at: s.store.appendingPathComponent("state.sqlite"), upTo: "v3-run-plan-steps", statements: [
        "INSERT INTO steps (key, engine, identity, params, ingredients, status, updated) VALUES ('\(key(1))', 'e', '{}', '{}', '{}', 'succeeded', 0)",
        "\(run) (1, 'run-1', 'l.yaml', 'h', 0, 'succeeded', 'host', '[]')",
        "\(run) (2, 'run-2', 'l.yaml', 'h', 1, 'succeeded', 'host', '[]')",
        "\(run) (3, 'run-3', 'l.yaml', 'h', 2, 'succeeded', 'host', '[]')",
        "\(row) (1, 'p-a', '\(key(1))', '[1]'), (1, 'p-b', '\(key(1))', '[2]')",
        "\(row) (2, 'p-b', '\(key(1))', '[2]'), (2, 'p-a', '\(key(1))', '[1]')",
        "\(row) (3, 'p-a', '\(key(1))', '[3]')",
    ])
    let db = try s.open().database
    #expect(try db.appliedMigrations().contains("v4-plan-step-sets"))
    let both = [RunPlanStep(planKey: "p-a", stepKey: key(1), usersJSON: "[1]"), RunPlanStep(planKey: "p-b", stepKey: key(1), usersJSON: "[2]")]
    #expect(try db.runPlanSteps(run: 1) == both)
    #expect(try db.runPlanSteps(run: 2) == both)
    #expect(try db.runPlanSteps(run: 3) == [RunPlanStep(planKey: "p-a", stepKey: key(1), usersJSON: "[3]")])
    #expect(try db.planStepSetCount() == 2)
    #expect(try db.integrityProblems().isEmpty)
}
