import Foundation
import LadderCore
import LadderPlan

/// Built-in engines by name. Asking for an unknown name is an error that lists the known ones.
public struct EngineRegistry: EngineCatalog {
    public static let standard = EngineRegistry()

    /// Names of the built-in engines, in `ladder engine list` order.
    public var builtinNames: [String] { ["subset", "transpile", "align", "import", "reparse", "analysis"] }

    public init() {}

    public func fingerprint(ofBuiltin name: String, settings: [String: Value]) throws -> String {
        guard builtinNames.contains(name) else {
            throw LadderError.badInput("unknown engine '\(name)'; built-in engines: \(builtinNames.joined(separator: ", "))")
        }
        return SHA256.hex("builtin:\(name):\(LadderVersion.string)")
    }
}
