import Foundation
import LadderCore
import LadderPlan
import LadderSpec
import LadderStore

/// A re-run of a plan the store has already finished, without step-by-step work.
///
/// A run that reused or executed every step leaves a `FinishedPlan`, named by the digest
/// of what its reuse decisions and records take from the plan (`digest`). The next run
/// of a plan with the same digest, when the store's generation is unchanged since (no
/// recorded output, step status, ledger item or identity changed: the schema's triggers
/// count every such write) and every output object is intact (its verification stamp matches, or it re-hashes to its name),
/// would reuse every step with the same execution keys and outputs: step keys decide
/// execution keys once upstream outputs are fixed, and those are fixed from the sources
/// down. So it records what that run would record (a `reused` outcome per execution key,
/// identities touched, the same plan-step set) in three statements and hands back the
/// same lines, in the order the scheduler would settle them. Anything else — no finished
/// plan, another generation, a missing or corrupt object — leaves the run to the scheduler.
struct FinishedPlanShortcut {
    let plan: Plan
    let store: Store
    /// `digest(plan)`, the name its finished plan is recorded and looked up under.
    let digest: String

    init(plan: Plan, store: Store) {
        self.plan = plan
        self.store = store
        digest = Self.digest(plan)
    }

    /// What a replay hands back: the summary lines and each plan step's output.
    struct Replay {
        var lines: [RunSummary.StepLine]
        var outputs: [String: ObjectHash]
    }

    /// SHA-256 over each step's plan key, template, engine and users (condition, cell,
    /// name, template, fan-out value), in plan order: all a run reads from the plan to
    /// decide reuse and to write its records (labels and identities come from the users).
    static func digest(_ plan: Plan) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(256 * plan.steps.count)
        func add(_ s: String) { text.append(contentsOf: s.utf8) }
        add("ladder-finished-plan-v1\n")
        for s in plan.steps {
            add(s.key); text.append(0); add(s.template); text.append(0); add(s.engine)
            for u in s.users {
                text.append(1); add(u.condition); text.append(0); add(u.name); text.append(0)
                add(u.template); text.append(0)
                if let f = u.forEach { add(f) } else { text.append(2) }
                for v in u.cell.values { text.append(0); add(v.axis); text.append(0x3d); add(v.value.label) }
            }
            text.append(0x0a)
        }
        return SHA256.hex(Data(text))
    }

    /// The order `Scheduler` settles the steps of a plan in when every one is reused: the
    /// steps without upstream steps in plan order, then wave by wave the steps each one
    /// releases (its dependents, in plan order, once their last upstream step is done).
    static func settleOrder(_ plan: Plan) -> [Int] {
        var remaining = [Int](repeating: 0, count: plan.steps.count)
        var dependents = [[Int]](repeating: [], count: plan.steps.count)
        var ups: [Int] = []
        for (i, s) in plan.steps.enumerated() {
            ups.removeAll(keepingCapacity: true)
            for k in s.upstreamKeys { if let u = plan.position(of: k), !ups.contains(u) { ups.append(u) } }
            remaining[i] = ups.count
            for u in ups { dependents[u].append(i) }
        }
        var order: [Int] = []
        order.reserveCapacity(plan.steps.count)
        var wave = remaining.indices.filter { remaining[$0] == 0 }
        while !wave.isEmpty {
            var next: [Int] = []
            for i in wave {
                order.append(i)
                for d in dependents[i] {
                    remaining[d] -= 1
                    if remaining[d] == 0 { next.append(d) }
                }
            }
            wave = next
        }
        return order
    }

    /// Records run `runID` as a re-run of the finished plan and returns its lines, or nil
    /// (having written nothing) when the shortcut does not apply.
    func replay(runID: Int64, progress: Progress) throws -> Replay? {
        guard !plan.steps.isEmpty, let finished = try store.database.finishedPlan(digest: digest) else { return nil }
        let text = Array(finished.steps.utf8)
        guard text.count == 128 * plan.steps.count else { return nil }
        var keys: [String] = []
        var outputs: [String: ObjectHash] = [:]
        keys.reserveCapacity(plan.steps.count)
        outputs.reserveCapacity(plan.steps.count)
        for (i, s) in plan.steps.enumerated() {
            let key = String(decoding: text[128 * i ..< 128 * i + 64], as: UTF8.self)
            guard ObjectHash.isValid(key), let out = try? ObjectHash(String(decoding: text[128 * i + 64 ..< 128 * i + 128], as: UTF8.self))
            else { return nil }
            keys.append(key)
            outputs[s.key] = out
        }
        guard try store.objectsIntact(finished) else { return nil }
        progress.begin(total: plan.steps.count)
        var lines: [RunSummary.StepLine] = []
        lines.reserveCapacity(plan.steps.count)
        for i in Self.settleOrder(plan) {
            let s = plan.steps[i]
            let label = s.label
            lines.append(.init(planKey: s.key, key: keys[i], label: label, outcome: "reused"))
            progress.stepDone(label, outcome: "reused", seconds: nil)
        }
        progress.end()
        try store.database.recordFinishedPlanReused(finished, run: runID)
        return Replay(lines: lines, outputs: outputs)
    }

    /// After a run of the whole plan in which every step executed or was reused, records
    /// the finished plan for the next run. A failure to record costs only that shortcut.
    func record(lines: [RunSummary.StepLine], outputs: [String: ObjectHash], runID: Int64) {
        guard !plan.steps.isEmpty, lines.count == plan.steps.count,
              lines.allSatisfy({ $0.outcome == "executed" || $0.outcome == "reused" }) else { return }
        var keyOf: [String: String] = [:]
        keyOf.reserveCapacity(lines.count)
        for l in lines { keyOf[l.planKey] = l.key }
        var steps = ""
        steps.reserveCapacity(128 * plan.steps.count)
        var identities: [String] = []
        for s in plan.steps {
            guard let key = keyOf[s.key], ObjectHash.isValid(key), let out = outputs[s.key] else { return }
            steps += key
            steps += out.hex
            for u in s.users { identities.append(ReasonFinder.identity(u)) }
        }
        try? store.database.recordFinishedPlan(digest: digest, steps: steps, stepKeys: Set(keyOf.values).sorted(),
                                               identities: identities, run: runID)
    }
}
