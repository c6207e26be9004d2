import LadderCore

/// A problem an engine finds with one parameter at plan time (a template file
/// lacking a language the step needs, a benchmark file missing). The planner
/// reports it at the parameter's line in the ladder, or at the step when the
/// parameter is not written there (a default).
public struct ParameterProblem: Error, Sendable, CustomStringConvertible {
    public var parameter: String
    public var message: String
    public var hint: String?

    public init(_ parameter: String, _ message: String, hint: String? = nil) {
        self.parameter = parameter
        self.message = message
        self.hint = hint
    }

    public var description: String { message }
}

/// One evaluation cell a step expands to, for `plan`'s count of cells.
public struct EvaluationCell: Sendable, Hashable {
    /// What the cell evaluates (a benchmark).
    public var benchmark: String
    /// The cell's key (`template1_sib200_data=en_instr=zh`).
    public var key: String

    public init(benchmark: String, key: String) {
        self.benchmark = benchmark
        self.key = key
    }
}
