import Foundation
import LadderCore
import LadderEngines
import LadderPlan
import LadderSpec
import LadderStore

/// Runs steps on this machine, each on its own thread, as many at once as
/// the resource pool allows. Workers hand completions back through `inbox`.
public final class LocalExecutor: Executor, @unchecked Sendable {
    private let context: ExecutorContext
    private var executor: StepExecutor?
    private var pool: ResourcePool
    private var running: [String: (context: EngineContext, devices: [String])] = [:]
    private let cond = NSCondition()
    private var inbox: [ExecutorCompletion] = []

    init(_ context: ExecutorContext) {
        self.context = context
        pool = ResourcePool(capacity: context.options.capacity, jobs: context.options.jobs, devices: context.options.gpuDevices)
    }

    /// Builds the local executor for a run.
    public static let factory: ExecutorFactory = { LocalExecutor($0) }

    public func begin(runID: Int64) {
        executor = StepExecutor(objects: context.store.objects, storeRoot: context.store.root, registry: context.registry,
                                journal: DatabaseJournal(store: context.store, runID: runID))
    }

    public var active: Int { running.count }

    public func impossible(_ resources: Resources) -> String? { pool.impossible(resources) }

    public func canAccept(_ resources: Resources) -> Bool { pool.fits(resources) }

    public func adopt(_ job: ExecutorJob) -> Bool { false }

    public func submit(_ job: ExecutorJob) {
        let devices = pool.take(job.step.resources)
        // A step that asked for GPUs sees only its own; one that asked for none keeps the runner's view.
        let ctx = EngineContext(logURL: nil, environment: devices.isEmpty ? [:] : ["CUDA_VISIBLE_DEVICES": devices.joined(separator: ",")])
        running[job.resolved.key] = (ctx, devices)
        guard let executor else { preconditionFailure("LocalExecutor.begin(runID:) was not called") }
        let record = StepExecutor.record(job.step, job.resolved)
        let thread = Thread { [weak self] in
            let start = Date()
            let end = executor.execute(job.task, record: record, context: ctx)
            self?.deliver(ExecutorCompletion(job: job, end: end, seconds: Date().timeIntervalSince(start), started: start))
        }
        thread.stackSize = 4 << 20
        thread.start()
    }

    private func deliver(_ c: ExecutorCompletion) {
        cond.lock()
        inbox.append(c)
        cond.signal()
        cond.unlock()
    }

    public func poll(timeout: TimeInterval) -> [ExecutorCompletion] {
        cond.lock()
        if inbox.isEmpty { _ = cond.wait(until: Date().addingTimeInterval(timeout)) }
        let done = inbox
        inbox.removeAll()
        cond.unlock()
        for c in done {
            let held = running.removeValue(forKey: c.job.resolved.key)?.devices ?? []
            pool.give(c.job.step.resources, devices: held)
        }
        return done
    }

    public func cancelAll() {
        for (_, step) in running { step.context.cancel() }
    }
}
