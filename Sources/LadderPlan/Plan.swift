import Foundation
import LadderCore
import LadderSpec

/// A path a naming rule renders for one step output (or one step input).
public struct PlanPath: Sendable, Hashable {
    /// `adapter`, `dataset`, `eval-session`, ...
    public var kind: String
    public var path: String
    /// Key of the step whose output lives at this path.
    public var stepKey: String
    public var condition: String
    public var cell: Cell
    /// The source corpus the artifact descends from, if any.
    public var corpus: String?
}

/// A ladder expanded into content-addressed steps, in dependency order.
public struct Plan: Sendable {
    public var ladder: Ladder
    /// Every distinct step, each after all the steps it reads.
    public var steps: [PlannedStep]
    public var paths: [PlanPath]
    /// Cells per condition, in declaration order.
    public var cells: [(condition: String, cells: [Cell])]
    let index: StepIndex

    init(ladder: Ladder, steps: [PlannedStep], paths: [PlanPath], cells: [(condition: String, cells: [Cell])], index: StepIndex) {
        self.ladder = ladder
        self.steps = steps
        self.paths = paths
        self.cells = cells
        self.index = index
    }

    public func step(_ key: String) -> PlannedStep? { index[key].map { steps[$0] } }

    /// Where the step with this plan key sits in `steps`.
    public func position(of key: String) -> Int? { index[key] }

    /// Steps whose key, short key or label matches `query`.
    public func find(_ query: String) -> [PlannedStep] {
        if let s = step(query) { return [s] }
        return steps.filter { s in
            s.key.hasPrefix(query) || s.label == query
                || s.users.contains { u in "\(u.condition)[\(u.cell)].\(u.template)\(u.forEach.map { "@\($0)" } ?? "")" == query }
        }
    }

    /// Steps shared by more than one condition cell.
    public var sharedSteps: [PlannedStep] { steps.filter { $0.users.count > 1 } }
}
