import Foundation
import LadderCore
import LadderEngines
import LadderPlan
import LadderSpec
import LadderStore

/// How one step ended in this run.
public enum StepEnd: Sendable {
    case succeeded(ObjectHash)
    case failed(String)
    case interrupted
}

/// Runs one step: records it, makes attempts under its retry policy, stores
/// its outputs atomically, and keeps its item ledger across attempts. Where
/// attempts and ledger rows go is the journal's business: the state database
/// on the head, a result file in the store inside a cluster job.
struct StepExecutor: Sendable {
    let objects: ObjectStore
    /// The store's root: per-step state directories live under `state/`.
    let storeRoot: URL
    let registry: EngineRegistry
    let journal: any AttemptJournal

    /// `record`: the step's database record, written before the first attempt (nil when already written).
    func execute(_ task: StepTask, record: StepRecord?, context: EngineContext) -> StepEnd {
        if let record {
            do {
                try journal.recordStep(record)
            } catch {
                return .failed("cannot record the step: \(error)")
            }
        }
        var attempt = 1
        var backoff = task.retry.backoff
        while true {
            let end = attemptOnce(task, number: attempt, context: context)
            switch end {
            case .done(let hash): return .succeeded(hash)
            case .interrupted: return .interrupted
            case .failed(let reason, let retryable):
                guard retryable, attempt < task.retry.attempts, !context.isCancelled else { return .failed(reason) }
                context.log("attempt \(attempt) failed (\(reason)); retrying in \(backoff) s")
                if backoff > 0 { Thread.sleep(forTimeInterval: backoff) }
                backoff *= 2
                attempt += 1
            }
        }
    }

    private enum AttemptOutcome {
        case done(ObjectHash)
        case failed(String, retryable: Bool)
        case interrupted
    }

    private func attemptOnce(_ task: StepTask, number: Int, context: EngineContext) -> AttemptOutcome {
        let attempt: AttemptHandle
        do {
            attempt = try journal.beginAttempt(stepKey: task.key, resourcesJSON: try JSONWriter.string(task.resources))
        } catch {
            return .failed("cannot start an attempt: \(error)", retryable: false)
        }
        let work: URL
        do {
            work = try journal.makeWorkDirectory(label: "\(task.template)-\(task.key.prefix(12))")
        } catch {
            let reason = "cannot start an attempt: \(error)"
            return commit(attempt, .failed(reason: reason), exitStatus: nil, log: nil, then: .failed(reason, retryable: false))
        }
        // Removal fails only on an I/O error, and whatever is left in tmp/ is removed at the
        // next exclusive open of the store; the attempt's outcome matters more than its scratch space.
        defer { try? journal.removeWorkDirectory(work) }
        let out = work.appendingPathComponent("out"), scratch = work.appendingPathComponent("scratch")
        let stateDir = storeRoot.appendingPathComponent("state").appendingPathComponent(task.key)
        let logURL = work.appendingPathComponent("log.txt")
        let resultURL = work.appendingPathComponent("result.json")
        var exitStatus: Int32?
        func finish(_ end: AttemptEnd, _ outcome: AttemptOutcome) -> AttemptOutcome {
            commit(attempt, end, exitStatus: exitStatus, log: logURL, then: outcome)
        }
        do {
            for d in [out, scratch, stateDir] { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
            let done = try journal.doneItems(stepKey: task.key)
            let request = EngineRequest(
                step: task.key, planKey: task.planKey, engine: task.engine, params: task.params, inputs: task.inputs,
                outputDir: out.path, scratchDir: scratch.path, stateDir: stateDir.path,
                resultPath: resultURL.path, seed: task.seed,
                resources: task.resources, doneItems: done, attempt: number, engineData: task.engineData,
                ladderDir: task.ladderDirectory)
            try checkSources(request)
            let kind: EngineInvoker.Kind
            if let p = task.program {
                kind = .external(ExternalEngine(argv: p.argv, env: p.env, workingDirectory: p.workingDirectory))
            } else {
                kind = .builtin(try registry.engine(task.implementation))
            }
            let invoker = EngineInvoker(kind: kind, timeLimit: task.resources.time.map(TimeInterval.init))
            let (result, status) = try invoker.invoke(request, work: work, context: context)
            exitStatus = status
            try recordItems(result.items, key: task.key)
            if context.isCancelled { return finish(.interrupted(reason: "stopped by the user"), .interrupted) }
            guard result.status == "ok" else {
                let reason = "the engine reported failure: \(result.message ?? "no message")"
                return finish(.failed(reason: reason), .failed(reason, retryable: task.retry.onExit.isEmpty))
            }
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []  // an engine that removed out/ wrote nothing
            guard !entries.isEmpty else {
                return finish(.failed(reason: "the engine wrote no outputs"), .failed("the engine wrote no outputs", retryable: false))
            }
            let stored = try objects.ingest(out, consume: true)
            let metrics = result.metrics.mapValues(\.canonicalJSON)
            let outcome = finish(.succeeded(outputs: ["out": stored.hash], metrics: metrics), .done(stored.hash))
            // Kept state only takes space once the step has succeeded; the next success removes it again.
            if case .done = outcome { try? FileManager.default.removeItem(at: stateDir) }
            return outcome
        } catch let failure as EngineFailure {
            var reason = failure.description
            var retry = retryable(failure, task.retry)
            // Items an engine reported before exiting non-zero are real progress: keep
            // them in the ledger so the next attempt gets them as `done_items`. No result
            // file, or a malformed one, is normal after a failure and adds nothing.
            if let partial = try? EngineResult.read(from: resultURL) {
                do {
                    try recordItems(partial.items, key: task.key)
                } catch {
                    reason += "; its finished items could not be recorded: \(error)"
                    retry = false
                }
            }
            if case .exited(let status, _) = failure { exitStatus = status }
            if context.isCancelled { return finish(.interrupted(reason: "stopped by the user"), .interrupted) }
            return finish(.failed(reason: reason), .failed(reason, retryable: retry))
        } catch {
            if context.isCancelled { return finish(.interrupted(reason: "stopped by the user"), .interrupted) }
            let reason = (error as? LadderError)?.description ?? "\(error)"
            return finish(.failed(reason: reason), .failed(reason, retryable: false))
        }
    }

    /// Commits how an attempt ended, with its captured log. A commit that fails
    /// fails the attempt with that reason (never retried): the store must not
    /// hold a step the database does not know has ended.
    private func commit(_ attempt: AttemptHandle, _ end: AttemptEnd, exitStatus: Int32?, log: URL?,
                        then outcome: AttemptOutcome) -> AttemptOutcome {
        do {
            try journal.finishAttempt(attempt, end: end, exitStatus: exitStatus, log: log)
            return outcome
        } catch {
            return .failed("attempt \(attempt.number) could not be recorded in the state database: \(error)", retryable: false)
        }
    }

    private func retryable(_ f: EngineFailure, _ policy: RetryPolicy) -> Bool {
        switch f {
        case .timedOut: return policy.onTimeout
        case .exited(let status, _): return policy.onExit.isEmpty || policy.onExit.contains(Int(status))
        }
    }

    private func checkSources(_ request: EngineRequest) throws {
        // Sources named by id only (a model) have no path; the others were checked at plan
        // time and are checked again here in case they vanished since.
        for (name, input) in request.inputs where input.kind == "source" {
            for p in input.paths where !FileManager.default.fileExists(atPath: p) {
                throw LadderError.stepFailed("input '\(name)': the source file \(p) does not exist")
            }
        }
    }

    private func recordItems(_ items: [ItemRecord], key: String) throws {
        let rows = items.map { i in
            // `output` goes into the row's extra JSON, beside what the engine put there.
            var extra = i.extra
            if let o = i.output {
                if case .object(var fields)? = extra {
                    fields["output"] = .string(o)
                    extra = .object(fields)
                } else {
                    extra = .object(extra.map { ["output": .string(o), "extra": $0] } ?? ["output": .string(o)])
                }
            }
            return LedgerItem(itemID: i.id, status: i.status, error: i.error, extraJSON: extra?.canonicalJSON)
        }
        try journal.recordItems(stepKey: key, rows)
    }

    static func record(_ step: PlannedStep, _ resolved: ResolvedStep) -> StepRecord {
        record(step, key: resolved.key, executionInputs: resolved.ingredients)
    }

    /// A step's database record under `key`; `executionInputs` when its inputs were resolved.
    static func record(_ step: PlannedStep, key: String, executionInputs: Value? = nil) -> StepRecord {
        var ingredients = step.ingredients
        if let executionInputs { ingredients["execution_inputs"] = executionInputs }
        return StepRecord(key: key, engine: step.engine, identityJSON: identity(step).canonicalJSON,
                          paramsJSON: Value.object(step.params).canonicalJSON, ingredientsJSON: Value.object(ingredients).canonicalJSON)
    }

    /// What a step is, independent of its key: the plan key, label and users.
    static func identity(_ step: PlannedStep) -> Value {
        .object(["plan_key": .string(step.key), "label": .string(step.label), "template": .string(step.template),
                 "engine": .string(step.engine),
                 "users": .array(step.users.map(\.json))])
    }
}
