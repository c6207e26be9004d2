import Foundation
import LadderCore
import LadderStore

/// A job's journal: attempts and ledger reports go into a `JobResult` kept in
/// memory and written to the job spool at the end; work directories live in
/// the job's own directory (a head opening the store empties `tmp/`, and this
/// job may still be running then). It never touches the state database.
final class FileJournal: AttemptJournal, @unchecked Sendable {
    private let lock = NSLock()
    private let directory: URL
    private var statuses: [String: String] = [:]
    private var order: [String] = []
    private(set) var result: JobResult
    private var open: [Int: (started: Date, resources: String)] = [:]

    init(task: StepTask, directory: URL) {
        self.directory = directory
        result = JobResult(key: task.key)
        for id in task.doneItems ?? [] { note(id, "ok") }
    }

    private func note(_ id: String, _ status: String) {
        if statuses[id] == nil { order.append(id) }
        statuses[id] = status
    }

    func recordStep(_ record: StepRecord) throws {}

    func doneItems(stepKey: String) throws -> [String] {
        lock.lock(); defer { lock.unlock() }
        return order.filter { statuses[$0] == "ok" }
    }

    func beginAttempt(stepKey: String, resourcesJSON: String) throws -> AttemptHandle {
        lock.lock(); defer { lock.unlock() }
        let n = result.attempts.count + open.count + 1
        open[n] = (Date(), resourcesJSON)
        return AttemptHandle(id: Int64(n), number: n)
    }

    func finishAttempt(_ attempt: AttemptHandle, end: AttemptEnd, exitStatus: Int32?, log: URL?) throws {
        var logName: String?
        if let log, let size = try? FileManager.default.attributesOfItem(atPath: log.path)[.size] as? Int, size > 0 {
            let name = "log-\(attempt.number).txt"
            let target = directory.appendingPathComponent(name)
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(at: log, to: target)
            logName = name
        }
        lock.lock(); defer { lock.unlock() }
        let begun = open.removeValue(forKey: attempt.number) ?? (Date(), "{}")
        var a = JobResult.Attempt(number: attempt.number, started: begun.started.timeIntervalSince1970,
                                  ended: Date().timeIntervalSince1970, status: "failed", exitStatus: exitStatus, log: logName,
                                  host: ProcessInfo.processInfo.hostName, resources: begun.resources)
        switch end {
        case .succeeded(let outputs, let metrics):
            a.status = "succeeded"
            a.outputs = outputs.mapValues(\.hex)
            a.metrics = metrics
        case .failed(let reason):
            a.reason = reason
        case .interrupted(let reason):
            a.status = "interrupted"
            a.reason = reason
        }
        result.attempts.append(a)
    }

    func recordItems(stepKey: String, _ items: [LedgerItem]) throws {
        lock.lock(); defer { lock.unlock() }
        for i in items { note(i.itemID, i.status) }
        result.ledger.append(items.map { JobResult.Item(id: $0.itemID, status: $0.status, attempts: $0.attempts, error: $0.error,
                                                       extra: $0.extraJSON) })
    }

    func makeWorkDirectory(label: String) throws -> URL {
        let url = directory.appendingPathComponent("work-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func removeWorkDirectory(_ url: URL) throws {
        guard url.deletingLastPathComponent().standardizedFileURL.path == directory.standardizedFileURL.path else {
            throw LadderError.io("\(url.path) is not a work directory of job \(result.key.prefix(12))")
        }
        try FileManager.default.removeItem(at: url)
    }
}
