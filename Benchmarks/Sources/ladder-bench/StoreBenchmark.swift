import Foundation
import LadderCore
import LadderStore

/// Store figures: storing many small outputs, and everything a no-op re-run
/// of a finished 10k-step ladder asks the store (step upsert, the batch
/// reuse query with verification, outcome recording).
func storeBenchmark(_ report: inout BenchReport) throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-bench-store-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let store = try Store.open(at: root, access: .exclusive(wait: 0), command: "ladder-bench")
    let db = store.database

    // 1,000 small outputs, each as an engine leaves it: a directory in tmp/.
    var ingestSeconds = 0.0
    for i in 0..<1_000 {
        let work = try store.makeWorkDirectory(label: "bench")
        let out = work.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("{\"item\": \(i), \"score\": 0.5}\n".utf8).write(to: out.appendingPathComponent("result.json"))
        try Data(String(repeating: "row \(i)\n", count: 20).utf8).write(to: out.appendingPathComponent("rows.jsonl"))
        ingestSeconds += try BenchReport.time { _ = try store.objects.ingest(out, consume: true) }
        try store.removeWorkDirectory(work)
    }
    report.add(BenchFigure(area: "store", name: "ingest 1,000 small outputs (2 files each, synced + renamed)", value: ingestSeconds, unit: "s",
                           target: "-", note: String(format: "%.2f ms per output", ingestSeconds)))

    // A finished 10k-step ladder: every step succeeded with one blob output.
    let n = 10_000
    let keys = (0..<n).map { SHA256.hex("bench step \($0)") }
    let steps = keys.map { StepRecord(key: $0, engine: "shell", identityJSON: "{\"cell\":\"x\"}", paramsJSON: "{\"n\":1}", ingredientsJSON: "{}") }
    try db.upsertSteps(steps)
    let first = try db.beginRun(NewRun(ladderPath: "bench.yaml", ladderHash: "0"))
    for (i, key) in keys.enumerated() {
        let out = try store.objects.putBlob(Data("output of step \(i)\n".utf8))
        let attempt = try db.beginAttempt(stepKey: key, runID: first.id)
        try db.finishAttempt(attempt.id, end: .succeeded(outputs: ["out": out], metrics: [:]), exitStatus: 0)
    }
    try db.endRun(first.id, status: .succeeded)
    // Stamps are only recorded for objects older than the racy margin (2 s).
    Thread.sleep(forTimeInterval: 2.2)

    var reusable = 0
    let full = try BenchReport.time { reusable = try store.reuse(keys: keys, policy: .full).values.filter { $0.outputs != nil }.count }
    guard reusable == n else { throw LadderError.io("store benchmark: only \(reusable) of \(n) steps reusable after a full check") }
    report.add(BenchFigure(area: "store", name: "look up 10k step keys, full re-hash of outputs", value: full, unit: "s", target: "-",
                           note: "first check after a run; records stamps"))

    let stamped = try BenchReport.time { reusable = try store.reuse(keys: keys, policy: .trustStamps).values.filter { $0.outputs != nil }.count }
    guard reusable == n else { throw LadderError.io("store benchmark: only \(reusable) of \(n) steps reusable with stamps") }
    report.add(BenchFigure(area: "store", name: "look up 10k step keys, verified by stamps", value: stamped, unit: "s", target: "< 0.5 s",
                           note: "1 outputs query + 1 stamps query + 1 lstat per object"))

    let noop = try BenchReport.time {
        let run = try db.beginRun(NewRun(ladderPath: "bench.yaml", ladderHash: "0"))
        try db.upsertSteps(steps)
        let reuse = try store.reuse(keys: keys)
        try db.recordOutcomes(keys.map { RunStepRecord(runID: run.id, stepKey: $0, outcome: reuse[$0]?.outputs != nil ? .reused : .failed, seconds: 0) })
        try db.endRun(run.id, status: .succeeded)
    }
    report.add(BenchFigure(area: "store", name: "store side of a no-op re-run of 10k steps", value: noop, unit: "s", target: "< 0.5 s",
                           note: "run row, upsert steps, reuse lookup, 10k outcomes"))
    store.close()
}
