import Foundation
import LadderCore
import LadderEngines
import LadderStore

/// `ladder exec-step KEY --store DIR`: what a cluster job runs. Reads the
/// task the head left in the job spool, runs it with the same attempt and
/// retry logic as a local run, stores outputs in the object store (atomic
/// renames) and writes `result.json` last. It never opens the state database
/// and never takes the store lock, so it can run on any node while the head
/// holds the store, or after the head has gone.
public struct ExecStepService {
    public var registry: EngineRegistry

    public init(registry: EngineRegistry = .standard) {
        self.registry = registry
    }

    /// Runs the step; `context` is cancelled when the job is told to stop (scancel).
    public func run(key: String, store: String, context: EngineContext) throws -> JobResult {
        let root = URL(fileURLWithPath: store).standardizedFileURL
        let spool = JobSpool(storeRoot: root)
        let task = try spool.task(key)
        guard task.key == key else { throw LadderError.badInput("the job task at \(spool.taskURL(key).path) is for step \(task.key)") }
        let objects: ObjectStore
        do {
            objects = try ObjectStore(root: root, writable: true)
        } catch let e as StoreError {
            throw LadderError.io("\(e)")
        }
        let journal = FileJournal(task: task, directory: spool.directory(key))
        let executor = StepExecutor(objects: objects, storeRoot: root, registry: registry, journal: journal)
        let end = executor.execute(task, record: nil, context: context)
        var result = journal.result
        switch end {
        case .succeeded(let h): result.status = "succeeded"; result.output = h.hex
        case .failed(let reason): result.status = "failed"; result.reason = reason
        case .interrupted: result.status = "interrupted"; result.reason = "stopped by the user"
        }
        try spool.writeResult(result)
        return result
    }
}
