import Foundation
/// Checks names across sections: every engine, step, source, condition and
/// axis value a ladder mentions must be declared. Runs after parsing.
struct LadderValidator {
    let ladder: Ladder
    let builtinEngines: [String]

    func validate() throws {
        let engineNames = ladder.engines.map(\.name) + builtinEngines.filter { b in !ladder.engines.contains { $0.name == b } }
        for t in ladder.steps {
            try checkEngine(t.engine, at: t.engineLocation, known: engineNames)
            for i in t.inputs { try checkRef(i.ref, at: i.location) }
        }
        for c in ladder.conditions {
            try checkCells(c.cells, condition: c.name)
            for e in c.pipeline {
                try checkStep(e.template, at: e.location)
                if let o = e.override { try checkOverride(o, known: engineNames) }
            }
            let runs = c.pipeline.map(\.template)
            for (name, o) in c.overrides.sorted(by: { $0.key < $1.key }) {
                try checkStep(name, at: o.location)
                try checkInPipeline(name, of: c, runs: runs, at: o.location, what: "`overrides:`")
                try checkOverride(o, known: engineNames)
            }
            for r in c.rules {
                for (axis, labels) in r.match { try checkAxisValues(axis, labels, at: r.location) }
                for (name, o) in r.overrides.sorted(by: { $0.key < $1.key }) {
                    try checkStep(name, at: o.location)
                    try checkInPipeline(name, of: c, runs: runs, at: o.location, what: "a `where:` rule")
                    try checkOverride(o, known: engineNames)
                }
            }
        }
        for p in ladder.paths { try checkStep(p.step, at: p.location) }
        if let a = ladder.analysis, ladder.condition(a.baseline) == nil {
            throw SpecError("analysis baseline '\(a.baseline)' is not a condition", at: a.location,
                            hint: Suggestion.hint(for: a.baseline, in: ladder.conditions.map(\.name), noun: "condition"))
        }
    }

    func checkEngine(_ name: String, at loc: SourceLocation, known: [String]) throws {
        guard known.contains(name) else {
            throw SpecError("unknown engine '\(name)'", at: loc,
                            hint: Suggestion.hint(for: name, in: known, noun: "engine") + "; declare it under `engines:`")
        }
    }

    func checkStep(_ name: String, at loc: SourceLocation) throws {
        guard ladder.step(name) != nil else {
            throw SpecError("no step named '\(name)'", at: loc,
                            hint: Suggestion.hint(for: name, in: ladder.steps.map(\.name), noun: "step"))
        }
    }

    /// An override of a step the condition does not run would be silently dropped.
    func checkInPipeline(_ name: String, of c: Condition, runs: [String], at loc: SourceLocation, what: String) throws {
        guard runs.contains(name) else {
            throw SpecError("\(what) of condition '\(c.name)' changes step '\(name)', which is not in its pipeline",
                            at: loc, hint: "its pipeline: \(runs.joined(separator: ", ")); add '\(name)' to it or remove the override")
        }
    }

    func checkOverride(_ o: StepOverride, known: [String]) throws {
        if let e = o.engine { try checkEngine(e, at: o.location, known: known) }
        for i in o.inputs { try checkRef(i.ref, at: i.location) }
    }

    func checkRef(_ ref: InputRef, at loc: SourceLocation) throws {
        switch ref {
        case .source(let s):
            guard ladder.source(s) != nil else {
                throw SpecError("no source named '\(s)'", at: loc,
                                hint: Suggestion.hint(for: s, in: ladder.sources.map(\.name), noun: "source"))
            }
        case .previous, .removed: break
        case .step(let s), .all(let s): try checkStep(s, at: loc)
        case .cross(let c, let axes, let s):
            guard ladder.condition(c) != nil else {
                throw SpecError("no condition named '\(c)'", at: loc,
                                hint: Suggestion.hint(for: c, in: ladder.conditions.map(\.name), noun: "condition"))
            }
            for (axis, label) in axes { try checkAxisValues(axis, [label], at: loc) }
            try checkStep(s, at: loc)
        case .itemsOf(let inner, _): try checkRef(inner, at: loc)
        }
    }

    func checkAxisValues(_ axisName: String, _ labels: [String], at loc: SourceLocation) throws {
        guard let axis = ladder.axis(axisName) else {
            throw SpecError("no axis named '\(axisName)'", at: loc,
                            hint: Suggestion.hint(for: axisName, in: ladder.axes.map(\.name), noun: "axis"))
        }
        for l in labels where axis.value(named: l) == nil {
            throw SpecError("axis '\(axisName)' has no value '\(l)'", at: loc,
                            hint: "its values are: \(axis.values.map(\.label).joined(separator: ", "))")
        }
    }

    func checkCells(_ sel: CellSelector, condition: String, seen: Set<String> = []) throws {
        var seen = seen
        for level in sel.levels {
            guard let axis = ladder.axis(level.axis) else {
                throw SpecError("condition '\(condition)' selects axis '\(level.axis)', which is not declared", at: level.location,
                                hint: Suggestion.hint(for: level.axis, in: ladder.axes.map(\.name), noun: "axis"))
            }
            guard !seen.contains(level.axis) else {
                throw SpecError("axis '\(level.axis)' is selected twice in condition '\(condition)'", at: level.location)
            }
            seen.insert(level.axis)
            for choice in level.choices {
                guard axis.value(named: choice.label) != nil else {
                    throw SpecError("condition '\(condition)' selects \(level.axis)=\(choice.label), but axis '\(level.axis)' has no such value",
                                    at: choice.location, hint: "its values are: \(axis.values.map(\.label).joined(separator: ", "))")
                }
                if let nested = choice.nested { try checkCells(nested, condition: condition, seen: seen) }
            }
        }
    }
}
