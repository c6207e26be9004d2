import Foundation
import LadderCore

/// What the planner needs to know of built-in engines, supplied by the engine layer
/// so planning never depends on engine code.
public protocol EngineCatalog: Sendable {
    /// Names that `use:` and step `engine:` may name without a declaration.
    var builtinNames: [String] { get }
    /// Version fingerprint of a built-in engine: its version plus hashes of its behaviour-defining data.
    func fingerprint(ofBuiltin name: String, settings: [String: Value]) throws -> String
}

/// A catalogue of names only, with fingerprints derived from the tool version.
public struct StaticEngineCatalog: EngineCatalog {
    public var builtinNames: [String]

    public init(builtinNames: [String]) { self.builtinNames = builtinNames }

    public func fingerprint(ofBuiltin name: String, settings: [String: Value]) throws -> String {
        SHA256.hex("builtin:\(name):\(LadderVersion.string)")
    }
}
