import Foundation
import LadderCore
import LadderSpec

/// A built-in engine: a Swift type registered by name.
public protocol BuiltinEngine: Sendable {
    /// The name ladders use in `use:` or `engine:`.
    var name: String { get }
    /// Bumped when outputs for the same inputs would change; enters every step key.
    var version: String { get }
    /// One line for `ladder engine list`.
    var summary: String { get }
    /// Hashes of the data that defines behaviour (packs, tables), by name; they enter the fingerprint.
    func behaviourData(settings: [String: Value]) throws -> [String: String]
    /// Hashes of data one step reads by name (e.g. the pack for its `lang`); enters that step's key.
    func stepData(params: [String: Value], ladder: Ladder) throws -> Value?
    /// Does the work: reads inputs, writes into `request.outputDir`.
    func run(_ request: EngineRequest, context: EngineContext) throws -> EngineResult
}

extension BuiltinEngine {
    public func behaviourData(settings: [String: Value]) throws -> [String: String] { [:] }
    public func stepData(params: [String: Value], ladder: Ladder) throws -> Value? { nil }

    /// Version fingerprint: engine name and version, tool version, behaviour-data hashes.
    public func fingerprint(settings: [String: Value]) throws -> String {
        var key = CanonicalKey()
        key.add("engine", .string(name))
        key.add("version", .string(version))
        key.add("data", .object(try behaviourData(settings: settings).mapValues(Value.string)))
        return key.hex
    }
}
