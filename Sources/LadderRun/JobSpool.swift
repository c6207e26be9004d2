import Foundation
import LadderCore
import LadderStore

/// The store's hand-over area between the head `ladder run` and jobs that
/// run steps elsewhere: `jobs/<execution key>/` holds
///
/// - `task.json`: the `StepTask` the head wrote before submitting;
/// - `submission.json`: what the executor needs to find the job again
///   (a Slurm job id), written by the head right after submitting;
/// - `result.json`: the `JobResult` the job writes last, atomically;
/// - `log-N.txt`: each attempt's captured output; `work-…/`: attempts in progress.
///
/// Unlike `tmp/`, nothing here is removed when a head opens the store: a job
/// may still be running. The head removes a directory once it has ingested
/// its result, so a result present here is one the database has not seen.
public struct JobSpool: Sendable {
    public let root: URL

    public init(storeRoot: URL) {
        root = storeRoot.appendingPathComponent("jobs")
    }

    public func directory(_ key: String) -> URL { root.appendingPathComponent(key) }
    public func taskURL(_ key: String) -> URL { directory(key).appendingPathComponent("task.json") }
    public func resultURL(_ key: String) -> URL { directory(key).appendingPathComponent("result.json") }
    public func submissionURL(_ key: String) -> URL { directory(key).appendingPathComponent("submission.json") }

    /// Writes the task for a job, replacing whatever an earlier submission left.
    public func prepare(_ task: StepTask) throws {
        let dir = directory(task.key)
        if FileManager.default.fileExists(atPath: dir.path) { try FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try JSONWriter.write(task, to: taskURL(task.key))
    }

    public func task(_ key: String) throws -> StepTask {
        guard let data = FileManager.default.contents(atPath: taskURL(key).path) else {
            throw LadderError.badInput("no job task for step \(key) in \(root.path) (the head writes it before submitting)")
        }
        return try JSONDecoder().decode(StepTask.self, from: data)
    }

    /// The job's result, if it has finished (a partial or unreadable file counts as none).
    public func result(_ key: String) -> JobResult? {
        guard let data = FileManager.default.contents(atPath: resultURL(key).path) else { return nil }
        return try? JSONDecoder().decode(JobResult.self, from: data)
    }

    public func writeResult(_ result: JobResult) throws {
        try JSONWriter.write(result, to: resultURL(result.key))
    }

    /// Executor-defined fields identifying the submitted job.
    public func submission(_ key: String) -> [String: String]? {
        guard let data = FileManager.default.contents(atPath: submissionURL(key).path) else { return nil }
        return try? JSONDecoder().decode([String: String].self, from: data)
    }

    public func recordSubmission(_ key: String, _ fields: [String: String]) throws {
        try JSONWriter.write(fields, to: submissionURL(key))
    }

    /// Keys with a job directory (submitted by some head, not yet ingested).
    public func pendingKeys() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).filter { $0.count == 64 }.sorted()
    }

    /// Removes a job's directory once its result is in the database.
    public func remove(_ key: String) throws {
        let dir = directory(key)
        if FileManager.default.fileExists(atPath: dir.path) { try FileManager.default.removeItem(at: dir) }
    }
}
