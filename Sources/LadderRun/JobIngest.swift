import Foundation
import LadderCore
import LadderStore

/// The head's side of the job spool: copies a finished job's attempts and
/// ledger reports into the state database, checks its output is in the store,
/// then removes the job's directory. Only the head writes the database.
public struct JobIngest {
    public let store: Store
    public let runID: Int64?

    public init(store: Store, runID: Int64?) {
        self.store = store
        self.runID = runID
    }

    /// Records `result` and says how the step ended (a missing output object fails it).
    @discardableResult
    public func ingest(_ result: JobResult) throws -> StepEnd {
        let spool = JobSpool(storeRoot: store.root)
        let dir = spool.directory(result.key)
        for batch in result.ledger {
            try store.database.upsertLedger(stepKey: result.key, items: batch.map {
                LedgerItem(itemID: $0.id, status: $0.status, attempts: $0.attempts, error: $0.error, extraJSON: $0.extra)
            })
        }
        var end = result.end
        if case .succeeded(let h) = end, !store.objects.contains(h) {
            end = .failed("the job reported output \(h.hex.prefix(12)) but the store does not hold it (is the store on a file system every node sees?)")
        }
        for a in result.attempts {
            let record = try store.database.beginAttempt(stepKey: result.key, runID: runID, host: a.host, resourcesJSON: a.resources,
                                                         started: Date(timeIntervalSince1970: a.started))
            let bytes = a.log.flatMap { FileManager.default.contents(atPath: dir.appendingPathComponent($0).path) } ?? Data()
            let logHash = bytes.isEmpty ? nil : try store.objects.putBlob(bytes)
            var attemptEnd: AttemptEnd
            switch a.status {
            case "succeeded":
                let outputs = try (a.outputs ?? [:]).mapValues { try ObjectHash($0) }
                attemptEnd = .succeeded(outputs: outputs, metrics: a.metrics ?? [:])
                if case .failed(let why) = end { attemptEnd = .failed(reason: why) }
            case "interrupted": attemptEnd = .interrupted(reason: a.reason ?? "stopped")
            default: attemptEnd = .failed(reason: a.reason ?? "failed")
            }
            try store.database.finishAttempt(record.id, end: attemptEnd, exitStatus: a.exitStatus, logHash: logHash,
                                             ended: Date(timeIntervalSince1970: a.ended))
        }
        try spool.remove(result.key)
        return end
    }

    /// Records a job that ended without a result file (killed, node lost, never started):
    /// one failed attempt whose log is what the scheduler captured, then removes its directory.
    public func ingestLost(key: String, reason: String, exitStatus: Int32?, log: URL?) throws {
        let record = try store.database.beginAttempt(stepKey: key, runID: runID)
        let bytes = log.flatMap { FileManager.default.contents(atPath: $0.path) } ?? Data()
        let logHash = bytes.isEmpty ? nil : try store.objects.putBlob(bytes)
        try store.database.finishAttempt(record.id, end: .failed(reason: reason), exitStatus: exitStatus, logHash: logHash)
        try JobSpool(storeRoot: store.root).remove(key)
    }
}
