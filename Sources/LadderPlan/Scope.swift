import Foundation
import LadderCore
import LadderSpec

/// The variables a template string may use in one step instance:
/// axis labels (`${lang}`), axis values (`${tier.value}`), `${condition}`,
/// `${name}`, the fan-out variable, `${ladder}`, `${phase}` and the ladder's `vars`.
struct Scope {
    /// The ladder, held by reference: a scope is made for every step and path.
    let shared: ScopeLadder
    var ladder: Ladder { shared.ladder }
    var condition: String
    var cell: Cell
    var name: String?
    /// Why `${name}` could not be rendered in this cell, raised only if something uses it.
    var nameError: SpecError?
    var local: (String, Value)?

    init(ladder: ScopeLadder, condition: String, cell: Cell, name: String? = nil) {
        self.shared = ladder
        self.condition = condition
        self.cell = cell
        self.name = name
    }

    /// Looks up `${path}`; `nil` when the scope has no such variable.
    func lookup(_ path: String) -> Value? { lookup(TemplateRef(path)) }

    /// A reference's value for rendering: nil also when it is `${name}` and the name
    /// could not be rendered (`Interpolator` then raises that error).
    func value(of ref: TemplateRef) -> Value? {
        if nameError != nil, ref.field == nil, ref.head == "name" { return nil }
        return lookup(ref)
    }

    /// Looks up a reference split once (`TemplateRef`); `nil` when the scope has no such variable.
    func lookup(_ ref: TemplateRef) -> Value? {
        let head = ref.head, field = ref.field
        if let local, field == nil, local.0 == head { return local.1 }
        if let v = cell[head] {
            switch field {
            case nil: return .string(v.label)
            case "value": return v.value
            case "label": return .string(v.label)
            default: return nil
            }
        }
        switch (head, field) {
        case ("condition", nil): return .string(condition)
        case ("name", nil): return name.map(Value.string)
        case ("ladder", nil): return .string(shared.ladder.name)
        case ("phase", nil): return shared.ladder.phase.map(Value.string)
        default: break
        }
        guard let root = shared.ladder.variables[head] else { return nil }
        guard field != nil else { return root }
        var cur: Value? = root
        for f in ref.fieldParts { cur = cur?[f] }
        return cur
    }

    /// Why a lookup failed, phrased for the user.
    func missingHint(_ path: String) -> String {
        let head = String(path.split(separator: ".").first ?? "")
        if ladder.axis(head) != nil {
            return "condition '\(condition)' does not select axis '\(head)'; add it to the condition's cells, or give this condition its own value"
        }
        var known = ["condition", "name", "ladder", "phase"] + cell.values.map(\.axis) + ladder.variables.keys.sorted()
        if let local { known.append(local.0) }
        return Suggestion.hint(for: head, in: known, noun: "variable")
    }
}

/// The ladder a scope reads, shared by every scope of one plan.
final class ScopeLadder {
    let ladder: Ladder
    init(_ ladder: Ladder) { self.ladder = ladder }
}
