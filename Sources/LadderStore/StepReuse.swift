import Foundation

/// Whether a step's earlier success can stand in for running it now.
public enum StepReuse: Sendable, Equatable {
    /// Succeeded before and every output is present and intact: reuse it.
    case reusable(outputs: [String: ObjectHash])
    /// No successful attempt is recorded for this key: run it.
    case notSucceeded
    /// Succeeded before, but these outputs are missing or corrupt (corrupt
    /// ones have been moved aside when the store is exclusive): run it again.
    case outputsInvalid(missing: [String], corrupt: [String])

    /// The outputs when reusable.
    public var outputs: [String: ObjectHash]? {
        if case .reusable(let o) = self { return o }
        return nil
    }
}

extension Store {
    /// Answers, for many step keys at once, "is there a successful attempt
    /// and are its outputs present and valid?" — one database query for the
    /// outputs, one for verification stamps, and one stat walk (or re-hash,
    /// under `.full` or when an object's metadata changed) per object. This is
    /// the whole cost of deciding that a finished ladder has nothing to do.
    public func reuse(keys: [String], policy: VerifyPolicy = .trustStamps) throws -> [String: StepReuse] {
        let recorded = try database.succeededOutputs(keys: keys)
        let lookups = try objects.states(recorded.values.flatMap { $0.values }, policy: policy)
        var out: [String: StepReuse] = [:]
        out.reserveCapacity(keys.count)
        for key in keys {
            guard let outputs = recorded[key] else {
                out[key] = .notSucceeded
                continue
            }
            var missing: [String] = []
            var corrupt: [String] = []
            for (name, hash) in outputs {
                switch lookups[hash] ?? .missing {
                case .intact: continue
                case .missing: missing.append(name)
                case .corrupt: corrupt.append(name)
                }
            }
            out[key] = missing.isEmpty && corrupt.isEmpty ? .reusable(outputs: outputs) : .outputsInvalid(missing: missing.sorted(), corrupt: corrupt.sorted())
        }
        return out
    }
}
