import Foundation
import LadderCore
import LadderSpec

/// Renders `${...}` references in ladder strings and parameter trees.
enum Interpolator {
    /// Renders a template string; every reference must resolve.
    static func render(_ template: String, scope: Scope, at location: SourceLocation) throws -> String {
        guard template.contains("${") else { return template }
        var out = ""
        var rest = Substring(template)
        while let start = rest.range(of: "${") {
            out += rest[..<start.lowerBound]
            if start.lowerBound > rest.startIndex, rest[rest.index(before: start.lowerBound)] == "$" {
                out.removeLast()
                out += "${"
                rest = rest[start.upperBound...]
                continue
            }
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                throw SpecError("unclosed '${' in '\(template)'", at: location, hint: "write ${axis} or ${axis.value}")
            }
            let path = String(rest[start.upperBound..<end]).trimmingCharacters(in: .whitespaces)
            if path == "name", let e = scope.nameError { throw e }
            guard let v = scope.lookup(path) else {
                throw SpecError("'${\(path)}' has no value in condition '\(scope.condition)' [\(scope.cell)]",
                                at: location, hint: scope.missingHint(path))
            }
            out += v.text
            rest = rest[rest.index(after: end)...]
        }
        out += rest
        return out
    }

    /// Resolves a parameter node. A string that is exactly one reference keeps
    /// the referenced value's type (`"${tier.value}"` → 5000, `"${seed}"` → 42).
    static func value(of node: YAMLNode, scope: Scope) throws -> Value {
        switch node {
        case .scalar(let s, let quoted, let loc):
            guard s.contains("${") else { return node.toValue() }
            if s.hasPrefix("${"), s.hasSuffix("}"), s.firstIndex(of: "}") == s.index(before: s.endIndex) {
                let path = String(s.dropFirst(2).dropLast()).trimmingCharacters(in: .whitespaces)
                if path == "name", let e = scope.nameError { throw e }
                guard let v = scope.lookup(path) else {
                    throw SpecError("'${\(path)}' has no value in condition '\(scope.condition)' [\(scope.cell)]",
                                    at: loc, hint: scope.missingHint(path))
                }
                if case .string(let text) = v, !path.hasSuffix(".label") { return YAMLNode.scalar(text, quoted: false, loc).toValue() }
                return v
            }
            let rendered = try render(s, scope: scope, at: loc)
            return quoted ? .string(rendered) : YAMLNode.scalar(rendered, quoted: false, loc).toValue()
        case .sequence(let items, _):
            return .array(try items.map { try value(of: $0, scope: scope) })
        case .mapping(let pairs, _):
            var o: [String: Value] = [:]
            for p in pairs { o[p.key] = try value(of: p.value, scope: scope) }
            return .object(o)
        }
    }
}

