import Foundation
import LadderCore
import LadderSpec

extension PlanBuilder {
    /// Builds (or joins) the step for one instance of a pipeline entry and returns its index.
    /// Only parameters that interpolate the cell are rendered; the key's canonical text is
    /// written directly (`StepKeyBytes`); equal parameter sets share one checked dictionary.
    func makeStep(_ recipe: StepRecipe, scope: Scope, id: CellID, previous: [Int], results: CellSteps,
                  condition: Condition) throws -> Int {
        let spec = recipe.spec
        // Scratch buffers are taken out while in use (resolving an input can plan other cells).
        var work = StepScratch()
        swap(&work, &scratch)
        defer {
            work.rendered.removeAll(keepingCapacity: true)
            scratch = work
        }
        work.params.removeAll(keepingCapacity: true)
        work.rendered.removeAll(keepingCapacity: true)
        work.upstream.removeAll(keepingCapacity: true)
        work.key.removeAll(keepingCapacity: true)
        let compiled = recipe.compiled, chunks = recipe.chunks
        for i in compiled.indices {
            work.params.append(contentsOf: chunks[i])
            // A reference without a value: the interpolator raises the located error.
            let v = try compiled[i].value(in: scope) ?? Interpolator.value(of: recipe.variables[i], scope: scope)
            v.writeCanonical(to: &work.params)
            work.rendered.append(v)
        }
        work.params.append(contentsOf: chunks[compiled.count])
        // The same parameters and upstream steps as the recipe's last step: the same key.
        if recipe.lastStep >= 0, recipe.readsOwnCellOnly, work.params == recipe.lastParams,
           ownCellUpstream(recipe, previous: previous, results: results, into: &work.gathered),
           work.gathered == recipe.lastUpstream {
            return join(recipe.lastStep, user: StepUser(condition: id.condition, cell: id.cell, name: scope.name ?? id.condition,
                                                         template: recipe.templateName, forEach: scope.local?.1.text))
        }
        // Looked up with the scratch buffer itself; a new set keeps an exact-size copy, so the
        // scratch buffer stays unique and the next step reuses it.
        var internKey = ByteKey(work.params)
        let interned: InternedParams
        if let known = internedParams[internKey] {
            interned = known
        } else {
            // A fresh exact-size copy (`Array(work.params)` could share the scratch storage).
            internKey = ByteKey([UInt8](unsafeUninitializedCapacity: work.params.count) { buf, n in
                n = work.params.withUnsafeBufferPointer { src in
                    guard let base = src.baseAddress, src.count > 0 else { return 0 }
                    buf.baseAddress!.update(from: base, count: src.count)
                    return src.count
                }
            })
            // The constant parameters come as one dictionary (sized for all); the rendered ones are added.
            var params = recipe.constantParams
            for (name, value) in zip(recipe.variableNames, work.rendered) { params[name] = value }
            try checkParameters(params, engine: spec.engine, info: recipe.info, locations: recipe.locations, step: spec.location)
            var data: Value?
            if !recipe.isExternal {
                do {
                    data = try catalog.stepData(ofBuiltin: recipe.info.implementation, params: params, ladder: ladder)
                } catch let e as LadderError {
                    throw SpecError(e.description, at: spec.location)
                } catch let p as ParameterProblem {
                    throw SpecError(p.message, at: recipe.locations[p.parameter] ?? spec.location, hint: p.hint)
                }
            }
            let cells = recipe.isExternal ? [] : catalog.evaluationCells(ofBuiltin: recipe.info.implementation, params: params)
            interned = InternedParams(params: params, engineData: data, engineDataBytes: data?.canonicalBytes, evaluationCells: cells)
            internedParams[internKey] = interned
        }
        var inputs: [PlannedInput] = []
        inputs.reserveCapacity(recipe.inputs.count)
        for (position, decl) in recipe.inputs.enumerated() {
            let src: PlannedInputSource
            if let known = recipe.sourceInputs[position] {
                src = known
            } else {
                src = try resolveInput(decl.ref, at: decl.location, id: id, previous: previous, results: results,
                                       condition: condition, template: recipe.templateName, upstream: &work.upstream)
                // A source resolves the same way in every cell.
                if case .source = decl.ref {
                    recipe.sourceInputs[position] = src
                    var ingredient: [UInt8] = []
                    StepKeyBytes.writeIngredient(src, to: &ingredient)
                    recipe.sourceInputBytes[position] = ingredient
                }
            }
            inputs.append(PlannedInput(name: decl.name, source: src))
        }
        var bytes = work.key
        work.key = []
        if let d = interned.engineDataBytes {
            bytes.append(contentsOf: recipe.keyHead)
            bytes.append(contentsOf: StepKeyBytes.engineDataPrefix)
            bytes.append(contentsOf: d)
            bytes.append(contentsOf: recipe.keyFingerprint)
        } else {
            bytes.append(contentsOf: recipe.keyPrefix)
        }
        StepKeyBytes.writeInputs(inputs, order: recipe.inputKeyOrder, names: recipe.inputNameBytes,
                                 known: recipe.sourceInputBytes, to: &bytes)
        bytes.append(contentsOf: StepKeyBytes.paramsPrefix)
        bytes.append(contentsOf: work.params[recipe.internPrefixCount...])
        bytes.append(UInt8(ascii: "}"))
        bytes.append(UInt8(ascii: "}"))
        let digest = StepDigest(sha256: bytes, using: &keyHasher)
        work.key = bytes
        let user = StepUser(condition: id.condition, cell: id.cell, name: scope.name ?? id.condition,
                            template: recipe.templateName, forEach: scope.local?.1.text)
        if let existing = index[digest] {
            remember(existing, in: recipe, work: &work)
            return join(existing, user: user)
        }
        if !recipe.isExternal {
            try checkSources(recipe.info.implementation, params: interned.params, paramsKey: internKey, inputs: inputs,
                             locations: recipe.locations, step: spec.location)
        }
        steps.append(PlannedStep(key: digest.hex, shape: recipe.shape, params: interned.params, inputs: inputs, users: [user],
                                 engineData: interned.engineData, evaluationCells: interned.evaluationCells))
        upstreamFlat.append(contentsOf: work.upstream)
        upstreamStart.append(Int32(upstreamFlat.count))
        index.append(digest)
        if isWorker { callUsers.append(0) }
        remember(steps.count - 1, in: recipe, work: &work)
        return steps.count - 1
    }

    /// Adds a user to an existing step. Each (condition, cell, template, fan-out value) is
    /// expanded exactly once, so a user is never added twice.
    private func join(_ existing: Int, user: StepUser) -> Int {
        steps[existing].users.append(user)
        if isWorker { callUsers.append(Int32(steps[existing].users.count - 1)) }
        return existing
    }

    /// Makes `step` the recipe's last step (its parameters' text and upstream step numbers are
    /// swapped in, so the scratch buffers keep the recipe's old ones and allocate nothing).
    private func remember(_ step: Int, in recipe: StepRecipe, work: inout StepScratch) {
        guard recipe.readsOwnCellOnly else { return }
        swap(&recipe.lastParams, &work.params)
        swap(&recipe.lastUpstream, &work.upstream)
        recipe.lastStep = step
    }

    /// The upstream step numbers of a step of `recipe` in this cell, in the order `resolveInput`
    /// appends them, when its inputs read nothing outside the cell; false when one cannot be read
    /// that way (`previous` of a first entry, a step not yet expanded: `resolveInput` reports it).
    private func ownCellUpstream(_ recipe: StepRecipe, previous: [Int], results: CellSteps, into out: inout [Int32]) -> Bool {
        out.removeAll(keepingCapacity: true)
        for decl in recipe.inputs {
            switch decl.ref {
            case .source: continue
            case .previous:
                guard !previous.isEmpty else { return false }
                for i in previous { out.append(Int32(i)) }
            case .step(let name):
                guard let idx = results.steps(of: name) else { return false }
                out.append(contentsOf: idx)
            default: return false
            }
        }
        return true
    }

    /// The recipe for one pipeline entry of a condition in one cell (made once per
    /// condition, entry and set of matching `where` rules).
    func recipe(at position: Int, condition: Condition, conditionIndex: Int, cell: Cell) throws -> StepRecipe {
        if condition.rules.isEmpty, let r = plainRecipes[conditionIndex][position] { return r }
        let entry = condition.pipeline[position]
        let rules = condition.rules.isEmpty ? [] : condition.rules.indices.filter { cell.matches(condition.rules[$0].match) }
        let rid = RecipeID(condition: conditionIndex, entry: position, rules: rules)
        if let r = recipes[rid] { return r }
        let spec = try EffectiveStep(entry: entry, condition: condition, cell: cell, ladder: ladder)
        let r = StepRecipe(spec: spec, info: try engineInfo(spec.engine, at: spec.engineLocation), ladder: ladder)
        recipes[rid] = r
        if condition.rules.isEmpty { plainRecipes[conditionIndex][position] = r }
        return r
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
        }
    }

    /// An engine's plan-time check of the files its source inputs name, once per parameter set and files.
    func checkSources(_ implementation: String, params: [String: Value], paramsKey: ByteKey, inputs: [PlannedInput],
                      locations: [String: SourceLocation], step: SourceLocation) throws {
        guard checkFiles else { return }
        var sources: [String: String] = [:]
        for i in inputs {
            if case .source(let name, _) = i.source, let p = ladder.source(name)?.path { sources[i.name] = resolvePath(p) }
        }
        guard checkedSources.insert(SourceCheck(params: paramsKey, sources: sources)).inserted else { return }
        do {
            try catalog.checkSources(ofBuiltin: implementation, params: params, sources: sources, ladder: ladder)
        } catch let e as LadderError {
            fileProblems.append(SpecError(e.description, at: step))
        } catch let p as ParameterProblem {
            fileProblems.append(SpecError(p.message, at: locations[p.parameter] ?? step, hint: p.hint))
        }
    }

    /// Where one input comes from; the indices of the steps it reads are appended to `upstream` in order.
    func resolveInput(_ ref: InputRef, at loc: SourceLocation, id: CellID, previous: [Int], results: CellSteps,
                      condition: Condition, template: String, upstream: inout [Int32]) throws -> PlannedInputSource {
        func keys(_ idx: ArraySlice<Int32>) -> PlannedInputSource {
            upstream.append(contentsOf: idx)
            return idx.count == 1 ? .step(key: steps[Int(idx[idx.startIndex])].key) : .steps(keys: idx.map { steps[Int($0)].key })
        }
        func keys(_ idx: [Int]) -> PlannedInputSource {
            for i in idx { upstream.append(Int32(i)) }
            return idx.count == 1 ? .step(key: steps[idx[0]].key) : .steps(keys: idx.map { steps[$0].key })
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
            if let idx = results.steps(of: name) { return keys(idx) }
            let later = condition.pipeline.contains { $0.template == name }
            throw SpecError(later
                ? "step '\(template)' reads '\(name)', which comes later in the pipeline of condition '\(condition.name)'"
                : "step '\(template)' reads '\(name)', but condition '\(condition.name)' has no step '\(name)' in its pipeline",
                at: loc, hint: later ? "move '\(name)' before '\(template)'" : "add '\(name)' to the pipeline or read another step")
        case .cross(let cname, let axes, let step):
            if isWorker { throw AheadDeclined() }
            let target = try crossCell(cname, axes: axes, from: id, at: loc)
            let r = try resolve(target, from: loc, via: step)
            guard let idx = r.steps(of: step) else {
                throw SpecError("condition '\(cname)' has no step '\(step)' in its pipeline", at: loc)
            }
            return keys(idx)
        case .all(let step):
            if isWorker { throw AheadDeclined() }
            var idx: [Int] = []
            var taken: Set<Int> = []
            for (ci, c) in ladder.conditions.enumerated() where c.pipeline.contains(where: { $0.template == step }) {
                for (k, cell) in cellLists[ci].enumerated() {
                    let r = c.name == id.condition && cell == id.cell ? results
                        : try resolve(CellRef(condition: ci, cell: k), from: loc, via: step)
                    for i in r.steps(of: step) ?? [] where taken.insert(Int(i)).inserted { idx.append(Int(i)) }
                }
            }
            guard !idx.isEmpty else { throw SpecError("no condition runs step '\(step)'", at: loc) }
            for i in idx { upstream.append(Int32(i)) }
            return .steps(keys: idx.map { steps[$0].key })
        case .removed:
            throw SpecError("input '\(template)' was removed", at: loc)
        case .itemsOf(let inner, let status):
            let src = try resolveInput(inner, at: loc, id: id, previous: previous, results: results,
                                       condition: condition, template: template, upstream: &upstream)
            guard case .step(let k) = src else {
                throw SpecError("items_of must name exactly one step", at: loc)
            }
            return .itemsOf(key: k, status: status)
        }
    }

    /// The cell of `condition` that agrees with `axes` and, on other axes it selects, with the current cell.
    func crossCell(_ condition: String, axes: [(String, String)], from id: CellID, at loc: SourceLocation) throws -> CellRef {
        let cells = cellsByCondition[condition] ?? []
        let fixed = Dictionary(axes, uniquingKeysWith: { $1 })
        let found = cells.indices.filter { k in
            cells[k].values.allSatisfy { v in
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
        return CellRef(condition: conditionIndices[condition]!, cell: found[0])
    }
}
