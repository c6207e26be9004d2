import Foundation
import LadderCore
import LadderSpec

extension PlanBuilder {
    /// Renders every naming rule for every user of the steps it names, and
    /// refuses one path naming two different artifacts.
    func renderPaths() throws -> [PlanPath] {
        var out: [PlanPath] = []
        var seen: [String: (key: String, label: String, at: Int)] = [:]
        var corpusCache: [String: String?] = [:]
        for rule in ladder.paths {
            for condition in ladder.conditions {
                for cell in cellsByCondition[condition.name] ?? [] {
                for idx in resolved[CellID(condition: condition.name, cell: cell)]?[rule.step] ?? [] {
                    let step = steps[idx]
                    guard let user = step.users.first(where: { $0.condition == condition.name && $0.cell == cell && $0.template == rule.step })
                    else { continue }
                    var target = step.key
                    if let input = rule.input {
                        guard let i = step.inputs.first(where: { $0.name == input }) else {
                            throw SpecError("path rule '\(rule.kind)' names input '\(input)' of step '\(rule.step)', which it does not have",
                                            at: rule.location, hint: "its inputs: \(step.inputs.map(\.name).joined(separator: ", "))")
                        }
                        guard case .step(let k) = i.source else { continue }
                        target = k
                    }
                    var scope = Scope(ladder: ladder, condition: user.condition, cell: user.cell, name: user.name)
                    if let fe = ladder.step(user.template)?.forEach, let v = user.forEach { scope.local = (fe.variable, .string(v)) }
                    let template = condition.paths[rule.kind] ?? rule.template
                    let path = try Interpolator.render(template, scope: scope, at: rule.location)
                    let id = "\(rule.kind)\u{0}\(path)"
                    if let prior = seen[id] {
                        if prior.key != target {
                            throw SpecError("two different steps would share the \(rule.kind) path '\(path)': \(prior.label) and \(step.label)",
                                            at: rule.location, hint: "add an axis that tells them apart (e.g. ${seed}) to the path")
                        }
                        // The same artifact named again from another cell: keep only the axes all its cells agree on.
                        let kept = out[prior.at].cell.values.filter { user.cell[$0.axis] == $0.value }
                        out[prior.at].cell = Cell(values: kept)
                        continue
                    }
                    seen[id] = (target, step.label, out.count)
                    let corpus: String?
                    if let c = corpusCache[target] { corpus = c } else { corpus = corpusOf(target); corpusCache[target] = corpus }
                    out.append(PlanPath(kind: rule.kind, path: path, stepKey: target, condition: user.condition,
                                        cell: user.cell, corpus: corpus))
                }
                }
            }
        }
        return out
    }

    /// The first declared corpus reached by walking a step's inputs upstream.
    func corpusOf(_ key: String) -> String? {
        var stack = [key]
        var visited: Set<String> = []
        while let k = stack.popLast() {
            guard visited.insert(k).inserted, let i = index[k] else { continue }
            for input in steps[i].inputs {
                if case .source(let name, _) = input.source, let c = ladder.source(name)?.corpus { return c }
            }
            stack.append(contentsOf: steps[i].inputs.flatMap(\.source.upstreamKeys).reversed())
        }
        return nil
    }
}
