import Foundation
import LadderCore
import LadderEngines
import LadderPlan
import LadderSpec
import LadderStore

/// `ladder run`: plans a ladder, runs what the store lacks, records the run,
/// and rebuilds the human-readable view.
public struct RunService {
    public var registry: EngineRegistry
    public var progress: Progress
    public var interrupt: Interrupt
    /// Where steps run: threads on this machine unless told otherwise (`--executor`).
    public var executorFactory: ExecutorFactory
    /// Whether a re-run of a finished plan may take `FinishedPlanShortcut` (tests compare both paths).
    var usesFinishedPlans = true

    public init(registry: EngineRegistry = .standard, progress: Progress = Progress(), interrupt: Interrupt = Interrupt(),
                executor: ExecutorFactory? = nil) {
        self.registry = registry
        self.progress = progress
        self.interrupt = interrupt
        self.executorFactory = executor ?? LocalExecutor.factory
    }

    public func run(ladderPath: String, options: RunOptions) throws -> RunSummary {
        let plan = try LadderLoader(registry: registry).plan(ladderPath)
        let selected = try options.only.map { try StepSelector($0).select(in: plan) }
        let store = try StoreOpener.exclusive(options.store, wait: options.lockWait)
        defer { store.close() }
        let started = Date()
        let executor = try executorFactory(ExecutorContext(plan: plan, store: store, registry: registry, options: options,
                                                           progress: progress))
        let record = try store.database.beginRun(NewRun(name: options.name, ladderPath: ladderPath,
                                                        ladderHash: plan.ladder.fileHash,
                                                        commandLine: CommandLine.arguments, started: started))
        executor.begin(runID: record.id)
        // Only a run of the whole plan reads or records a finished plan.
        let shortcut = selected == nil ? FinishedPlanShortcut(plan: plan, store: store) : nil
        var replay: FinishedPlanShortcut.Replay?
        let scheduler = Scheduler(plan: plan, store: store, executor: executor, options: options, runID: record.id,
                                  progress: progress, interrupt: interrupt)
        do {
            // A whole plan the store finished before, with nothing changed since: recorded
            // in a few statements instead of settled step by step (the same rows and lines).
            if usesFinishedPlans { replay = try shortcut?.replay(runID: record.id, progress: progress) }
            if replay == nil { try scheduler.run(selected: selected) }
        } catch {
            // The scheduler's error is the one to report. If the database cannot take this
            // write either, the run stays `running` until the next exclusive open marks it
            // interrupted, which is what it then was.
            try? store.database.endRun(record.id, status: .failed)
            throw error
        }
        let outputs = replay?.outputs ?? scheduler.outputs
        var summary = RunSummary(runID: record.id, runName: record.name, steps: replay?.lines ?? scheduler.lines,
                                 seconds: Date().timeIntervalSince(started), interrupted: interrupt.requested)
        summary.replayedFinishedPlan = replay != nil
        let status: RunStatus = interrupt.requested ? .interrupted : (summary.failed > 0 ? .failed : .succeeded)
        try store.database.endRun(record.id, status: status)
        if replay == nil {
            // The outputs this run stored are verified once more now, so that the next run finds
            // their stamps (taken after a full re-hash, once older than the store's racy margin)
            // instead of re-hashing every one. A failure here costs the next run only time.
            let made = summary.steps.filter { $0.outcome == "executed" }.compactMap { outputs[$0.planKey] }
            if !made.isEmpty { _ = try? store.objects.check(made, policy: .trustStamps) }
            summary.steps = try explained(summary.steps, plan: plan, store: store, runID: record.id)
            if !interrupt.requested { shortcut?.record(lines: summary.steps, outputs: outputs, runID: record.id) }
        }
        var ran: [String: StepWhy] = [:]
        for l in summary.steps { if let w = l.why { ran[l.planKey] = w } }
        // These steps did run: the counts are exact, not bounds.
        summary.causes = RootCause.group(plan: plan, whys: ran).map { var c = $0; c.upperBound = false; return c }
        let views = ViewBuilder(plan: plan, store: store)
        if let built = try views.build(outputs: outputs), built.entries > 0 {
            summary.views = (options.store as NSString).appendingPathComponent("views/\(views.name)")
        }
        summary.results = try ResultsTable.build(plan: plan, store: store, outputs: outputs, views: summary.views)
        if let key = summary.results?.stepKey { summary.results?.executed = summary.steps.contains { $0.planKey == key && $0.outcome == "executed" } }
        return summary
    }
}

extension RunService {
    /// The lines with why each executed or failed step ran; then records which execution
    /// key now serves each identity, the reference the next `plan` compares against.
    func explained(_ lines: [RunSummary.StepLine], plan: Plan, store: Store, runID: Int64) throws -> [RunSummary.StepLine] {
        let whys = ReasonFinder.afterRun(plan: plan, store: store, runID: runID, lines: lines)
        var pairs: [(identity: String, stepKey: String)] = []
        for l in lines where l.outcome == "executed" || l.outcome == "reused" {
            for u in plan.step(l.planKey)?.users ?? [] { pairs.append((ReasonFinder.identity(u), l.key)) }
        }
        try store.database.recordIdentities(pairs, run: runID)
        // Which cells each plan step served in this run, so two plan steps sharing one execution key stay apart.
        try store.database.recordRunPlanSteps(lines.compactMap { l in
            plan.step(l.planKey).map { RunPlanStep(planKey: l.planKey, stepKey: l.key, usersJSON: Value.array($0.users.map(\.json)).canonicalJSON) }
        }, run: runID)
        return lines.map { l in
            var l = l
            l.why = whys[l.planKey]
            return l
        }
    }
}

/// Opens a store directory with messages a user can act on.
public enum StoreOpener {
    public static func exclusive(_ path: String, wait: TimeInterval) throws -> Store {
        do {
            return try Store.open(at: URL(fileURLWithPath: path), access: .exclusive(wait: wait))
        } catch let e as StoreError {
            throw LadderError.io("\(e)")
        }
    }

    public static func shared(_ path: String) throws -> Store {
        guard FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("state.sqlite")) else {
            throw LadderError.badInput("no store at \(path) (run `ladder run LADDER.yaml` first, or pass --store DIR)")
        }
        do {
            return try Store.open(at: URL(fileURLWithPath: path), access: .shared)
        } catch let e as StoreError {
            throw LadderError.io("\(e)")
        }
    }
}
