import Foundation
import LadderCore
import LadderPlan
import LadderSpec

/// Built-in engines by name. Asking for an unknown name is an error that lists the known ones.
public struct EngineRegistry: EngineCatalog {
    public static let standard = EngineRegistry(engines: BuiltinEngines.all)

    public let engines: [any BuiltinEngine]

    public init(engines: [any BuiltinEngine]) { self.engines = engines }

    /// Names of the built-in engines, in `ladder engine list` order.
    public var builtinNames: [String] { engines.map(\.name) }

    public func engine(_ name: String) throws -> any BuiltinEngine {
        guard let e = engines.first(where: { $0.name == name }) else {
            throw LadderError.badInput("unknown engine '\(name)'; built-in engines: \(builtinNames.joined(separator: ", "))")
        }
        return e
    }

    public func fingerprint(ofBuiltin name: String, settings: [String: Value]) throws -> String {
        try engine(name).fingerprint(settings: settings)
    }

    public func stepData(ofBuiltin name: String, params: [String: Value], ladder: Ladder) throws -> Value? {
        try engine(name).stepData(params: params, ladder: ladder)
    }

    public func parameters(ofBuiltin name: String) -> [ParameterSpec]? {
        (try? engine(name))?.parameters
    }

    public func check(ofBuiltin name: String, params: [String: Value]) throws {
        try engine(name).check(params: params)
    }

    public func checkSources(ofBuiltin name: String, params: [String: Value], sources: [String: String], ladder: Ladder) throws {
        try engine(name).check(params: params, sources: sources, ladder: ladder)
    }

    public func evaluationCells(ofBuiltin name: String, params: [String: Value]) -> [EvaluationCell] {
        (try? engine(name))?.evaluationCells(params: params) ?? []
    }

    public func scorerNames(ladder: Ladder) -> [String] {
        ScorerCatalog.names(of: ladder)
    }
}
