import Foundation
import LadderCore
import LadderEngines
import LadderPlan
import LadderSpec
import LadderStore

/// Runs a plan: reuses what the store holds, hands ready steps to an
/// `Executor` (which knows where they run), skips the dependents of failures,
/// and stops cleanly when interrupted. Only the calling thread changes its
/// state; the executor hands back completions through `poll`.
///
/// Two plan steps that resolve to the same execution key (different plan keys,
/// identical inputs by content) execute once: the first is started, the others
/// wait for it and take its output as reused. A state-database write that fails
/// stops the run like Ctrl-C does, and the run then fails with that error.
final class Scheduler: @unchecked Sendable {
    let plan: Plan
    let store: Store
    let executor: any Executor
    let resolver: InputResolver
    let options: RunOptions
    let runID: Int64
    let progress: Progress
    let interrupt: Interrupt

    private var remaining: [String: Int] = [:]
    private var dependents: [String: [String]] = [:]
    private(set) var outputs: [String: ObjectHash] = [:]
    private(set) var execKeys: [String: String] = [:]
    private var ready: [(PlannedStep, ResolvedStep)] = []
    /// Plan key → when it was handed to the executor.
    private var running: [String: Date] = [:]
    /// Execution key → the plan step that will execute it (ready or running).
    private var claimed: [String: PlannedStep] = [:]
    /// Execution key → plan steps waiting for the claimed step with that key.
    private var waiting: [String: [PlannedStep]] = [:]
    /// The first state-database error; the run stops and then throws it.
    private var databaseError: (any Error)?
    private var finished: Set<String> = []
    private(set) var lines: [RunSummary.StepLine] = []
    private var stopLaunching = false
    /// Execution keys already offered to `executor.adopt`.
    private var offeredForAdoption: Set<String> = []
    /// Set once running steps have been told to stop (Ctrl-C, a database error).
    private var cancelledRunning = false

    init(plan: Plan, store: Store, executor: any Executor, options: RunOptions, runID: Int64, progress: Progress, interrupt: Interrupt) {
        self.plan = plan
        self.store = store
        self.options = options
        self.runID = runID
        self.progress = progress
        self.interrupt = interrupt
        self.executor = executor
        self.resolver = InputResolver(plan: plan, store: store)
    }

    func run(selected: Set<String>?) throws {
        let steps = plan.steps.filter { selected?.contains($0.key) ?? true }
        progress.begin(total: steps.count)
        for s in steps {
            let ups = Set(s.upstreamKeys)
            remaining[s.key] = ups.count
            for u in ups { dependents[u, default: []].append(s.key) }
        }
        guarded { try settle(steps.filter { remaining[$0.key] == 0 }) }
        while true {
            // Also after a failure has stopped launching: Ctrl-C still stops what runs.
            if (interrupt.requested || databaseError != nil) && !cancelledRunning {
                cancelledRunning = true
                stopLaunching = true
                executor.cancelAll()
            }
            launchReady()
            if running.isEmpty && (ready.isEmpty || stopLaunching) { break }
            for c in executor.poll(timeout: 0.2) { guarded { try complete(c.job.step, c.job.resolved, c.end, c.seconds) } }
        }
        let why = databaseError != nil ? "not started: the run stopped after a state-database error"
            : interrupt.requested ? "not started: the run was interrupted"
            : "not started: an earlier step failed (use --keep-going to run independent steps)"
        for s in steps where !finished.contains(s.key) { record(s, key: nil, outcome: .skipped, reason: why) }
        progress.end()
        if let databaseError { throw LadderError.io("the run stopped after a state-database error: \(databaseError)") }
    }

    /// Runs `body`; its error (a state-database write) is kept and stops the run.
    private func guarded(_ body: () throws -> Void) {
        do { try body() } catch { noteDatabaseError(error) }
    }

    private func noteDatabaseError(_ error: any Error) {
        if databaseError == nil { databaseError = error }
    }

    /// Resolves execution keys of steps whose inputs are all known, reuses those the
    /// store holds (which may make more steps ready) and queues the rest.
    private func settle(_ initial: [PlannedStep]) throws {
        var candidates = initial
        while !candidates.isEmpty {
            var resolvedNow: [(PlannedStep, ResolvedStep)] = []
            for step in candidates {
                do {
                    resolvedNow.append((step, try resolver.resolve(step, outputs: outputs, keys: execKeys)))
                } catch {
                    fail(step, key: nil, reason: "\(error)")
                }
            }
            let reuse = try store.reuse(keys: resolvedNow.map(\.1.key))
            var next: [PlannedStep] = []
            var reusedRecords: [RunStepRecord] = []
            var reusedSteps: [(PlannedStep, ResolvedStep)] = []
            for (step, r) in resolvedNow {
                if case .reusable(let outs) = reuse[r.key], let h = outs["out"] {
                    outputs[step.key] = h
                    execKeys[step.key] = r.key
                    finished.insert(step.key)
                    lines.append(.init(planKey: step.key, key: r.key, label: step.label, outcome: "reused"))
                    reusedRecords.append(RunStepRecord(runID: runID, stepKey: r.key, outcome: .reused))
                    reusedSteps.append((step, r))
                    progress.stepDone(step.label, outcome: "reused", seconds: nil)
                    next += release(step.key)
                } else if let why = executor.impossible(step.resources) {
                    fail(step, key: nil, reason: why)
                } else if claimed[r.key] != nil {
                    waiting[r.key, default: []].append(step)
                } else {
                    claimed[r.key] = step
                    ready.append((step, r))
                }
            }
            // The plan's current view of who uses each step (conditions may have been added or
            // renamed since): only identities that changed are written.
            let storedIdentities = try store.database.stepIdentities(keys: reusedSteps.map(\.1.key))
            var differing: [(PlannedStep, ResolvedStep, String)] = []
            for (step, r) in reusedSteps {
                let identity = StepExecutor.identity(step).canonicalJSON
                if storedIdentities[r.key] != identity { differing.append((step, r, identity)) }
            }
            // Whole rows only for the few whose identity changed.
            let stored = differing.isEmpty ? [:] : try store.database.steps(keys: differing.map(\.1.key))
            var changed: [StepRecord] = []
            for (step, r, identity) in differing {
                var record = stored[r.key] ?? StepExecutor.record(step, r)
                record.identityJSON = identity
                changed.append(record)
            }
            try store.database.upsertSteps(changed)
            try store.database.recordOutcomes(reusedRecords)
            candidates = next
        }
    }

    /// Dependents of `key` that now have every input.
    private func release(_ key: String) -> [PlannedStep] {
        var out: [PlannedStep] = []
        for d in dependents[key] ?? [] {
            remaining[d, default: 0] -= 1
            if remaining[d] == 0, let s = plan.step(d) { out.append(s) }
        }
        return out
    }

    private func launchReady() {
        guard !stopLaunching else { return }
        var i = 0
        while i < ready.count {
            let (step, resolved) = ready[i]
            // An execution that already exists (a cluster job an earlier run left) is taken over
            // whatever the capacity: it is running or done already. Each step is offered once.
            var adopted = false
            if offeredForAdoption.insert(resolved.key).inserted {
                adopted = executor.adopt(ExecutorJob(step: step, resolved: resolved, task: StepTask(step: step, resolved: resolved, plan: plan)))
            }
            guard adopted || executor.canAccept(step.resources) else { i += 1; continue }
            let job = ExecutorJob(step: step, resolved: resolved, task: StepTask(step: step, resolved: resolved, plan: plan))
            ready.remove(at: i)
            running[step.key] = Date()
            progress.stepStarted(step.label, running: running.count)
            if !adopted { executor.submit(job) }
        }
    }

    private func complete(_ step: PlannedStep, _ resolved: ResolvedStep, _ end: StepEnd, _ seconds: Double) throws {
        let started = running.removeValue(forKey: step.key)
        claimed.removeValue(forKey: resolved.key)
        let followers = waiting.removeValue(forKey: resolved.key) ?? []
        switch end {
        case .succeeded(let h):
            outputs[step.key] = h
            execKeys[step.key] = resolved.key
            finished.insert(step.key)
            lines.append(.init(planKey: step.key, key: resolved.key, label: step.label, outcome: "executed", seconds: seconds))
            progress.stepDone(step.label, outcome: "executed", seconds: seconds)
            var next = release(step.key)
            // Same execution key: the same work, done once. Its run_steps row (keyed by the
            // execution key) already says `executed`; the followers only take the output.
            for f in followers {
                outputs[f.key] = h
                execKeys[f.key] = resolved.key
                finished.insert(f.key)
                lines.append(.init(planKey: f.key, key: resolved.key, label: f.label, outcome: "reused"))
                progress.stepDone(f.label, outcome: "reused", seconds: nil)
                next += release(f.key)
            }
            try store.database.recordOutcomes([RunStepRecord(runID: runID, stepKey: resolved.key, outcome: .executed,
                                                             started: started, ended: Date(), seconds: seconds)])
            try settle(next)
        case .failed(let reason):
            fail(step, key: resolved.key, reason: reason, seconds: seconds)
            for f in followers {
                fail(f, key: resolved.key, reason: "the same execution as \(step.label), which failed: \(reason)", persist: false)
            }
        case .interrupted:
            finished.insert(step.key)
            record(step, key: resolved.key, outcome: .interrupted, reason: "stopped by the user", seconds: seconds)
        }
    }

    /// `persist: false` for a step that shares its execution key with one already recorded.
    private func fail(_ step: PlannedStep, key: String?, reason: String, seconds: Double? = nil, persist: Bool = true) {
        record(step, key: key, outcome: .failed, reason: reason, seconds: seconds, persist: persist)
        finished.insert(step.key)
        if !options.keepGoing { stopLaunching = true }
        var stack = dependents[step.key] ?? []
        while let d = stack.popLast() {
            guard !finished.contains(d), let s = plan.step(d) else { continue }
            finished.insert(d)
            record(s, key: nil, outcome: .skipped, reason: "upstream step \(step.label) failed")
            stack += dependents[d] ?? []
        }
    }

    /// Adds the step's line to the summary and, with `persist`, its outcome to the
    /// database; a write that fails stops the run (`databaseError`).
    private func record(_ step: PlannedStep, key: String?, outcome: StepOutcome, reason: String?, seconds: Double? = nil,
                        persist: Bool = true) {
        let k = key ?? step.key
        lines.append(.init(planKey: step.key, key: k, label: step.label, outcome: outcome.rawValue, seconds: seconds, reason: reason))
        progress.stepDone(step.label, outcome: outcome.rawValue, seconds: seconds, reason: reason)
        guard persist else { return }
        guarded {
            if key == nil { try store.database.upsertSteps([StepExecutor.record(step, key: k)]) }
            try store.database.recordOutcomes([RunStepRecord(runID: runID, stepKey: k, outcome: outcome, seconds: seconds, reason: reason)])
        }
    }
}
