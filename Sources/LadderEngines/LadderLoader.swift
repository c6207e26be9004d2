import Foundation
import LadderCore
import LadderPlan
import LadderSpec

/// Reads a ladder file and plans it against the built-in engine registry.
/// Every mistake becomes `LadderError.badInput` with a located message.
public struct LadderLoader {
    public var registry: EngineRegistry

    public init(registry: EngineRegistry = .standard) { self.registry = registry }

    public func load(_ path: String) throws -> Ladder {
        do {
            return try LadderParser(builtinEngines: registry.builtinNames).parse(fileAt: path)
        } catch let e as SpecError {
            throw e.asLadderError
        }
    }

    /// Plans a ladder file. With `checkFiles` off (`--offline`, manifests), files the ladder
    /// names need not exist here.
    public func plan(_ path: String, checkFiles: Bool = true) throws -> Plan {
        let ladder = try load(path)
        do {
            return try Planner(ladder: ladder, catalog: registry, checkFiles: checkFiles).plan()
        } catch let e as SpecError {
            throw e.asLadderError
        } catch let e as SpecErrors {
            throw e.asLadderError
        }
    }
}
