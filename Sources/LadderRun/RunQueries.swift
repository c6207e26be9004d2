import Foundation
import LadderCore
import LadderStore

/// Read-side services over a store: `status`, `runs`, `log`.
public struct RunQueries {
    public let store: Store

    public init(store: Store) { self.store = store }

    public func runsJSON(limit: Int = 50) throws -> Value {
        .array(try store.database.runs(limit: limit).map(runJSON))
    }

    func runJSON(_ r: RunRecord) -> Value {
        .object(["id": .int(Int(r.id)), "name": .string(r.name), "ladder": .string(r.ladderPath),
                 "ladder_hash": .string(r.ladderHash), "status": .string(r.status.rawValue),
                 "started": .string(ISO8601DateFormatter().string(from: r.started)),
                 "ended": r.ended.map { .string(ISO8601DateFormatter().string(from: $0)) } ?? .null,
                 "seconds": r.ended.map { .double($0.timeIntervalSince(r.started)) } ?? .null, "host": .string(r.host)])
    }

    public func runsText(limit: Int = 50) throws -> String {
        var out = "id    status       steps(ex/re/fail/skip)  seconds  name  ladder\n"
        for r in try store.database.runs(limit: limit) {
            let c = try store.database.outcomeCounts(run: r.id)
            let counts = "\(c[.executed] ?? 0)/\(c[.reused] ?? 0)/\(c[.failed] ?? 0)/\(c[.skipped] ?? 0)"
            let secs = r.ended.map { String(format: "%.1f", $0.timeIntervalSince(r.started)) } ?? "-"
            out += "\(String(r.id).padding(toLength: 5, withPad: " ", startingAt: 0)) \(r.status.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) "
            out += "\(counts.padding(toLength: 23, withPad: " ", startingAt: 0)) \(secs.padding(toLength: 8, withPad: " ", startingAt: 0)) \(r.name)  \(r.ladderPath)\n"
        }
        return out
    }

    /// One run's progress: counts by outcome and the steps that failed or were skipped.
    public func status(_ selector: String) throws -> (text: String, json: Value) {
        let r = try store.database.resolveRun(selector)
        let c = try store.database.outcomeCounts(run: r.id)
        let records = try store.database.runSteps(run: r.id)
        let identities = try store.database.steps(keys: records.map(\.stepKey))
        func label(_ k: String) -> String {
            guard let json = identities[k]?.identityJSON, let v = try? Value.parseJSON(Data(json.utf8)) else { return String(k.prefix(12)) }
            return v["label"]?.stringValue ?? String(k.prefix(12))
        }
        var text = "run \(r.id) (\(r.name)) \(r.status.rawValue) — \(r.ladderPath)\n"
        text += "executed \(c[.executed] ?? 0), reused \(c[.reused] ?? 0), failed \(c[.failed] ?? 0), skipped \(c[.skipped] ?? 0), interrupted \(c[.interrupted] ?? 0)\n"
        var problems: [Value] = []
        // Failures first (each with its reason), then skipped steps counted per reason: the cause never hides among its effects.
        let rank: [StepOutcome: Int] = [.failed: 0, .interrupted: 1, .skipped: 2]
        let listed = records.filter { rank[$0.outcome] != nil }.map { (rec: $0, label: label($0.stepKey)) }
            .sorted { rank[$0.rec.outcome]! != rank[$1.rec.outcome]! ? rank[$0.rec.outcome]! < rank[$1.rec.outcome]! : $0.label < $1.label }
        var skippedOrder: [String] = []
        var skippedCount: [String: Int] = [:]
        for (rec, name) in listed {
            if rec.outcome == .skipped {
                let why = rec.reason ?? "not started"
                if skippedCount[why] == nil { skippedOrder.append(why) }
                skippedCount[why, default: 0] += 1
            } else {
                text += "  \(rec.outcome.rawValue) \(name) [\(rec.stepKey.prefix(12))]: \(rec.reason ?? "")\n"
            }
            problems.append(.object(["key": .string(rec.stepKey), "label": .string(name),
                                     "outcome": .string(rec.outcome.rawValue), "reason": rec.reason.map(Value.string) ?? .null]))
        }
        for why in skippedOrder {
            let n = skippedCount[why]!
            text += "  skipped \(n) step\(n == 1 ? "" : "s"): \(why)\n"
        }
        var json = runJSON(r)
        if case .object(var o) = json {
            for o2 in StepOutcomeName.all { o[o2] = .int(c[StepOutcome(rawValue: o2)!] ?? 0) }
            o["problems"] = .array(problems)
            json = .object(o)
        }
        return (text, json)
    }

    /// The captured output of a step's latest attempt; STEP is a key prefix or a label.
    public func log(_ query: String) throws -> String {
        let key = try findStep(query)
        guard let attempt = try store.database.latestAttempt(stepKey: key) else {
            // Skipped, reused-only or interrupted-before-start steps have no log: say what happened to them.
            for r in try store.database.runs(limit: 1000) {
                guard let rec = try store.database.runSteps(run: r.id).first(where: { $0.stepKey == key }) else { continue }
                let why = rec.reason.map { ": \($0)" } ?? ""
                return "step \(key.prefix(12)) was \(rec.outcome.rawValue) in run \(r.id) (\(r.name))\(why); it has no attempts, so no log\n"
            }
            throw LadderError.badInput("step \(key.prefix(12)) has no attempts")
        }
        var out = "attempt \(attempt.number) of \(key.prefix(12)): \(attempt.status.rawValue)"
        if let r = attempt.reason { out += " — \(r)" }
        out += "\n"
        if let h = attempt.logHash { out += String(decoding: try store.objects.blob(h), as: UTF8.self) } else { out += "(no output captured)\n" }
        return out
    }

    /// Finds a recorded step by execution-key prefix, plan-key prefix or label, newest runs first.
    func findStep(_ query: String) throws -> String {
        for r in try store.database.runs(limit: 1000) {
            let recs = try store.database.runSteps(run: r.id)
            if let hit = recs.first(where: { $0.stepKey.hasPrefix(query) }) { return hit.stepKey }
            let ids = try store.database.steps(keys: recs.map(\.stepKey))
            for rec in recs {
                guard let json = ids[rec.stepKey]?.identityJSON, let v = try? Value.parseJSON(Data(json.utf8)) else { continue }
                if v["label"]?.stringValue == query || (v["plan_key"]?.stringValue?.hasPrefix(query) ?? false) { return rec.stepKey }
            }
        }
        throw LadderError.badInput("no recorded step matches '\(query)'; `ladder status` lists keys and labels")
    }
}

enum StepOutcomeName {
    static let all = ["executed", "reused", "failed", "skipped", "interrupted"]
}
