import Foundation
import LadderCore
import LadderEngines
import LadderPlan
import LadderSpec
import LadderStore

/// A step's inputs made concrete: paths into the store, and the execution key.
public struct ResolvedStep: Sendable {
    /// SHA-256 over engine, fingerprint, engine data, parameters and the *content* hashes
    /// of the inputs (docs/keys.md): when an upstream step re-runs and produces identical bytes, this key
    /// does not change and the step is reused (early cutoff).
    public var key: String
    public var inputs: [String: EngineInput]
    public var ingredients: Value
}

/// Computes execution keys and input paths from upstream outputs.
struct InputResolver {
    let plan: Plan
    let store: Store
    /// False for read-only questions (`plan`, `explain`): allowlists are hashed, not stored.
    var storesAllowlists = true

    /// `outputs` maps plan keys of finished steps to their output object;
    /// `keys` maps them to their execution keys (for ledgers).
    func resolve(_ step: PlannedStep, outputs: [String: ObjectHash], keys: [String: String]) throws -> ResolvedStep {
        var inputs: [String: EngineInput] = [:]
        var ingredients: [String: Value] = [:]
        for input in step.inputs {
            switch input.source {
            case .source(let name, let hash):
                // A source without a path (a model id) reaches the engine as its declared fields only.
                let fields = plan.ladder.source(name).map { Value.object($0.fields) }
                inputs[input.name] = EngineInput(kind: "source", paths: sourcePath(name).map { [$0] } ?? [], hashes: [hash ?? ""],
                                                 source: fields)
                ingredients[input.name] = .object(["source": hash.map(Value.string) ?? .null])
            case .step(let k):
                let h = try output(k, outputs)
                inputs[input.name] = EngineInput(kind: "step", paths: [store.objects.unverifiedFilePath(of: h)], hashes: [h.hex])
                ingredients[input.name] = .object(["object": .string(h.hex)])
            case .steps(let ks):
                let hs = try ks.map { try output($0, outputs) }
                let users = ks.map { k in Value.array((plan.step(k)?.users ?? []).map(\.json)) }
                inputs[input.name] = EngineInput(kind: "steps", paths: hs.map { store.objects.unverifiedFilePath(of: $0) },
                                                 hashes: hs.map(\.hex), users: users)
                ingredients[input.name] = .object(["objects": .array(hs.map { .string($0.hex) }), "users": .array(users)])
            case .itemsOf(let k, let status):
                guard let upstream = keys[k] else { throw LadderError.stepFailed("upstream step \(k.prefix(12)) has not run") }
                let ids = try store.database.ledger(stepKey: upstream, status: status).map(\.itemID).sorted(by: Value.byteOrder)
                let blob = Data(Value.array(ids.map(Value.string)).canonicalJSON.utf8)
                let h = storesAllowlists ? try store.objects.putBlob(blob) : ObjectHash.of(blob)
                inputs[input.name] = EngineInput(kind: "items", paths: [store.objects.unverifiedFilePath(of: h)],
                                                 hashes: [h.hex], items: ids)
                ingredients[input.name] = .object(["allowlist": .string(h.hex)])
            }
        }
        var key = CanonicalKey()
        key.add("stage", .string("execution"))
        key.add("engine", .string(step.implementation))
        key.add("engine.fingerprint", .string(step.engineFingerprint))
        key.add("params", .object(step.params))
        key.add("inputs", .object(ingredients))
        // The step's engine data (imported file hashes, a scorer's declaration and tables,
        // a language pack) decides its output as much as its parameters: see docs/keys.md.
        if let data = step.engineData { key.add("engine.data", data) }
        return ResolvedStep(key: key.hex, inputs: inputs, ingredients: .object(ingredients))
    }

    private func output(_ k: String, _ outputs: [String: ObjectHash]) throws -> ObjectHash {
        guard let h = outputs[k] else { throw LadderError.stepFailed("upstream step \(k.prefix(12)) has no output") }
        return h
    }

    /// A source's path, absolute: engines run in the ladder's directory, so a path relative to
    /// the directory `ladder` was started in would point elsewhere (docs/engines.md promises absolute paths).
    func sourcePath(_ name: String) -> String? {
        guard let p = plan.ladder.source(name)?.path else { return nil }
        if p.hasPrefix("/") { return p }
        let directory = plan.ladder.directory.hasPrefix("/") ? plan.ladder.directory
            : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(plan.ladder.directory)
        return (directory as NSString).appendingPathComponent(p)
    }
}
