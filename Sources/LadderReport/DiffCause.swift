import Foundation
import LadderAnalysis

/// One change between two runs with the steps it reaches: the steps whose own
/// ingredients changed this way (`roots`), and the steps that changed only
/// because they read those (`downstream`). A condition added or removed is a
/// cause of its own.
public struct DiffCause: Sendable, Equatable {
    /// `param.lr 2e-4 → 1e-4 in train`, `condition added: cond-x`, ...
    public var text: String
    /// `ingredients`, `added` or `removed`.
    public var kind: String
    public var roots: [StepIdentity]
    public var downstream: [StepIdentity]

    /// `train 2, eval 2` — downstream steps per step name, in first-seen order.
    public var downstreamByStep: String {
        var order: [String] = []
        var n: [String: Int] = [:]
        for d in downstream {
            if n[d.step] == nil { order.append(d.step) }
            n[d.step, default: 0] += 1
        }
        return order.map { "\($0) \(n[$0]!)" }.joined(separator: ", ")
    }

    /// `param.lr 2e-4 → 1e-4 in train: 2 steps, 4 downstream (eval 2, reparse 2)`
    public var line: String {
        var out = "\(text): \(roots.count) step\(roots.count == 1 ? "" : "s")"
        if !downstream.isEmpty { out += ", \(downstream.count) downstream (\(downstreamByStep))" }
        return out
    }

    /// Groups the changed steps by root cause. An ingredient change counts as
    /// upstream when it names (by key) a step that itself changed or is new in B;
    /// every other changed ingredient is the step's own, and steps with the same own
    /// changes under the same step name form one cause.
    static func group(changed: [RunDiff.StepChange], onlyInA: [StepRecord], onlyInB: [StepRecord]) -> [DiffCause] {
        let newKeys = Set(changed.map(\.keyB)).union(onlyInB.map(\.key))
        let byKey = Dictionary(changed.map { ($0.keyB, $0) }, uniquingKeysWith: { a, _ in a })
        func isUpstream(_ i: RunDiff.IngredientChange) -> Bool {
            guard i.name.hasPrefix("input."), let v = i.new else { return false }
            return newKeys.contains(v) || newKeys.contains { v.contains($0) }
        }
        var causes: [DiffCause] = []
        var index: [String: Int] = [:]
        func cause(_ text: String, _ kind: String) -> Int {
            if let i = index[text] { return i }
            index[text] = causes.count
            causes.append(DiffCause(text: text, kind: kind, roots: [], downstream: []))
            return causes.count - 1
        }
        var causeOfKey: [String: [Int]] = [:]
        for c in changed {
            let own = c.ingredients.filter { !isUpstream($0) }
            guard !own.isEmpty || c.ingredients.isEmpty else { continue }
            let what = own.isEmpty ? "key encoding changed" : own.map { "\($0.name) \(short($0.old)) → \(short($0.new))" }.joined(separator: "; ")
            let i = cause("\(what) in \(c.identity.step)", "ingredients")
            causes[i].roots.append(c.identity)
            causeOfKey[c.keyB] = [i]
        }
        var conditionsA = Set<String>(), conditionsB = Set<String>()
        for s in onlyInA { conditionsA.insert(s.identity.condition) }
        for s in onlyInB { conditionsB.insert(s.identity.condition) }
        let kept = Set(changed.map(\.identity.condition))
        for s in onlyInB {
            let c = s.identity.condition
            let i = cause(kept.contains(c) || conditionsA.contains(c) ? "steps added in \(c)" : "condition added: \(c)", "added")
            causes[i].roots.append(s.identity)
            causeOfKey[s.key] = [i]
        }
        for s in onlyInA {
            let c = s.identity.condition
            let i = cause(kept.contains(c) || conditionsB.contains(c) ? "steps removed from \(c)" : "condition removed: \(c)", "removed")
            causes[i].roots.append(s.identity)
        }
        // Downstream: follow input keys back to the roots they come from.
        var memo: [String: [Int]] = causeOfKey
        var visiting: Set<String> = []
        func roots(of key: String) -> [Int] {
            if let m = memo[key] { return m }
            guard let c = byKey[key], visiting.insert(key).inserted else { return [] }
            var out: [Int] = []
            for i in c.ingredients where isUpstream(i) {
                let v = i.new ?? ""
                for k in newKeys where k == v || v.contains(k) { for r in roots(of: k) where !out.contains(r) { out.append(r) } }
            }
            memo[key] = out
            return out
        }
        for c in changed where causeOfKey[c.keyB] == nil {
            for i in roots(of: c.keyB) { causes[i].downstream.append(c.identity) }
        }
        return causes
    }

    /// A value cut for a one-line cause.
    static func short(_ s: String?) -> String {
        guard let s else { return "(absent)" }
        return s.count > 24 ? String(s.prefix(12)) + "…" : s
    }
}
