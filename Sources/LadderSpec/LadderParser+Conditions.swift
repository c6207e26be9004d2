import Foundation
import LadderCore

extension LadderParser {
    static let conditionKeys = ["cells", "pipeline", "overrides", "where", "name", "paths", "description"]

    func parseConditions(_ node: YAMLNode) throws -> [Condition] {
        let m = try node.mapping("conditions")
        return try m.pairs.map { pair in
            let c = try pair.value.mapping("condition '\(pair.key)'")
            try c.check(known: Self.conditionKeys)
            var overrides: [String: StepOverride] = [:]
            if let o = c.value("overrides") {
                for p in try o.mapping("overrides").pairs {
                    overrides[p.key] = try parseOverride(p.value, what: "override of step '\(p.key)'")
                }
            }
            var rules: [CellRule] = []
            if let w = c.value("where") {
                guard case .sequence(let items, _) = w else {
                    throw SpecError("`where` is a list of {match: {...}, STEP: {...}} rules", at: w.location)
                }
                rules = try items.map(parseCellRule)
            }
            var paths: [String: String] = [:]
            if let p = c.value("paths") { for e in try p.mapping("paths").pairs { paths[e.key] = try e.value.string(e.key) } }
            return Condition(
                name: pair.key, description: try c.value("description")?.string("description"),
                cells: try c.value("cells").map(parseCells) ?? CellSelector(levels: []),
                pipeline: try parsePipeline(try c.required("pipeline")), overrides: overrides, rules: rules,
                nameTemplate: try c.value("name")?.string("name"), paths: paths, location: pair.keyLocation)
        }
    }

    func parsePipeline(_ node: YAMLNode) throws -> [PipelineEntry] {
        guard case .sequence(let items, let loc) = node else {
            throw SpecError("pipeline must be a list of step names", at: node.location, hint: "pipeline: [subset, train, eval]")
        }
        guard !items.isEmpty else { throw SpecError("pipeline is empty", at: loc) }
        return try items.map { item in
            switch item {
            case .scalar(let s, _, let l):
                return PipelineEntry(template: s, override: nil, location: l)
            case .mapping(let pairs, let l):
                guard pairs.count == 1, let only = pairs.first else {
                    throw SpecError("a pipeline entry with changes names one step: `- STEP: {params: ...}`", at: l)
                }
                return PipelineEntry(template: only.key,
                                     override: try parseOverride(only.value, what: "changes to step '\(only.key)'"),
                                     location: only.keyLocation)
            case .sequence(_, let l):
                throw SpecError("a pipeline entry is a step name or `STEP: {changes}`, not a list", at: l)
            }
        }
    }

    func parseCellRule(_ node: YAMLNode) throws -> CellRule {
        let m = try node.mapping("a where rule")
        let matchNode = try m.required("match")
        var match: [String: [String]] = [:]
        for p in try matchNode.mapping("match").pairs { match[p.key] = try p.value.strings("match.\(p.key)") }
        var overrides: [String: StepOverride] = [:]
        for p in m.pairs where p.key != "match" {
            overrides[p.key] = try parseOverride(p.value, what: "override of step '\(p.key)'")
        }
        return CellRule(match: match, overrides: overrides, location: m.location)
    }

    /// `{lang: [en], tier: {5k: {seed: [42, 123]}, 20k: {seed: [42]}}}`: each key is an
    /// axis; a list picks values; a mapping picks values with a nested selection each.
    func parseCells(_ node: YAMLNode) throws -> CellSelector {
        let m = try node.mapping("cells")
        var levels: [CellSelector.Level] = []
        for p in m.pairs {
            var choices: [(label: String, location: SourceLocation, nested: CellSelector?)] = []
            switch p.value {
            case .scalar(let s, _, let l): choices = [(s, l, nil)]
            case .sequence(let items, _):
                choices = try items.map { (try $0.string("a value of \(p.key)"), $0.location, nil) }
            case .mapping(let pairs, _):
                choices = try pairs.map { sub in
                    if case .scalar(let s, _, _) = sub.value, s.isEmpty || s == "null" || s == "~" {
                        return (sub.key, sub.keyLocation, nil)
                    }
                    return (sub.key, sub.keyLocation, try parseCells(sub.value))
                }
            }
            levels.append(.init(axis: p.key, location: p.keyLocation, choices: choices))
        }
        return CellSelector(levels: levels)
    }
}
