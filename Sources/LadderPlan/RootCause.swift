import Foundation
import LadderCore

/// One change that makes steps run, with the steps it reaches: the steps whose
/// own ingredients changed this way (`roots`) and the steps that run only
/// because they read them (`downstream`, an upper bound: early cutoff reuses
/// those whose inputs come out byte-identical).
public struct RootCause: Sendable, Hashable {
    /// "params.seed of subset 42 → 7", "new steps of condition-4", ...
    public var text: String
    /// The kind of the first reason (`StepReason.kind`).
    public var kind: String
    /// Plan keys, in plan order.
    public var roots: [String]
    /// Plan keys, in plan order.
    public var downstream: [String]
    /// True when early cutoff may reuse some downstream steps: `total` is then an upper bound.
    public var upperBound: Bool

    /// Steps this cause may run: roots plus downstream.
    public var total: Int { roots.count + downstream.count }

    /// `1 step → ≤ 81 steps: params.seed of subset 42 → 7`
    public var line: String {
        let r = "\(roots.count) step\(roots.count == 1 ? "" : "s")"
        guard !downstream.isEmpty else { return "\(r): \(text)" }
        return "\(r) → \(upperBound ? "≤ " : "")\(total) steps: \(text)"
    }

    public var json: Value {
        .object(["text": .string(text), "kind": .string(kind), "roots": .array(roots.map(Value.string)),
                 "downstream": .array(downstream.map(Value.string)), "total": .int(total),
                 "upper_bound": .bool(upperBound)])
    }

    /// Groups the steps that run by root cause, in plan order. Root steps with the
    /// same change (one parameter of one template, one source, one new condition)
    /// form one cause; a downstream step counts under every cause it descends from.
    public static func group(plan: Plan, whys: [String: StepWhy]) -> [RootCause] {
        var causes: [RootCause] = []
        var byText: [String: Int] = [:]
        var causeOfRoot: [String: Int] = [:]
        for s in plan.steps {
            guard let why = whys[s.key], why.roots == [s.key] else { continue }
            let text = describe(s, why)
            let i: Int
            if let k = byText[text] { i = k } else {
                i = causes.count
                byText[text] = i
                causes.append(RootCause(text: text, kind: why.reasons.first?.kind ?? "new", roots: [], downstream: [], upperBound: false))
            }
            causes[i].roots.append(s.key)
            causeOfRoot[s.key] = i
        }
        for s in plan.steps {
            guard let why = whys[s.key], why.roots != [s.key] else { continue }
            var seen: Set<Int> = []
            for r in why.roots {
                guard let i = causeOfRoot[r], seen.insert(i).inserted else { continue }
                causes[i].downstream.append(s.key)
                if why.mayBeCutOff { causes[i].upperBound = true }
            }
        }
        return causes
    }

    /// The change a root step stands for, independent of its cell where possible.
    static func describe(_ s: PlannedStep, _ why: StepWhy) -> String {
        let template = s.users.first?.template ?? s.template
        return why.reasons.map { r -> String in
            switch r {
            case .newStep:
                var conditions: [String] = []
                for u in s.users where !conditions.contains(u.condition) { conditions.append(u.condition) }
                return "new steps of \(conditions.joined(separator: ", "))"
            case .parameterChanged(let n, let o, let v):
                return "params.\(n) of \(template) \(StepReason.show(o)) → \(StepReason.show(v))"
            case .engineCodeChanged(let e): return "engine \(e): code changed"
            case .engineDataChanged(let e, let f): return "engine \(e): data changed (\(f.joined(separator: ", ")))"
            case .sourceChanged(_, let src): return "source \(src) changed"
            case .upstreamChanged(let i, _): return "\(template): input \(i) now reads other outputs"
            case .previouslyFailed: return "\(s.label) failed before"
            case .outputsInvalid: return "\(s.label): \(r.text)"
            }
        }.joined(separator: "; ")
    }
}
