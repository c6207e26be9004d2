import Foundation
import LadderCore
import LadderPlan
import LadderRun
import LadderSpec
import LadderStore

/// Runs steps as Slurm jobs. Each submitted step gets a task in the store's
/// job spool and a job running `ladder exec-step KEY --store DIR`; the job
/// writes outputs into the object store and a result file, and this executor
/// (on the head, the only writer of the state database) ingests the result.
/// The cluster is asked about all jobs at once, at most once per poll interval.
/// A step's own result file is trusted over Slurm's view of the job; Slurm's
/// state and exit code only explain a job that left no result.
public final class SlurmExecutor: Executor, @unchecked Sendable {
    struct Tracked {
        var job: ExecutorJob
        var jobID: String?
        var submitted: Date
        /// Polls that found the job ended (or gone) without a result file.
        var endedWithoutResult = 0
        var lastState: SlurmJobState?
    }

    let context: ExecutorContext
    let client: any SlurmClient
    let settings: SlurmSettings
    let cluster: SlurmCluster
    let spool: JobSpool
    private var tracked: [String: Tracked] = [:]
    private var ready: [ExecutorCompletion] = []
    /// Handed over, task written, not yet given to sbatch (`flush`).
    private var queued: [ExecutorJob] = []
    private var lastPoll = Date.distantPast
    private var cancelling = false
    private var runID: Int64?
    /// The cluster's view of jobs an earlier head submitted, read once for adoption.
    private var earlierJobs: [String: SlurmJobState]?
    private var snapshotFailed = false

    /// Reads the cluster's nodes, and checks every node can see the store.
    public init(context: ExecutorContext, client: any SlurmClient = SlurmCommands(), settings: SlurmSettings) throws {
        self.context = context
        self.client = client
        self.settings = settings
        cluster = SlurmCluster(sinfo: try client.nodes(), partition: settings.partition)
        spool = JobSpool(storeRoot: context.store.root)
        try SharedStoreCheck.check(store: context.store.root.path, nodes: cluster.candidates.map(\.name))
    }

    public func begin(runID: Int64) { self.runID = runID }

    public var active: Int { tracked.count + ready.count }

    public func impossible(_ resources: Resources) -> String? { cluster.impossible(resources) }

    public func canAccept(_ resources: Resources) -> Bool { !cancelling && tracked.count < settings.maxSubmitted }

    public func adopt(_ job: ExecutorJob) -> Bool {
        let key = job.resolved.key
        if let result = spool.result(key) {
            if result.status == "succeeded" {
                track(job, jobID: spool.submission(key)?["job_id"])
                lastPoll = .distantPast
                return true
            }
            // An earlier failure nobody ingested: keep its history, then run it again.
            _ = try? JobIngest(store: context.store, runID: runID).ingest(result)
            return false
        }
        guard let id = spool.submission(key)?["job_id"] else {
            try? spool.remove(key)
            return false
        }
        if earlierJobs == nil { earlierJobs = snapshotOfEarlierJobs() }
        let state = earlierJobs.flatMap { SlurmJobState.lookup(id, in: $0) }
        // Still pending or running, or the controller did not answer: follow it like a job
        // this run submitted (the polls decide, with their grace for a late result file).
        if (state.map { !$0.isTerminal } ?? false) || snapshotFailed {
            track(job, jobID: id)
            return true
        }
        // Ended without a result: record what Slurm said and submit it again.
        try? JobIngest(store: context.store, runID: runID).ingestLost(
            key: key, reason: lostReason(id: id, state: state), exitStatus: state?.exit.map { Int32($0.code) },
            log: logURL(key))
        return false
    }

    private func snapshotOfEarlierJobs() -> [String: SlurmJobState] {
        let ids = spool.pendingKeys().compactMap { spool.submission($0)?["job_id"] }
        guard !ids.isEmpty else { return [:] }
        guard let data = try? client.queue(jobIDs: ids), let jobs = try? SlurmJobState.parse(data) else {
            snapshotFailed = true
            return [:]
        }
        return jobs
    }

    private func track(_ job: ExecutorJob, jobID: String?) {
        tracked[job.resolved.key] = Tracked(job: job, jobID: jobID, submitted: Date())
    }

    /// Records the step and writes its task; `sbatch` runs at the next poll, so steps
    /// handed over together can go as one job array.
    public func submit(_ job: ExecutorJob) {
        let key = job.resolved.key
        do {
            try context.store.database.upsertSteps([job.stepRecord])
            var task = job.task
            task.doneItems = try context.store.database.ledger(stepKey: key, status: "ok").map(\.itemID)
            try spool.prepare(task)
        } catch {
            try? spool.remove(key)
            return ready.append(ExecutorCompletion(job: job, end: .failed("cannot hand the step to Slurm: \(error)"), seconds: 0))
        }
        track(job, jobID: nil)
        queued.append(job)
    }

    /// Submits what `submit` queued: same engine and same resources together as one job
    /// array (when there are several and arrays are on), the others one job each.
    private func flush() {
        guard !queued.isEmpty else { return }
        var groups: [[ExecutorJob]] = []
        var index: [String: Int] = [:]
        for job in queued {
            let r = job.step.resources
            let group = settings.arrays ? "\(job.task.implementation)|\(job.task.engine)|\(r.cpus ?? 0)|\(r.gpus ?? 0)|\(r.memory ?? 0)|\(r.time ?? 0)" : job.resolved.key
            if let i = index[group] { groups[i].append(job) } else { index[group] = groups.count; groups.append([job]) }
        }
        queued.removeAll()
        for g in groups {
            do {
                if g.count == 1 { try submitOne(g[0]) } else { try submitArray(g) }
            } catch {
                let why = "cannot submit to Slurm: \((error as? LadderError)?.description ?? "\(error)")"
                for job in g {
                    tracked[job.resolved.key] = nil
                    try? spool.remove(job.resolved.key)
                    ready.append(ExecutorCompletion(job: job, end: .failed(why), seconds: 0))
                }
            }
        }
    }

    private func submitOne(_ job: ExecutorJob) throws {
        let key = job.resolved.key
        let dir = spool.directory(key)
        let script = dir.appendingPathComponent("job.sh")
        try writeScript(settings.script(key: key, store: context.store.root.path), to: script)
        let log = dir.appendingPathComponent("slurm.out").path
        let args = settings.arguments(name: "ladder-\(key)", resources: job.step.resources, output: log,
                                      workingDirectory: FileManager.default.currentDirectoryPath)
        let id = try client.submit(arguments: args, script: script.path)
        try spool.recordSubmission(key, ["executor": "slurm", "job_id": id, "log": log])
        tracked[key]?.jobID = id
    }

    /// One `sbatch --array`: task I runs the I-th key of a list kept in the spool.
    private func submitArray(_ jobs: [ExecutorJob]) throws {
        let dir = spool.root.appendingPathComponent("arrays").appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let keys = dir.appendingPathComponent("keys.txt")
        try AtomicFile.write(jobs.map(\.resolved.key).joined(separator: "\n") + "\n", to: keys)
        let script = dir.appendingPathComponent("job.sh")
        try writeScript(settings.arrayScript(keys: keys.path, store: context.store.root.path), to: script)
        var args = settings.arguments(name: "ladder-\(jobs[0].task.engine)-x\(jobs.count)", resources: jobs[0].step.resources,
                                      output: dir.appendingPathComponent("%a.out").path,
                                      workingDirectory: FileManager.default.currentDirectoryPath)
        args.append("--array=0-\(jobs.count - 1)" + (settings.arrayParallel.map { "%\($0)" } ?? ""))
        let id = try client.submit(arguments: args, script: script.path)
        for (i, job) in jobs.enumerated() {
            let member = "\(id)_\(i)"
            try spool.recordSubmission(job.resolved.key, ["executor": "slurm", "job_id": member, "array": dir.path,
                                                          "log": dir.appendingPathComponent("\(i).out").path])
            tracked[job.resolved.key]?.jobID = member
        }
    }

    // Jobs start in the head's working directory: the task's paths (the ladder's directory,
    // sources) are as the head resolved them, relative ones included, exactly as in a local run.

    /// Removes an array's directory (key list, script, task outputs) once no step of it is left in the spool.
    private func removeArrayIfDone(_ path: String) {
        let keys = ((try? String(contentsOfFile: path + "/keys.txt", encoding: .utf8)) ?? "").split(separator: "\n")
        guard keys.allSatisfy({ !FileManager.default.fileExists(atPath: spool.directory(String($0)).path) }) else { return }
        try? FileManager.default.removeItem(atPath: path)
    }

    private func writeScript(_ text: String, to url: URL) throws {
        try AtomicFile.write(text, to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    }

    public func poll(timeout: TimeInterval) -> [ExecutorCompletion] {
        flush()
        if ready.isEmpty {
            let due = lastPoll.addingTimeInterval(settings.pollSeconds).timeIntervalSinceNow
            if due > 0 {
                Thread.sleep(forTimeInterval: min(due, timeout))
                if lastPoll.addingTimeInterval(settings.pollSeconds).timeIntervalSinceNow > 0 { return [] }
            }
            round()
        }
        let out = ready
        ready.removeAll()
        return out
    }

    /// One look at every tracked job: result files first, then one `squeue` for the rest.
    private func round() {
        lastPoll = Date()
        let ingest = JobIngest(store: context.store, runID: runID)
        var waiting: [String] = []
        for (key, t) in tracked {
            if let result = spool.result(key) {
                tracked[key] = nil
                let array = spool.submission(key)?["array"]
                let end: StepEnd
                do { end = try ingest.ingest(result) } catch { end = .failed("cannot record the job's result: \(error)") }
                if let array { removeArrayIfDone(array) }
                ready.append(ExecutorCompletion(job: t.job, end: end, seconds: result.seconds,
                                                started: result.attempts.first.map { Date(timeIntervalSince1970: $0.started) }))
            } else if t.jobID != nil {
                waiting.append(key)
            }
        }
        guard !waiting.isEmpty else { return }
        let ids = waiting.compactMap { tracked[$0]?.jobID }
        let states: [String: SlurmJobState]
        do {
            states = try SlurmJobState.parse(try client.queue(jobIDs: ids))
        } catch {
            return  // the controller may be restarting; ask again next time
        }
        for key in waiting {
            guard var t = tracked[key], let id = t.jobID else { continue }
            let state = SlurmJobState.lookup(id, in: states)
            if let state, !state.isTerminal {
                t.lastState = state
                tracked[key] = t
                continue
            }
            // Ended (or aged out of squeue) without a result yet: give the file one more
            // poll to appear (a network file system may show it late), then decide.
            t.endedWithoutResult += 1
            if let state { t.lastState = state }
            tracked[key] = t
            guard t.endedWithoutResult >= 2 else { continue }
            tracked[key] = nil
            let reason = lostReason(id: id, state: t.lastState)
            if cancelling {
                try? spool.remove(key)
                ready.append(ExecutorCompletion(job: t.job, end: .interrupted, seconds: 0))
            } else {
                try? ingest.ingestLost(key: key, reason: reason, exitStatus: t.lastState?.exit.map { Int32($0.code) },
                                       log: logURL(key))
                ready.append(ExecutorCompletion(job: t.job, end: .failed(reason), seconds: 0))
            }
        }
    }

    /// Where Slurm wrote the job's own output (`--output`).
    private func logURL(_ key: String) -> URL {
        spool.submission(key)?["log"].map { URL(fileURLWithPath: $0) } ?? spool.directory(key).appendingPathComponent("slurm.out")
    }

    /// Why a job left no result, in Slurm's words: its state and decoded exit status.
    func lostReason(id: String, state: SlurmJobState?) -> String {
        var s = state
        if s == nil || s?.exit == nil, let acct = client.accounting(jobIDs: [id]),
           let parsed = (try? SlurmJobState.parse(acct)).flatMap({ SlurmJobState.lookup(id, in: $0) }) {
            s = parsed
        }
        var exit = s?.exit
        if exit == nil, let text = client.showJob(id) { exit = SlurmExitStatus(scontrol: text) }
        var why = "Slurm job \(id) ended"
        if let st = s?.state, !st.isEmpty { why += " \(st)" }
        if let exit { why += " (\(exit))" }
        return why + " without writing a result (see its output in the store's jobs/ directory or `ladder log`)"
    }

    public func cancelAll() {
        guard !cancelling else { return }
        cancelling = true
        for job in queued {
            tracked[job.resolved.key] = nil
            try? spool.remove(job.resolved.key)
            ready.append(ExecutorCompletion(job: job, end: .interrupted, seconds: 0))
        }
        queued.removeAll()
        if context.options.detach {
            for (_, t) in tracked {
                ready.append(ExecutorCompletion(job: t.job, end: .interrupted, seconds: 0))
            }
            let ids = tracked.values.compactMap(\.jobID).sorted()
            tracked.removeAll()
            if !ids.isEmpty {
                FileHandle.standardError.write(Data("left running on Slurm (--detach): jobs \(ids.joined(separator: ", ")); the next `ladder run` adopts them\n".utf8))
            }
            return
        }
        let ids = tracked.values.compactMap(\.jobID)
        try? client.cancel(jobIDs: ids)
        lastPoll = .distantPast
    }
}
