import Foundation
import LadderCore

extension LadderParser {
    static let stepKeys = ["engine", "inputs", "params", "resources", "retry", "for_each", "description"]
    static let overrideKeys = ["engine", "inputs", "params", "resources"]

    func parseSteps(_ node: YAMLNode) throws -> [StepTemplate] {
        let m = try node.mapping("steps")
        return try m.pairs.map { pair in
            let s = try pair.value.mapping("step '\(pair.key)'")
            try s.check(known: Self.stepKeys)
            let engineNode = try s.required("engine")
            var forEach: (String, [Value])?
            if let fe = s.value("for_each") {
                let fm = try fe.mapping("for_each")
                guard fm.pairs.count == 1, let only = fm.pairs.first, case .sequence(let items, _) = only.value else {
                    throw SpecError("for_each takes one variable and a list: `for_each: {scorer: [a, b]}`", at: fe.location)
                }
                forEach = (only.key, try items.map { try $0.finiteValue() })
            }
            return StepTemplate(
                name: pair.key, engine: try engineNode.string("engine"), engineLocation: engineNode.location,
                inputs: try s.value("inputs").map(parseInputs) ?? [],
                params: try s.value("params").map(parseParams) ?? [],
                resources: try s.value("resources").map(parseResources), retry: try s.value("retry").map(parseRetry),
                forEach: forEach, description: try s.value("description")?.string("description"),
                location: pair.keyLocation)
        }
    }

    func parseInputs(_ node: YAMLNode) throws -> [InputDecl] {
        try node.mapping("inputs").pairs.map {
            InputDecl(name: $0.key, ref: try parseInputRef($0.value), location: $0.value.location)
        }
    }

    func parseOverride(_ node: YAMLNode, what: String) throws -> StepOverride {
        let m = try node.mapping(what)
        try m.check(known: Self.overrideKeys)
        var o = StepOverride(location: m.location)
        o.engine = try m.value("engine")?.string("engine")
        o.inputs = try m.value("inputs").map(parseInputs) ?? []
        o.params = try m.value("params").map(parseParams) ?? []
        o.resources = try m.value("resources").map(parseResources)
        return o
    }

    /// Parameter nodes stay nodes (the planner interpolates them), but a
    /// non-finite number among them is refused here, where it is written.
    func parseParams(_ node: YAMLNode) throws -> [(name: String, node: YAMLNode)] {
        try node.mapping("params").pairs.map { pair in
            try pair.value.checkFiniteNumbers()
            return (pair.key, pair.value)
        }
    }

    /// Input references: `source.NAME`, `previous`, `STEP`, `all.STEP`,
    /// `CONDITION[axis=value,...].STEP`, or `{items_of: REF, status: ok}`.
    func parseInputRef(_ node: YAMLNode) throws -> InputRef {
        if case .mapping = node {
            let m = try node.mapping("a derived input")
            try m.check(known: ["items_of", "status"])
            let inner = try parseInputRef(try m.required("items_of"))
            if case .itemsOf = inner { throw SpecError("items_of cannot be nested", at: node.location) }
            return .itemsOf(inner, status: try m.value("status")?.string("status") ?? "ok")
        }
        let text = try node.string("an input reference").trimmingCharacters(in: .whitespaces)
        if case .scalar(_, false, _) = node, ["null", "~", ""].contains(text) { return .removed }
        if text == "previous" { return .previous }
        if text.hasPrefix("source.") { return .source(String(text.dropFirst(7))) }
        if text.hasPrefix("all.") { return .all(String(text.dropFirst(4))) }
        if let open = text.firstIndex(of: "[") {
            guard let close = text.firstIndex(of: "]"), close > open,
                  text[text.index(after: close)...].hasPrefix(".") else {
                throw SpecError("cannot read input reference '\(text)'", at: node.location,
                                hint: "write CONDITION[axis=value,...].STEP, e.g. condition-5[lang=ur].translate")
            }
            var axes: [(String, String)] = []
            for part in text[text.index(after: open)..<close].split(separator: ",") {
                let kv = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard kv.count == 2, !kv[0].isEmpty, !kv[1].isEmpty else {
                    throw SpecError("cannot read '\(part)' in '\(text)'; expected axis=value", at: node.location)
                }
                axes.append((kv[0], kv[1]))
            }
            return .cross(condition: String(text[..<open]), axes: axes,
                          step: String(text[text.index(close, offsetBy: 2)...]))
        }
        guard !text.isEmpty, !text.contains(" ") else {
            throw SpecError("cannot read input reference '\(text)'", at: node.location,
                            hint: "use source.NAME, previous, a step name, all.STEP or CONDITION[axis=value].STEP")
        }
        return .step(text)
    }
}
