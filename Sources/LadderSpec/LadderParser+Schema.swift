import Foundation
import LadderCore

extension LadderParser {
    /// `params_schema:` of an external engine: `NAME: TYPE` or
    /// `NAME: {type: TYPE, default: V, allowed: [..], required: true, doc: "..."}`.
    func parseParamsSchema(_ node: YAMLNode, external: Bool) throws -> [ParameterSpec] {
        guard external else {
            throw SpecError("`params_schema:` is for external engines (`run:`); built-in engines declare their own parameters",
                            at: node.location, hint: "`ladder engine list` shows each built-in engine's parameters")
        }
        let m = try node.mapping("params_schema")
        return try m.pairs.map { pair in
            if case .scalar = pair.value {
                return ParameterSpec(pair.key, try type(of: pair.value), doc: "")
            }
            let d = try pair.value.mapping("parameter '\(pair.key)'")
            try d.check(known: ["type", "default", "allowed", "required", "doc", "names"])
            var names: ParameterNames?
            if let n = d.value("names") {
                let s = try n.string("names")
                guard let v = ParameterNames(rawValue: s) else {
                    throw SpecError("`names:` must be condition or scorer, found '\(s)'", at: n.location)
                }
                names = v
            }
            return ParameterSpec(pair.key, try d.value("type").map { try type(of: $0) } ?? .any,
                                 default: d.value("default")?.toValue(), allowed: try d.value("allowed")?.strings("allowed"),
                                 names: names, required: try d.value("required")?.bool("required") ?? false,
                                 doc: try d.value("doc")?.string("doc") ?? "")
        }
    }

    private func type(of node: YAMLNode) throws -> ParameterType {
        let s = try node.string("type")
        guard let t = ParameterType(spelling: s) else {
            throw SpecError("unknown parameter type '\(s)'", at: node.location,
                            hint: "types: \(ParameterType.spellings.joined(separator: ", "))")
        }
        return t
    }
}
