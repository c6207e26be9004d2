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

    /// What the store says of one planned step.
    struct StepState {
        var cached: Bool
        /// Known when every input's output is stored.
        var executionKey: String?
        /// The store's answer for `executionKey`.
        var reuse: StepReuse?
        /// The execution key's input ingredients.
        var executionInputs: Value?
    }

    /// Plan key → `cached` or `run`; empty when the store does not exist yet.
    public func status(storePath: String) -> [String: String] {
        guard let store = Self.openShared(storePath) else { return [:] }
        defer { store.close() }
        return states(store: store).mapValues { $0.cached ? "cached" : "run" }
    }

    /// Status (`cached`/`run`) and, for each step that would run, why (`StepReason`s
    /// against the last success of the same condition, cell and step).
    public func statusAndReasons(storePath: String) -> (status: [String: String], whys: [String: StepWhy]) {
        ReasonFinder.beforeRun(plan: plan, storePath: storePath)
    }

    /// The store at `storePath` for reading, or nil when there is none yet.
    static func openShared(_ storePath: String) -> Store? {
        guard FileManager.default.fileExists(atPath: (storePath as NSString).appendingPathComponent("state.sqlite")) else { return nil }
        return try? Store.open(at: URL(fileURLWithPath: storePath), access: .shared)
    }

    func states(store: Store) -> [String: StepState] {
        let resolver = InputResolver(plan: plan, store: store, storesAllowlists: false)
        var depth: [String: Int] = [:]
        var levels: [[PlannedStep]] = []
        for s in plan.steps {
            let d = (s.upstreamKeys.compactMap { depth[$0] }.max() ?? -1) + 1
            depth[s.key] = d
            if levels.count <= d { levels.append([]) }
            levels[d].append(s)
        }
        var outputs: [String: ObjectHash] = [:], keys: [String: String] = [:], out: [String: StepState] = [:]
        for level in levels {
            var resolved: [(PlannedStep, String)] = []
            var ingredients: [String: Value] = [:]
            for s in level {
                guard s.upstreamKeys.allSatisfy({ outputs[$0] != nil }),
                      let r = try? resolver.resolve(s, outputs: outputs, keys: keys) else {
                    out[s.key] = StepState(cached: false)
                    continue
                }
                resolved.append((s, r.key))
                ingredients[s.key] = r.ingredients
            }
            let reuse = (try? store.reuse(keys: resolved.map(\.1))) ?? [:]
            for (s, k) in resolved {
                if case .reusable(let o)? = reuse[k], let h = o["out"] {
                    outputs[s.key] = h
                    keys[s.key] = k
                    out[s.key] = StepState(cached: true, executionKey: k, reuse: reuse[k], executionInputs: ingredients[s.key])
                } else {
                    out[s.key] = StepState(cached: false, executionKey: k, reuse: reuse[k], executionInputs: ingredients[s.key])
                }
            }
        }
        return out
    }
}
