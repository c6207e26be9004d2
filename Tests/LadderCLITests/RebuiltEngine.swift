import Foundation
import LadderCore
import LadderEngines
import LadderSpec

/// A built-in engine as a later release would ship it: the same behaviour, but a
/// different code hash (its sources changed) or different step data (its pack changed).
struct RebuiltEngine: BuiltinEngine {
    let base: any BuiltinEngine
    var codeHash: String?
    var extraStepData: Value?

    var name: String { base.name }
    var summary: String { base.summary }
    var parameters: [ParameterSpec] { base.parameters }
    var code: EngineCodeVersions.Entry {
        var c = base.code
        if let codeHash { c.sha256 = codeHash }
        return c
    }

    func check(params: [String: Value]) throws { try base.check(params: params) }
    func behaviourData(settings: [String: Value]) throws -> [String: String] { try base.behaviourData(settings: settings) }

    func stepData(params: [String: Value], ladder: Ladder) throws -> Value? {
        let data = try base.stepData(params: params, ladder: ladder)
        guard let extraStepData else { return data }
        return .object(["base": data ?? .null, "changed": extraStepData])
    }

    func run(_ request: EngineRequest, context: EngineContext) throws -> EngineResult { try base.run(request, context: context) }

    /// The standard registry with `name` replaced by its rebuilt form.
    static func registry(replacing name: String, codeHash: String? = nil, stepData: Value? = nil) -> EngineRegistry {
        EngineRegistry(engines: BuiltinEngines.all.map { e in
            e.name == name ? RebuiltEngine(base: e, codeHash: codeHash, extraStepData: stepData) : e
        })
    }
}
