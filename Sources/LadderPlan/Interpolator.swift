import Foundation
import LadderCore
import LadderSpec

/// Renders `${...}` references in ladder strings and parameter trees.
/// `$${` writes a literal `${`.
enum Interpolator {
    /// Renders a template string; every reference must resolve.
    static func render(_ template: String, scope: Scope, at location: SourceLocation) throws -> String {
        guard let compiled = CompiledText(template) else {
            throw SpecError("unclosed '${' in '\(template)'", at: location, hint: "write ${axis} or ${axis.value}")
        }
        if let text = compiled.render(scope) { return text }
        // A reference has no value: the first such, in order, says why.
        for r in compiled.references { _ = try lookup(r.path, scope: scope, at: location) }
        preconditionFailure("a compiled template failed to render with every reference resolved")
    }

    /// Resolves a parameter node. A string that is exactly one reference keeps
    /// the referenced value's type (`"${tier.value}"` → 5000, `"${seed}"` → 42).
    static func value(of node: YAMLNode, scope: Scope) throws -> Value {
        switch node {
        case .scalar(let s, let quoted, let loc):
            let bytes = Array(s.utf8)
            guard firstReference(bytes) != nil else { return node.toValue() }
            if bytes.count > 3, bytes[0] == UInt8(ascii: "$"), bytes[1] == UInt8(ascii: "{"), bytes.last == UInt8(ascii: "}"),
               bytes.firstIndex(of: UInt8(ascii: "}")) == bytes.count - 1 {
                let path = trimmed(bytes[2..<(bytes.count - 1)])
                let v = try lookup(path, scope: scope, at: loc)
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

    /// Whether any scalar under `node` uses `${`.
    static func containsReference(_ node: YAMLNode) -> Bool {
        switch node {
        case .scalar(let s, _, _): return firstReference(Array(s.utf8)) != nil
        case .sequence(let items, _): return items.contains(where: containsReference)
        case .mapping(let pairs, _): return pairs.contains { containsReference($0.value) }
        }
    }

    private static func lookup(_ path: String, scope: Scope, at location: SourceLocation) throws -> Value {
        if path == "name", let e = scope.nameError { throw e }
        guard let v = scope.lookup(path) else {
            throw SpecError("'${\(path)}' has no value in condition '\(scope.condition)' [\(scope.cell)]",
                            at: location, hint: scope.missingHint(path))
        }
        return v
    }

    /// Index of the first `${` (or `$${`), if any.
    private static func firstReference(_ bytes: [UInt8]) -> Int? {
        var i = 0
        while i + 1 < bytes.count {
            if bytes[i] == UInt8(ascii: "$"), bytes[i + 1] == UInt8(ascii: "{") || bytes[i + 1] == UInt8(ascii: "$") { return i }
            i += 1
        }
        return nil
    }

    private static func trimmed(_ s: ArraySlice<UInt8>) -> String {
        var lo = s.startIndex, hi = s.endIndex
        while lo < hi, s[lo] == UInt8(ascii: " ") { lo += 1 }
        while hi > lo, s[hi - 1] == UInt8(ascii: " ") { hi -= 1 }
        return String(decoding: s[lo..<hi], as: UTF8.self)
    }
}
