import Foundation
import LadderCore
import LadderSpec

/// A template with a condition's overrides applied for one cell, in order:
/// template, condition `overrides`, matching `where` rules, the pipeline entry's own changes.
struct EffectiveStep {
    var template: StepTemplate
    var engine: String
    var engineLocation: SourceLocation
    var inputs: [InputDecl]
    var params: [(name: String, node: YAMLNode)]
    var resources: Resources?
    var location: SourceLocation

    init(entry: PipelineEntry, condition: Condition, cell: Cell, ladder: Ladder) throws {
        guard let t = ladder.step(entry.template) else {
            throw SpecError("no step named '\(entry.template)'", at: entry.location)
        }
        template = t
        engine = t.engine
        engineLocation = t.engineLocation
        inputs = t.inputs
        params = t.params
        resources = t.resources
        location = entry.location
        var layers: [StepOverride] = []
        if let o = condition.overrides[t.name] { layers.append(o) }
        for r in condition.rules where cell.matches(r.match) { if let o = r.overrides[t.name] { layers.append(o) } }
        if let o = entry.override { layers.append(o) }
        for o in layers { apply(o) }
    }

    private mutating func apply(_ o: StepOverride) {
        if let e = o.engine { engine = e; engineLocation = o.location }
        for i in o.inputs {
            if case .removed = i.ref { inputs.removeAll { $0.name == i.name }; continue }
            if let k = inputs.firstIndex(where: { $0.name == i.name }) { inputs[k] = i } else { inputs.append(i) }
        }
        for p in o.params {
            if let k = params.firstIndex(where: { $0.name == p.name }) { params[k] = p } else { params.append(p) }
        }
        if let r = o.resources { resources = r.over(resources) }
    }

    /// One entry per step to make: the fan-out variable and value, or a single nil.
    var instances: [(String, Value)?] {
        guard let fe = template.forEach else { return [nil] }
        return fe.values.map { (fe.variable, $0) }
    }
}
