import Foundation
import LadderCore
import LadderEngines
import LadderPlan
import LadderSpec
import LadderStore

/// How one step ended in this run.
enum StepEnd {
    case succeeded(ObjectHash)
    case failed(String)
    case interrupted
}

/// Runs one step: records it, makes attempts under its retry policy, stores
/// its outputs atomically, and keeps its item ledger across attempts.
struct StepExecutor {
    let plan: Plan
    let store: Store
    let registry: EngineRegistry
    let runID: Int64

    func execute(_ step: PlannedStep, resolved: ResolvedStep, context: EngineContext) -> StepEnd {
        do {
            try store.database.upsertSteps([record(step, resolved)])
        } catch {
            return .failed("cannot record the step: \(error)")
        }
        var attempt = 1
        var backoff = step.retry.backoff
        while true {
            let end = attemptOnce(step, resolved: resolved, number: attempt, context: context)
            switch end {
            case .done(let hash): return .succeeded(hash)
            case .interrupted: return .interrupted
            case .failed(let reason, let retryable):
                guard retryable, attempt < step.retry.attempts, !context.isCancelled else { return .failed(reason) }
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

    private func attemptOnce(_ step: PlannedStep, resolved: ResolvedStep, number: Int, context: EngineContext) -> AttemptOutcome {
        let resourcesJSON = (try? String(decoding: JSONEncoder().encode(step.resources), as: UTF8.self)) ?? "{}"
        let attempt: AttemptRecord
        let work: URL
        do {
            attempt = try store.database.beginAttempt(stepKey: resolved.key, runID: runID, resourcesJSON: resourcesJSON)
            work = try store.makeWorkDirectory(label: "\(step.template)-\(resolved.key.prefix(12))")
        } catch {
            return .failed("cannot start an attempt: \(error)", retryable: false)
        }
        defer { try? store.removeWorkDirectory(work) }
        let out = work.appendingPathComponent("out"), scratch = work.appendingPathComponent("scratch")
        let stateDir = store.root.appendingPathComponent("state").appendingPathComponent(resolved.key)
        let logURL = work.appendingPathComponent("log.txt")
        let resultURL = work.appendingPathComponent("result.json")
        var exitStatus: Int32?
        func finish(_ end: AttemptEnd) {
            let logHash = (try? Data(contentsOf: logURL)).flatMap { $0.isEmpty ? nil : try? store.objects.putBlob($0) }
            try? store.database.finishAttempt(attempt.id, end: end, exitStatus: exitStatus, logHash: logHash)
        }
        do {
            for d in [out, scratch, stateDir] { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
            let done = try store.database.ledger(stepKey: resolved.key, status: "ok").map(\.itemID)
            let request = EngineRequest(
                step: resolved.key, planKey: step.key, engine: step.engine, params: step.params, inputs: resolved.inputs,
                outputDir: out.path, scratchDir: scratch.path, stateDir: stateDir.path,
                resultPath: resultURL.path, seed: step.params["seed"]?.intValue,
                resources: step.resources, doneItems: done, attempt: number, engineData: step.ingredients["engine.data"],
                ladderDir: plan.ladder.directory)
            try checkSources(request)
            let invoker: EngineInvoker
            if let decl = plan.ladder.engine(step.engine), let argv = decl.run {
                invoker = EngineInvoker(kind: .external(ExternalEngine(argv: argv, env: decl.env, workingDirectory: plan.ladder.directory),
                                                        timeLimit: step.resources.time.map(TimeInterval.init)))
            } else {
                invoker = EngineInvoker(kind: .builtin(try registry.engine(step.implementation)))
            }
            let (result, status) = try invoker.invoke(request, work: work, context: context)
            exitStatus = status
            try recordItems(result.items, key: resolved.key)
            if context.isCancelled { finish(.interrupted(reason: "stopped by the user")); return .interrupted }
            guard result.status == "ok" else {
                let reason = "the engine reported failure: \(result.message ?? "no message")"
                finish(.failed(reason: reason))
                return .failed(reason, retryable: step.retry.onExit.isEmpty)
            }
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: out.path), !entries.isEmpty else {
                finish(.failed(reason: "the engine wrote no outputs"))
                return .failed("the engine wrote no outputs", retryable: false)
            }
            let stored = try store.objects.ingest(out, consume: true)
            let metrics = result.metrics.mapValues(\.canonicalJSON)
            finish(.succeeded(outputs: ["out": stored.hash], metrics: metrics))
            try? FileManager.default.removeItem(at: stateDir)
            return .done(stored.hash)
        } catch let failure as EngineFailure {
            // Items an engine reported before exiting non-zero are real progress: keep
            // them in the ledger so the next attempt gets them as `done_items`.
            if let partial = try? EngineResult.read(from: resultURL) { try? recordItems(partial.items, key: resolved.key) }
            if case .exited(let status, _) = failure { exitStatus = status }
            if context.isCancelled { finish(.interrupted(reason: "stopped by the user")); return .interrupted }
            finish(.failed(reason: failure.description))
            return .failed(failure.description, retryable: retryable(failure, step.retry))
        } catch {
            if context.isCancelled { finish(.interrupted(reason: "stopped by the user")); return .interrupted }
            let reason = (error as? LadderError)?.description ?? "\(error)"
            finish(.failed(reason: reason))
            return .failed(reason, retryable: false)
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
        try store.database.upsertLedger(stepKey: key, items: rows)
    }

    func record(_ step: PlannedStep, _ resolved: ResolvedStep) -> StepRecord {
        Self.record(step, key: resolved.key, executionInputs: resolved.ingredients)
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
