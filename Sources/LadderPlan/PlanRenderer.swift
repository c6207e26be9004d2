import Foundation
import LadderCore
import LadderSpec

/// Text, JSON and Graphviz renderings of a plan. `status` says, per key, whether a
/// store already holds the step's outputs (`cached`) or it would run (`run`);
/// `whys` says why each step that runs does, and `selection` (from `--only`)
/// limits what is shown.
public struct PlanRenderer {
    public let plan: Plan
    public let status: [String: String]
    public let whys: [String: StepWhy]
    /// Plan keys to show; nil shows every step.
    public let selection: Set<String>?

    public init(plan: Plan, status: [String: String] = [:], whys: [String: StepWhy] = [:], selection: Set<String>? = nil) {
        self.plan = plan
        self.status = status
        self.whys = whys
        self.selection = selection
    }

    func state(_ key: String) -> String { status[key] ?? "run" }

    /// The steps shown, in plan order.
    public var steps: [PlannedStep] { selection.map { sel in plan.steps.filter { sel.contains($0.key) } } ?? plan.steps }

    /// The root causes of the shown steps that run.
    public var causes: [RootCause] {
        let shown = steps.filter { state($0.key) != "cached" }
        var w: [String: StepWhy] = [:]
        for s in shown { w[s.key] = whys[s.key] ?? StepWhy(reasons: [.newStep], roots: [s.key], mayBeCutOff: false) }
        return RootCause.group(plan: plan, whys: w)
    }

    /// Steps per engine and per condition (a shared step counts once per condition using it).
    public var countsByEngine: [(String, Int)] { tally(steps.map(\.engine)) }
    public var countsByCondition: [(String, Int)] {
        tally(steps.flatMap { s in Array(Set(s.users.map(\.condition))).sorted() })
    }

    private func tally(_ names: [String]) -> [(String, Int)] {
        var order: [String] = []
        var counts: [String: Int] = [:]
        for n in names {
            if counts[n] == nil { order.append(n) }
            counts[n, default: 0] += 1
        }
        return order.map { ($0, counts[$0]!) }
    }

    public var text: String {
        let l = plan.ladder
        let shown = steps
        let cached = shown.filter { state($0.key) == "cached" }.count
        let toRun = shown.count - cached
        var out = "ladder \(l.name)\(l.phase.map { " (\($0))" } ?? "") — \(l.file)\n"
        if let selection { out += "only: \(selection.count) of \(plan.steps.count) steps (the selection and what it reads)\n" }
        out += "steps: \(shown.count) distinct (\(cached) cached, \(toRun) to run); "
        out += "shared by several cells: \(shown.filter { $0.users.count > 1 }.count)\n"
        out += "by engine:    " + countsByEngine.map { "\($0.0) \($0.1)" }.joined(separator: ", ") + "\n"
        out += "by condition: " + countsByCondition.map { "\($0.0) \($0.1)" }.joined(separator: ", ") + "\n"
        out += EvaluationCellCounts(plan)?.text ?? ""
        let causes = self.causes
        if !causes.isEmpty {
            let bounded = causes.contains(where: \.upperBound)
            out += "\nwhy: \(causes.count) root cause\(causes.count == 1 ? "" : "s") → \(bounded ? "≤ " : "")\(toRun) step\(toRun == 1 ? "" : "s") to run"
            out += bounded ? " (≤: early cutoff reuses downstream steps whose inputs come out identical)\n" : "\n"
            for c in causes { out += "  \(c.line)\n" }
        }
        out += "\nstatus  key           engine      step (users)\n"
        for s in shown {
            let shared = s.users.count > 1 ? "  (shared by \(s.users.count): \(sharedBy(s)))" : ""
            let st = state(s.key)
            let mark = st != "cached" && whys[s.key]?.mayBeCutOff == true ? "run?" : st
            out += "\(mark.padding(toLength: 7, withPad: " ", startingAt: 0)) \(s.shortKey)  "
            out += "\(s.engine.padding(toLength: 10, withPad: " ", startingAt: 0))  \(s.label)\(shared)"
            if st != "cached", let why = whys[s.key] { out += "  — \(why.text)" }
            out += "\n"
        }
        if shown.contains(where: { whys[$0.key]?.mayBeCutOff == true }) {
            out += "(run? = runs only if its upstream's outputs change)\n"
        }
        return out
    }

    private func sharedBy(_ s: PlannedStep) -> String {
        var names: [String] = []
        for u in s.users where !names.contains(u.condition) { names.append(u.condition) }
        return names.joined(separator: ", ")
    }

    public var json: Value {
        .object([
            "ladder": .string(plan.ladder.name),
            "phase": plan.ladder.phase.map(Value.string) ?? .null,
            "ladder_hash": .string(plan.ladder.fileHash),
            "counts": .object([
                "steps": .int(steps.count),
                "shared": .int(steps.filter { $0.users.count > 1 }.count),
                "cached": .int(steps.filter { state($0.key) == "cached" }.count),
                "by_engine": .object(Dictionary(uniqueKeysWithValues: countsByEngine.map { ($0.0, .int($0.1)) })),
                "by_condition": .object(Dictionary(uniqueKeysWithValues: countsByCondition.map { ($0.0, .int($0.1)) })),
            ].merging(EvaluationCellCounts(plan).map { ["evaluation_cells": $0.json] } ?? [:]) { a, _ in a }),
            "causes": .array(causes.map(\.json)),
            "selected": selection.map { _ in .bool(true) } ?? .bool(false),
            "steps": .array(steps.map(stepJSON)),
        ])
    }

    public func stepJSON(_ s: PlannedStep) -> Value {
        .object([
            "key": .string(s.key), "label": .string(s.label), "engine": .string(s.engine), "template": .string(s.template),
            "status": .string(state(s.key)), "params": .object(s.params),
            "why": state(s.key) == "cached" ? .null : (whys[s.key]?.json ?? .null),
            "inputs": .object(Dictionary(uniqueKeysWithValues: s.inputs.map { ($0.name, $0.source.keyIngredient) })),
            "depends_on": .array(s.upstreamKeys.map(Value.string)),
            "users": .array(s.users.map { u in
                .object(["condition": .string(u.condition), "cell": u.cell.json, "name": .string(u.name),
                         "template": .string(u.template), "for_each": u.forEach.map(Value.string) ?? .null])
            }),
        ])
    }

    public var dot: String {
        var out = "digraph \"\(plan.ladder.name)\" {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n"
        for s in plan.steps {
            let color = state(s.key) == "cached" ? "#999999" : "#0072B2"
            out += "  \"\(s.shortKey)\" [label=\"\(s.engine)\\n\(s.label.replacingOccurrences(of: "\"", with: "'"))\", color=\"\(color)\"];\n"
        }
        for s in plan.steps {
            for u in Set(s.upstreamKeys) { out += "  \"\(u.prefix(12))\" -> \"\(s.shortKey)\";\n" }
        }
        return out + "}\n"
    }

    /// Why a step would (not) run, with everything its key is made of.
    public func explain(_ s: PlannedStep) -> String {
        var key = CanonicalKey()
        for (k, v) in s.ingredients { key.add(k, v) }
        var out = "step \(s.label)\nkey  \(s.key)\nstatus \(state(s.key))"
        if state(s.key) == "cached" {
            out += " (the store holds outputs for this exact key)\n"
        } else if let why = whys[s.key] {
            out += "\nwhy:\n" + why.reasons.map { "  \($0.text)\n" }.joined()
            let roots = why.roots.filter { $0 != s.key }.compactMap { plan.step($0)?.label }
            if !roots.isEmpty {
                out += "  root step\(roots.count == 1 ? "" : "s"): \(roots.prefix(4).joined(separator: ", "))\(roots.count > 4 ? ", ... (\(roots.count))" : "")\n"
            }
            if why.mayBeCutOff { out += "  (it runs only if those outputs change: early cutoff may reuse it)\n" }
            out += "\n"
        } else {
            out += " (no stored outputs for this key)\n"
        }
        out += "engine \(s.engine) (\(s.implementation)), fingerprint \(s.engineFingerprint)\n"
        out += "resources cpus=\(s.resources.cpus ?? 1) gpus=\(s.resources.gpus ?? 0)"
        if let m = s.resources.memory { out += " memory=\(m)B" }
        if let t = s.resources.time { out += " time=\(t)s" }
        out += "; retry attempts=\(s.retry.attempts)\n\nparameters:\n"
        for k in s.params.keys.sorted() { out += "  \(k): \(s.params[k]!.canonicalJSON)\n" }
        out += "\ninputs:\n"
        for i in s.inputs {
            switch i.source {
            case .source(let n, let h): out += "  \(i.name): source \(n) (\(h.map { "sha256 \($0)" } ?? "missing: no file and no declared sha256"))\n"
            case .step(let k): out += "  \(i.name): step \(plan.step(k)?.label ?? k) [\(k.prefix(12))]\n"
            case .steps(let ks): out += "  \(i.name): \(ks.count) steps (\(ks.prefix(4).map { String($0.prefix(12)) }.joined(separator: ", "))\(ks.count > 4 ? ", ..." : ""))\n"
            case .itemsOf(let k, let st): out += "  \(i.name): items of \(plan.step(k)?.label ?? k) with status \(st)\n"
            }
        }
        out += "\nused by:\n"
        for u in s.users { out += "  \(u.condition) [\(u.cell)] as \(u.template)\(u.forEach.map { "@\($0)" } ?? "") (name \(u.name))\n" }
        out += "\nkey = sha256 of:\n  \(key.canonicalText)\n"
        return out
    }
}
