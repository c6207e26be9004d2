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
        guard !rules.isEmpty else { return [] }
        let corpora = stepCorpora()
        guard twoThreads, rules.count > 1 else {
            var all: [PlanPath] = []
            all.reserveCapacity(steps.count)
            for rule in rules { all += try renderPaths(of: rule, forEachVariables: forEachVariables, corpora: corpora) }
            return all
        }
        // Rules are independent: two threads render them, and the first rule that fails in
        // rule order gives the error, as it does on one thread.
        let results = RuleResults(count: rules.count)
        let builder = SharedBuilder(self), fanOuts = forEachVariables
        DispatchQueue.concurrentPerform(iterations: rules.count) { r in
            results.set(r, Result { try builder.builder.renderPaths(of: rules[r], forEachVariables: fanOuts, corpora: corpora) })
        }
        var all: [PlanPath] = []
        all.reserveCapacity(steps.count)
        for r in rules.indices { all += try results.get(r) }
        return all
    }

    /// One naming rule's paths, in condition and cell order. Reads the finished plan only
    /// (rules render on two threads at once).
    func renderPaths(of rule: PathRule, forEachVariables: [String: String], corpora: [String?]) throws -> [PlanPath] {
        var all: [PlanPath] = []
        // The step each path of `all` was rendered for (for the error naming two steps).
        var renderedFor: [Int] = []
        do {
            var compiledPaths: [String: CompiledText?] = [:]
            // Every user found below is in template `rule.step`.
            let fanOut = forEachVariables[rule.step]
            var seen = SeenPaths(capacity: steps.count / max(1, ladder.paths.count))
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
                        if let at = seen.find(path, in: all) {
                            if all[at].stepKey != target {
                                throw SpecError("two different steps would share the \(rule.kind) path '\(path)': \(steps[renderedFor[at]].label) and \(steps[idx].label)",
                                                at: rule.location, hint: "add an axis that tells them apart (e.g. ${seed}) to the path")
                            }
                            // The same artifact named again from another cell: keep only the axes all its cells agree on.
                            let old = all[at].cell
                            if !old.values.allSatisfy({ user.cell[$0.axis] == $0.value }) {
                                all[at].cell = Cell(values: old.values.filter { user.cell[$0.axis] == $0.value })
                            }
                            continue
                        }
                        seen.insert(path)
                        renderedFor.append(idx)
                        all.append(PlanPath(kind: rule.kind, path: path, stepKey: target, condition: user.condition,
                                            cell: user.cell, corpus: corpora[targetIndex]))
                    }
                }
            }
        }
        return all
    }

    /// Each step's corpus: the first declared corpus reached by walking its inputs upstream
    /// (a source of the step itself first, then each upstream step in input order). Steps
    /// come after the steps they read, so one pass in plan order finds them all.
    func stepCorpora() -> [String?] {
        var out: [String?] = []
        out.reserveCapacity(steps.count)
        for i in steps.indices {
            var found: String?
            for input in steps[i].inputs {
                if case .source(let name, _) = input.source, let c = sourceCorpora[name] ?? nil { found = c; break }
            }
            if found == nil {
                for j in upstreamFlat[Int(upstreamStart[i])..<Int(upstreamStart[i + 1])] {
                    if let c = out[Int(j)] { found = c; break }
                }
            }
            out.append(found)
        }
        return out
    }
}

/// The paths one naming rule has rendered so far, by their text: an open-addressing table
/// of positions in the rule's paths (inserted in order 0, 1, 2, …), hashed on the path's
/// bytes as `ByteKey` hashes them.
private struct SeenPaths {
    /// Position + 1 per bucket (0: empty); a power of two, at most half full.
    private var buckets: [Int32]
    /// Each inserted position's hash, by position.
    private var hashes: [Int] = []

    init(capacity: Int) {
        var size = 16
        while size < 2 * capacity { size *= 2 }
        buckets = Array(repeating: 0, count: size)
        hashes.reserveCapacity(capacity)
    }

    private static func hash(_ path: String) -> Int {
        var p = path
        return Int(truncatingIfNeeded: p.withUTF8 { ByteKey.hash(UnsafeRawBufferPointer($0)) })
    }

    /// The position in `paths` of a path with this text, if one was inserted.
    func find(_ path: String, in paths: [PlanPath]) -> Int? {
        let mask = buckets.count - 1
        var at = Self.hash(path) & mask
        while buckets[at] != 0 {
            let i = Int(buckets[at]) - 1
            if paths[i].path == path { return i }
            at = (at + 1) & mask
        }
        return nil
    }

    /// Records that the next position holds a path with this text (not inserted before).
    mutating func insert(_ path: String) {
        hashes.append(Self.hash(path))
        if 2 * hashes.count > buckets.count {
            buckets = Array(repeating: 0, count: buckets.count * 2)
            for i in hashes.indices { place(i) }
        } else {
            place(hashes.count - 1)
        }
    }

    private mutating func place(_ position: Int) {
        let mask = buckets.count - 1
        var at = hashes[position] & mask
        while buckets[at] != 0 { at = (at + 1) & mask }
        buckets[at] = Int32(position + 1)
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
