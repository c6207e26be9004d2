import Foundation
import LadderCore
import LadderSpec

/// What the planner needs to know of built-in engines, supplied by the engine layer
/// so planning never depends on engine code.
public protocol EngineCatalog: Sendable {
    /// Names that `use:` and step `engine:` may name without a declaration.
    var builtinNames: [String] { get }
    /// Version fingerprint of a built-in engine: its version plus hashes of its behaviour-defining data.
    func fingerprint(ofBuiltin name: String, settings: [String: Value]) throws -> String
    /// Hashes of data one step of a built-in engine reads by name (the language pack of its
    /// `lang`, the tables of its `scorer`); nil when the step's parameters name none.
    func stepData(ofBuiltin name: String, params: [String: Value], ladder: Ladder) throws -> Value?
    /// Declared parameters of a built-in engine; nil leaves its parameters unchecked.
    func parameters(ofBuiltin name: String) -> [ParameterSpec]?
    /// Checks of a built-in engine's parameters beyond their types (plan time).
    func check(ofBuiltin name: String, params: [String: Value]) throws
    /// Names a `scorer` parameter may take in this ladder (built-in and declared scorers).
    func scorerNames(ladder: Ladder) -> [String]
    /// Checks of a built-in engine's step against the files its source inputs name
    /// (input name → absolute path), e.g. that the benchmark files it needs exist. Plan
    /// time, skipped by `validate --offline`; throws `ParameterProblem` or `LadderError`.
    func checkSources(ofBuiltin name: String, params: [String: Value], sources: [String: String], ladder: Ladder) throws
    /// The evaluation cells a step of a built-in engine expands to (none for most engines).
    func evaluationCells(ofBuiltin name: String, params: [String: Value]) -> [EvaluationCell]
}

extension EngineCatalog {
    public func stepData(ofBuiltin name: String, params: [String: Value], ladder: Ladder) throws -> Value? { nil }
    public func parameters(ofBuiltin name: String) -> [ParameterSpec]? { nil }
    public func check(ofBuiltin name: String, params: [String: Value]) throws {}
    public func scorerNames(ladder: Ladder) -> [String] { ladder.scorers.map(\.name) }
    public func checkSources(ofBuiltin name: String, params: [String: Value], sources: [String: String], ladder: Ladder) throws {}
    public func evaluationCells(ofBuiltin name: String, params: [String: Value]) -> [EvaluationCell] { [] }
}

/// A catalogue of names only, with fingerprints derived from the tool version.
public struct StaticEngineCatalog: EngineCatalog {
    public var builtinNames: [String]

    public init(builtinNames: [String]) { self.builtinNames = builtinNames }

    public func fingerprint(ofBuiltin name: String, settings: [String: Value]) throws -> String {
        SHA256.hex("builtin:\(name):\(LadderVersion.string)")
    }
}
