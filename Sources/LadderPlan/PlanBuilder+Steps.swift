import Foundation
import LadderCore
import LadderSpec

extension PlanBuilder {
    /// Builds (or joins) the step for one instance of a pipeline entry and returns its index.
    func makeStep(_ spec: EffectiveStep, scope: Scope, id: CellID, previous: [Int], results: [String: [Int]],
                  condition: Condition) throws -> Int {
        let engine = try engineInfo(spec.engine, at: spec.engineLocation)
        var params: [String: Value] = [:]
        var locations: [String: SourceLocation] = [:]
        for (k, node) in engine.settings {
            params[k] = try Interpolator.value(of: node, scope: scope)
            locations[k] = node.location
        }
        for p in spec.params {
            params[p.name] = try Interpolator.value(of: p.node, scope: scope)
            locations[p.name] = p.node.location
        }
        try checkParameters(params, engine: spec.engine, info: engine, locations: locations, step: spec.location)
        var inputs: [PlannedInput] = []
        for decl in spec.inputs {
            if case .removed = decl.ref { continue }
            let src = try resolveInput(decl.ref, at: decl.location, id: id, previous: previous, results: results,
                                       condition: condition, template: spec.template.name)
            inputs.append(PlannedInput(name: decl.name, source: src))
        }
        var key = CanonicalKey()
        let inputValue = Value.object(Dictionary(uniqueKeysWithValues: inputs.map { ($0.name, $0.source.keyIngredient) }))
        key.add("engine", .string(engine.implementation))
        key.add("engine.fingerprint", .string(engine.fingerprint))
        key.add("params", .object(params))
        key.add("inputs", inputValue)
        var engineData: Value?
        if engine.implementation != "external" {
            do {
                if let data = try catalog.stepData(ofBuiltin: engine.implementation, params: params, ladder: ladder) {
                    key.add("engine.data", data)
                    engineData = data
                }
            } catch let e as LadderError {
                throw SpecError(e.description, at: spec.location)
            } catch let p as ParameterProblem {
                throw SpecError(p.message, at: locations[p.parameter] ?? spec.location, hint: p.hint)
            }
        }
        let hex = key.hex
        let user = StepUser(condition: id.condition, cell: id.cell, name: scope.name ?? id.condition,
                            template: spec.template.name, forEach: scope.local?.1.text)
        if engine.implementation != "external", index[hex] == nil {
            try checkSources(engine.implementation, params: params, inputs: inputs, locations: locations, step: spec.location)
        }
        if let existing = index[hex] {
            // Each (condition, cell, template, fan-out value) is expanded exactly once, so a user is never added twice.
            steps[existing].users.append(user)
            return existing
        }
        let resources = (spec.resources ?? Resources()).over(engine.resources)
        let step = PlannedStep(
            key: hex, template: spec.template.name, engine: spec.engine, implementation: engine.implementation,
            engineFingerprint: engine.fingerprint, params: params, inputs: inputs,
            resources: Resources(cpus: resources.cpus ?? 1, gpus: resources.gpus ?? 0, memory: resources.memory, time: resources.time),
            retry: spec.template.retry ?? engine.retry ?? RetryPolicy(), users: [user], engineData: engineData,
            evaluationCells: engine.implementation == "external" ? [] : catalog.evaluationCells(ofBuiltin: engine.implementation, params: params))
        steps.append(step)
        index[hex] = steps.count - 1
        return steps.count - 1
    }

    /// Declared parameters (built-in engines always, external ones with `params_schema:`) are
    /// checked by name, type and allowed values; built-in engines then check their combination.
    func checkParameters(_ params: [String: Value], engine: String, info: EngineInfo,
                         locations: [String: SourceLocation], step: SourceLocation) throws {
        let checker: ParameterChecker?
        if let cached = parameterCheckers[engine] {
            checker = cached
        } else {
            let declared = info.implementation == "external" ? ladder.engine(engine)?.paramsSchema
                                                            : catalog.parameters(ofBuiltin: info.implementation)
            checker = declared.map { ParameterChecker(engine: engine, specs: $0, ladder: ladder,
                                                      scorerNames: { [unowned self] in self.scorerNames }) }
            parameterCheckers[engine] = .some(checker)
        }
        guard let checker else { return }
        try checker.check(params, locations: locations, step: step)
        guard info.implementation != "external" else { return }
        do {
            try catalog.check(ofBuiltin: info.implementation, params: params)
        } catch let e as LadderError {
            throw SpecError(e.description, at: step, hint: "see `ladder engine list` for the engine's parameters")
        } catch let p as ParameterProblem {
            throw SpecError(p.message, at: locations[p.parameter] ?? step, hint: p.hint)
        }
    }

    /// A built-in engine's checks of the files its source inputs name; problems join the
    /// other file problems (all reported together), and `validate --offline` skips them.
    func checkSources(_ implementation: String, params: [String: Value], inputs: [PlannedInput],
                      locations: [String: SourceLocation], step: SourceLocation) throws {
        guard checkFiles else { return }
        var sources: [String: String] = [:]
        for i in inputs {
            if case .source(let name, _) = i.source, let p = ladder.source(name)?.path { sources[i.name] = resolvePath(p) }
        }
        do {
            try catalog.checkSources(ofBuiltin: implementation, params: params, sources: sources, ladder: ladder)
        } catch let e as LadderError {
            fileProblems.append(SpecError(e.description, at: step))
        } catch let p as ParameterProblem {
            fileProblems.append(SpecError(p.message, at: locations[p.parameter] ?? step, hint: p.hint))
        }
    }

    func resolveInput(_ ref: InputRef, at loc: SourceLocation, id: CellID, previous: [Int], results: [String: [Int]],
                      condition: Condition, template: String) throws -> PlannedInputSource {
        func keys(_ idx: [Int]) -> PlannedInputSource {
            idx.count == 1 ? .step(key: steps[idx[0]].key) : .steps(keys: idx.map { steps[$0].key })
        }
        switch ref {
        case .source(let name):
            return .source(name: name, hash: try sourceHash(name, at: loc))
        case .previous:
            guard !previous.isEmpty else {
                throw SpecError("step '\(template)' reads `previous`, but it is first in the pipeline of condition '\(condition.name)'",
                                at: loc, hint: "name a source instead, e.g. source.NAME")
            }
            return keys(previous)
        case .step(let name):
            if let idx = results[name] { return keys(idx) }
            let later = condition.pipeline.contains { $0.template == name }
            throw SpecError(later
                ? "step '\(template)' reads '\(name)', which comes later in the pipeline of condition '\(condition.name)'"
                : "step '\(template)' reads '\(name)', but condition '\(condition.name)' has no step '\(name)' in its pipeline",
                at: loc, hint: later ? "move '\(name)' before '\(template)'" : "add '\(name)' to the pipeline or read another step")
        case .cross(let cname, let axes, let step):
            let target = try crossCell(cname, axes: axes, from: id, at: loc)
            let r = try resolve(target, from: loc, via: step)
            guard let idx = r[step] else {
                throw SpecError("condition '\(cname)' has no step '\(step)' in its pipeline", at: loc)
            }
            return keys(idx)
        case .all(let step):
            var idx: [Int] = []
            var taken: Set<Int> = []
            for c in ladder.conditions where c.pipeline.contains(where: { $0.template == step }) {
                for cell in cellsByCondition[c.name] ?? [] {
                    let other = CellID(condition: c.name, cell: cell)
                    let r = other == id ? results : try resolve(other, from: loc, via: step)
                    for i in r[step] ?? [] where taken.insert(i).inserted { idx.append(i) }
                }
            }
            guard !idx.isEmpty else { throw SpecError("no condition runs step '\(step)'", at: loc) }
            return .steps(keys: idx.map { steps[$0].key })
        case .removed:
            throw SpecError("input '\(template)' was removed", at: loc)
        case .itemsOf(let inner, let status):
            let src = try resolveInput(inner, at: loc, id: id, previous: previous, results: results,
                                       condition: condition, template: template)
            guard case .step(let k) = src else {
                throw SpecError("items_of must name exactly one step", at: loc)
            }
            return .itemsOf(key: k, status: status)
        }
    }

    /// The cell of `condition` that agrees with `axes` and, on other axes it selects, with the current cell.
    func crossCell(_ condition: String, axes: [(String, String)], from id: CellID, at loc: SourceLocation) throws -> CellID {
        let cells = cellsByCondition[condition] ?? []
        let fixed = Dictionary(axes, uniquingKeysWith: { $1 })
        let found = cells.filter { cell in
            cell.values.allSatisfy { v in
                if let want = fixed[v.axis] { return v.value.label == want }
                if let mine = id.cell[v.axis] { return mine == v.value }
                return true
            }
        }
        guard found.count == 1 else {
            let sel = axes.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
            throw SpecError(found.isEmpty
                ? "condition '\(condition)' has no cell matching [\(sel)] from [\(id.cell)]"
                : "[\(sel)] matches \(found.count) cells of condition '\(condition)'; name more axes",
                at: loc, hint: "its cells: \(cells.map { "[\($0)]" }.joined(separator: " "))")
        }
        return CellID(condition: condition, cell: found[0])
    }
}
