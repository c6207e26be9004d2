import Foundation
import LadderSpec
import LadderCore
import LadderPlan
import LadderStore

/// Lays out `views/<ladder>[-<phase>]/` exactly as the ladder's naming rules say,
/// as links into the store. Rebuilding with the same outputs changes nothing.
struct ViewBuilder {
    let plan: Plan
    let store: Store

    var name: String { plan.ladder.name + (plan.ladder.phase.map { "-\($0)" } ?? "") }

    @discardableResult
    func build(outputs: [String: ObjectHash]) throws -> ViewReport? {
        var entries: [ViewEntry] = []
        var seen: Set<String> = []
        for p in plan.paths {
            guard let h = outputs[p.stepKey] else { continue }
            let path = p.path.hasSuffix("/") ? String(p.path.dropLast()) : p.path
            guard !path.isEmpty, seen.insert(path).inserted else { continue }
            entries.append(ViewEntry(path: path, hash: h))
        }
        return try store.buildView(named: name, entries: entries)
    }
}
