import Foundation
import LadderCore
import LadderPlan
import LadderStore

/// Which planned steps the store already holds, without running anything:
/// execution keys are resolved level by level from stored outputs, one
/// batch query per level. `cached` steps would be reused; `run` steps would execute.
public struct PlanStatus {
    public let plan: Plan

    public init(plan: Plan) { self.plan = plan }

    /// Plan key → `cached` or `run`; empty when the store does not exist yet.
    public func status(storePath: String) -> [String: String] {
        guard FileManager.default.fileExists(atPath: (storePath as NSString).appendingPathComponent("state.sqlite")),
              let store = try? Store.open(at: URL(fileURLWithPath: storePath), access: .shared) else { return [:] }
        defer { store.close() }
        let resolver = InputResolver(plan: plan, store: store, storesAllowlists: false)
        var depth: [String: Int] = [:]
        var levels: [[PlannedStep]] = []
        for s in plan.steps {
            let d = (s.upstreamKeys.compactMap { depth[$0] }.max() ?? -1) + 1
            depth[s.key] = d
            if levels.count <= d { levels.append([]) }
            levels[d].append(s)
        }
        var outputs: [String: ObjectHash] = [:], keys: [String: String] = [:], out: [String: String] = [:]
        for level in levels {
            var resolved: [(PlannedStep, String)] = []
            for s in level {
                guard s.upstreamKeys.allSatisfy({ outputs[$0] != nil }),
                      let r = try? resolver.resolve(s, outputs: outputs, keys: keys) else { out[s.key] = "run"; continue }
                resolved.append((s, r.key))
            }
            let reuse = (try? store.reuse(keys: resolved.map(\.1))) ?? [:]
            for (s, k) in resolved {
                if case .reusable(let o)? = reuse[k], let h = o["out"] {
                    outputs[s.key] = h
                    keys[s.key] = k
                    out[s.key] = "cached"
                } else {
                    out[s.key] = "run"
                }
            }
        }
        return out
    }
}
