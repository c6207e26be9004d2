import Foundation
import LadderCore
import LadderEngines
import LadderPlan
import LadderSpec
import LadderStore

/// One ready step handed to an executor.
public struct ExecutorJob: Sendable {
    public var step: PlannedStep
    public var resolved: ResolvedStep
    /// What a process away from the plan needs to run it.
    public var task: StepTask
}

/// How one handed-over step ended.
public struct ExecutorCompletion: Sendable {
    public var job: ExecutorJob
    public var end: StepEnd
    /// Seconds from hand-over (or adoption) to the end, for progress and the run record.
    public var seconds: Double
    /// When the step started running, if the executor knows.
    public var started: Date?

    public init(job: ExecutorJob, end: StepEnd, seconds: Double, started: Date? = nil) {
        self.job = job
        self.end = end
        self.seconds = seconds
        self.started = started
    }
}

/// Where steps run. The `Scheduler` decides *what* is ready (inputs known,
/// not reusable, not claimed by another plan step) and in which order; an
/// executor decides *where and when* it runs: threads on this machine
/// (`LocalExecutor`), jobs on a cluster (LadderSlurm). Only the calling
/// thread of the scheduler calls these methods.
public protocol Executor: AnyObject {
    /// Called once the run is recorded, before any other method: what the
    /// executor records (attempts, ingested results) belongs to this run.
    func begin(runID: Int64)
    /// Why a step with these resources can never run here, if it cannot; the
    /// scheduler fails the step at once rather than leaving it pending.
    func impossible(_ resources: Resources) -> String?
    /// True when a step with these resources may be handed over now.
    func canAccept(_ resources: Resources) -> Bool
    /// Takes over an execution of this step that already exists (a job that
    /// finished or still runs after an earlier head stopped); false when there
    /// is none and the step must be submitted.
    func adopt(_ job: ExecutorJob) -> Bool
    /// Starts the step; its end comes back from `poll`.
    func submit(_ job: ExecutorJob)
    /// Steps that ended, waiting up to `timeout` seconds for the first.
    func poll(timeout: TimeInterval) -> [ExecutorCompletion]
    /// Asks every running step to stop (Ctrl-C); their ends still come back from `poll`.
    func cancelAll()
    /// Steps handed over and not yet returned by `poll`.
    var active: Int { get }
}

/// What an executor is built from: the plan being run and the open store.
/// It is built before the run is recorded, so a cluster that cannot take the
/// run (no `sbatch`, a store the nodes cannot see) leaves no run behind.
public struct ExecutorContext: Sendable {
    public var plan: Plan
    public var store: Store
    public var registry: EngineRegistry
    public var options: RunOptions
    public var progress: Progress
}

/// Builds the executor for one run (`--executor`).
public typealias ExecutorFactory = @Sendable (ExecutorContext) throws -> any Executor

extension ExecutorJob {
    /// The step's database record, which the head writes before handing the step over.
    public var stepRecord: StepRecord { StepExecutor.record(step, resolved) }
}
