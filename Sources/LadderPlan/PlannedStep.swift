import Foundation
import LadderCore
import LadderSpec

/// Where a planned step's input comes from.
public enum PlannedInputSource: Sendable, Hashable {
    /// A declared source; `hash` is its declared or computed content hash (nil when missing).
    case source(name: String, hash: String?)
    /// The output of another step.
    case step(key: String)
    /// The outputs of several steps, in plan order (`all.STEP`, fan-out templates).
    case steps(keys: [String])
    /// The ids of the items of an upstream step whose ledger status is `status`.
    case itemsOf(key: String, status: String)

    /// Keys of the steps this input depends on.
    public var upstreamKeys: [String] {
        switch self {
        case .source: return []
        case .step(let k), .itemsOf(let k, _): return [k]
        case .steps(let ks): return ks
        }
    }

    /// How many upstream keys the input names (`upstreamKeys.count`, without the array).
    var upstreamKeyCount: Int {
        switch self {
        case .source: return 0
        case .step, .itemsOf: return 1
        case .steps(let ks): return ks.count
        }
    }

    /// How the input enters the plan key (also what `explain` and reasons compare).
    public var keyIngredient: Value {
        switch self {
        case .source(let name, let hash):
            return .object(["source": .string(name), "hash": hash.map(Value.string) ?? .null])
        case .step(let k): return .object(["step": .string(k)])
        case .steps(let ks): return .object(["steps": .array(ks.map(Value.string))])
        case .itemsOf(let k, let s): return .object(["items_of": .string(k), "status": .string(s)])
        }
    }
}

/// A named input of a planned step.
public struct PlannedInput: Sendable, Hashable {
    public var name: String
    public var source: PlannedInputSource
}

/// A condition cell that needs a step. Shared steps have several users.
public struct StepUser: Sendable, Hashable {
    public var condition: String
    public var cell: Cell
    /// The rendered `${name}` of the condition in that cell.
    public var name: String
    /// The template (pipeline step) this step is in that condition.
    public var template: String
    /// The fan-out value, when the template has `for_each`.
    public var forEach: String?
}

extension StepUser {
    /// The user as engines and the state database see it; `axes` keeps the ladder's axis order.
    public var json: Value {
        .object(["condition": .string(condition), "cell": cell.json, "axes": .array(cell.values.map { .string($0.axis) }),
                 "template": .string(template), "for_each": forEach.map(Value.string) ?? .null, "name": .string(name)])
    }
}

/// One engine call with fully resolved parameters and inputs, named by its key.
public struct PlannedStep: Sendable {
    /// SHA-256 of the canonical encoding of `ingredients`.
    public var key: String
    /// Fields shared by the steps of one template and engine (see `StepShape`).
    var shape: StepShape
    /// Template name of the first user (for display).
    public var template: String {
        get { shape.template }
        set { shape = shape.with(template: newValue) }
    }
    /// Engine name as the ladder declares it.
    public var engine: String {
        get { shape.engine }
        set { shape = shape.with(engine: newValue) }
    }
    /// The implementation: a built-in engine name, or `external`.
    public var implementation: String {
        get { shape.implementation }
        set { shape = shape.with(implementation: newValue) }
    }
    public var engineFingerprint: String {
        get { shape.engineFingerprint }
        set { shape = shape.with(engineFingerprint: newValue) }
    }
    /// Interned: steps with equal parameters share one dictionary.
    public var params: [String: Value]
    public var inputs: [PlannedInput]
    public var resources: Resources {
        get { shape.resources }
        set { shape = shape.with(resources: newValue) }
    }
    public var retry: RetryPolicy {
        get { shape.retry }
        set { shape = shape.with(retry: newValue) }
    }
    public var users: [StepUser]
    /// What the engine's `stepData` added to the key (a pack, a scorer), if anything.
    public var engineData: Value?
    /// The evaluation cells the step expands to (an `eval` step); not part of the key.
    public var evaluationCells: [EvaluationCell] = []

    /// Exactly what the key was made of, field by field (for explain and diff).
    public var ingredients: [String: Value] {
        var out: [String: Value] = ["engine": .string(implementation), "engine.fingerprint": .string(engineFingerprint),
                                    "params": .object(params),
                                    "inputs": .object(Dictionary(uniqueKeysWithValues: inputs.map { ($0.name, $0.source.keyIngredient) }))]
        if let engineData { out["engine.data"] = engineData }
        return out
    }

    /// Short form of the key for tables.
    public var shortKey: String { String(key.prefix(12)) }

    /// Keys of every step this one reads.
    public var upstreamKeys: [String] { inputs.flatMap(\.source.upstreamKeys) }

    /// `condition-2[lang=ur,tier=5k,seed=42].train`
    public var label: String {
        guard let u = users.first else { return template }
        // `condition[cell].template@for_each`, appended in place (a run asks for ten thousand).
        var s = u.condition
        s.reserveCapacity(u.condition.utf8.count + u.template.utf8.count + 16 * u.cell.values.count + 24)
        s += "["
        u.cell.appendDescription(to: &s)
        s += "]."
        s += u.template
        if let f = u.forEach { s += "@"; s += f }
        return s
    }
}
