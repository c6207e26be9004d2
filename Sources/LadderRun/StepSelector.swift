import Foundation
import LadderStore
import LadderSpec
import LadderCore
import LadderPlan

/// `--only condition=condition-2,lang=ur,engine=train`: the steps some user of
/// which matches every clause (values separated by `|`), plus everything they read.
public struct StepSelector: Sendable {
    public var clauses: [(String, [String])]

    public init(_ text: String) throws {
        clauses = try text.split(separator: ",").map { part in
            let kv = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard kv.count == 2, !kv[0].isEmpty, !kv[1].isEmpty else {
                throw LadderError.badInput("--only: cannot read '\(part)'; write KEY=VALUE[,KEY=VALUE...] with KEY condition, engine, step or an axis")
            }
            return (kv[0], kv[1].split(separator: "|").map(String.init))
        }
    }

    func matches(_ step: PlannedStep) -> Bool {
        step.users.contains { u in
            clauses.allSatisfy { key, values in
                switch key {
                case "condition": return values.contains(u.condition)
                case "engine": return values.contains(step.engine)
                case "step", "template": return values.contains(u.template)
                default: return u.cell[key].map { values.contains($0.label) } ?? false
                }
            }
        }
    }

    /// Keys of the matching steps and all their upstream steps.
    public func select(in plan: Plan) throws -> Set<String> {
        let known = Set(["condition", "engine", "step", "template"] + plan.ladder.axes.map(\.name))
        for (k, _) in clauses where !known.contains(k) {
            throw LadderError.badInput("--only: unknown key '\(k)'; use condition, engine, step or an axis (\(plan.ladder.axes.map(\.name).joined(separator: ", ")))")
        }
        var selected: Set<String> = []
        var stack = plan.steps.filter(matches).map(\.key)
        guard !stack.isEmpty else { throw LadderError.badInput("--only matches no step of the plan") }
        while let k = stack.popLast() {
            guard selected.insert(k).inserted, let s = plan.step(k) else { continue }
            stack.append(contentsOf: s.upstreamKeys)
        }
        return selected
    }
}
