import Foundation
import LadderCore
import LadderEngines
import LadderPlan
import LadderSpec

/// Everything needed to run one step away from its ladder: the engine, its
/// parameters, the resolved inputs and the policy. The head builds it from the
/// plan; a job on another node reads it from the store's job spool
/// (`JobSpool`) and never parses the ladder again.
public struct StepTask: Codable, Sendable, Equatable {
    /// How an external engine is started (`run:`, `env:`, working directory).
    public struct Program: Codable, Sendable, Equatable {
        public var argv: [String]
        public var env: [String]
        public var workingDirectory: String
    }

    /// The execution key: outputs are filed under it.
    public var key: String
    public var planKey: String
    public var label: String
    public var template: String
    /// Engine name as the ladder declares it.
    public var engine: String
    /// A built-in engine name, or `external` (then `program` is set).
    public var implementation: String
    public var program: Program?
    public var params: [String: Value]
    public var inputs: [String: EngineInput]
    public var resources: Resources
    public var retry: RetryPolicy
    public var engineData: Value?
    public var ladderDirectory: String
    /// Ledger items already `ok` when the task was handed to a job (nil: ask the journal).
    public var doneItems: [String]?

    public init(step: PlannedStep, resolved: ResolvedStep, plan: Plan) {
        key = resolved.key
        planKey = step.key
        label = step.label
        template = step.template
        engine = step.engine
        implementation = step.implementation
        if let decl = plan.ladder.engine(step.engine), let argv = decl.run {
            program = Program(argv: argv, env: decl.env, workingDirectory: plan.ladder.directory)
        }
        params = step.params
        inputs = resolved.inputs
        resources = step.resources
        retry = step.retry
        engineData = step.ingredients["engine.data"]
        ladderDirectory = plan.ladder.directory
    }

    /// The value of a `seed` parameter, given to the engine as its seed.
    var seed: Int? { params["seed"]?.intValue }
}
