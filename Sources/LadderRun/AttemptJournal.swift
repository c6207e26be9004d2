import Foundation
import LadderCore
import LadderStore

/// One attempt as a journal numbers it.
struct AttemptHandle {
    var id: Int64
    var number: Int
}

/// Where `StepExecutor` keeps what happens to a step: its attempts, its item
/// ledger and its work directories. The head writes it to the state database
/// (`DatabaseJournal`); a job on a cluster node keeps it in a result file in
/// the store (`FileJournal`) that the head ingests later, so the database is
/// only ever written by one process on one host.
protocol AttemptJournal: AnyObject, Sendable {
    /// Records the step before its first attempt (the head did it already for a job).
    func recordStep(_ record: StepRecord) throws
    /// Items of the step already `ok` (the engine's `done_items`).
    func doneItems(stepKey: String) throws -> [String]
    func beginAttempt(stepKey: String, resourcesJSON: String) throws -> AttemptHandle
    /// Closes an attempt with its captured log (nil or empty: none).
    func finishAttempt(_ attempt: AttemptHandle, end: AttemptEnd, exitStatus: Int32?, log: URL?) throws
    func recordItems(stepKey: String, _ items: [LedgerItem]) throws
    /// A fresh directory for one attempt, on the store's file system.
    func makeWorkDirectory(label: String) throws -> URL
    func removeWorkDirectory(_ url: URL) throws
}

/// The head's journal: the state database and the store's `tmp/`.
final class DatabaseJournal: AttemptJournal {
    let store: Store
    let runID: Int64?

    init(store: Store, runID: Int64?) {
        self.store = store
        self.runID = runID
    }

    func recordStep(_ record: StepRecord) throws {
        try store.database.upsertSteps([record])
    }

    func doneItems(stepKey: String) throws -> [String] {
        try store.database.ledger(stepKey: stepKey, status: "ok").map(\.itemID)
    }

    func beginAttempt(stepKey: String, resourcesJSON: String) throws -> AttemptHandle {
        let a = try store.database.beginAttempt(stepKey: stepKey, runID: runID, resourcesJSON: resourcesJSON)
        return AttemptHandle(id: a.id, number: a.number)
    }

    func finishAttempt(_ attempt: AttemptHandle, end: AttemptEnd, exitStatus: Int32?, log: URL?) throws {
        let bytes = log.flatMap { FileManager.default.contents(atPath: $0.path) } ?? Data()
        let logHash = bytes.isEmpty ? nil : try store.objects.putBlob(bytes)
        try store.database.finishAttempt(attempt.id, end: end, exitStatus: exitStatus, logHash: logHash)
    }

    func recordItems(stepKey: String, _ items: [LedgerItem]) throws {
        try store.database.upsertLedger(stepKey: stepKey, items: items)
    }

    func makeWorkDirectory(label: String) throws -> URL { try store.makeWorkDirectory(label: label) }

    func removeWorkDirectory(_ url: URL) throws { try store.removeWorkDirectory(url) }
}
