import Foundation
import LadderCore
import LadderPlan
import LadderSpec

/// A built-in engine: a Swift type registered by name.
public protocol BuiltinEngine: Sendable {
    /// The name ladders use in `use:` or `engine:`.
    var name: String { get }
    /// The engine's code version and the hash of its implementation's source files
    /// (default: its row of `EngineCodeVersions`); both enter every step key, so a
    /// release that changes an engine's code re-runs exactly that engine's steps.
    var code: EngineCodeVersions.Entry { get }
    /// One line for `ladder engine list`.
    var summary: String { get }
    /// Every parameter the engine reads (settings and step params alike), checked at plan time.
    var parameters: [ParameterSpec] { get }
    /// Checks that need more than each parameter's type (e.g. that a subset's sizes agree); plan time.
    func check(params: [String: Value]) throws
    /// Hashes of the data that defines behaviour (packs, tables), by name; they enter the fingerprint.
    func behaviourData(settings: [String: Value]) throws -> [String: String]
    /// Hashes of data one step reads by name (e.g. the pack for its `lang`); enters that step's key.
    func stepData(params: [String: Value], ladder: Ladder) throws -> Value?
    /// Checks of a step against the files its source inputs name (input name → absolute
    /// path); plan time, skipped by `validate --offline`. Throws `ParameterProblem` to
    /// point at a parameter's line.
    func check(params: [String: Value], sources: [String: String], ladder: Ladder) throws
    /// The evaluation cells a step expands to, for `plan` (none for most engines).
    func evaluationCells(params: [String: Value]) -> [EvaluationCell]
    /// Does the work: reads inputs, writes into `request.outputDir`.
    func run(_ request: EngineRequest, context: EngineContext) throws -> EngineResult
}

extension BuiltinEngine {
    public func check(params: [String: Value]) throws {}
    public func behaviourData(settings: [String: Value]) throws -> [String: String] { [:] }
    public func stepData(params: [String: Value], ladder: Ladder) throws -> Value? { nil }
    public func check(params: [String: Value], sources: [String: String], ladder: Ladder) throws {}
    public func evaluationCells(params: [String: Value]) -> [EvaluationCell] { [] }

    public var code: EngineCodeVersions.Entry { EngineCodeVersions.entry(name) }
    /// The code version, as `ladder engine list` shows it.
    public var version: String { code.version }

    /// Version fingerprint: engine name, code version and source hash, behaviour-data hashes.
    public func fingerprint(settings: [String: Value]) throws -> String {
        var key = CanonicalKey()
        key.add("engine", .string(name))
        key.add("version", .string(code.version))
        key.add("code", .string(code.sha256))
        key.add("data", .object(try behaviourData(settings: settings).mapValues(Value.string)))
        return key.hex
    }
}
