import Foundation
import LadderCore
import LadderSpec

extension PlanBuilder {
    /// Renders every naming rule for every user of the steps it names, and
    /// refuses one path naming two different artifacts.
    func renderPaths() throws -> [PlanPath] {
        // Rule by rule, in condition and cell order; one rule's paths are checked against each other.
        var forEachVariables: [String: String] = [:]
        for s in ladder.sources { sourceCorpora[s.name] = .some(s.corpus) }
        for t in ladder.steps { if let fe = t.forEach { forEachVariables[t.name] = fe.variable } }
        let rules = ladder.paths
        guard twoThreads, rules.count > 1 else {
            var all: [PlanPath] = []
            all.reserveCapacity(steps.count)
            for rule in rules { all += try renderPaths(of: rule, forEachVariables: forEachVariables) }
            return all
        }
        // Rules are independent: two threads render them, and the first rule that fails in
        // rule order gives the error, as it does on one thread.
        let results = RuleResults(count: rules.count)
        let builder = SharedBuilder(self), fanOuts = forEachVariables
        DispatchQueue.concurrentPerform(iterations: rules.count) { r in
            results.set(r, Result { try builder.builder.renderPaths(of: rules[r], forEachVariables: fanOuts) })
        }
        var all: [PlanPath] = []
        all.reserveCapacity(steps.count)
        for r in rules.indices { all += try results.get(r) }
        return all
    }

    /// One naming rule's paths, in condition and cell order. Reads the finished plan only
    /// (rules render on two threads at once).
    func renderPaths(of rule: PathRule, forEachVariables: [String: String]) throws -> [PlanPath] {
        var all: [PlanPath] = []
        var corpusCache: [String??] = Array(repeating: nil, count: steps.count)
        let users = steps.count
        do {
            var compiledPaths: [String: CompiledText?] = [:]
            // Every user found below is in template `rule.step`.
            let fanOut = forEachVariables[rule.step]
            var seen: [String: (key: String, step: Int, at: Int)] = [:]
            seen.reserveCapacity(users / max(1, ladder.paths.count))
            for (ci, condition) in ladder.conditions.enumerated() {
                let template = condition.paths[rule.kind] ?? rule.template
                if compiledPaths[template] == nil {
                    let locals: Set<String> = forEachVariables[rule.step].map { [$0] } ?? []
                    compiledPaths[template] = .some(CompiledText(template, ladder: ladder, locals: locals))
                }
                let compiled = compiledPaths[template]!
                for (k, cell) in cellLists[ci].enumerated() {
                    guard let results = resolved[ci][k], let made = results.steps(of: rule.step) else { continue }
                    for i32 in made {
                        let idx = Int(i32)
                        // This cell expanded the step, so a step with one user has this cell as that user.
                        let users = steps[idx].users
                        guard let user = users.count == 1 ? users[0]
                            : users.first(where: { $0.condition == condition.name && $0.template == rule.step && $0.cell == cell })
                        else { continue }
                        var target = steps[idx].key, targetIndex = idx
                        if let input = rule.input {
                            let inputs = steps[idx].inputs
                            guard let pos = inputs.firstIndex(where: { $0.name == input }) else {
                                throw SpecError("path rule '\(rule.kind)' names input '\(input)' of step '\(rule.step)', which it does not have",
                                                at: rule.location, hint: "its inputs: \(inputs.map(\.name).joined(separator: ", "))")
                            }
                            guard case .step(let k) = inputs[pos].source else { continue }
                            target = k
                            let at = inputs[..<pos].reduce(Int(upstreamStart[idx])) { $0 + $1.source.upstreamKeyCount }
                            targetIndex = Int(upstreamFlat[at])
                        }
                        var scope = Scope(ladder: sharedScopeLadder, condition: user.condition, cell: user.cell, name: user.name)
                        if let fe = fanOut, let v = user.forEach { scope.local = (fe, .string(v)) }
                        let path = try compiled?.render(scope) ?? Interpolator.render(template, scope: scope, at: rule.location)
                        if let prior = seen[path] {
                            if prior.key != target {
                                throw SpecError("two different steps would share the \(rule.kind) path '\(path)': \(steps[prior.step].label) and \(steps[idx].label)",
                                                at: rule.location, hint: "add an axis that tells them apart (e.g. ${seed}) to the path")
                            }
                            // The same artifact named again from another cell: keep only the axes all its cells agree on.
                            let old = all[prior.at].cell
                            if old != user.cell { all[prior.at].cell = Cell(values: old.values.filter { user.cell[$0.axis] == $0.value }) }
                            continue
                        }
                        seen[path] = (target, idx, all.count)
                        let corpus = corpusOf(targetIndex, memo: &corpusCache)
                        all.append(PlanPath(kind: rule.kind, path: path, stepKey: target, condition: user.condition,
                                            cell: user.cell, corpus: corpus))
                    }
                }
            }
        }
        return all
    }

    /// The first declared corpus reached by walking a step's inputs upstream
    /// (a source of the step itself first, then each upstream step in input order).
    func corpusOf(_ i: Int, memo: inout [String??]) -> String? {
        if let known = memo[i] { return known }
        var found: String?
        for input in steps[i].inputs {
            if case .source(let name, _) = input.source, let c = sourceCorpora[name] ?? nil { found = c; break }
        }
        if found == nil {
            for j in upstreamFlat[Int(upstreamStart[i])..<Int(upstreamStart[i + 1])] {
                if let c = corpusOf(Int(j), memo: &memo) { found = c; break }
            }
        }
        memo[i] = .some(found)
        return found
    }
}

/// Each rule's paths or error, set from the threads that render them.
private final class RuleResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<[PlanPath], any Error>?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ r: Result<[PlanPath], any Error>) {
        lock.lock()
        results[i] = r
        lock.unlock()
    }

    func get(_ i: Int) throws -> [PlanPath] {
        lock.lock()
        defer { lock.unlock() }
        return try results[i]!.get()
    }
}

/// The builder handed to the threads that render paths; they only read it.
private struct SharedBuilder: @unchecked Sendable {
    let builder: PlanBuilder
    init(_ builder: PlanBuilder) { self.builder = builder }
}
