import Foundation
import LadderCore
import LadderSpec

/// One `${path}` reference, split once: the head (`tier`), the field after the first
/// dot (`value`), and the field's own parts for `vars` lookups. A class: compiled
/// templates hand it to every lookup, and one reference counts cheaper than four strings.
final class TemplateRef {
    let path: String
    let head: String
    let field: String?
    let fieldParts: [String]

    init(_ path: String) {
        self.path = path
        if let dot = path.utf8.firstIndex(of: UInt8(ascii: ".")) {
            head = String(path[..<dot])
            let f = String(path[path.utf8.index(after: dot)...])
            field = f
            fieldParts = f.split(separator: ".").map(String.init)
        } else {
            head = path
            field = nil
            fieldParts = []
        }
    }
}

/// A ladder string with its `${...}` references found once: literal bytes and
/// references in order. Rendering it gives the same text as `Interpolator.render`;
/// when a reference has no value it gives nil, and the caller asks `Interpolator`
/// again for the located error.
struct CompiledText {
    enum Part {
        case literal([UInt8])
        case reference(TemplateRef)
        /// `${axis}`, `${axis.label}` or `${axis.value}` of a ladder axis no fan-out variable
        /// shadows: read straight from the cell when the cell has the axis.
        case axis(TemplateRef, value: Bool)
    }

    let parts: [Part]
    /// The whole string is exactly one reference (the value keeps its type).
    let single: TemplateRef?

    /// Nil when the text cannot be compiled (an unclosed `${`): the slow path reports it.
    /// With `ladder`, references to its `vars`, `${ladder}` and `${phase}` that no axis and
    /// none of `locals` (fan-out variables) can shadow are written out once here.
    init?(_ template: String, ladder: Ladder? = nil, locals: Set<String> = []) {
        let bytes = Array(template.utf8)
        // `Interpolator.value`'s test for a string that is one reference and nothing else
        // (its value keeps its type, so it is never written out as text).
        let whole = bytes.count > 3 && bytes[0] == UInt8(ascii: "$") && bytes[1] == UInt8(ascii: "{")
            && bytes.last == UInt8(ascii: "}") && bytes.firstIndex(of: UInt8(ascii: "}")) == bytes.count - 1
        let ladder = whole ? nil : ladder
        var parts: [Part] = []
        var literal: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "$"), i + 2 < bytes.count, bytes[i + 1] == UInt8(ascii: "$"), bytes[i + 2] == UInt8(ascii: "{") {
                literal.append(contentsOf: [UInt8(ascii: "$"), UInt8(ascii: "{")])
                i += 3
                continue
            }
            guard b == UInt8(ascii: "$"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "{") else {
                literal.append(b)
                i += 1
                continue
            }
            guard let close = bytes[(i + 2)...].firstIndex(of: UInt8(ascii: "}")) else { return nil }
            let ref = TemplateRef(Self.trimmed(bytes[(i + 2)..<close]))
            i = close + 1
            // A ladder variable nobody can shadow is the same in every scope: written out now.
            if let ladder, let v = Self.constant(ref, in: ladder, locals: locals) {
                if case .string(let s) = v { literal.append(contentsOf: s.utf8) } else { literal.append(contentsOf: v.text.utf8) }
                continue
            }
            if !literal.isEmpty { parts.append(.literal(literal)); literal = [] }
            if let ladder, Self.isAxis(ref, in: ladder, locals: locals) {
                parts.append(.axis(ref, value: ref.field == "value"))
            } else {
                parts.append(.reference(ref))
            }
            continue
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        self.parts = parts
        if whole, parts.count == 1, case .reference(let r) = parts[0] {
            single = r
        } else {
            single = nil
        }
    }

    /// Whether the text has any reference (a string without one is a constant).
    var hasReferences: Bool {
        parts.contains { if case .literal = $0 { return false } else { return true } }
    }

    /// Every reference, in order.
    var references: [TemplateRef] {
        parts.compactMap { part in
            switch part {
            case .literal: return nil
            case .reference(let r), .axis(let r, _): return r
            }
        }
    }

    /// A reference `Scope.lookup` answers from the cell whenever the cell has the axis: the
    /// head is a ladder axis that no fan-out variable shadows (and not `name`, which the scope
    /// may refuse), with no field, `label` or `value`.
    private static func isAxis(_ ref: TemplateRef, in ladder: Ladder, locals: Set<String>) -> Bool {
        guard ref.head != "name", !locals.contains(ref.head), ladder.axis(ref.head) != nil else { return false }
        return ref.field == nil || ref.field == "label" || ref.field == "value"
    }

    /// The text of a template without references (escapes written out).
    var literalText: String {
        var out: [UInt8] = []
        for case .literal(let l) in parts { out.append(contentsOf: l) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The value of a reference that is the same in every scope of `ladder`, if it is one.
    private static func constant(_ ref: TemplateRef, in ladder: Ladder, locals: Set<String>) -> Value? {
        guard !locals.contains(ref.head), ladder.axis(ref.head) == nil else { return nil }
        switch (ref.head, ref.field) {
        case ("condition", nil), ("name", nil): return nil
        case ("ladder", nil): return .string(ladder.name)
        case ("phase", nil): return ladder.phase.map(Value.string)
        default: break
        }
        guard let root = ladder.variables[ref.head] else { return nil }
        guard ref.field != nil else { return root }
        var cur: Value? = root
        for f in ref.fieldParts { cur = cur?[f] }
        return cur
    }

    /// The rendered text, or nil when a reference has no value in `scope`.
    func render(_ scope: Scope) -> String? {
        if parts.count == 1, case .literal(let l) = parts[0] { return String(decoding: l, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for part in parts {
            switch part {
            case .literal(let l): out.append(contentsOf: l)
            case .axis(let r, let wantsValue):
                if let i = scope.cell.values.firstIndex(where: { $0.axis == r.head }) {
                    if wantsValue {
                        Self.append(scope.cell.values[i].value.value, to: &out)
                    } else {
                        var label = scope.cell.values[i].value.label
                        label.withUTF8 { out.append(contentsOf: $0) }
                    }
                    continue
                }
                guard let v = scope.value(of: r) else { return nil }
                Self.append(v, to: &out)
            case .reference(let r):
                guard let v = scope.value(of: r) else { return nil }
                Self.append(v, to: &out)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A value as text in a rendered string (a string as it is).
    private static func append(_ v: Value, to out: inout [UInt8]) {
        var text: String
        if case .string(let s) = v { text = s } else { text = v.text }
        text.withUTF8 { out.append(contentsOf: $0) }
    }

    private static func trimmed(_ s: ArraySlice<UInt8>) -> String {
        var lo = s.startIndex, hi = s.endIndex
        while lo < hi, s[lo] == UInt8(ascii: " ") { lo += 1 }
        while hi > lo, s[hi - 1] == UInt8(ascii: " ") { hi -= 1 }
        return String(decoding: s[lo..<hi], as: UTF8.self)
    }
}

/// A parameter node with its strings compiled once, evaluated per step with the
/// same result as `Interpolator.value(of:scope:)`. Nil from `value(in:)` means a
/// reference had no value: the caller then asks `Interpolator` for the located error.
indirect enum CompiledNode {
    case constant(Value)
    /// A scalar that is exactly one reference: the value keeps its type.
    case single(TemplateRef, typed: Bool)
    case text(CompiledText, quoted: Bool)
    case sequence([CompiledNode])
    case mapping([(String, CompiledNode)])
    /// Not compilable (an unclosed `${`): always the slow path.
    case uncompiled

    /// Typing a rendered scalar needs no location (it cannot fail).
    static let nowhere = SourceLocation(file: "", line: 0, column: 0)

    /// A rendered plain scalar's value, as `YAMLNode.toValue()` types it. Text that starts
    /// with an ASCII letter other than those of `null`, `true` and `false` (any case) can
    /// only be a string there, so it skips the general resolution.
    static func plain(_ text: String) -> Value {
        // Up to 18 ASCII digits: no special word of YAML is all digits, and `Int` reads them
        // exactly as `resolvePlain` does (an axis value such as a seed).
        let utf8 = text.utf8
        if !utf8.isEmpty, utf8.count <= 18, utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
           let i = Int(text) {
            return .int(i)
        }
        if let first = text.utf8.first, first < 0x80 {
            switch first {
            case UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"),
                 UInt8(ascii: "f"), UInt8(ascii: "F"): break
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): return .string(text)
            default: break
            }
        }
        return YAMLNode.scalar(text, quoted: false, nowhere).toValue()
    }

    /// `ladder` and `locals` as for `CompiledText`.
    init(_ node: YAMLNode, ladder: Ladder? = nil, locals: Set<String> = []) {
        switch node {
        case .scalar(let s, let quoted, _):
            guard let t = CompiledText(s, ladder: ladder, locals: locals) else { self = .uncompiled; return }
            if !t.hasReferences {
                // Escapes (`$${`) already written out: the value of the text as rendered.
                let text = t.literalText
                self = .constant(quoted ? .string(text) : YAMLNode.scalar(text, quoted: false, CompiledNode.nowhere).toValue())
            } else if let r = t.single {
                self = .single(r, typed: !r.path.hasSuffix(".label"))
            } else {
                self = .text(t, quoted: quoted)
            }
        case .sequence(let items, _):
            self = .sequence(items.map { CompiledNode($0, ladder: ladder, locals: locals) })
        case .mapping(let pairs, _):
            self = .mapping(pairs.map { ($0.key, CompiledNode($0.value, ladder: ladder, locals: locals)) })
        }
    }

    func value(in scope: Scope) -> Value? {
        switch self {
        case .constant(let v): return v
        case .single(let r, let typed):
            guard let v = scope.value(of: r) else { return nil }
            if typed, case .string(let text) = v { return CompiledNode.plain(text) }
            return v
        case .text(let t, let quoted):
            guard let rendered = t.render(scope) else { return nil }
            return quoted ? .string(rendered) : CompiledNode.plain(rendered)
        case .sequence(let items):
            var out: [Value] = []
            out.reserveCapacity(items.count)
            for i in items {
                guard let v = i.value(in: scope) else { return nil }
                out.append(v)
            }
            return .array(out)
        case .mapping(let pairs):
            var o: [String: Value] = [:]
            for (k, n) in pairs {
                guard let v = n.value(in: scope) else { return nil }
                o[k] = v
            }
            return .object(o)
        case .uncompiled:
            return nil
        }
    }
}
