import Foundation
import LadderCore
import LadderSpec

/// Checks one step's parameters against its engine's declared ones: unknown names
/// (with the closest known name), types, allowed values, names of conditions and
/// scorers, and required parameters, each a located error naming the YAML key.
struct ParameterChecker {
    let engine: String
    /// Specs by every accepted spelling (name and aliases).
    let specs: [String: ParameterSpec]
    let required: [ParameterSpec]
    let ladder: Ladder
    let scorerNames: () -> [String]

    init(engine: String, specs declared: [ParameterSpec], ladder: Ladder, scorerNames: @escaping () -> [String]) {
        self.engine = engine
        var byName: [String: ParameterSpec] = [:]
        for s in declared { for n in [s.name] + s.aliases { byName[n] = s } }
        specs = byName
        required = declared.filter(\.required).sorted { $0.name < $1.name }
        self.ladder = ladder
        self.scorerNames = scorerNames
    }

    func check(_ params: [String: Value], locations: [String: SourceLocation], step: SourceLocation) throws {
        for (name, value) in params.sorted(by: { $0.key < $1.key }) {
            let loc = locations[name] ?? step
            guard let spec = specs[name] else {
                let known = Set(specs.values.map(\.name)).sorted()
                throw SpecError("engine '\(engine)' has no parameter '\(name)'", at: loc,
                                hint: Suggestion.hint(for: name, in: known, noun: "parameter"))
            }
            if spec.name != name, params[spec.name] != nil {
                throw SpecError("parameters '\(name)' and '\(spec.name)' of engine '\(engine)' are the same parameter; keep one", at: loc)
            }
            guard spec.type.accepts(value) else {
                throw SpecError("parameter '\(name)' of engine '\(engine)' must be \(spec.type), found \(Self.describe(value))",
                                at: loc, hint: Self.hint(spec, value))
            }
            if let allowed = spec.allowed {
                for v in Self.scalars(value) where !allowed.contains(v) {
                    throw SpecError("parameter '\(name)' of engine '\(engine)' cannot be '\(v)'", at: loc,
                                    hint: Suggestion.closest(to: v, in: allowed).map { "did you mean '\($0)'?" }
                                        ?? "allowed: \(allowed.joined(separator: ", "))")
                }
            }
            if let kind = spec.names {
                let known = kind == .condition ? ladder.conditions.map(\.name) : scorerNames()
                for v in Self.scalars(value) where !known.contains(v) {
                    throw SpecError("parameter '\(name)' of engine '\(engine)' names \(kind.rawValue) '\(v)', which the ladder does not have",
                                    at: loc, hint: Suggestion.hint(for: v, in: known, noun: kind.rawValue))
                }
            }
        }
        for spec in required {
            let given = ([spec.name] + spec.aliases).contains { params[$0] != nil && params[$0] != .null }
            if !given {
                throw SpecError("engine '\(engine)' needs parameter '\(spec.name)'", at: step,
                                hint: spec.doc.isEmpty ? "add it under `params:`" : "\(spec.name): \(spec.doc)")
            }
        }
    }

    /// Words such as `true` or `42` read as booleans and numbers; where text is wanted, quoting says so.
    static func hint(_ spec: ParameterSpec, _ value: Value) -> String? {
        let wantsText = spec.type == .string || spec.type == .list(.string)
        let doc = spec.doc.isEmpty ? nil : "\(spec.name): \(spec.doc)"
        guard wantsText else { return doc }
        return "quote words YAML reads as numbers or booleans (\"true\", \"42\")" + (doc.map { "; \($0)" } ?? "")
    }

    /// The texts of a scalar or of a list's scalars, for allowed-value and name checks.
    static func scalars(_ v: Value) -> [String] {
        switch v {
        case .null: return []
        case .array(let items): return items.flatMap(scalars)
        case .object: return []
        default: return [v.text]
        }
    }

    static func describe(_ v: Value) -> String {
        switch v {
        case .array: return "a list (\(v.canonicalJSON))"
        case .object: return "a mapping"
        case .string(let s): return "the string '\(s)'"
        case .bool(let b): return "\(b)"
        case .int(let i): return "the number \(i)"
        case .double: return "the number \(v.text)"
        case .null: return "null"
        }
    }
}
